"""Regenerate the golden KPI files (and the golden 定員管理計画 table of PLAN_SCENARIO):
`python tests/golden/update.py`.

Run it only after a deliberate model change, and explain the change of figures in the commit.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sim import load_scenario, run  # noqa: E402
from sim.plan import staffing_plan_frame  # noqa: E402

PLAN_SCENARIO = "small_town"  # the built-in scenario whose 定員管理計画 table is kept as a golden file
PLAN_GOLDEN = Path(__file__).parent / f"staffing_plan_{PLAN_SCENARIO}.csv"


def golden(path: Path) -> dict:
    res = run(load_scenario(path))
    return {row.key: (None if row.value != row.value else round(float(row.value), 6)) for row in res.kpis.itertuples()}


def plan_golden(path: Path) -> str:
    """The 定員管理計画 table of a scenario as CSV (6 decimals)."""
    return staffing_plan_frame(run(load_scenario(path))).round(6).to_csv(index=False, lineterminator="\n")


if __name__ == "__main__":
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        out = Path(__file__).parent / f"{path.stem}.json"
        out.write_text(json.dumps(golden(path), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", out.relative_to(ROOT))
    PLAN_GOLDEN.write_text(plan_golden(ROOT / "scenarios" / f"{PLAN_SCENARIO}.toml"), encoding="utf-8")
    print("wrote", PLAN_GOLDEN.relative_to(ROOT))
