"""Plan optimiser page: the cost–gap frontier chart and the display tables (pure: no streamlit)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from sim.optimise import OBJECTIVE
from sim.units import format_value
from ui.charts.colors import SCENARIO_COLORS
from ui.charts.compare import AUTOSIZE, HEIGHT, YEN_SCALE, kpi_display
from ui.i18n import t

FRONTIER_COLUMNS = {"max_gap_limit": "share", "feasible": "flag", OBJECTIVE: "yen", "max_gap": "share",
                    "hires_mean": "persons_per_year", "levers_on": "", "l1_gap": "persons", "l2_gap": "persons",
                    "l3_gap": "persons"}
FRONTIER_TEXT = {"max_gap_limit": "opt.frontier.limit", "feasible": "opt.row.constraint_met",
                 OBJECTIVE: "opt.frontier.cost", "max_gap": "opt.frontier.max_gap",
                 "hires_mean": "opt.frontier.hires_mean", "levers_on": "opt.frontier.levers_on",
                 "l1_gap": "opt.frontier.l1_gap", "l2_gap": "opt.frontier.l2_gap", "l3_gap": "opt.frontier.l3_gap"}


def frontier_chart(frontier: pd.DataFrame, lang: str, height: int = HEIGHT) -> alt.Chart:
    """Least cash outlay (億円 / ¥ million) against the gap limit; limits no plan meets are left out."""
    scale, _ = YEN_SCALE["ja"]  # the axis title says 億円 (¥100M) in both languages: a planner's unit
    d = frontier[frontier["feasible"]].copy()
    d["limit_pct"] = d["max_gap_limit"] * 100
    d["cost"] = d[OBJECTIVE] / scale
    d["text"] = [format_value(v, "yen", lang) for v in d[OBJECTIVE]]
    limit, cost = t("opt.frontier.limit", lang), t("opt.frontier.cost", lang)
    return alt.Chart(d).mark_line(point=True, color=SCENARIO_COLORS[0], strokeWidth=2.2).encode(
        x=alt.X("limit_pct:Q", title=f"{limit} (%)", scale=alt.Scale(domain=[0, 10])),
        y=alt.Y("cost:Q", title=cost, scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("limit_pct:Q", title=f"{limit} (%)", format=".0f"),
                 alt.Tooltip("text:N", title=cost)],
    ).properties(title=t("opt.frontier_chart", lang), height=height, autosize=AUTOSIZE)


def _cell(value, unit: str, lang: str) -> str:
    if unit == "flag":
        return t("optimise.flag.yes" if bool(value) else "optimise.flag.no", lang)
    return format_value(value, unit, lang)


def frontier_display(frontier: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({t(FRONTIER_TEXT[col], lang): [_cell(v, unit, lang) for v in frontier[col]]
                         for col, unit in FRONTIER_COLUMNS.items()})


def comparison_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """sim.optimise.comparison for people: the KPI rows as on the compare page, the constraint met as yes/no;
    the columns named in the language (plan, starting scenario, built-in scenarios by their ids)."""
    names = [c for c in table.columns if c not in ("key", "label_ja", "label_en", "unit")
             and not c.startswith("Δ ") and not c.startswith("never_share ")]
    kpis = table[table["unit"] != "flag"]
    shown = kpi_display(kpis, names, lang)
    met = table[table["unit"] == "flag"].iloc[0]
    row = {shown.columns[0]: t("opt.row.constraint_met", lang),
           **{n: _cell(met[n], "flag", lang) for n in names}, **{f"Δ {n}": "" for n in names[1:]}}
    shown = pd.concat([shown, pd.DataFrame([row])], ignore_index=True)
    rename = {"plan": t("opt.col.plan", lang), "start": t("opt.col.start", lang)}
    return shown.rename(columns=lambda c: next((c.replace(k, v) for k, v in rename.items()
                                                if c == k or c == f"Δ {k}"), c))
