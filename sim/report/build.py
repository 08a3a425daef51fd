"""Both documents for one scenario: one run (and a Monte Carlo when draws > 1), the workbook and the
council report written into a folder (the CLI's `report` command and the benchmark use this)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sim.engine import run
from sim.report.docx import document_bytes
from sim.report.xlsx import workbook_bytes
from sim.uncertainty import monte_carlo

XLSX_NAME = "staffing_plan.xlsx"
DOCX_NAME = "council_report.docx"


def write_report(scenario, out_dir: str | Path, lang: str = "ja", draws: int = 1, seed: int | None = None,
                 reiwa: bool = False, today: dt.date | None = None) -> list[Path]:
    """Write XLSX_NAME and DOCX_NAME into out_dir (created if needed); returns their paths."""
    results = run(scenario, draws=1, seed=seed)
    mc = monte_carlo(scenario, draws, seed=seed) if draws > 1 else None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    xlsx, docx = out / XLSX_NAME, out / DOCX_NAME
    xlsx.write_bytes(workbook_bytes(scenario, results, lang, mc, reiwa))
    docx.write_bytes(document_bytes(scenario, results, lang, mc, reiwa, today))
    return [xlsx, docx]
