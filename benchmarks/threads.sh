#!/usr/bin/env bash
# Where production's CPU goes, per thread: configuration CFG (A no filter, M the filter to a healthy
# shadow, N the filter to a no-op target, F the least any copying filter does; default M) with
# 1 KiB POSTs, WARMUP s of warm-up, then DURATION s measured. LOAD=rate (default) holds RATE req/s
# (default 2000) with hey; LOAD=saturation runs wrk closed loop (-t2 -c32) as e2e.sh does at
# saturation. Prints each thread group's CPU (user and system) in µs per request and its context
# switches per second.
#
#   benchmarks/threads.sh                  # M at 2000 req/s
#   CFG=A RATE=5000 benchmarks/threads.sh
#   CFG=N LOAD=saturation benchmarks/threads.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CFG=${CFG:-M}; RATE=${RATE:-2000}; WARMUP=${WARMUP:-20}; DURATION=${DURATION:-10}; LOAD=${LOAD:-rate}
out=${OUT:-$here/target/threads}
mkdir -p "$out"
PROD=18180; SHADOW=18181
. "$here/common.sh"
build_jar
trap kill_started EXIT
json_body "$out/body.json"
java -Xmx1g -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp shadow $SHADOW 0 > "$out/shadow.log" 2>&1 & pids+=($!)
wait_port $SHADOW
case $CFG in A|F|N) mode=$CFG;; M) mode=H;; *) echo "CFG must be A, F, M or N: $CFG" >&2; exit 2;; esac
case $LOAD in rate|saturation) ;; *) echo "LOAD must be rate or saturation: $LOAD" >&2; exit 2;; esac
java -Xmx1g ${PROD_JAVA_OPTS:-} -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp production $PROD $mode "http://127.0.0.1:$SHADOW" > "$out/production.log" 2>&1 &
prod=$!; pids+=($prod)
wait_port $PROD
url="http://127.0.0.1:$PROD/predict"
if [ "$LOAD" = saturation ]; then
  cat > "$out/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$out/body.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
  load() { wrk -t2 -c32 -d"$1"s -s "$out/post.lua" "$url"; }
else
  q=$(awk -v r="$RATE" 'BEGIN { printf "%.2f", r / 32 }')
  load() { hey -z "$1"s -c 32 -q "$q" -m POST -T application/json -D "$out/body.json" "$url"; }
fi
load "$WARMUP" > /dev/null
snap() { for t in /proc/$prod/task/*; do
  printf '%s\t%s\t%s\t%s\n' "$(cat "$t/comm")" "$(awk '{print $14"\t"$15}' "$t/stat")" \
    "$(awk '/^voluntary_ctxt_switches/ {v=$2} /^nonvoluntary_ctxt_switches/ {n=$2} END {print v+n}' "$t/status")" "${t##*/}"
done; }
snap > "$out/before.tsv"
load "$DURATION" > "$out/load.txt"
snap > "$out/after.tsv"
done_reqs=$(awk '/Requests\/sec/ {print $2}' "$out/load.txt")
python3 - "$out/before.tsv" "$out/after.tsv" "$(getconf CLK_TCK)" "$DURATION" "$done_reqs" <<'PY'
import re, sys
def load(p):
    d = {}
    for line in open(p):
        comm, u, s, cs, tid = line.rstrip("\n").split("\t")
        d[tid] = (comm, int(u), int(s), int(cs))
    return d
b, a = load(sys.argv[1]), load(sys.argv[2])
hz, secs, rps = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
groups = {}
for tid, (comm, u, s, cs) in a.items():
    u0, s0, cs0 = b.get(tid, (comm, 0, 0, 0))[1:]
    g = re.sub(r"[-#]?\d+$", "", comm)
    x = groups.setdefault(g, [0, 0, 0, 0])
    x[0] += u - u0; x[1] += s - s0; x[2] += cs - cs0; x[3] += 1
per = 1e6 / hz / (rps * secs)
print(f"{rps:.0f} req/s; CPU in µs per request (user+system), context switches per second")
tot = [0, 0, 0]
for g, (u, s, cs, n) in sorted(groups.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
    if u + s == 0 and cs == 0: continue
    print(f"{g:32s} x{n:<3d} {(u+s)*per:7.1f} ({u*per:6.1f} + {s*per:6.1f})  {cs/secs:8.0f}/s")
    tot[0] += u; tot[1] += s; tot[2] += cs
print(f"{'total':37s} {(tot[0]+tot[1])*per:7.1f} ({tot[0]*per:6.1f} + {tot[1]*per:6.1f})  {tot[2]/secs:8.0f}/s")
PY
