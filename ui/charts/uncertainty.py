"""Chart data and builders of the uncertainty & sensitivity page (pure: no streamlit).

Frame functions take the tables of sim.uncertainty / sim.sensitivity (MonteCarlo.band_table(),
kpi_samples(), tornado(), sobol()) and return small DataFrames with labels in the language and
formatted tooltip texts; builders turn them into altair charts. Yen are plotted in 億円 (ja) or
¥ million (en), shares in %.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from sim.results import YEAR_KPIS
from sim.export import csv_bytes as safe_csv_bytes
from sim.units import format_value
from ui.charts.display import shown_value
from ui.charts.colors import (HIGH_COLOR, HIST_COLOR, INDEX_COLORS, LOW_COLOR, MARK_COLOR, NEUTRAL_COLOR,
                              SCENARIO_COLORS, SERIES_COLORS, ZERO_COLOR)
from ui.i18n import label_column, t

PCTS = ("p5", "p10", "p50", "p90", "p95")
YEN_SCALE = {"ja": (1e8, "億円"), "en": (1e6, "¥ million")}
PALETTE = SCENARIO_COLORS  # for a series missing from the colour table
TOP = 15  # parameters shown in the tornado and Sobol charts


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with BOM (Japanese Excel opens it correctly)."""
    return safe_csv_bytes(df)  # formula-safe


def plot_scale(unit: str, lang: str) -> tuple[float, str]:
    """Divisor and axis unit of a value in charts: 億円 / ¥ million for yen, % for shares."""
    if unit == "yen":
        return YEN_SCALE[lang]
    if unit == "share":
        return 0.01, "%"
    return 1.0, {"fte": t("unit.fte", lang)}.get(unit, "")


def _year_x(lang: str) -> alt.X:
    return alt.X("year:Q", title=t("export.col.year", lang), axis=alt.Axis(format="d", tickMinStep=1),
                 scale=alt.Scale(nice=False, zero=False))


# ------------------------------------------------------------------------------------ fan charts

# The page's fan charts: (series, unit, title key, zero rule)
FANS = ((("supply_fte", "required_fte"), "fte", "unc.chart.fte", False),
        (("gap_fte",), "fte", "compare.chart.gap", True),
        (("net_benefit_cumulative",), "yen", "compare.chart.benefit", True))


def fan_frame(bands: pd.DataFrame, metrics, unit: str, lang: str) -> pd.DataFrame:
    """Rows of MonteCarlo.band_table() for `metrics`: year, metric, series (label), order, the
    percentiles scaled for the plot, and formatted texts (unscaled) for the tooltip."""
    metrics = list(metrics)
    scale, _ = plot_scale(unit, lang)
    out = bands[bands["metric"].isin(metrics)].copy()
    out["year"] = out["year"].astype(int)
    out["series"] = [t(f"series.short.{m}", lang) for m in out["metric"]]
    out["order"] = out["metric"].map({m: i for i, m in enumerate(metrics)})
    rng = t("unc.range", lang, low="{0}", high="{1}")
    fmt = lambda x: format_value(x, unit, lang)  # noqa: E731
    out["text_p50"] = [fmt(x) for x in out["p50"]]
    out["text_p10_p90"] = [rng.format(fmt(a), fmt(b)) for a, b in zip(out["p10"], out["p90"])]
    out["text_p5_p95"] = [rng.format(fmt(a), fmt(b)) for a, b in zip(out["p5"], out["p95"])]
    for p in PCTS:
        out[p] = out[p].astype(float) / scale
    return out.sort_values(["order", "year"]).reset_index(drop=True)


def fan_chart(frame: pd.DataFrame, lang: str, title: str, unit: str, zero_rule: bool = False,
              height: int = 300) -> alt.LayerChart:
    """P5–P95 (light) and P10–P90 (darker) bands with the median line, one colour per series."""
    _, axis_unit = plot_scale(unit, lang)
    metrics = list(frame.sort_values("order")["metric"].drop_duplicates())
    domain = [t(f"series.short.{m}", lang) for m in metrics]
    colors = [SERIES_COLORS.get(m, PALETTE[i % len(PALETTE)]) for i, m in enumerate(metrics)]
    color = alt.Color("series:N", title=t("compare.col.series", lang), sort=domain,
                      scale=alt.Scale(domain=domain, range=colors), legend=alt.Legend(orient="bottom"))
    x = _year_x(lang)
    y_title = axis_unit
    tooltip = [alt.Tooltip("year:Q", title=t("export.col.year", lang), format="d"),
               alt.Tooltip("series:N", title=t("compare.col.series", lang)),
               alt.Tooltip("text_p50:N", title=t("unc.band.p50", lang)),
               alt.Tooltip("text_p10_p90:N", title=t("unc.band.p10_p90", lang)),
               alt.Tooltip("text_p5_p95:N", title=t("unc.band.p5_p95", lang))]
    base = alt.Chart(frame)
    outer = base.mark_area(opacity=0.15).encode(
        x=x, y=alt.Y("p5:Q", title=y_title, scale=alt.Scale(zero=False)), y2="p95:Q", color=color, tooltip=tooltip)
    inner = base.mark_area(opacity=0.32).encode(x=x, y=alt.Y("p10:Q", title=y_title), y2="p90:Q", color=color,
                                                tooltip=tooltip)
    line = base.mark_line(strokeWidth=2.2, point=alt.OverlayMarkDef(size=16)).encode(
        x=x, y=alt.Y("p50:Q", title=y_title), color=color, tooltip=tooltip)
    layers = [outer, inner, line]
    if zero_rule:
        layers.append(alt.Chart(pd.DataFrame({"p50": [0.0]})).mark_rule(color=ZERO_COLOR, strokeDash=[2, 2])
                      .encode(y="p50:Q"))
    return alt.layer(*layers).properties(title=title, height=height)


# --------------------------------------------------------------------------------- distributions


def histogram_frame(samples, unit: str, lang: str, bins: int = 40) -> pd.DataFrame:
    """Bins of the finite samples of one KPI: lo, hi (scaled for the plot), share of all draws, and
    texts. Years are binned by whole year. Empty when no draw has a value."""
    a = np.asarray(samples, dtype=float)
    n = a.size
    a = a[np.isfinite(a)]
    cols = ["lo", "hi", "share", "text_range", "text_share"]
    if a.size == 0:
        return pd.DataFrame(columns=cols)
    scale, _ = plot_scale(unit, lang)
    lo, hi = float(a.min()), float(a.max())
    if unit == "year":
        edges = np.arange(np.floor(lo) - 0.5, np.floor(hi) + 1.5, 1.0)
    elif hi > lo:
        edges = np.linspace(lo, hi, bins + 1)
    else:
        width = max(abs(lo) * 0.01, 1e-9)
        edges = np.array([lo - width, lo + width])
    counts, edges = np.histogram(a, bins=edges)
    share = counts / max(n, 1)
    rng = t("unc.range", lang, low="{0}", high="{1}")
    if unit == "year":
        ranges = [format_value(e + 0.5, "year", lang) for e in edges[:-1]]
    else:
        ranges = [rng.format(shown_value(a_, unit, lang), shown_value(b_, unit, lang))
                  for a_, b_ in zip(edges[:-1], edges[1:])]
    return pd.DataFrame({"lo": edges[:-1] / scale, "hi": edges[1:] / scale, "share": share, "text_range": ranges,
                         "text_share": [format_value(s, "share", lang) for s in share]})


def percentile_marks(samples, unit: str, lang: str) -> pd.DataFrame:
    """P10, P50, P90 of the finite samples: label, x (scaled), text."""
    a = np.asarray(samples, dtype=float)
    a = a[np.isfinite(a)]
    if a.size == 0:
        return pd.DataFrame(columns=["label", "x", "text"])
    scale, _ = plot_scale(unit, lang)
    qs = np.percentile(a, [10, 50, 90])
    return pd.DataFrame({"label": ["P10", "P50", "P90"], "x": qs / scale,
                         "text": [shown_value(q, unit, lang) for q in qs]})


def distribution_chart(hist: pd.DataFrame, marks: pd.DataFrame, unit: str, lang: str, title: str,
                       height: int = 260) -> alt.LayerChart:
    """Histogram (share of draws per bin) with rules at P10, P50 and P90."""
    _, axis_unit = plot_scale(unit, lang)
    x_title = axis_unit or " "
    fmt = "d" if unit == "year" else ",.4~g"
    bars = alt.Chart(hist).mark_bar(color=HIST_COLOR, opacity=0.8, binSpacing=0).encode(
        x=alt.X("lo:Q", title=x_title, bin="binned", axis=alt.Axis(format=fmt)), x2="hi:Q",
        y=alt.Y("share:Q", title=t("unc.tooltip.share", lang), axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("text_range:N", title=t("export.col.range", lang)),
                 alt.Tooltip("text_share:N", title=t("unc.tooltip.share", lang))])
    rules = alt.Chart(marks).mark_rule(color=MARK_COLOR, strokeDash=[4, 3], strokeWidth=1.5).encode(
        x="x:Q", tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=t("export.col.value", lang))])
    labels = alt.Chart(marks).mark_text(align="left", dx=3, dy=-4, color=MARK_COLOR, baseline="bottom").encode(
        x="x:Q", y=alt.value(0), text="label:N")
    return alt.layer(bars, rules, labels).properties(title=title, height=height)


# ------------------------------------------------------------------------------------ sensitivity


def _input_text(x, unit: str | None, lang: str) -> str:
    """An input value of the tornado in its unit (a plain number when the unit is unknown)."""
    if unit and isinstance(unit, str) and unit not in ("text", "choice"):
        return format_value(x, unit, lang)
    try:
        return f"{float(x):,.4g}"
    except (TypeError, ValueError):
        return str(x)


def tornado_frame(table: pd.DataFrame, unit: str, lang: str, top: int = TOP) -> pd.DataFrame:
    """Two rows per parameter (the top `top` by swing): label, case, start (= base) and end (the KPI
    at the low / high input), scaled for the plot, with texts."""
    label_col = label_column(lang)
    scale, _ = plot_scale(unit, lang)
    rows = []
    for rank, r in enumerate(table.sort_values("swing", ascending=False).head(top).itertuples(index=False)):
        r = r._asdict()
        for case in ("low", "high"):
            rows.append({"label": str(r[label_col]), "rank": rank, "case": t(f"unc.tornado_{case}", lang),
                         "start": float(r["base"]) / scale, "end": float(r[f"kpi_{case}"]) / scale,
                         "text_input": _input_text(r[case], r.get("unit"), lang),
                         "text_kpi": format_value(r[f"kpi_{case}"], unit, lang),
                         "text_base": format_value(r["base"], unit, lang)})
    return pd.DataFrame(rows, columns=["label", "rank", "case", "start", "end", "text_input", "text_kpi", "text_base"])


def tornado_chart(frame: pd.DataFrame, unit: str, lang: str, title: str) -> alt.LayerChart:
    """Horizontal bars from the base value to the KPI at each parameter's low and high input."""
    _, axis_unit = plot_scale(unit, lang)
    order = list(frame.sort_values("rank")["label"].drop_duplicates())
    cases = [t("unc.tornado_low", lang), t("unc.tornado_high", lang)]
    y = alt.Y("label:N", title=t("unc.col.parameter", lang), sort=order, axis=alt.Axis(labelLimit=320))
    bars = alt.Chart(frame).mark_bar(opacity=0.85).encode(
        y=y, x=alt.X("start:Q", title=axis_unit or " ", scale=alt.Scale(zero=False)), x2="end:Q",
        color=alt.Color("case:N", title=t("unc.col.case", lang), sort=cases,
                        scale=alt.Scale(domain=cases, range=[LOW_COLOR, HIGH_COLOR]), legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("label:N", title=t("unc.col.parameter", lang)),
                 alt.Tooltip("case:N", title=t("unc.col.case", lang)),
                 alt.Tooltip("text_input:N", title=t("unc.col.input", lang)),
                 alt.Tooltip("text_kpi:N", title=t("unc.col.kpi", lang)),
                 alt.Tooltip("text_base:N", title=t("unc.col.base", lang))])
    base = alt.Chart(frame.head(1)).mark_rule(color=NEUTRAL_COLOR, strokeWidth=1.5).encode(
        x="start:Q", tooltip=[alt.Tooltip("text_base:N", title=t("unc.col.base", lang))])
    height = max(120, 26 * len(order))
    return alt.layer(bars, base).properties(title=title, height=height)


def sobol_frame(table: pd.DataFrame, lang: str, top: int = TOP) -> pd.DataFrame:
    """Long rows (the top `top` parameters by ST): label, rank, index (S1 / ST label), value, low, high, texts."""
    label_col = label_column(lang)
    rows = []
    ranked = table.assign(_st=table["ST"].astype(float).fillna(-1)).sort_values("_st", ascending=False).head(top)
    for rank, r in enumerate(ranked.itertuples(index=False)):
        r = r._asdict()
        for idx in ("S1", "ST"):
            v, lo, hi = (float(r[idx]), float(r[f"{idx}_low"]), float(r[f"{idx}_high"]))
            rows.append({"label": str(r[label_col]), "rank": rank, "index": t(f"unc.index.{idx}", lang),
                         "value": v, "low": lo, "high": hi, "text_value": f"{v:.3f}",
                         "text_ci": t("unc.range", lang, low=f"{lo:.3f}", high=f"{hi:.3f}")})
    return pd.DataFrame(rows, columns=["label", "rank", "index", "value", "low", "high", "text_value", "text_ci"])


def sobol_chart(frame: pd.DataFrame, lang: str, title: str) -> alt.LayerChart:
    """S1 and ST side by side per parameter, with their confidence intervals as error bars."""
    order = list(frame.sort_values("rank")["label"].drop_duplicates())
    indices = [t("unc.index.S1", lang), t("unc.index.ST", lang)]
    y = alt.Y("label:N", title=t("unc.col.parameter", lang), sort=order, axis=alt.Axis(labelLimit=320))
    offset = alt.YOffset("index:N", sort=indices)
    tooltip = [alt.Tooltip("label:N", title=t("unc.col.parameter", lang)),
               alt.Tooltip("index:N", title=t("unc.col.index", lang)),
               alt.Tooltip("text_value:N", title=t("export.col.value", lang)),
               alt.Tooltip("text_ci:N", title=t("unc.col.ci", lang))]
    bars = alt.Chart(frame).mark_bar().encode(
        y=y, yOffset=offset, x=alt.X("value:Q", title=t("unc.axis.index", lang)),
        color=alt.Color("index:N", title=t("unc.col.index", lang), sort=indices,
                        scale=alt.Scale(domain=indices, range=list(INDEX_COLORS)),
                        legend=alt.Legend(orient="bottom")),
        tooltip=tooltip)
    errors = alt.Chart(frame).mark_rule(color=NEUTRAL_COLOR).encode(y=y, yOffset=offset, x="low:Q", x2="high:Q",
                                                                 tooltip=tooltip)
    height = max(120, 34 * len(order))
    return alt.layer(bars, errors).properties(title=title, height=height)


# ---------------------------------------------------------------------- other pages: P10–P90 ranges


def p_range(row, lang: str) -> str:
    """"P10–P90: a – b" of a row of MonteCarlo.kpis (needs key, p10, p90, unit; never_share for
    a year KPI). For a year KPI the range is over the draws that reach the year and says so, followed
    by the share of draws in which it is never reached; when no draw reaches it, only that."""
    key = row["key"] if "key" in row else row.name
    low, high = shown_value(row["p10"], row["unit"], lang), shown_value(row["p90"], row["unit"], lang)
    if key not in YEAR_KPIS:
        return t("unc.p_range", lang, low=low, high=high)
    never = float(row["never_share"])
    if never >= 1.0:
        return t(f"unc.never_all.{key}", lang)
    if never <= 0.0:
        return t("unc.p_range", lang, low=low, high=high)  # every draw reaches it: over all draws
    return t("unc.p_range_and_never", lang, reached=t("unc.p_range_reached", lang, low=low, high=high),
             never=t(f"unc.never.{key}", lang, share=format_value(never, "share", lang)))


def gap_band_frame(bands_by_name: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """scenario, year, p10, p90 of the staff gap (FTE) and the text, from each scenario's band_table()."""
    frames = []
    for name, bands in bands_by_name.items():
        b = bands[bands["metric"] == "gap_fte"]
        frames.append(pd.DataFrame({
            "scenario": name, "year": b["year"].astype(int).to_numpy(), "p10": b["p10"].astype(float).to_numpy(),
            "p90": b["p90"].astype(float).to_numpy(),
            "text": [t("unc.range", lang, low=format_value(a, "fte", lang), high=format_value(c, "fte", lang))
                     for a, c in zip(b["p10"], b["p90"])]}))
    if not frames:
        return pd.DataFrame(columns=["scenario", "year", "p10", "p90", "text"])
    return pd.concat(frames, ignore_index=True)


def gap_band_layer(frame: pd.DataFrame, names: list[str], palette, lang: str) -> alt.Chart:
    """P10–P90 areas of the staff gap, coloured like the compare page's scenario lines (y field "plot")."""
    scenario = t("compare.col.scenario", lang)
    return alt.Chart(frame).mark_area(opacity=0.2).encode(
        x=alt.X("year:Q", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, nice=False)),
        y=alt.Y("p10:Q"), y2="p90:Q",
        color=alt.Color("scenario:N", title=scenario, scale=alt.Scale(domain=names, range=list(palette[:len(names)]))),
        tooltip=[alt.Tooltip("scenario:N", title=scenario),
                 alt.Tooltip("year:Q", title=t("export.col.year", lang), format="d"),
                 alt.Tooltip("text:N", title=t("unc.band.p10_p90", lang))])
