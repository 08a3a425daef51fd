"""National check of the model: run a scenario for every municipality of SSDSE-A (with the IPSS
projection) and print the national aggregates an expert would compare with official totals.

    python scripts/national_check.py scenarios/status_quo.toml [--path] [--set KEY=VALUE ...]

Prints base-year staff (sum of D1202), the target-year gap (FTE and % of required), the
staff-in-post index (2040/base) spread over municipalities, and the gap by kind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim import load_scenario  # noqa: E402
from sim.municipal import batch, load_default, read_ipss, read_ssdse_a  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--ssdse", help="SSDSE-A CSV (default: the bundled file)")
    ap.add_argument("--ipss", help="IPSS municipal projection (default: the bundled file)")
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--path", action="store_true", help="also print the national gap every 5 years")
    a = ap.parse_args(argv)
    sc = load_scenario(a.scenario)
    if a.set:
        from sim.cli import apply_sets
        sc = apply_sets(sc, a.set)
    ssdse, ipss = load_default() if a.ssdse is None else (read_ssdse_a(a.ssdse), read_ipss(a.ipss))
    table = batch(sc, ssdse, ipss)
    gap = table["staff_gap_target"]
    required = table["required_target"]
    idx = table["staff_index_target"]
    print(f"scenario {sc.name}: {len(table)} municipalities, target FY{table.attrs['target_year']}")
    print(f"base-year staff (D1202 sum): {table['staff'].sum():,.0f}")
    print(f"gap in target year: {gap.sum():,.0f} FTE = {gap.sum() / required.sum():.1%} of required {required.sum():,.0f}")
    q = np.percentile(idx, [0, 5, 25, 50, 75, 95, 100])
    print(f"staff in post in the target year: {table['supply_target'].sum():,.0f} FTE")
    print("staff-in-post index target/base: min {:.3f} p5 {:.3f} p25 {:.3f} p50 {:.3f} p75 {:.3f} p95 {:.3f} max {:.3f}".format(*q))
    gp = table["staff_gap_target_pct"]
    q = np.percentile(gp, [5, 25, 50, 75, 95])
    print("gap % over municipalities: p5 {:.1%} p25 {:.1%} p50 {:.1%} p75 {:.1%} p95 {:.1%}".format(*q))
    by_kind = table.assign(required=required).groupby("kind")[["staff_gap_target", "required"]].sum()
    by_kind["gap_pct"] = by_kind["staff_gap_target"] / by_kind["required"]
    print(by_kind.round(3).to_string())
    if a.path:
        base, end = int(sc.value("simulation.base_year")), int(sc.value("simulation.end_year"))
        for year in range(base, end + 1, 5):
            t = batch(sc.with_changes({"simulation.target_year": year}), ssdse, ipss)
            g, r, sup = t["staff_gap_target"].sum(), t["required_target"].sum(), t["supply_target"].sum()
            print(f"FY{year}: gap {g:,.0f} FTE = {g / r:.1%} of required {r:,.0f}; staff in post {sup:,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
