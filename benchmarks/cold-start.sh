#!/usr/bin/env bash
# Copies shed while a fresh JVM warms up: for each queue capacity in QUEUES ("default" for the
# library's default; default "512 default"), ROUNDS times (default 3), alternated, starts a healthy
# shadow and production (the filter, default configuration but for the queue) and puts production
# straight under RATE req/s (default 2000) of 1 KiB POSTs for DURATION s (default 10), then prints
# the mirror's counts: copies sampled, compared, and shed because the queue was full.
#
#   benchmarks/cold-start.sh
#   QUEUES="512 2048 8192" RATE=5000 benchmarks/cold-start.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
QUEUES=${QUEUES:-"512 default"}; RATE=${RATE:-2000}; DURATION=${DURATION:-10}; ROUNDS=${ROUNDS:-3}
out=${OUT:-$here/target/cold-start}
mkdir -p "$out"
PROD=18380; SHADOW=18381
. "$here/common.sh"
build_jar
trap kill_started EXIT
json_body "$out/body.json"
q=$(awk -v r="$RATE" 'BEGIN { printf "%.2f", r / 32 }')
echo "rate $RATE req/s for $DURATION s from a cold start"
for round in $(seq 1 "$ROUNDS"); do
  for queue in $QUEUES; do
    java -Xmx1g -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp shadow $SHADOW 0 > "$out/shadow.log" 2>&1 &
    shadow=$!; pids+=($shadow)
    wait_port $SHADOW
    opts=(); [ "$queue" = default ] || opts=("-Dbench.queueCapacity=$queue")
    java -Xmx1g "${opts[@]}" -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp production $PROD H "http://127.0.0.1:$SHADOW" > "$out/production.log" 2>&1 &
    prod=$!; pids+=($prod)
    wait_port $PROD
    hey -z "${DURATION}s" -c 32 -q "$q" -m POST -T application/json -D "$out/body.json" "http://127.0.0.1:$PROD/predict" > "$out/hey.txt"
    # The last copies' answers are compared within a second or two: wait until the counts settle.
    stats=""
    for _ in $(seq 1 20); do
      sleep 0.5
      now=$(curl -s "http://127.0.0.1:$PROD/bench/stats")
      [ "${now%% heap*}" = "${stats%% heap*}" ] && break
      stats=$now
    done
    printf 'round %s  queue-capacity %-8s %s\n' "$round" "$queue" \
      "$(tr ' ' '\n' <<< "$stats" | grep -E '^(sampled|match|dropped_queue_full)=' | tr '\n' ' ')"
    kill "$prod" "$shadow"; wait "$prod" "$shadow" 2>/dev/null || true
  done
done
