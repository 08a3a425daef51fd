"""Chart data and chart builders of the results and overview pages (pure: no streamlit).

Each chart has a frame function `Results -> DataFrame` (wide, stable column names, one row per year,
or per age for the pyramid) and a builder `DataFrame -> altair chart` with labels in the language.
`csv_bytes(frame, lang, unit)` gives the frame as the CSV offered under the chart (headers in the
language, UTF-8 with BOM). With several draws the frames hold the P50 over the draws (Results.shown).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from sim.model.workforce import CATEGORIES
from sim.results import BUDGET_LINES, FLOWS, Results
from sim import export
from sim.export import csv_bytes as safe_csv_bytes
from sim.units import format_value
from ui.charts.colors import NEUTRAL_COLOR, SERIES_COLORS, ZERO_COLOR, lever_color
from ui.charts.display import shown_value
from ui.i18n import t

SUPPLY_PARTS = ("staff_regular", "rehired_fte")  # external digital talent counts in L3, not in supply
LEVELS = ("l1", "l2", "l3")
DIGITAL_MEASURES = ("available", "required", "gap")
INDEX_COLUMNS = ("year", "age")
# Columns headed by the catalogue's one label of their concept (sim/text: the year and age columns, staff
# categories, yearly metrics); the others by the results page's own results.col.<column>.
SHARED_LABELS = {"year": "export.col.year", "age": "export.col.age", **{c: f"category.{c}" for c in CATEGORIES},
                 **{c: f"metric.{c}" for c in ("rehired_fte", "required_fte", "hires", "other_exits",
                                                "net_benefit_cumulative")},
                 "dx_cost_net": "metric.dx_cost"}
YEN_PER_MILLION = 1e6
# The height of a chart is its plot's: Streamlit's default autosize "fit" squeezes the plot to make room for
# the legends (a plot of a few dozen px under a long legend). Not for the faceted digital chart (pad).
AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")


# --------------------------------------------------------------------------------------- helpers


def column_label(col: str, lang: str) -> str:
    """The header of a frame column in the language (lever names are their own label)."""
    if col in BUDGET_LINES:
        return t(f"line.{col}", lang)
    if col[:3] in {f"{lv}_" for lv in LEVELS} and col[3:] in DIGITAL_MEASURES:
        return t("results.level_measure", lang, level=t(f"results.level.{col[:2]}", lang),
                 measure=t(f"results.col.{col[3:]}", lang))
    try:
        return t(SHARED_LABELS.get(col, f"results.col.{col}"), lang)
    except KeyError:
        return col


def csv_bytes(frame: pd.DataFrame, lang: str, unit: str | None = None) -> bytes:
    """The frame as CSV for Excel: headers in the language; with a unit, the values in its display scale and
    precision with the unit in the headers (sim.export.unit_table); UTF-8 with BOM."""
    labels = {c: column_label(c, lang) for c in frame.columns}
    table = export.unit_table(frame, unit, labels, lang, INDEX_COLUMNS) if unit else frame.rename(columns=labels)
    return safe_csv_bytes(table)  # formula-safe: lever names are user text


def _long(frame: pd.DataFrame, cols, lang: str, unit: str, scale: float = 1.0, index: str = "year") -> pd.DataFrame:
    """Wide -> long for a chart: index, key, label, order, value (scaled), text (formatted, unscaled)."""
    cols = list(cols)
    n = len(frame)
    labels = [column_label(c, lang) for c in cols]
    raw = np.concatenate([frame[c].to_numpy() for c in cols]) if cols else np.array([], dtype=float)
    # as frame.melt would give it, built from arrays (a chart is rebuilt for every new scenario)
    return pd.DataFrame({index: np.tile(frame[index].to_numpy(), len(cols)),
                         "key": [c for c in cols for _ in range(n)],
                         "label": [label for label in labels for _ in range(n)],
                         "order": np.repeat(np.arange(len(cols), dtype=np.int64), n),
                         "value": raw / scale,
                         "text": [shown_value(x, unit, lang) for x in raw]})  # headcounts as whole people


def _year_axis(lang: str, ordinal: bool = False) -> alt.X:
    title = t("export.col.year", lang)
    if ordinal:
        return alt.X("year:O", title=title, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    return alt.X("year:Q", title=title, axis=alt.Axis(format="d", tickMinStep=1),
                 scale=alt.Scale(nice=False, zero=False))


def _tooltip(lang: str, label_title: str, index: str = "year") -> list:
    return [alt.Tooltip(f"{index}:{'Q' if index == 'year' else 'O'}", title=column_label(index, lang), format="d"),
            alt.Tooltip("label:N", title=label_title), alt.Tooltip("text:N", title=t("export.col.value", lang))]


def _color(long: pd.DataFrame, title: str, colors: dict[str, str] | None = None) -> alt.Color:
    """Colour by series label, each series in its own colour of ui.charts.colors (by key, never by
    position: a series keeps its colour when another one is missing)."""
    colors = SERIES_COLORS if colors is None else colors
    labels, keys = long["label"].tolist(), long["key"].tolist()
    first: dict[str, str] = {}  # label -> its key, by order (as sort_values("order").drop_duplicates("label"))
    for i in np.argsort(long["order"].to_numpy(), kind="quicksort"):
        first.setdefault(labels[i], keys[i])
    domain = list(first)
    scale = alt.Scale(domain=domain, range=[colors.get(k, NEUTRAL_COLOR) for k in first.values()])
    return alt.Color("label:N", title=title, scale=scale, sort=domain,
                     legend=alt.Legend(orient="bottom", labelLimit=360, columns=min(len(domain), 4) or 1))


def y_domain(frame: pd.DataFrame, low_cols, high_cols) -> list[float]:
    """A y-domain over every series drawn: from near the lowest of `low_cols` (not zero, so that a gap
    of a few % stays visible) to above the highest of `high_cols`, in round steps."""
    if not len(frame):
        return [0.0, 1.0]
    low = float(np.nanmin(frame[list(low_cols)].to_numpy(dtype=float)))
    high = float(np.nanmax(frame[list(high_cols)].to_numpy(dtype=float)))
    step = 10 ** max(0, int(np.floor(np.log10(max(high, 1.0)))) - 1)
    return [max(0.0, float(np.floor(low * 0.85 / step) * step)), float(np.ceil(high * 1.03 / step) * step)]


# --------------------------------------------------------------------------- supply vs demand


def supply_demand_frame(results: Results) -> pd.DataFrame:
    """year, regular staff, re-employed FTE, external FTE, total supply, required FTE, gap (FTE)."""
    return pd.DataFrame({"year": results.years.astype(int),
                         **{k: results.shown(k) for k in (*SUPPLY_PARTS, "supply_fte", "required_fte", "gap_fte")}})


def supply_demand_chart(frame: pd.DataFrame, lang: str, height: int = 360) -> alt.LayerChart:
    """Stacked supply (areas) against the required line; the shortfall shaded in red."""
    title = t("results.legend.series", lang)
    stack = _long(frame, SUPPLY_PARTS, lang, "fte")
    band = frame.assign(upper=np.maximum(frame["required_fte"], frame["supply_fte"]), key="gap_fte")
    band["label"] = column_label("gap_fte", lang)
    band["order"] = len(SUPPLY_PARTS) + 1
    band["text"] = [format_value(max(x, 0.0), "fte", lang) for x in frame["gap_fte"]]
    required = _long(frame, ["required_fte"], lang, "fte")
    required["order"] = len(SUPPLY_PARTS)
    labels = pd.concat([stack, required, band])[["label", "key", "order"]]
    color = _color(labels, title)
    x = _year_axis(lang)
    # Every series drawn inside the axis: the lowest of the regular staff and the required line (a shrinking
    # town needs fewer than it has), the highest of the supply and the required line.
    domain = y_domain(frame, ["staff_regular", "required_fte"], ["supply_fte", "required_fte"])
    scale = alt.Scale(domain=domain, zero=False)
    y_title = t("unit.fte", lang)
    areas = alt.Chart(stack).mark_area(opacity=0.85, clip=True).encode(
        x=x, y=alt.Y("value:Q", title=y_title, stack="zero", scale=scale), color=color,
        order=alt.Order("order:Q"), tooltip=_tooltip(lang, title))
    gap = alt.Chart(band).mark_area(opacity=0.45, clip=True).encode(
        x=x, y=alt.Y("supply_fte:Q", title=y_title, scale=scale), y2=alt.Y2("upper:Q"), color=color,
        tooltip=_tooltip(lang, title))
    line = alt.Chart(required).mark_line(strokeWidth=2.5, point=True, clip=True).encode(
        x=x, y=alt.Y("value:Q", title=y_title, scale=scale), color=color, tooltip=_tooltip(lang, title))
    return alt.layer(areas, gap, line).properties(height=height, autosize=AUTOSIZE)


# -------------------------------------------------------------------------------------- flows


def flows_frame(results: Results) -> pd.DataFrame:
    """year, hires, 定年 (teinen), other exits, unfilled posts: persons, all categories."""
    return pd.DataFrame({"year": results.years.astype(int), **{f: results.shown(f) for f in FLOWS}})


def flows_chart(frame: pd.DataFrame, lang: str, height: int = 320) -> alt.Chart:
    """Grouped bars per year: a year without 定年 shows no 定年 bar beside its hires."""
    title = t("results.legend.flow", lang)
    long = _long(frame, FLOWS, lang, "persons")
    return alt.Chart(long).mark_bar().encode(
        x=_year_axis(lang, ordinal=True),
        xOffset=alt.XOffset("label:N", sort=[column_label(f, lang) for f in FLOWS]),
        y=alt.Y("value:Q", title=t("results.axis.persons", lang)),
        color=_color(long, title),
        tooltip=_tooltip(lang, title),
    ).properties(height=height, autosize=AUTOSIZE)


# -------------------------------------------------------------------------------- age pyramid


def age_frame(results: Results, year: int) -> pd.DataFrame:
    """age, staff by category in one fiscal year (persons; mean over draws)."""
    i = int(np.clip(int(year) - int(results.years[0]), 0, results.years.size - 1))
    table = results.age_table
    one = table[table["year"] == int(results.years[i])]
    wide = one.pivot(index="age", columns="category", values="staff").reindex(columns=list(CATEGORIES))
    wide = wide.reset_index()
    wide.columns.name = None
    wide.insert(0, "year", int(results.years[i]))
    return wide


def age_chart(frame: pd.DataFrame, lang: str, height: int = 520) -> alt.Chart:
    """Horizontal bars by age (oldest at the top), categories stacked."""
    title = t("export.col.category", lang)
    long = _long(frame.drop(columns="year"), CATEGORIES, lang, "persons", index="age")
    year = int(frame["year"].iloc[0]) if len(frame) else 0
    ages = sorted(long["age"].unique())
    return alt.Chart(long, title=format_value(year, "year", lang)).mark_bar().encode(
        y=alt.Y("age:O", title=t("export.col.age", lang), sort="descending",
                axis=alt.Axis(values=[a for a in ages if a % 5 == 0])),
        x=alt.X("value:Q", title=t("results.axis.persons", lang), stack="zero"),
        color=_color(long, title),
        order=alt.Order("order:Q"),
        tooltip=_tooltip(lang, title, index="age"),
    ).properties(height=height, autosize=AUTOSIZE)


# ----------------------------------------------------------------------------- digital talent


def digital_frame(results: Results) -> pd.DataFrame:
    """year, then available / required / gap for L1, L2 (persons) and L3 (FTE)."""
    return pd.DataFrame({"year": results.years.astype(int),
                         **{f"{lv}_{m}": results.shown(f"{lv}_{m}") for lv in LEVELS for m in DIGITAL_MEASURES}})


def digital_chart(frame: pd.DataFrame, lang: str, height: int = 240) -> alt.Chart:
    """Small multiples by level: available against required (independent y scales)."""
    title = t("results.legend.series", lang)
    frames = []
    for lv in LEVELS:
        part = frame[["year", f"{lv}_available", f"{lv}_required"]].rename(
            columns={f"{lv}_available": "available", f"{lv}_required": "required"})
        long = _long(part, ("available", "required"), lang, "fte" if lv == "l3" else "persons")
        long["level"] = t(f"results.level.{lv}", lang)
        frames.append(long)
    long = pd.concat(frames, ignore_index=True)
    levels = [t(f"results.level.{lv}", lang) for lv in LEVELS]
    return alt.Chart(long).mark_line(point=True).encode(
        x=_year_axis(lang),
        y=alt.Y("value:Q", title=t("results.axis.persons", lang)),
        color=_color(long, title),
        strokeDash=alt.StrokeDash("label:N", legend=None),
        column=alt.Column("level:N", title=t("results.legend.level", lang), sort=levels),
        tooltip=[*_tooltip(lang, title), alt.Tooltip("level:N", title=t("results.legend.level", lang))],
    ).properties(width=260, height=height).resolve_scale(y="independent")


# ------------------------------------------------------------------------------------- budget


def budget_frame(results: Results) -> pd.DataFrame:
    """year, every budget line in yen (subsidies negative), benefit, net DX cost, cumulative net benefit."""
    shown = {k: results.shown(f"line.{k}") for k in (*results.budget_lines, "capacity_freed", "dx_cost",
                                                      "capacity_net_of_cost_cumulative")}
    return pd.DataFrame({"year": results.years.astype(int), **{k: shown[k] for k in results.budget_lines},
                         "benefit": shown["capacity_freed"], "dx_cost_net": shown["dx_cost"],
                         "net_benefit_cumulative": shown["capacity_net_of_cost_cumulative"]})


PAY_LINES = ("pay_regular", "pay_rehired")


def budget_chart(frame: pd.DataFrame, lang: str, include_pay: bool = True, height: int = 360) -> alt.Chart:
    """Budget lines stacked by year (百万円); subsidies below zero."""
    title = t("results.legend.line", lang)
    lines = [c for c in BUDGET_LINES if c in frame.columns and (include_pay or c not in PAY_LINES)]
    long = _long(frame, lines, lang, "yen", scale=YEN_PER_MILLION)
    return alt.Chart(long).mark_bar().encode(
        x=_year_axis(lang, ordinal=True),
        y=alt.Y("value:Q", title=t("results.axis.yen_million", lang), stack="zero"),
        color=_color(long, title),
        order=alt.Order("order:Q"),
        tooltip=_tooltip(lang, title),
    ).properties(height=height, autosize=AUTOSIZE)


def net_benefit_chart(frame: pd.DataFrame, lang: str, height: int = 260) -> alt.LayerChart:
    """Cumulative net benefit (benefit − DX cost) with the zero line: it crosses zero at payback."""
    title = t("results.legend.series", lang)
    long = _long(frame, ["net_benefit_cumulative"], lang, "yen", scale=YEN_PER_MILLION)
    line = alt.Chart(long).mark_line(point=True, color=SERIES_COLORS["net_benefit_cumulative"]).encode(
        x=_year_axis(lang), y=alt.Y("value:Q", title=t("results.axis.yen_million", lang)),
        tooltip=_tooltip(lang, title))
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color=ZERO_COLOR, strokeDash=[4, 4]).encode(y=alt.Y("zero:Q"))
    return alt.layer(line, zero).properties(height=height, autosize=AUTOSIZE)


# ------------------------------------------------------------------------------------- levers


def levers_frame(results: Results) -> pd.DataFrame:
    """year, realised hours saved per lever (columns named after the levers, made unique)."""
    out = {"year": results.years.astype(int)}
    for i, name in enumerate(results.lever_names):
        col, n = name, 2
        while col in out:
            col, n = f"{name} ({n})", n + 1
        out[col] = results.shown(f"lever.{i}")
    return pd.DataFrame(out)


def levers_chart(frame: pd.DataFrame, lang: str, kinds=None, height: int = 340) -> alt.Chart:
    """Hours saved stacked by lever; extra work (negative hours) below zero. `kinds` (one lever kind per
    lever column, as Results.lever_kinds) colours each lever by its kind, so that a lever keeps its colour
    when another is disabled; the legend names the levers."""
    title = t("results.legend.lever", lang)
    cols = [c for c in frame.columns if c != "year"]
    kinds = list(kinds) if kinds is not None else ["custom"] * len(cols)
    if len(kinds) != len(cols):
        raise ValueError("one lever kind per lever column")
    long = _long(frame, cols, lang, "hours") if cols else pd.DataFrame(
        {"year": frame["year"], "key": "", "label": "", "order": 0, "value": 0.0, "text": ""})
    return alt.Chart(long).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=_year_axis(lang, ordinal=True),
        y=alt.Y("value:Q", title=t("results.axis.hours", lang), stack="zero"),
        color=_color(long, title, {c: lever_color(k) for c, k in zip(cols, kinds)}),
        order=alt.Order("order:Q"),
        tooltip=_tooltip(lang, title),
    ).properties(height=height, autosize=AUTOSIZE)


# ----------------------------------------------------------------------- overview: the summary


def summary_sentence(gap_fte: float, gap_pct: float, target_year: int, lang: str) -> str:
    """One plain sentence on the staff gap in the target year (shortage, surplus, balance or unknown)."""
    year = format_value(target_year, "year", lang)
    if gap_fte is None or not np.isfinite(gap_fte) or not np.isfinite(gap_pct):
        return t("overview.summary.unknown", lang, year=year)
    if round(abs(float(gap_fte))) == 0:
        return t("overview.summary.balanced", lang, year=year)
    # in the KPI's own unit (FTE), as the card above it
    fmt = {"year": year, "n": format_value(abs(float(gap_fte)), "fte", lang), "pct": format_value(abs(gap_pct), "share", lang)}
    return t("overview.summary.shortage" if gap_fte > 0 else "overview.summary.surplus", lang, **fmt)
