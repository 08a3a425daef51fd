"""Results page: the charts of the working scenario, each with its data as CSV; all tables as Excel."""

from __future__ import annotations

import streamlit as st

from sim.scenario import ScenarioError, loads
from ui import municipal, state
from ui.charts import results as charts
from ui.i18n import t
from ui.runner import run_text
from ui.sidebar import show_problems

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AGE_YEAR_KEY = "results_age_year"


@st.cache_data(show_spinner=False, max_entries=16)
def excel_bytes(text: str, lang: str) -> bytes:
    """The workbook for people in the language, with the 前提条件 sheet of the scenario."""
    return run_text(text).to_excel_bytes(lang, scenario=loads(text))


def section(chart, frame, name: str, unit: str, caption_key: str | None = None, note_key: str | None = None) -> None:
    """A chart under its heading, with its data as CSV right below it (and a note under the chart)."""
    if caption_key:
        st.caption(t(caption_key, lang))
    st.altair_chart(chart, width="stretch")
    if note_key:
        st.caption(t(note_key, lang))
    st.download_button(t("common.download_csv", lang), charts.csv_bytes(frame, lang, unit),
                       file_name=f"{municipal.file_stem(sc, lang)}_{name}.csv", mime="text/csv",
                       key=f"download_{name}")


lang = state.lang()
sc = state.scenario()
text = state.scenario_text()
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
frame = charts.supply_demand_frame(res)
section(charts.supply_demand_chart(frame, lang), frame, "supply_demand", "fte",
        "results.caption.supply_demand")

st.subheader(t("results.chart.flows", lang))
frame = charts.flows_frame(res)
section(charts.flows_chart(frame, lang), frame, "flows", "persons", "results.caption.flows",
        "common.expected_values_note")

st.subheader(t("results.chart.age", lang))
first, last = int(res.years[0]), int(res.years[-1])
shown_year = st.session_state.get(AGE_YEAR_KEY, int(sc.value("simulation.target_year")))
if shown_year != min(max(int(shown_year), first), last) or AGE_YEAR_KEY not in st.session_state:
    st.session_state[AGE_YEAR_KEY] = min(max(int(shown_year), first), last)  # also after a horizon change
age_year = st.slider(t("results.age_year", lang), min_value=first, max_value=last, step=1, key=AGE_YEAR_KEY)
frame = charts.age_frame(res, age_year)
section(charts.age_chart(frame, lang), frame, f"age_pyramid_{age_year}", "persons",
        note_key="common.expected_values_note")

st.subheader(t("results.chart.digital", lang))
frame = charts.digital_frame(res)
section(charts.digital_chart(frame, lang), frame, "digital_talent", "persons",
        "results.caption.digital")

st.subheader(t("results.chart.budget", lang))
include_pay = st.toggle(t("results.budget_pay", lang), value=False, key="results_budget_pay")  # pay dwarfs DX lines
frame = charts.budget_frame(res)
section(charts.budget_chart(frame, lang, include_pay=include_pay), frame, "budget", "yen")
st.subheader(t("results.chart.net_benefit", lang))
net = frame[["year", "benefit", "dx_cost_net", "net_benefit_cumulative"]]
section(charts.net_benefit_chart(frame, lang), net, "net_benefit", "yen")

st.subheader(t("results.chart.levers", lang))
frame = charts.levers_frame(res)
section(charts.levers_chart(frame, lang, res.lever_kinds), frame, "hours_by_lever", "hours",
        "results.caption.levers")

st.divider()
st.download_button(t("results.excel", lang), excel_bytes(text, lang), file_name=f"{municipal.file_stem(sc, lang)}.xlsx",
                   mime=XLSX,
                   key="download_excel", type="primary")
