"""The charts of the results and overview pages drawn through the cache, and their CSV files; `show` sends
every other page's charts the same way (without schema validation).

A chart of a scenario text is built once: `draw` is cached by (scenario text, chart, language, options),
and st.cache_data replays the elements a cached function drew, so a rerun with an unchanged scenario sends
the stored chart instead of building it again. `csv_file` is cached the same way and meant for
st.download_button's callable data (built when the button is clicked).

Charts are sent as Vega-Lite specs (`vega_spec`, st.vega_lite_chart) converted without altair's schema
validation, which costs as much as building the chart and is repeated for every new scenario although the
builders make the same kind of spec each time; tests/test_cheap_reruns.py validates every chart instead.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager

import altair as alt
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
SUBCHARTS = ("layer", "hconcat", "vconcat", "concat")  # compound charts: lists of charts, each may hold data
# altair's default theme adds these to every spec; Streamlit converts a chart with the theme "none"
THEME_VIEW = ("continuousWidth", "continuousHeight")


def _dataset_name(frame: pd.DataFrame) -> str:
    """A name that changes with the frame's content (columns, types, values), as Streamlit names them."""
    h = hashlib.sha1(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    h.update(repr([(str(c), str(d)) for c, d in frame.dtypes.items()]).encode())
    return "data-" + h.hexdigest()[:24]


@contextmanager
def _named_data(chart, datasets: dict[str, pd.DataFrame]):
    """While the block runs, every DataFrame of `chart` (and of its layers and inner charts) is replaced by a
    reference to a named dataset, collected in `datasets`; restored after. In place: a copy of a layered
    chart would make altair copy every layer deeply again."""
    swapped = []

    def walk(part) -> None:
        data = getattr(part, "data", alt.Undefined)
        if isinstance(data, pd.DataFrame):
            name = _dataset_name(data)
            datasets[name] = data
            swapped.append((part, data))
            part.data = alt.NamedData(name=name)
        for key in SUBCHARTS:
            parts = getattr(part, key, alt.Undefined)
            if isinstance(parts, list):
                for sub in parts:
                    walk(sub)
        inner = getattr(part, "spec", alt.Undefined)  # facet and repeat charts
        if isinstance(inner, alt.SchemaBase):
            walk(inner)

    try:
        walk(chart)
        yield
    finally:
        for part, data in reversed(swapped):
            part.data = data


def vega_spec(chart) -> dict:
    """The Vega-Lite spec of an altair chart as st.altair_chart would send it (data as named datasets, no
    theme defaults), but without altair's schema validation: for st.vega_lite_chart."""
    datasets: dict[str, pd.DataFrame] = {}
    with _named_data(chart, datasets):
        spec = chart.to_dict(validate=False)
    config = spec.get("config", {})
    view = config.get("view", {})
    for key in THEME_VIEW:
        view.pop(key, None)
    if "view" in config and not view:
        del config["view"]
    if "config" in spec and not config:
        del spec["config"]
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def show(chart, **kwargs) -> None:
    """Draw an altair chart (st.vega_lite_chart of its vega_spec; kwargs as st.vega_lite_chart's)."""
    st.vega_lite_chart(vega_spec(chart), **kwargs)


def chart_frame(res, name: str, year: int | None = None) -> pd.DataFrame:
    """The data of one chart (year: the fiscal year of the age pyramid)."""
    if name == "age_pyramid":
        return charts.age_frame(res, year)
    if name == "net_benefit":
        return charts.budget_frame(res)[NET_COLUMNS]
    return FRAMES[name](res)


@st.cache_data(show_spinner=False, max_entries=256)
def draw(text: str, name: str, lang: str, year: int | None = None, _results=None, **options) -> None:
    """Draw one chart of a scenario text (options: keyword arguments of its builder). _results: the text's
    Results when the caller has them (not part of the cache key), else they come from the run cache."""
    res = _results if _results is not None else run_text(text)
    frame = chart_frame(res, name, year)
    if name == "hours_by_lever":
        options = {"kinds": res.lever_kinds, **options}
    show(BUILDERS[name](frame, lang, **options), width="stretch")


@st.cache_data(show_spinner=False, max_entries=64)
def csv_file(text: str, name: str, lang: str, year: int | None = None) -> bytes:
    """One chart's data as CSV (headers in the language with the unit; UTF-8 BOM, formula-safe)."""
    return charts.csv_bytes(chart_frame(run_text(text), name, year), lang, UNITS[name])
