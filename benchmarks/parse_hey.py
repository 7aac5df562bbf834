"""Turns one `hey` report into a row of e2e.sh's open-loop results (see e2e.sh, MODE=rate)."""
import re
import sys

path, size, rnd, cfg, rate, prod_ticks, nginx_ticks, hz, received, stats = sys.argv[1:11]
jit_ticks = sys.argv[11] if len(sys.argv) > 11 else "0"
text = open(path).read()


def pct(p):
    m = re.search(r"^\s+%s%% in ([\d.]+) secs" % p, text, re.M)
    return float(m.group(1)) * 1e3 if m else float("nan")


rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
ok = sum(int(n) for n in re.findall(r"^\s+\[2\d\d\]\s+(\d+) responses", text, re.M))
us_per_tick = 1e6 / int(hz)
prod_cpu = int(prod_ticks) * us_per_tick / max(1, ok)
nginx_cpu = int(nginx_ticks) * us_per_tick / max(1, ok)
jit_cpu = int(jit_ticks) * us_per_tick / max(1, ok)
print("\t".join([size, rnd, cfg, rate, "%.1f" % rps, "%.3f" % pct(50), "%.3f" % pct(99), str(ok),
                 "%.1f" % prod_cpu, "%.1f" % nginx_cpu, received.strip() or "0", stats.strip(), "%.1f" % jit_cpu]))
