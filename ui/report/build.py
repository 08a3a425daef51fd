"""Both documents for one scenario written into a folder: the 定員管理計画 workbook and the council report
(the CLI's `report` command and the benchmark use this)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sim.uncertainty import scenario_result
from ui.report.docx import document_bytes
from ui.report.xlsx import workbook_bytes

XLSX_NAME = "staffing_plan.xlsx"
DOCX_NAME = "council_report.docx"


def ranges(results, mc=None):
    """The Monte Carlo whose ranges the documents show: `mc` when given (the app: the uncertainty page's
    latest run), else the result itself when it has several draws, else none."""
    return mc if mc is not None or results.draws == 1 else results


def write_report(scenario, out_dir: str | Path, lang: str = "ja", results=None, mc=None, reiwa: bool = False,
                 today: dt.date | None = None) -> list[Path]:
    """Write XLSX_NAME and DOCX_NAME into out_dir (created if needed); returns their paths.
    results: the scenario's result (sim.uncertainty.scenario_result, run here when not given); mc: a Monte
    Carlo for the ranges (by default the result itself when it has several draws)."""
    if results is None:
        results = scenario_result(scenario)
    mc = ranges(results, mc)
    files = {XLSX_NAME: workbook_bytes(scenario, results, lang, mc, reiwa),
             DOCX_NAME: document_bytes(scenario, results, lang, mc, reiwa, today)}  # both made before either is written
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, raw in files.items():
        (out / name).write_bytes(raw)
    return [out / name for name in files]
