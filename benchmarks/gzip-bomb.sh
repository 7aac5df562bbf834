#!/usr/bin/env bash
# The gzip-bomb run: production on Jetty 12 behind MirrorFilter (8 mirror threads, -Xmx256m) mirrors
# every POST to a hostile shadow whose answer is about 1 MB on the wire and 1 GiB once inflated; a
# control (the same app without the filter, same heap) takes the same load in the same run. Per
# round and configuration: warm-up, then REQUESTS requests at a fixed rate with `hey`; the outcomes
# of those requests (from /bench/stats), full collections not asked for by System.gc() (from
# -Xlog:gc), and p50/p99. Configurations alternate A, H8 for ROUNDS rounds.
#
#   benchmarks/gzip-bomb.sh                       # REQUESTS=500 RATE=100 ROUNDS=3 BOMB_MIB=1024
#
# Target: outcomes == REQUESTS (every one UNCOMPARED decode-limit), no full GC, p99 within 1.2x of
# the control's. Traffic goes to 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
REQUESTS=${REQUESTS:-500}
WARMUP=${WARMUP:-300}
RATE=${RATE:-100}
CONCURRENCY=${CONCURRENCY:-4}
ROUNDS=${ROUNDS:-3}
BOMB_MIB=${BOMB_MIB:-1024}
HEAP=${HEAP:-256m}
out=${OUT:-$here/target/gzip-bomb}
mkdir -p "$out"
command -v hey >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q hey; }

PROD=18280; BOMB=18281
. "$here/common.sh"
build_jar
trap kill_started EXIT
stat_of() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }

java -Xmx256m -cp "$jar" dev.trafficmirror.benchmarks.e2e.BenchApp bomb $BOMB "$BOMB_MIB" > "$out/bomb.log" 2>&1 & pids+=($!)
wait_port $BOMB
grep bomb: "$out/bomb.log"

body='{"features":[5.1,3.5,1.4,0.2]}'
per_worker=$(( RATE / CONCURRENCY ))
results="$out/results.tsv"
printf 'round\tconfig\tok\tp50_ms\tp99_ms\toutcomes\tuncompared\tmatch\tfull_gcs\tpeak_buffered\theap_after_gc\tkinds\n' > "$results"
for round in $(seq 1 "$ROUNDS"); do
  for config in A H8; do
    java -Xmx$HEAP -Xlog:gc:file="$out/gc-$config-$round.log" -cp "$jar" \
      dev.trafficmirror.benchmarks.e2e.BenchApp production $PROD $config "http://127.0.0.1:$BOMB" > "$out/production-$config-$round.log" 2>&1 &
    prod=$!; pids+=($prod)
    wait_port $PROD
    hey -n "$WARMUP" -c "$CONCURRENCY" -q "$per_worker" -m POST -T application/json -d "$body" "http://127.0.0.1:$PROD/predict" > /dev/null
    before=$(curl -s "http://127.0.0.1:$PROD/bench/stats")
    if [ "$config" != A ]; then
      # The warm-up's copies finish first, so that the counts below are the measured requests' only.
      for _ in $(seq 1 120); do
        [ "$(stat_of "$before" sampled)" -ge "$WARMUP" ] && break
        sleep 0.5
        before=$(curl -s "http://127.0.0.1:$PROD/bench/stats")
      done
    fi
    start_gcs=$(grep -c 'Pause Full' "$out/gc-$config-$round.log" | tr -d ' ' || true)
    sys_gcs=$(grep -c 'Pause Full (System.gc())' "$out/gc-$config-$round.log" | tr -d ' ' || true)
    hey -n "$REQUESTS" -c "$CONCURRENCY" -q "$per_worker" -m POST -T application/json -d "$body" \
      "http://127.0.0.1:$PROD/predict" > "$out/hey-$config-$round.txt"
    outcomes=0; uncompared=0; match=0; after=""
    if [ "$config" != A ]; then
      # Wait until every copy of the measured requests has its outcome (or 60 s pass).
      for _ in $(seq 1 120); do
        after=$(curl -s "http://127.0.0.1:$PROD/bench/stats")
        outcomes=$(( $(stat_of "$after" sampled) - $(stat_of "$before" sampled) ))
        [ "$outcomes" -ge "$REQUESTS" ] && break
        sleep 0.5
      done
      uncompared=$(( $(stat_of "$after" uncompared) - $(stat_of "$before" uncompared) ))
      match=$(( $(stat_of "$after" match) - $(stat_of "$before" match) ))
    else
      after=$(curl -s "http://127.0.0.1:$PROD/bench/stats")
    fi
    # Full collections during the measured requests that no System.gc() (the stats page's) asked for.
    all_full=$(grep -c 'Pause Full' "$out/gc-$config-$round.log" || true)
    sys_full=$(grep -c 'Pause Full (System.gc())' "$out/gc-$config-$round.log" || true)
    full=$(( (all_full - sys_full) - (start_gcs - sys_gcs) ))
    kill "$prod"; wait "$prod" 2>/dev/null || true
    python3 - "$out/hey-$config-$round.txt" "$round" "$config" "$outcomes" "$uncompared" "$match" "$full" \
      "$(stat_of "$after" peak_buffered)" "$(stat_of "$after" heap_after_gc)" "$before" "$after" >> "$results" <<'PY'
import re, sys
path, rnd, cfg, outcomes, uncompared, match, full, peak, heap, before, after = sys.argv[1:12]
def kv(line):
    return {k: int(v) for k, v in (p.split("=", 1) for p in line.split() if "=" in p)}
b, a = kv(before), kv(after)
skip = {"sampled", "peak_buffered", "budget", "heap_after_gc"}
kinds = ",".join("%s=%d" % (k, a[k] - b.get(k, 0)) for k in a if k not in skip and a[k] - b.get(k, 0))
text = open(path).read()
def pct(p):
    m = re.search(r"^\s+%s%% in ([\d.]+) secs" % p, text, re.M)
    return float(m.group(1)) * 1e3 if m else float("nan")
ok = sum(int(n) for n in re.findall(r"^\s+\[2\d\d\]\s+(\d+) responses", text, re.M))
print("\t".join([rnd, cfg, str(ok), "%.2f" % pct(50), "%.2f" % pct(99), outcomes, uncompared, match, full,
                 peak or "-", heap or "-", kinds or "-"]))
PY
    tail -1 "$results"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
by = {}
for r in rows:
    by.setdefault(r[0], {})[r[1]] = r
ratios = [float(v["H8"][4]) / float(v["A"][4]) for v in by.values() if "A" in v and "H8" in v]
print("p99 ratio H8/A per round:", " ".join("%.2f" % x for x in ratios),
      "median %.2f" % statistics.median(ratios) if ratios else "")
PY
