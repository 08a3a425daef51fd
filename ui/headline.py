"""The headline KPIs beside the editing controls, each with its change against the working scenario
before the last change (state.text_before), so that the effect of an edit shows where it is made.

Both results come from the run cache (ui.runner, keyed by the scenario text): the scenario before the
change was run when it was current, so an edit costs one model run.
"""

from __future__ import annotations

import math

import streamlit as st

from sim.model.kpis import KPI
from sim.scenario import ScenarioError
from sim.units import format_value
from ui import state
from ui.i18n import t
from ui.runner import run_text

# The KPIs shown, and whether a rise is good news (st.metric colours the change accordingly).
HEADLINE = {"staff_gap_target_pct": False, "first_gap_year": True, "npv_cash": True, "npv": True}


@st.cache_data(show_spinner=False, max_entries=256)
def kpi_values(text: str) -> dict[str, float]:
    """key -> value (the run's KPI value, P50 over draws) of the headline KPIs of a scenario text (a
    small dict: a cache hit does not copy the whole results)."""
    values = run_text(text).kpis.set_index("key")["value"]
    return {key: float(values[key]) for key in HEADLINE}


def change(now: float, before: float) -> float | None:
    """now - before; None when either is undefined (a year never reached) or nothing changed."""
    if math.isnan(now) or math.isnan(before) or math.isclose(now, before, rel_tol=1e-12, abs_tol=1e-9):
        return None
    return now - before


def shown(key: str, value: float, lang: str) -> str:
    if key == "first_gap_year" and math.isnan(value):
        return t("overview.first_gap_none", lang)
    return format_value(value, KPI[key].unit, lang)


def render(lang: str) -> None:
    """A row of st.metric cards: the KPI now, and its change since before the last change."""
    text, before_text = state.scenario_text(), state.text_before()
    try:
        now = kpi_values(text)
    except ScenarioError:
        return  # the pages that show results report the problem
    before = None
    if before_text is not None and before_text != text:
        try:
            before = kpi_values(before_text)
        except ScenarioError:
            before = None
    with st.container(border=True):
        st.caption(t("parameters.headline.caption", lang) if before is not None
                   else t("parameters.headline.no_change", lang))
        for col, (key, rise_good) in zip(st.columns(len(HEADLINE)), HEADLINE.items()):
            delta = change(now[key], before[key]) if before is not None else None
            was = None if before is None else shown(key, before[key], lang)
            col.metric(KPI[key].label(lang), shown(key, now[key], lang),
                       delta=None if delta is None else format_value(delta, KPI[key].unit, lang, delta=True),
                       delta_color="normal" if rise_good else "inverse",
                       help=None if was is None else t("parameters.headline.was", lang, value=was))
