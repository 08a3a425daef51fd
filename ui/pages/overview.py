"""Overview page: the key figures of the working scenario, a one-sentence summary, the headline chart."""

from __future__ import annotations

import math

import streamlit as st

from sim.scenario import ScenarioError
from sim.units import format_value
from ui import mc, municipal, state
from ui.charts.results import summary_sentence, supply_demand_chart, supply_demand_frame
from ui.charts.uncertainty import p_range
from ui.i18n import t
from ui.persistence import md_escape
from ui.runner import run_text
from ui.sidebar import show_problems

STAFF_CARDS = ("staff_gap_target", "staff_gap_target_pct", "first_gap_year", "required_index_target")
DIGITAL_CARDS = ("digital_gap_l1_target", "digital_gap_l2_target", "digital_gap_l3_target")
MONEY_CARDS = ("dx_cost_cumulative", "npv_cash", "npv", "payback_year")  # cash NPV beside the economic one

lang = state.lang()
sc = state.scenario()
st.title(t("overview.title", lang))
st.write(t("overview.intro", lang))
st.text(t("overview.kpis", lang, name=sc.name))  # user text: plain, never markup
try:
    res = run_text(state.scenario_text())
except ScenarioError as err:
    show_problems(err, lang)
    st.stop()

kpis = res.kpis.set_index("key")
label_col = "label_ja" if lang == "ja" else "label_en"
target = int(sc.value("simulation.target_year"))
threshold = float(sc.value("simulation.gap_threshold"))
year = format_value(target, "year", lang)
mc_run = mc.latest_for(state.scenario_text())  # ranges once a Monte Carlo of this scenario ran in this session
mc_kpis = mc_run.kpi_table().set_index("key") if mc_run is not None else None


def value(key: str) -> float:
    return float(kpis.loc[key, "value"])


def card_range(col, key: str) -> None:
    """"P10–P90: a – b" under a KPI card, from the latest Monte Carlo of this scenario."""
    if mc_kpis is not None and key in mc_kpis.index:
        col.caption(p_range(mc_kpis.loc[key], lang))


def shown(key: str, none_key: str | None = None) -> str:
    """A KPI for a card; a year never reached reads as words, not as a dash."""
    x = value(key)
    if none_key and math.isnan(x):
        return t(none_key, lang)
    return format_value(x, kpis.loc[key, "unit"], lang)


st.info(summary_sentence(value("staff_gap_target"), value("staff_gap_target_pct"), target, lang))

st.subheader(t("overview.section.staff", lang))
labels = {
    "staff_gap_target": t("overview.gap_fte", lang, year=year),
    "staff_gap_target_pct": t("overview.gap_pct", lang, year=year),
    "first_gap_year": t("overview.first_gap", lang, pct=format_value(threshold, "share", lang)),
    "required_index_target": t("overview.required_index", lang),
}
gap_help = t("overview.gap_help", lang)
helps = {"staff_gap_target": gap_help, "staff_gap_target_pct": gap_help,
         "required_index_target": t("overview.required_index_help", lang, year=year)}
for col, key in zip(st.columns(len(STAFF_CARDS)), STAFF_CARDS):
    col.metric(labels[key], shown(key, "overview.first_gap_none" if key == "first_gap_year" else None),
               help=helps.get(key))
    card_range(col, key)
st.caption(t("overview.half_staff", lang, year=year, value=shown("required_index_target")))

st.subheader(t("overview.section.digital", lang, year=year))
for col, key in zip(st.columns(len(DIGITAL_CARDS)), DIGITAL_CARDS):
    col.metric(kpis.loc[key, label_col], shown(key), help=t("overview.digital_help", lang))
    card_range(col, key)

st.subheader(t("overview.section.money", lang))
for col, key in zip(st.columns(len(MONEY_CARDS)), MONEY_CARDS):
    col.metric(kpis.loc[key, label_col], shown(key, "overview.payback_none" if key == "payback_year" else None))
    card_range(col, key)

st.subheader(t("overview.section.chart", lang))
st.altair_chart(supply_demand_chart(supply_demand_frame(res), lang, height=320), width="stretch")


def staff_benchmark() -> None:
    """類似団体-style comparator: staff per 10,000 residents against the size class (never a driver)."""
    code = municipal.scenario_code(sc)
    if code is None:
        return
    loaded = municipal.load()
    if not loaded.available:
        return
    st.subheader(t("muni.bench.title", lang))
    b = municipal.benchmark(loaded, code)
    if b is None:
        st.caption(t("muni.bench.unavailable", lang))
        return
    per10k = "persons"
    cols = st.columns(3)
    cols[0].metric(t("muni.bench.value", lang), format_value(b["staff_per_10k"], per10k, lang))
    cols[1].metric(t("muni.bench.median", lang), format_value(b["median"], per10k, lang))
    cols[2].metric(t("muni.bench.quartiles", lang),
                   f"{format_value(b['p25'], per10k, lang)} – {format_value(b['p75'], per10k, lang)}")
    label = md_escape(b["label_ja" if lang == "ja" else "label_en"])
    st.caption(t("muni.bench.class", lang, label=label, n=f"{b['n']:,}"))
    st.info(t("muni.bench.caveat", lang))
    st.caption(md_escape(b["caveat_ja" if lang == "ja" else "caveat_en"]))


staff_benchmark()
