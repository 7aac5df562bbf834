"""Turns one wrk --latency report into a results.tsv row (see e2e.sh)."""
import re
import sys

path, size, rnd, cfg, prod_ticks, nginx_ticks, hz, stats = sys.argv[1:9]
text = open(path).read()
unit = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def pct(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % p, text, re.M)
    return float(m.group(1)) * unit[m.group(2)] if m else float("nan")


rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
requests = int(re.search(r"(\d+) requests in", text).group(1))
us_per_tick = 1e6 / int(hz)
prod_cpu = int(prod_ticks) * us_per_tick / max(1, requests)
nginx_cpu = int(nginx_ticks) * us_per_tick / max(1, requests)
print("\t".join([size, rnd, cfg, "%.1f" % rps, "%.3f" % pct(50), "%.3f" % pct(99), str(requests),
                 "%.1f" % prod_cpu, "%.1f" % nginx_cpu, stats.strip()]))
