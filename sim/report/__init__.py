"""The documents a planner hands in, built from one run (and optionally a Monte Carlo): the 定員管理計画
workbook (xlsx) and the council report (docx), with chart images rendered from the app's Altair specs.

    from sim.report import build_report
    paths = build_report(scenario, out_dir, lang="ja", draws=1000)
"""

from sim.report.errors import ReportError

__all__ = ["ReportError"]
