"""Report benchmark (prints figures; never part of the test suite).

    python benchmarks/bench_report.py [--scenario scenarios/standard_dx.toml] [--draws 1000] [--repeat 3]

How long the two documents of one town take: the run, the 定員管理計画 workbook (xlsx), the chart
images (vl-convert), the council report (docx, with those images), and both files through
ui.report.build.write_report (what `python -m sim report` does), without and with a Monte Carlo.
Median of --repeat calls each; the first chart rendering (font registration, vl-convert warm-up) is
timed apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sim import load_scenario, run  # noqa: E402
from ui.report.build import write_report  # noqa: E402
from ui.report.charts import report_charts  # noqa: E402
from ui.report.docx import document_bytes  # noqa: E402
from ui.report.xlsx import workbook_bytes  # noqa: E402
from sim.uncertainty import monte_carlo  # noqa: E402
from _timing import timed  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "standard_dx.toml"))
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    sc = load_scenario(args.scenario)
    res = run(sc)
    t = time.perf_counter()
    charts = report_charts(res, "ja")
    print(f"first chart rendering (fonts, warm-up): {time.perf_counter() - t:6.2f} s")
    rows = [
        ("run (one draw)", lambda: run(sc)),
        ("xlsx (workbook)", lambda: workbook_bytes(sc, res, "ja")),
        ("chart images (6 PNG)", lambda: report_charts(res, "ja")),
        ("docx with ready images", lambda: document_bytes(sc, res, "ja", charts=charts)),
    ]
    with tempfile.TemporaryDirectory() as out:
        rows += [("both files, no Monte Carlo", lambda: write_report(sc, out)),
                 (f"both files, {args.draws:,} draws (run included)",
                  lambda: write_report(sc, out, mc=monte_carlo(sc, args.draws)))]
        for name, fn in rows:
            print(f"{name:32s} {timed(fn, args.repeat):6.2f} s")
        sizes = {p.name: p.stat().st_size for p in Path(out).iterdir()}
    print("file sizes:", ", ".join(f"{n} {s / 1024:,.0f} KiB" for n, s in sorted(sizes.items())))


if __name__ == "__main__":
    main()
