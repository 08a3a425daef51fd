"""The demand fit behind `elasticity_population` in data/presets.csv: a log-log least-squares fit of
general-administration staff (SSDSE-A D1202, 2023) on population (2020) by population band.

    python scripts/fit_demand.py [SSDSE_A_CSV]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.municipal import read_ssdse_a  # noqa: E402

BANDS = ((0, 10_000), (10_000, 50_000), (50_000, 200_000), (200_000, None))


def fit(table) -> list[tuple[int, int | None, int, float, float]]:
    """(low, high, n, slope, r²) per band."""
    t = table[(table["population"] > 0) & (table["general_admin_staff"] > 0)]
    out = []
    for lo, hi in BANDS:
        m = (t["population"] >= lo) & ((t["population"] < hi) if hi else True)
        x, y = np.log(t.loc[m, "population"]), np.log(t.loc[m, "general_admin_staff"])
        slope, icpt = np.polyfit(x, y, 1)
        r2 = 1 - ((y - (icpt + slope * x)) ** 2).sum() / ((y - y.mean()) ** 2).sum()
        out.append((lo, hi, int(m.sum()), float(slope), float(r2)))
    return out


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "data" / "municipal" / "ssdse_a_2025_original_cp932.csv"
    for lo, hi, n, slope, r2 in fit(read_ssdse_a(sys.argv[1] if len(sys.argv) > 1 else default)):
        print(f"{lo:>9,} – {hi or '':>9}  n = {n:4d}  elasticity {slope:.3f}  r² {r2:.2f}")
