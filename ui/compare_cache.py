"""The compare page's charts, tables and CSV files through the cache, as ui/chart_cache.py does for the
results page: everything is keyed by the compared scenario texts and their labels (and the language), so a
rerun with the same choice replays the charts and tables instead of building them again, and the CSV files
are built only when their button is clicked (st.download_button with a callable)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sim import export
from sim.compare import input_differences, kpi_table
from sim.scenario import loads
from ui.chart_cache import show
from ui.charts import compare as charts
from ui.runner import run_text

CHARTS = {"fte": charts.fte_chart, "gap": charts.gap_chart, "benefit": charts.benefit_chart}


@st.cache_data(show_spinner=False, max_entries=64)
def series(texts: tuple[str, ...], names: tuple[str, ...]) -> pd.DataFrame:
    """charts.series_frame of the scenario texts, labelled `names`."""
    return charts.series_frame({name: run_text(text) for name, text in zip(names, texts)})


@st.cache_data(show_spinner=False, max_entries=128)
def draw(texts: tuple[str, ...], names: tuple[str, ...], name: str, lang: str) -> None:
    """Draw one chart (fte, gap or benefit; the gap chart without uncertainty bands)."""
    show(CHARTS[name](series(texts, names), list(names), lang), width="stretch")


@st.cache_data(show_spinner=False, max_entries=64)
def chart_csv(texts: tuple[str, ...], names: tuple[str, ...], name: str, lang: str) -> bytes:
    """The data of one chart as CSV."""
    return charts.csv_bytes(charts.chart_table(series(texts, names), list(names), charts.CHART_METRICS[name], lang))


@st.cache_data(show_spinner=False, max_entries=64)
def kpis(texts: tuple[str, ...], names: tuple[str, ...]) -> pd.DataFrame:
    """sim.compare.kpi_table of the scenario texts (raises ScenarioError for a text that does not load)."""
    return kpi_table([run_text(text) for text in texts], list(names))


@st.cache_data(show_spinner=False, max_entries=64)
def kpis_shown(texts: tuple[str, ...], names: tuple[str, ...], lang: str) -> pd.DataFrame:
    return charts.kpi_display(kpis(texts, names), list(names), lang)


@st.cache_data(show_spinner=False, max_entries=64)
def kpis_csv(texts: tuple[str, ...], names: tuple[str, ...], lang: str) -> bytes:
    """The KPI table for people (sim.export.compare_kpi_table) as CSV."""
    return charts.csv_bytes(export.compare_kpi_table(kpis(texts, names), list(names), lang))


@st.cache_data(show_spinner=False, max_entries=64)
def inputs_shown(texts: tuple[str, ...], names: tuple[str, ...], lang: str) -> pd.DataFrame:
    """The inputs that differ (sim.compare.input_differences) formatted for people; empty when none."""
    diff = input_differences([loads(text) for text in texts], list(names))
    return diff if diff.empty else charts.inputs_display(diff, list(names), lang)


@st.cache_data(show_spinner=False, max_entries=64)
def inputs_csv(texts: tuple[str, ...], names: tuple[str, ...], lang: str) -> bytes:
    return charts.csv_bytes(inputs_shown(texts, names, lang))
