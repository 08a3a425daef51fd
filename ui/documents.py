"""The documents offered for download, built from a scenario text when the user asks for them: the
定員管理計画 workbook and the council report (ui.report), with the ranges of this session's latest
Monte Carlo of the scenario when there is one, else of the scenario's own draws when it has several (as
`python -m sim report` gives them); and the results page's workbook of all tables with the 定員管理計画
sheet added through sim.plan."""

from __future__ import annotations

import streamlit as st

from sim.export import excel_bytes
from sim.plan import staffing_plan_table
from ui.report.build import ranges
from ui.report.docx import document_bytes
from ui.report.xlsx import workbook_bytes
from sim.scenario import loads
from ui import mc
from ui.i18n import t
from ui.runner import run_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_workbook(text: str, lang: str, reiwa: bool) -> bytes:
    res = run_text(text)
    return workbook_bytes(loads(text), res, lang, ranges(res, mc.latest_for(text)), reiwa)


def council_report(text: str, lang: str, reiwa: bool) -> bytes:
    res = run_text(text)
    return document_bytes(loads(text), res, lang, ranges(res, mc.latest_for(text)), reiwa)


@st.cache_data(show_spinner=False, max_entries=16)
def results_workbook(text: str, lang: str) -> bytes:
    """Every table of the results for people (headers in the language with units, display precision,
    the 前提条件 sheet), plus the 定員管理計画, as one workbook with its sheets named in the language."""
    res = run_text(text)
    tables = res.export_tables(lang, scenario=loads(text))
    return excel_bytes({**tables, t("plan.file", lang): staffing_plan_table(res, lang)}, lang)
