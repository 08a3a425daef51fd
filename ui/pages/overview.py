"""Overview page: the key figures of the working scenario, a one-sentence summary, the headline chart."""

from __future__ import annotations

import math

import streamlit as st

from sim.parameters import REGISTRY
from sim.results import YEAR_KPIS
from sim.scenario import ScenarioError
from sim.units import format_value
from ui import chart_cache, mc, municipal, start, state
from ui.charts.display import shown_value
from ui.charts.results import summary_sentence
from ui.charts.uncertainty import p_range
from ui.i18n import label_column, pick, t
from ui.persistence import md_escape
from ui.runner import run_text
from ui.sidebar import show_problems

STAFF_CARDS = ("staff_gap_target", "staff_gap_target_pct", "first_gap_year", "required_index_target")
DIGITAL_CARDS = ("digital_gap_l1_target", "digital_gap_l2_target", "digital_gap_l3_target")
MONEY_CARDS = ("dx_cost_cumulative", "npv_cash", "npv", "payback_year")  # cash NPV beside the economic one

lang = state.lang()
sc = state.scenario()
municipal.page_title(t("overview.title", lang), lang)
start.render(lang)  # the first step of a new session: choose a municipality, or a model town
st.write(t("overview.intro", lang))
st.text(t("overview.kpis", lang, name=sc.name))  # user text: plain, never markup
try:
    res = run_text(state.scenario_text())
except ScenarioError as err:
    show_problems(err, lang)
    st.stop()

kpis = res.kpis.set_index("key")
label_col = label_column(lang)
target = int(sc.value("simulation.target_year"))
threshold = float(sc.value("simulation.gap_threshold"))
year = format_value(target, "year", lang)
mc_run = mc.latest_for(state.scenario_text())  # ranges once a Monte Carlo of this scenario ran in this session
mc_kpis = mc_run.kpis.set_index("key") if mc_run is not None else None


def value(key: str) -> float:
    return float(kpis.loc[key, "value"])


def card_range(col, key: str) -> None:
    """"P10–P90: a – b" under a KPI card, from the latest Monte Carlo of this scenario."""
    if mc_kpis is not None and key in mc_kpis.index:
        col.caption(p_range(mc_kpis.loc[key], lang))


def shown(key: str, none_key: str | None = None) -> str:
    """A KPI for a card; a year never reached reads as words, not as a dash (never as a year)."""
    x = value(key)
    if none_key and math.isnan(x):
        return t(none_key, lang)
    return shown_value(x, kpis.loc[key, "unit"], lang)  # headcounts as whole people


def payback_shown() -> str:
    """The payback card: a year, "not within the horizon" when an investment is never paid back, or a
    dash when there is no net investment (nothing to pay back)."""
    if no_investment():
        return format_value(float("nan"), "year", lang)
    return shown("payback_year", "overview.payback_none")


def no_investment() -> bool:
    """No payback year because no draw has a net investment (nothing to pay back)."""
    return math.isnan(value("payback_year")) and not res.kpi_values["net_investment"].any()


def draws_never(col, key: str) -> None:
    """With several draws in the scenario itself, a card shows the P50 of a year KPI: over the draws that
    reach the year, so the share of draws that never reach it goes with it."""
    if res.draws > 1 and key in YEAR_KPIS:
        share = float(kpis.loc[key, "never_share"])
        if share >= 1.0:
            col.caption(t(f"unc.never_all.{key}", lang))
        elif share > 0.0:
            col.caption(t(f"unc.never.{key}", lang, share=format_value(share, "share", lang)))


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
    draws_never(col, key)
    card_range(col, key)
st.caption(t("overview.half_staff", lang, year=year, value=shown("required_index_target")))
# which age profile the staff projection starts from: the town's own roster, or the bundled default shape
st.caption(t("overview.age_profile.roster" if sc.municipality.age_profile is not None else "overview.age_profile.default",
             lang))
rate = format_value(REGISTRY["demand.new_duty_growth"].default, "rate", lang)
st.caption(t("overview.new_duty_note", lang, rate=rate))  # the largest unsourced driver of the gap (docs/validation.md)

st.subheader(t("overview.section.digital", lang, year=year))
for col, key in zip(st.columns(len(DIGITAL_CARDS)), DIGITAL_CARDS):
    col.metric(kpis.loc[key, label_col], shown(key), help=t("overview.digital_help", lang))
    card_range(col, key)
st.caption(t("common.expected_values_note", lang))  # the cards above show whole people

st.subheader(t("overview.section.money", lang))
for col, key in zip(st.columns(len(MONEY_CARDS)), MONEY_CARDS):
    if key == "payback_year":
        col.metric(kpis.loc[key, label_col], payback_shown())
        if no_investment():
            col.caption(t("overview.payback_no_investment", lang))
        draws_never(col, key)
    else:
        col.metric(kpis.loc[key, label_col], shown(key))
    card_range(col, key)

st.subheader(t("results.chart.supply_demand", lang))
chart_cache.draw(state.scenario_text(), "supply_demand", lang, _results=res, height=320)


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
    label = md_escape(b[label_column(lang)])
    st.caption(t("muni.bench.class", lang, label=label, n=f"{b['n']:,}"))
    st.info(t("muni.bench.caveat", lang))
    st.caption(md_escape(pick(lang, ja=b["caveat_ja"], en=b["caveat_en"])))


staff_benchmark()
