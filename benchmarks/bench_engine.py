"""Engine benchmarks (prints figures; never part of the test suite).

    python benchmarks/bench_engine.py [--draws 10000] [--loop-draws 10000]

1. One deterministic run of each built-in scenario (resolve + engine + KPIs), median of 50.
2. N draws in one vectorised run of the standard scenario: time (median of 3) and peak memory
   traced by tracemalloc (numpy reports its buffers to it); then the same N draws as the CLI and the
   pages run them (sim.uncertainty.scenario_result: the chunked Monte Carlo with every path's percentiles).
3. The same N draws as a loop of single-draw runs through the same engine.
Targets on the 2-core machine: single run <= 10 ms; 10,000 draws <= 2 s and <= 1 GiB; vectorised
>= 50x faster than the loop.
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

from sim import load_scenario, run  # noqa: E402
from sim.engine import simulate  # noqa: E402
from sim.inputs import resolve  # noqa: E402
from sim.uncertainty import scenario_result  # noqa: E402
from _timing import timed  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--loop-draws", type=int, default=10_000)
    args = ap.parse_args()

    print("1. single deterministic run (resolve + engine + KPIs), median of 50")
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        sc = load_scenario(path)
        run(sc).kpis  # warm caches (data tables)
        ms = timed(lambda: run(sc).kpis, 50) * 1000
        print(f"   {path.stem:<16} {ms:7.2f} ms")

    sc = load_scenario(ROOT / "scenarios" / "standard_dx.toml")
    n = args.draws
    print(f"2. {n:,} draws in one vectorised run (standard_dx)")
    t_vec = timed(lambda: run(sc, draws=n).kpis, 3)
    tracemalloc.start()
    run(sc, draws=n).kpis
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    print(f"   time {t_vec:.3f} s   peak traced memory {peak / 2**20:.0f} MiB   process peak RSS {rss:.0f} MiB")
    t_mc = timed(lambda: scenario_result(sc, n).kpis, 3)
    print(f"   as the CLI and the pages run them (Monte Carlo, every path's percentiles): {t_mc:.3f} s")

    m = min(args.loop_draws, n)
    print(f"3. the same {n:,} draws as a loop of single-draw runs (engine only, inputs resolved once)")
    inp = resolve(sc, draws=n)
    t_sim = timed(lambda: simulate(inp), 3)  # the same work as the loop: engine only, inputs resolved
    t0 = time.perf_counter()
    for d in range(m):
        simulate(inp.draw(d))
    t_loop = (time.perf_counter() - t0) * n / m
    note = "" if m == n else f" (measured on {m:,} draws, scaled to {n:,})"
    print(f"   loop {t_loop:.2f} s{note}   vectorised engine {t_sim:.3f} s   speed-up {t_loop / t_sim:.0f}x")


if __name__ == "__main__":
    main()
