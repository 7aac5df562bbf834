"""Summarises e2e.sh's open-loop results (MODE=rate or capacity): per size and rate, each
configuration's delivered share (counted at the shadow), production CPU per request and its extra
over the baseline of the same round (A for the mirror, P_plain for nginx: nginx's front CPU is
nginx plus the app), the same without the JIT compilers' threads (warm-up work that fades,
measured apart), and p99 against A's; medians with min and max over the rounds. Then the
capacity: the highest rate at which a mirror delivered >= 99.9 % of copies with p99 <= 1.2x A's
(for nginx also against its own baseline, P_plain, since the proxy hop adds latency of its own)."""
import csv
import statistics
import sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = {(r["size"], r["rate"], r["round"], r["config"]): r for r in rows}
sizes = sorted({r["size"] for r in rows}, key=lambda s: int(s.rstrip("k")))
rates = sorted({int(r["rate"]) for r in rows})
configs = [c for c in ["A", "M", "P_plain", "P_mirror", "P_slow"] if any(r["config"] == c for r in rows)]
mirrors = [c for c in configs if c in ("M", "P_mirror", "P_slow")]
base = {"M": "A", "P_mirror": "P_plain", "P_slow": "P_plain"}


def fmt(values, digits=1, unit=""):
    if not values:
        return "-"
    return "%.*f%s (%.*f–%.*f)" % (digits, statistics.median(values), unit, digits, min(values), digits, max(values))


def front_cpu(r):
    # What serving one request costs the front: the app, plus nginx in front of it (P rows).
    return float(r["prod_cpu_us_per_req"]) + (float(r["nginx_cpu_us_per_req"]) if r["config"].startswith("P_") else 0.0)


def jit_cpu(r):
    # The JIT compilers' share of the app's CPU (0 in rows measured before it was recorded).
    return float(r.get("prod_jit_cpu_us_per_req") or 0.0)


def delivered(r):
    return 100.0 * int(r["shadow_received"]) / max(1, int(r["requests"]))


capacity = defaultdict(dict)
for size in sizes:
    print(f"\n### {size} request bodies, open loop\n")
    print("| rate | config | req/s done | p50 ms | p99 ms | p99 / A's | p99 / baseline's | CPU µs/req (front) | of which JIT | extra CPU µs per copy | the same without JIT | copies delivered |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for rate in rates:
        for c in configs:
            rps, p50, p99, p99r, p99b, cpu, extra, dlv = [], [], [], [], [], [], [], []
            jit, extra_nojit = [], []
            for (s, rt, rnd, cfg), r in by.items():
                if s != size or int(rt) != rate or cfg != c:
                    continue
                rps.append(float(r["rps"]))
                p50.append(float(r["p50_ms"]))
                p99.append(float(r["p99_ms"]))
                cpu.append(front_cpu(r))
                jit.append(jit_cpu(r))
                a = by.get((s, rt, rnd, "A"))
                if a and c != "A":
                    p99r.append(float(r["p99_ms"]) / float(a["p99_ms"]))
                b = by.get((s, rt, rnd, base.get(c, "")))
                if b:
                    extra.append(front_cpu(r) - front_cpu(b))
                    extra_nojit.append(front_cpu(r) - jit_cpu(r) - front_cpu(b) + jit_cpu(b))
                    p99b.append(float(r["p99_ms"]) / float(b["p99_ms"]))
                if c in mirrors:
                    dlv.append(delivered(r))
            if not rps:
                continue
            print(f"| {rate} | {c} | {fmt(rps, 0)} | {fmt(p50, 2)} | {fmt(p99, 2)} | {fmt(p99r, 2) if p99r else '-'} | "
                  f"{fmt(p99b, 2) if p99b else '-'} | "
                  f"{fmt(cpu)} | {fmt(jit)} | {fmt(extra) if extra else '-'} | {fmt(extra_nojit) if extra_nojit else '-'} | "
                  f"{fmt(dlv, 2, ' %') if dlv else '-'} |")
            if c in mirrors and dlv and p99r:
                ok = min(dlv) >= 99.9 and statistics.median(p99r) <= 1.2
                capacity[(size, c)][rate] = ok
                if c != "M" and p99b:
                    capacity[(size, c + " (p99 against P_plain)")][rate] = min(dlv) >= 99.9 and statistics.median(p99b) <= 1.2
    print()
    for c in [k for (sz, k) in capacity if sz == size]:
        ladder = capacity.get((size, c), {})
        held = [rate for rate in sorted(ladder) if ladder[rate]]
        # The capacity is the highest rate held with every lower measured rate held too.
        best = None
        for rate in sorted(ladder):
            if not ladder[rate]:
                break
            best = rate
        print(f"- capacity of {c} ({size}): {best if best else ('below ' + str(min(ladder))) if ladder else '-'} req/s"
              f" (≥ 99.9 % delivered and p99 ≤ 1.2×, against A unless said; rates held: {held or 'none'})")
