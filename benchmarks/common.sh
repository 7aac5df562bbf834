# Helpers shared by the benchmark scripts: sourced (`. "$here/common.sh"`), not run.

# build_jar: builds benchmarks/target/benchmarks.jar from the working tree, unless SKIP_BUILD=1 (for
# runs in a row on the jar already built), and sets jar to its path.
build_jar() {
  local dir
  dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  [ "${SKIP_BUILD:-}" = 1 ] || (cd "$dir/.." && mvn -B -q -pl benchmarks -am package -DskipTests)
  jar="$dir/target/benchmarks.jar"
}

# Processes a script starts, killed by kill_started (the scripts trap it on EXIT): pids+=($!).
pids=()
kill_started() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; }

# wait_port PORT: waits up to 30 s for http://127.0.0.1:PORT/ to answer at all.
wait_port() {
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done
  echo "port $1 did not open" >&2
  return 1
}

# json_body FILE [BYTES]: writes the benchmark's POST body, JSON of exactly BYTES bytes (default
# 1024), to FILE.
json_body() {
  python3 - "${2:-1024}" > "$1" <<'PY'
import sys; n = int(sys.argv[1]); pad = n - len('{"features":[5.1,3.5,1.4,0.2],"pad":""}')
print('{"features":[5.1,3.5,1.4,0.2],"pad":"' + 'x' * pad + '"}', end='')
PY
}
