#!/usr/bin/env bash
# End-to-end load benchmark: production with and without the mirror, side by side with nginx's mirror.
# Every figure is a ratio measured in one run: configurations alternate (A N B C D P...) for ROUNDS
# rounds; summarise.py turns the raw results into medians with min and max.
#
#   benchmarks/e2e.sh                 # full run (about 20 minutes on 2 cores)
#   ROUNDS=1 DURATION=5 SIZES=1k benchmarks/e2e.sh   # a quick look
#   MODE=rate benchmarks/e2e.sh       # open loop: fixed request rates (RATES), copies counted at the shadow
#   MODE=capacity benchmarks/e2e.sh   # open loop: a ladder of rates (CAPACITY_RATES), one round, for the capacity
#
# In the open-loop modes `hey` sends RATE requests per second (32 workers, each at RATE/32 per second)
# whatever the answers' latency, so a mirror cannot look cheap by slowing the load down. Each row
# has the requests completed, production's p50/p99, production's CPU per request (and nginx's for the
# P configurations), and the copies the shadow received, counted at the shadow itself.
#
# Traffic goes to 127.0.0.1 only. Requests are bounded by wrk's duration.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
SIZES=${SIZES:-"1k 64k"}
CONFIGS=${CONFIGS:-"A N B C D R P_plain P_mirror P_slow"}
MODE=${MODE:-saturation}
RATES=${RATES:-"1000 2000 5000"}
CAPACITY_RATES=${CAPACITY_RATES:-"2000 3000 4000 5000 6000 7000 8000"}
RATE_CONFIGS=${RATE_CONFIGS:-"A M P_plain P_mirror"}
out=${OUT:-$here/target/e2e}
mkdir -p "$out"
results="$out/results.tsv"

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v hey >/dev/null 2>&1 || need+=(hey)
command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi

PROD=18080; SHADOW=18081; SLOW=18082; DEAD=18099; NGX_PLAIN=18090; NGX_MIRROR=18091; NGX_SLOW=18092; REDIS=18379
. "$here/common.sh"
build_jar
cleanup() { kill_started; [ -f "$out/nginx.pid" ] && kill "$(cat "$out/nginx.pid")" 2>/dev/null || true; }
trap cleanup EXIT

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# The JIT compilers' share of a JVM's ticks: warm-up work that fades, reported apart.
jit_ticks() { local t=0 task; for task in /proc/$1/task/*; do
  case $(cat "$task/comm" 2>/dev/null) in "C1 CompilerThre"*|"C2 CompilerThre"*) t=$((t + $(awk '{print $14+$15}' "$task/stat" 2>/dev/null || echo 0)));; esac
done; echo $t; }
nginx_ticks() { local t=0; for p in $(pgrep -f "nginx: worker process" || true); do t=$((t + $(ticks "$p"))); done; echo $t; }
hz=$(getconf CLK_TCK)

java -Xmx1g -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp shadow $SHADOW 0 > "$out/shadow.log" 2>&1 & pids+=($!)
java -Xmx1g -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp shadow $SLOW 200 > "$out/slow-shadow.log" 2>&1 & pids+=($!)
wait_port $SHADOW; wait_port $SLOW

# Configuration R: production appends to a Redis stream; one replayer compares against the shadow.
redis-server --port $REDIS --bind 127.0.0.1 --save '' --appendonly no > "$out/redis.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do redis-cli -p $REDIS ping > /dev/null 2>&1 && break; sleep 0.1; done
java -Xmx1g -cp "$jar" dev.trafficmirror.redis.MirrorReplayer \
  mirror.replayer.uri=redis://127.0.0.1:$REDIS mirror.replayer.stream=mirror \
  mirror.targets=v2 mirror.methods=POST mirror.target.v2.url=http://127.0.0.1:$SHADOW mirror.target.v2.queue-capacity=512 \
  > "$out/replayer.log" 2>&1 & pids+=($!)

mkdir -p "$out/nginx/logs"
cat > "$out/nginx/nginx.conf" <<NGINX
daemon on;
worker_processes 1;
pid $out/nginx.pid;
error_log $out/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_buffer_size 128k;
  client_max_body_size 1m;
  upstream prod { server 127.0.0.1:$PROD; keepalive 64; }
  upstream shadow { server 127.0.0.1:$SHADOW; keepalive 64; }
  upstream slow { server 127.0.0.1:$SLOW; keepalive 64; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  server { listen 127.0.0.1:$NGX_PLAIN; location / { proxy_pass http://prod; } }
  server { listen 127.0.0.1:$NGX_MIRROR;
    location / { mirror /mirror; mirror_request_body on; proxy_pass http://prod; }
    location = /mirror { internal; proxy_pass http://shadow\$request_uri; } }
  server { listen 127.0.0.1:$NGX_SLOW;
    location / { mirror /mirror; mirror_request_body on; proxy_pass http://prod; }
    location = /mirror { internal; proxy_pass http://slow\$request_uri; } }
}
NGINX
nginx -p "$out/nginx" -c "$out/nginx/nginx.conf"

for size in $SIZES; do
  bytes=$([ "$size" = 64k ] && echo 65536 || echo 1024)
  json_body "$out/body-$size.json" "$bytes"
  cat > "$out/post-$size.lua" <<LUA
local f = io.open("$out/body-$size.json", "rb"); local body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.body = body; wrk.headers["Content-Type"] = "application/json"
LUA
done

[ -f "$results" ] || printf 'size\tround\tconfig\trps\tp50_ms\tp99_ms\trequests\tprod_cpu_us_per_req\tnginx_cpu_us_per_req\tstats\n' > "$results"

# After R the replayer would go on replaying the stream's backlog while the next configurations
# run, taking CPU from them: trim the stream and wait until the replayer has nothing pending.
drain_redis() {
  redis-cli -p $REDIS XTRIM mirror MAXLEN 0 > /dev/null
  local pending
  for _ in $(seq 1 300); do
    pending=$(redis-cli -p $REDIS XINFO GROUPS mirror 2>/dev/null | awk 'p { print; exit } $0 == "pending" { p = 1 }')
    [ "${pending:-0}" = 0 ] && return 0
    sleep 0.1
  done
  echo "the replayer still has $pending entries pending" >&2
}

# Starts production for configuration $1 (one table for both modes); sets prod (its pid) and port
# (where the load goes: production itself, or the nginx in front of it).
start_production() {
  local mode url=""
  port=$PROD
  case $1 in
    A|P_plain|P_mirror|P_slow) mode=A;;
    F|N|N10) mode=$1;;
    B|M) mode=H; url="http://127.0.0.1:$SHADOW";;
    C) mode=H; url="http://127.0.0.1:$SLOW";;
    D) mode=H; url="http://127.0.0.1:$DEAD";;
    R) mode=R; url="redis://127.0.0.1:$REDIS";;
    *) echo "unknown configuration $1" >&2; return 1;;
  esac
  case $1 in P_plain) port=$NGX_PLAIN;; P_mirror) port=$NGX_MIRROR;; P_slow) port=$NGX_SLOW;; esac
  java -Xmx1g -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp production $PROD $mode $url > "$out/production.log" 2>&1 &
  prod=$!; pids+=($prod)
  wait_port $PROD
}

run_one() { # size round config
  local size=$1 round=$2 cfg=$3 prod port
  start_production "$cfg"
  wrk -t2 -c32 -d"${WARMUP}s" -s "$out/post-$size.lua" "http://127.0.0.1:$port/predict" > /dev/null
  curl -s "http://127.0.0.1:$PROD/bench/stats" > /dev/null   # reset the peak budget sample
  local t0 n0 t1 n1
  t0=$(ticks $prod); n0=$(nginx_ticks)
  wrk -t2 -c32 -d"${DURATION}s" --latency -s "$out/post-$size.lua" "http://127.0.0.1:$port/predict" > "$out/wrk.txt"
  t1=$(ticks $prod); n1=$(nginx_ticks)
  local stats; stats=$(curl -s "http://127.0.0.1:$PROD/bench/stats")
  kill $prod; wait $prod 2>/dev/null || true
  [ "$cfg" = R ] && drain_redis
  python3 "$here/parse_wrk.py" "$out/wrk.txt" "$size" "$round" "$cfg" $((t1 - t0)) $((n1 - n0)) "$hz" "$stats" >> "$results"
  tail -1 "$results"
}

# Open loop: one configuration at a fixed rate; the row goes to rate-results.tsv.
run_rate() { # size round config rate
  local size=$1 round=$2 cfg=$3 rate=$4 prod port
  start_production "$cfg"
  local q; q=$(awk -v r="$rate" 'BEGIN { printf "%.2f", r / 32 }')
  local hey_args=(-c 32 -q "$q" -m POST -T application/json -D "$out/body-$size.json")
  hey -z "${WARMUP}s" "${hey_args[@]}" "http://127.0.0.1:$port/predict" > /dev/null
  sleep 1   # let the warm-up's last copies arrive before the shadow's count is reset
  curl -s "http://127.0.0.1:$PROD/bench/stats" > /dev/null
  curl -s "http://127.0.0.1:$SHADOW/bench/received" > /dev/null
  local t0 n0 j0 t1 n1 j1 received
  t0=$(ticks $prod); n0=$(nginx_ticks); j0=$(jit_ticks $prod)
  hey -z "${DURATION}s" "${hey_args[@]}" "http://127.0.0.1:$port/predict" > "$out/hey.txt"
  t1=$(ticks $prod); n1=$(nginx_ticks); j1=$(jit_ticks $prod)
  sleep 1   # copies still in flight when the load stopped
  received=$(curl -s "http://127.0.0.1:$SHADOW/bench/received")
  local stats; stats=$(curl -s "http://127.0.0.1:$PROD/bench/stats")
  kill $prod; wait $prod 2>/dev/null || true
  python3 "$here/parse_hey.py" "$out/hey.txt" "$size" "$round" "$cfg" "$rate" $((t1 - t0)) $((n1 - n0)) "$hz" "$received" "$stats" $((j1 - j0)) >> "$rate_results"
  tail -1 "$rate_results"
}

if [ "$MODE" = rate ] || [ "$MODE" = capacity ]; then
  rate_results="$out/$MODE-results.tsv"
  [ -f "$rate_results" ] || printf 'size\tround\tconfig\trate\trps\tp50_ms\tp99_ms\trequests\tprod_cpu_us_per_req\tnginx_cpu_us_per_req\tshadow_received\tstats\tprod_jit_cpu_us_per_req\n' > "$rate_results"
  rates=$RATES; rounds=$ROUNDS
  [ "$MODE" = capacity ] && { rates=$CAPACITY_RATES; rounds=1; }
  for round in $(seq 1 "$rounds"); do
    for rate in $rates; do
      for size in $SIZES; do
        for cfg in $RATE_CONFIGS; do
          run_rate "$size" "$round" "$cfg" "$rate"
        done
      done
    done
  done
  python3 "$here/summarise_rate.py" "$rate_results" | tee "$out/$MODE-summary.md"
  exit 0
fi

for round in $(seq 1 "$ROUNDS"); do
  for size in $SIZES; do
    for cfg in $CONFIGS; do
      run_one "$size" "$round" "$cfg"
    done
  done
done
python3 "$here/summarise.py" "$results" | tee "$out/summary.md"
