"""Regenerate the golden KPI files: `python tests/golden/update.py`.

Run it only after a deliberate model change, and explain the change of figures in the commit.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sim import load_scenario, run  # noqa: E402


def golden(path: Path) -> dict:
    res = run(load_scenario(path))
    return {row.key: (None if row.value != row.value else round(float(row.value), 6)) for row in res.kpis.itertuples()}


if __name__ == "__main__":
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        out = Path(__file__).parent / f"{path.stem}.json"
        out.write_text(json.dumps(golden(path), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", out.relative_to(ROOT))
