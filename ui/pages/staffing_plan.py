"""定員管理計画 page: the year-by-year staffing plan table of the working scenario, the town's own 定員
target path (one number per year, bound to the scenario like every other input), and the two documents
a planner hands in: the workbook (xlsx) and the council report (docx), each built only when asked for
(ui/documents.py)."""

from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from sim.export import csv_bytes
from sim.inputs import year_path
from sim.parameters import REGISTRY
from sim.plan import KEYS, column_label, plan_note, staffing_plan_table, year_label
from ui.report.charts import font_directory
from sim.scenario import ScenarioError
from ui import documents, municipal, state, widgets
from ui.i18n import t
from ui.runner import run_text
from ui.sidebar import show_problems

REIWA = "plan_reiwa"  # a display preference of the session, not part of the scenario
TARGET = "workforce.staff_target"
POLICY = "workforce.hiring_policy"
PER_ROW = 6  # year fields per row of the target editor


def target_editor(sc, lang: str, reiwa: bool) -> None:
    """One number per fiscal year (0 = no target that year), each bound to that year of the target path."""
    p = REGISTRY[TARGET]
    years = np.arange(int(sc.value("simulation.base_year")), int(sc.value("simulation.end_year")) + 1)
    path = year_path(sc.value(TARGET), years)
    for start in range(0, years.size, PER_ROW):
        cols = st.columns(PER_ROW)
        for col, year, value in zip(cols, years[start:start + PER_ROW], path[start:start + PER_ROW]):
            widgets.render(p, float(value), f"plan_target:{year}", lang, target=("param_year", TARGET, int(year)),
                           kind="number", label_text=year_label(int(year), lang, reiwa), container=col)


lang = state.lang()
sc = state.scenario()
text = state.scenario_text()
municipal.page_title(t("plan.title", lang), lang)
st.write(t("plan.intro", lang))
try:
    res = run_text(text)
except ScenarioError as err:
    show_problems(err, lang)
    st.stop()

reiwa = st.toggle(t("plan.reiwa", lang), key=REIWA)
table = staffing_plan_table(res, lang, reiwa)
numbers = {column_label(key, lang): st.column_config.NumberColumn(format="%.1f") for key in KEYS[1:]}
st.dataframe(table, hide_index=True, width="stretch", column_config=numbers)
st.caption(plan_note(lang, res.draws))
stem = municipal.file_stem(sc, lang)
st.download_button(t("common.download_csv", lang), csv_bytes(table), file_name=f"{stem}_{t('plan.file', lang)}.csv",
                   mime="text/csv", key="download_plan_csv")

st.subheader(t("plan.target.title", lang))
st.caption(t("plan.target.caption", lang))
widgets.render(REGISTRY[POLICY], sc.value(POLICY), "plan_policy", lang, target=("param", POLICY))
if sc.value(POLICY) != "target":
    st.info(t("plan.target.policy_note", lang))
target_editor(sc, lang, reiwa)

st.subheader(t("plan.documents", lang))
st.caption(t("plan.documents.caption", lang))
no_font = font_directory() is None  # the report's chart images need the Japanese font
if no_font:
    st.warning(t("report.error.font", lang))
left, right = st.columns(2)
left.download_button(t("report.download.xlsx", lang), functools.partial(documents.plan_workbook, text, lang, reiwa),
                     file_name=f"{stem}_{t('plan.file', lang)}.xlsx", mime=documents.XLSX, key="download_plan_xlsx",
                     type="primary")
right.download_button(t("report.download.docx", lang), functools.partial(documents.council_report, text, lang, reiwa),
                      file_name=f"{stem}_{t('report.file', lang)}.docx", mime=documents.DOCX, key="download_report_docx",
                      disabled=no_font)
