"""Results page: the charts of the working scenario, each with its data as CSV; all tables as Excel.

Cheap reruns: each chart is drawn by a function cached by (scenario text, chart, language, option), so a
rerun with an unchanged scenario replays the chart from the cache (st.cache_data replays the elements a
cached function drew) instead of building and validating it again. CSV files and the Excel workbook
(ui.documents.results_workbook) are built only when their button is clicked (st.download_button with a
callable), from caches keyed by the scenario text. The age-year slider and the pay toggle rerun only
their own section (st.fragment).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from sim.scenario import ScenarioError
from ui import documents, municipal, state
from ui.chart_cache import csv_file, draw
from ui.i18n import t
from ui.runner import run_text
from ui.sidebar import show_problems

AGE_YEAR_KEY = "results_age_year"


def section(ctx: tuple, name: str, year: int | None = None, options: dict | None = None,
            caption_key: str | None = None, note_key: str | None = None, file_part: str | None = None,
            res=None) -> None:
    """A chart under its heading, with its data as CSV right below it (and a note under the chart).
    ctx: (scenario text, language, file-name stem); res: the text's Results if at hand (the fragments do
    not keep them: a chart they miss takes them from the run cache)."""
    text, lang, stem = ctx
    if caption_key:
        st.caption(t(caption_key, lang))
    draw(text, name, lang, year, _results=res, **(options or {}))
    if note_key:
        st.caption(t(note_key, lang))
    st.download_button(t("common.download_csv", lang), partial(csv_file, text, name, lang, year),
                       file_name=f"{stem}_{file_part or name}.csv", mime="text/csv", key=f"download_{name}",
                       on_click="ignore")


@st.fragment
def age_section(ctx: tuple, first: int, last: int, target: int) -> None:
    lang = ctx[1]
    shown_year = st.session_state.get(AGE_YEAR_KEY, target)
    if shown_year != min(max(int(shown_year), first), last) or AGE_YEAR_KEY not in st.session_state:
        st.session_state[AGE_YEAR_KEY] = min(max(int(shown_year), first), last)  # also after a horizon change
    age_year = st.slider(t("results.age_year", lang), min_value=first, max_value=last, step=1, key=AGE_YEAR_KEY)
    section(ctx, "age_pyramid", age_year, note_key="common.expected_values_note", file_part=f"age_pyramid_{age_year}")


@st.fragment
def budget_section(ctx: tuple) -> None:
    lang = ctx[1]
    include_pay = st.toggle(t("results.budget_pay", lang), value=False, key="results_budget_pay")  # pay dwarfs DX lines
    section(ctx, "budget", options={"include_pay": include_pay})


lang = state.lang()
sc = state.scenario()
text = state.scenario_text()
stem = municipal.file_stem(sc, lang)
ctx = (text, lang, stem)
municipal.page_title(t("results.title", lang), lang)
st.text(t("results.intro", lang, name=sc.name))  # user text: plain, never markup
try:
    res = run_text(text)
except ScenarioError as err:
    show_problems(err, lang)
    st.stop()
if res.draws > 1:
    st.caption(t("results.median_note", lang, draws=res.draws))

st.subheader(t("results.chart.supply_demand", lang))
section(ctx, "supply_demand", caption_key="results.caption.supply_demand", res=res)

st.subheader(t("results.chart.flows", lang))
section(ctx, "flows", caption_key="results.caption.flows", note_key="common.expected_values_note", res=res)

st.subheader(t("results.chart.age", lang))
age_section(ctx, int(res.years[0]), int(res.years[-1]), int(sc.value("simulation.target_year")))

st.subheader(t("results.chart.digital", lang))
section(ctx, "digital_talent", caption_key="results.caption.digital", res=res)

st.subheader(t("results.chart.budget", lang))
budget_section(ctx)
st.subheader(t("results.chart.net_benefit", lang))
section(ctx, "net_benefit", res=res)

st.subheader(t("sheet.levers", lang))
section(ctx, "hours_by_lever", caption_key="results.caption.levers", res=res)

st.divider()
st.download_button(t("results.excel", lang), partial(documents.results_workbook, text, lang),
                   file_name=f"{stem}.xlsx", mime=documents.XLSX, key="download_excel", type="primary",
                   on_click="ignore")
