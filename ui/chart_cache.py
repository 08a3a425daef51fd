"""The charts of the results and overview pages drawn through the cache, and their CSV files.

A chart of a scenario text is built (and validated by altair) once: `draw` is cached by (scenario text,
chart, language, options), and st.cache_data replays the elements a cached function drew, so a rerun with
an unchanged scenario sends the stored chart instead of building it again. `csv_file` is cached the same
way and meant for st.download_button's callable data (built when the button is clicked).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.charts import results as charts
from ui.runner import run_text

NET_COLUMNS = ["year", "benefit", "dx_cost_net", "net_benefit_cumulative"]
UNITS = {"supply_demand": "fte", "flows": "persons", "age_pyramid": "persons", "digital_talent": "persons",
         "budget": "yen", "net_benefit": "yen", "hours_by_lever": "hours"}  # the unit in the CSV headers
FRAMES = {"supply_demand": charts.supply_demand_frame, "flows": charts.flows_frame,
          "digital_talent": charts.digital_frame, "budget": charts.budget_frame,
          "hours_by_lever": charts.levers_frame}
BUILDERS = {"supply_demand": charts.supply_demand_chart, "flows": charts.flows_chart,
            "age_pyramid": charts.age_chart, "digital_talent": charts.digital_chart,
            "budget": charts.budget_chart, "net_benefit": charts.net_benefit_chart,
            "hours_by_lever": charts.levers_chart}


def chart_frame(res, name: str, year: int | None = None) -> pd.DataFrame:
    """The data of one chart (year: the fiscal year of the age pyramid)."""
    if name == "age_pyramid":
        return charts.age_frame(res, year)
    if name == "net_benefit":
        return charts.budget_frame(res)[NET_COLUMNS]
    return FRAMES[name](res)


@st.cache_data(show_spinner=False, max_entries=256)
def draw(text: str, name: str, lang: str, year: int | None = None, **options) -> None:
    """Draw one chart of a scenario text (options: keyword arguments of its builder)."""
    res = run_text(text)
    frame = chart_frame(res, name, year)
    if name == "hours_by_lever":
        options = {"kinds": res.lever_kinds, **options}
    st.altair_chart(BUILDERS[name](frame, lang, **options), width="stretch")


@st.cache_data(show_spinner=False, max_entries=64)
def csv_file(text: str, name: str, lang: str, year: int | None = None) -> bytes:
    """One chart's data as CSV (headers in the language with the unit; UTF-8 BOM, formula-safe)."""
    return charts.csv_bytes(chart_frame(run_text(text), name, year), lang, UNITS[name])
