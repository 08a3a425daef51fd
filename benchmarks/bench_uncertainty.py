"""Uncertainty benchmarks (prints figures; never part of the test suite).

    python benchmarks/bench_uncertainty.py [--draws 10000] [--big 100000] [--sobol-n 1024]

1. 10,000 Monte-Carlo draws of the standard scenario (random sampling): time, median of 3.
2. 100,000 draws in chunks of 5,000: time, peak memory traced by tracemalloc (numpy reports its
   buffers to it) and the process peak RSS (ru_maxrss).
3. Sobol' indices with N = 1024 over all uncertain inputs of scenarios/standard_dx.toml
   (N·(d+2) engine evaluations, plus the bootstrap of the confidence intervals): time.
Targets on the 2-core machine: 10k <= 2 s; 100k <= 20 s and <= 1.5 GiB; Sobol' N=1024 <= 30 s.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sim import load_scenario  # noqa: E402
from sim.sensitivity import sobol  # noqa: E402
from sim.sampling import uncertain_inputs  # noqa: E402
from sim.uncertainty import monte_carlo  # noqa: E402
from _timing import timed  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--big", type=int, default=100_000)
    ap.add_argument("--sobol-n", type=int, default=1024)
    args = ap.parse_args()

    sc = load_scenario(ROOT / "scenarios" / "standard_dx.toml")
    monte_carlo(sc, 100).kpis  # warm caches (data tables)
    n = args.draws
    print(f"1. {n:,} draws (random), Monte Carlo + KPI table + bands, median of 3")
    t = timed(lambda: (lambda m: (m.kpis, m.bands()))(monte_carlo(sc, n, method="random")), 3)
    print(f"   time {t:.3f} s   (target <= 2 s)")

    n = args.big
    print(f"2. {n:,} draws (random, chunks of 5,000), Monte Carlo + KPI table + bands")
    t0 = time.perf_counter()
    m = monte_carlo(sc, n, method="random")
    m.kpis
    m.bands()
    t = time.perf_counter() - t0
    del m
    tracemalloc.start()
    m = monte_carlo(sc, n, method="random")
    m.kpis
    m.bands()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    print(f"   time {t:.2f} s   peak traced memory {peak / 2**20:.0f} MiB   process peak RSS {rss:.0f} MiB"
          f"   (targets <= 20 s, <= 1,536 MiB)")
    del m

    d = len(uncertain_inputs(sc))
    N = args.sobol_n
    print(f"3. Sobol' indices, N = {N:,}, d = {d} inputs ({N * (d + 2):,} runs), KPI staff_gap_target")
    t0 = time.perf_counter()
    table = sobol(sc, "staff_gap_target", n=N)
    t = time.perf_counter() - t0
    top = table.iloc[0]
    print(f"   time {t:.2f} s   (target <= 30 s)   top input {top['name']} S1 {top.S1:.3f} ST {top.ST:.3f}")


if __name__ == "__main__":
    main()
