"""Summarises e2e.sh's results.tsv: per size and configuration, the ratio to its baseline in the
same round (A for the mirror's configurations, P_plain for nginx's), median with min and max; when
the floor F ran too, each mirroring configuration against F of the same round."""
import csv
import statistics
import sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = {(r["size"], r["round"], r["config"]): r for r in rows}
sizes = sorted({r["size"] for r in rows}, key=lambda s: int(s.rstrip("k")))
configs = [c for c in ["A", "F", "N", "N10", "B", "C", "D", "R", "P_plain", "P_mirror", "P_slow"] if any(r["config"] == c for r in rows)]
base = {c: ("P_plain" if c.startswith("P_") else "A") for c in configs}


def fmt(values, digits=2):
    if not values:
        return "-"
    return "%.*f (%.*f–%.*f)" % (digits, statistics.median(values), digits, min(values), digits, max(values))


def stats_of(row):
    return dict(kv.split("=", 1) for kv in row["stats"].split() if "=" in kv)


for size in sizes:
    print(f"\n### {size} request bodies\n")
    print("| config | req/s | throughput ratio | p50 ratio | p99 ratio | production CPU µs/req | nginx CPU µs/req | copies delivered |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for c in configs:
        rps, tr, p50, p99, cpu, ncpu, delivered = [], [], [], [], [], [], []
        for (s, rnd, cfg), r in by.items():
            if s != size or cfg != c:
                continue
            b = by.get((s, rnd, base[c]))
            rps.append(float(r["rps"]))
            cpu.append(float(r["prod_cpu_us_per_req"]))
            ncpu.append(float(r["nginx_cpu_us_per_req"]))
            if b:
                tr.append(float(r["rps"]) / float(b["rps"]))
                p50.append(float(r["p50_ms"]) / float(b["p50_ms"]))
                p99.append(float(r["p99_ms"]) / float(b["p99_ms"]))
            st = stats_of(r)
            if "sampled" in st and int(st["sampled"]) > 0:
                sent = sum(int(st.get(k, 0)) for k in ("match", "mismatch", "comparison_error", "delivered"))
                delivered.append(100.0 * sent / int(st["sampled"]))
        print(f"| {c} | {fmt(rps, 0)} | {fmt(tr)} | {fmt(p50)} | {fmt(p99)} | {fmt(cpu, 1)} | {fmt(ncpu, 1) if c.startswith('P_') else '-'} | {fmt(delivered, 1) + ' %' if delivered else '-'} |")
    print()
    if "F" in configs:
        # The mirror's own cost: each mirroring configuration against the floor of the same round.
        for c in configs:
            if c in ("A", "F") or c.startswith("P_"):
                continue
            pairs = [(r, by[(s, rnd, "F")]) for (s, rnd, cfg), r in by.items()
                     if s == size and cfg == c and (s, rnd, "F") in by]
            if pairs:
                ratio = [float(r["rps"]) / float(f["rps"]) for r, f in pairs]
                extra = [float(r["prod_cpu_us_per_req"]) - float(f["prod_cpu_us_per_req"]) for r, f in pairs]
                print(f"- {c}/F (over the floor): throughput {fmt(ratio)}, CPU {fmt(extra, 1)} µs/req more")
        print()
    for c in configs:
        for (s, rnd, cfg), r in sorted(by.items()):
            if s == size and cfg == c and r["stats"]:
                st = stats_of(r)
                drops = {k: v for k, v in st.items() if (k.startswith("dropped") or k.startswith("skipped") or k.startswith("shadow")) and v != "0"}
                print(f"- {c} round {rnd}: sampled {st.get('sampled', '-')}, not delivered {drops or 'none'}, "
                      f"peak buffered {int(st.get('peak_buffered', 0)) >> 10} KiB of {int(st.get('budget', 0)) >> 20} MiB, "
                      f"heap after GC {int(st.get('heap_after_gc', 0)) >> 20} MiB")
