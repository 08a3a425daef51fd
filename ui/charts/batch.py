"""Batch page: the per-municipality KPI table for display and download, and the gap-vs-population
chart (pure: no streamlit)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from sim.export import batch_table, csv_bytes as safe_csv_bytes
from ui.charts.colors import KIND_COLORS
from ui.i18n import t

KIND_ORDER = ("政令市", "特別区", "市", "町", "村")
# shown columns, in order; yen totals in millions, shares as percentages
TABLE_COLUMNS = ("name", "kind", "population", "staff", "staff_per_10k", "staff_gap_target", "staff_gap_target_pct",
                 "first_gap_year", "required_index_target", "dx_cost_per_resident", "dx_cost_cumulative",
                 "npv_cash", "npv", "payback_year")
LOG_TICKS = [100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000, 3_000_000]
PERCENT = ("staff_gap_target_pct", "required_index_target")
MILLIONS = ("dx_cost_cumulative", "npv_cash", "npv")
# Columns headed by the catalogue's one label of their concept (the batch export's, a KPI's, a metric's); the
# others by the page's own batch.col.<column> (shorter, or with the display unit).
SHARED_LABELS = {**{c: f"export.batch.{c}" for c in ("name", "kind", "staff", "staff_per_10k")},
                 **{c: f"kpi.{c}" for c in ("required_index_target", "payback_year")},
                 "population": "metric.population"}


def column_label(col: str, lang: str) -> str:
    """The header of a shown column in the language."""
    return t(SHARED_LABELS.get(col, f"batch.col.{col}"), lang)


def kind_label(kind: str, lang: str) -> str:
    return t(f"muni.kind.{kind}", lang) if kind in KIND_ORDER else str(kind)


def table_frame(batch: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The shown table: one row per municipality, numbers kept numeric (so sorting works), columns
    labelled in `lang`, sorted by the gap % (largest first)."""
    cols = [c for c in TABLE_COLUMNS if c in batch.columns]
    out = batch[cols].copy()
    for c in PERCENT:
        if c in out:
            out[c] = out[c].astype(float) * 100
    for c in MILLIONS:
        if c in out:
            out[c] = out[c].astype(float) / 1e6
    for c in ("first_gap_year", "payback_year", "population", "staff"):
        if c in out:
            out[c] = out[c].astype("Float64").round().astype("Int64")
    if "kind" in out:
        out["kind"] = [kind_label(k, lang) for k in out["kind"]]
    if "staff_gap_target_pct" in out:
        out = out.sort_values("staff_gap_target_pct", ascending=False, kind="stable", na_position="last")
    return out.rename(columns={c: column_label(c, lang) for c in cols}).reset_index(drop=True)


def csv_bytes(batch: pd.DataFrame, lang: str) -> bytes:
    """The full KPI table for people (sim.export.batch_table: headers with units, codes as text) as CSV,
    UTF-8 with a BOM (opens in Excel with the Japanese names intact)."""
    return safe_csv_bytes(batch_table(batch, lang))  # formula-safe: names come from an uploaded file


def chart_frame(batch: pd.DataFrame, lang: str) -> pd.DataFrame:
    """name, prefecture, kind label, population, gap % (×100) of the municipalities that can be drawn."""
    out = pd.DataFrame({
        "name": batch["name"].astype(str),
        "prefecture": batch["prefecture"].astype(str) if "prefecture" in batch else "",
        "kind": [kind_label(k, lang) for k in batch["kind"]],
        "population": batch["population"].astype(float),
        "gap_pct": batch["staff_gap_target_pct"].astype(float) * 100,
    })
    ok = np.isfinite(out["population"]) & (out["population"] > 0) & np.isfinite(out["gap_pct"])
    return out[ok].reset_index(drop=True)


def gap_chart(frame: pd.DataFrame, lang: str, year: str, height: int = 380) -> alt.Chart:
    """Gap % in the target year against population (log x), one point per municipality, coloured by kind."""
    domain = [kind_label(k, lang) for k in KIND_ORDER]
    name, kind = column_label("name", lang), column_label("kind", lang)
    return (alt.Chart(frame, title=t("batch.chart", lang, year=year)).mark_circle(size=70, opacity=0.8)
            .encode(x=alt.X("population:Q", title=t("batch.axis.population", lang),
                            scale=alt.Scale(type="log"), axis=alt.Axis(format="~s", values=LOG_TICKS)),
                    y=alt.Y("gap_pct:Q", title=t("batch.axis.gap_pct", lang)),
                    color=alt.Color("kind:N", title=kind, scale=alt.Scale(domain=domain, range=list(KIND_COLORS)),
                                    legend=alt.Legend(orient="bottom")),
                    tooltip=[alt.Tooltip("name:N", title=name),
                             alt.Tooltip("prefecture:N", title=t("export.batch.prefecture", lang)),
                             alt.Tooltip("kind:N", title=kind),
                             alt.Tooltip("population:Q", title=column_label("population", lang), format=",.0f"),
                             alt.Tooltip("gap_pct:Q", title=column_label("staff_gap_target_pct", lang),
                                         format=".1f")])
            .properties(height=height))
