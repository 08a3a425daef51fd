"""The documents a planner hands in, built from one run (and optionally a Monte Carlo): the 定員管理計画
workbook (xlsx) and the council report (docx), with chart images rendered from the app's Altair specs.

    from ui.report.build import write_report
    paths = write_report(scenario, out_dir, lang="ja", results=None, mc=None, reiwa=False)

It loads no streamlit: `python -m sim report` uses it too (tests/test_architecture.py).
"""

from ui.report.errors import ReportError

__all__ = ["ReportError"]
