#!/usr/bin/env bash
# The soak: REQUESTS (default 100 000) small POSTs through MirrorFilter on embedded Jetty 12 to a
# healthy shadow on loopback, by JettySoakIT (SoakSuite) with -Dsoak.requests. It asserts that every
# answer is production's, that the copies sampled equal the sum of all outcome kinds, that the
# budget is back to 0, and that the heap used after GC at the end is within 16 MiB of the heap used
# after GC at 20 %; this prints the suite's summary line. The build runs the same suite with 10 000.
#
#   benchmarks/soak.sh                   # REQUESTS=100000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
REQUESTS=${REQUESTS:-100000}
start=$(date +%s)
(cd "$root" && mvn -B -q -o -pl mirror-filter-jetty-it -am verify -Dit.test=JettySoakIT -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dsoak.requests="$REQUESTS")
grep -h '^soak:' "$root"/mirror-filter-jetty-it/target/failsafe-reports/*JettySoakIT-output.txt
grep -ho 'testcase name="[^"]*" classname="[^"]*" time="[^"]*"' "$root"/mirror-filter-jetty-it/target/failsafe-reports/TEST-*JettySoakIT.xml
echo "wall time including the build: $(( $(date +%s) - start )) s"
