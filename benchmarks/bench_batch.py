"""Batch benchmark (prints figures; never part of the test suite).

    python benchmarks/bench_batch.py [--scenario scenarios/standard_dx.toml] [--repeat 3]

Runs one scenario for all municipalities of the SSDSE-A file in ../shared/data (population > 0,
1,740 of 1,741) with the IPSS projection: import time of both files, then the batch (profiles +
chunked vectorised engine calls), median of --repeat. Target on the 2-core machine: <= 30 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"

from sim import load_scenario, municipal  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "standard_dx.toml"))
    ap.add_argument("--ssdse", default=str(SHARED / "municipal" / "ssdse_a_2025_original_cp932.csv"))
    ap.add_argument("--ipss", default=str(SHARED / "ipss" / "ipss_municipal_projection_2023.csv"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    sc = load_scenario(args.scenario)
    t = time.perf_counter()
    ssdse = municipal.read_ssdse_a(args.ssdse)
    t_ssdse = time.perf_counter() - t
    t = time.perf_counter()
    ipss = municipal.read_ipss(args.ipss)
    t_ipss = time.perf_counter() - t
    print(f"import: SSDSE-A {t_ssdse * 1000:.0f} ms ({len(ssdse):,} rows), IPSS {t_ipss * 1000:.0f} ms "
          f"({ipss['code'].nunique():,} municipalities)")

    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        table = municipal.batch(sc, ssdse, ipss)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(f"batch: {len(table):,} municipalities of {sc.name}, FY{table.attrs['base_year']}–FY{table.attrs['end_year']}, "
          f"chunks of {municipal.BATCH_CHUNK}: median {med:.2f} s of {args.repeat} "
          f"({', '.join(f'{x:.2f}' for x in times)}); {med / len(table) * 1000:.2f} ms per municipality; "
          f"target <= 30 s: {'OK' if med <= 30 else 'MISSED'}")


if __name__ == "__main__":
    main()
