#!/usr/bin/env bash
# The shadow call's client alone, at fixed rates: the http target's own event loop, Jetty's
# HttpClient and the JDK's HttpClient, alternated in one run (ClientBench; see its Javadoc).
#
#   benchmarks/clients.sh                          # RATES="2000 5000" ROUNDS=3 SECONDS=10
#
# Traffic goes to 127.0.0.1 only; each run is bounded by SECONDS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
RATES=${RATES:-"2000 5000"}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CLIENTS=${CLIENTS:-"loop jetty jdk"}
SHADOW=18181
. "$here/common.sh"
build_jar
trap kill_started EXIT
java -Xmx1g -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp shadow $SHADOW 0 > /dev/null 2>&1 & pids+=($!)
wait_port $SHADOW
for round in $(seq 1 "$ROUNDS"); do
  for rate in $RATES; do
    for client in $CLIENTS; do
      echo "round=$round $(java -Xmx1g -cp "$jar" dev.trafficmirror.benchmarks.e2e.ClientBench "$client" \
        "http://127.0.0.1:$SHADOW" "$rate" "$SECONDS_PER_RUN" 2>/dev/null | grep '^client=')"
    done
  done
done
