"""The 定員管理計画 (staffing plan) table: one row per fiscal year in the layout municipalities publish
— staff on 1 April by category, 定年 and other exits, 再任用 (persons and FTE), hires, the net change,
required staff and the town's own 定員 target, and the surplus or shortfall against both.

`staffing_plan_frame` holds the numbers under stable column keys (tests, golden, exports);
`staffing_plan_table` is the same table with headers in the language and, optionally, 令和 years.
Every view of the table (page, results exports, xlsx, docx) goes through these two functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.results import Results
from sim.i18n import t

REIWA_OFFSET = 2018  # FY2019 = 令和元年度 (1), FY2026 = 令和8年度

# Columns in order, each with the unit of its figures (sim.parameters.UNITS keys).
COLUMNS = (
    ("year", "year"),
    ("staff_admin", "persons"), ("staff_technical", "persons"), ("staff_digital", "persons"),
    ("staff_regular", "persons"),
    ("teinen", "persons"), ("other_exits", "persons"),
    ("rehired", "persons"), ("rehired_fte", "fte"),
    ("hires", "persons"), ("net_change", "persons"),
    ("supply_fte", "fte"), ("required_fte", "fte"), ("balance_required", "fte"),
    ("staff_target", "persons"), ("balance_target", "fte"),
)
KEYS = tuple(key for key, _ in COLUMNS)
UNIT = dict(COLUMNS)
# Columns headed by the catalogue's one label of their concept (the yearly metric, the year column); the
# others by the plan's own plan.col.<key>, in the wording of a published 定員管理計画.
SHARED_LABELS = {"year": "export.col.year", **{key: f"metric.{key}" for key in ("teinen", "rehired_fte", "hires")}}
FROM_SERIES = ("staff_admin", "staff_technical", "staff_digital", "staff_regular", "teinen", "other_exits",
               "rehired", "rehired_fte", "hires", "supply_fte", "required_fte")


def staffing_plan_frame(results: Results) -> pd.DataFrame:
    """The table's numbers, one row per year of the horizon, under the keys of COLUMNS.

    net_change = hires − 定年 − other exits of year t = regular staff on 1 April t+1 − on 1 April t.
    staff_target is NaN in years without a target (workforce.staff_target = 0), and so is balance_target.
    """
    frame = pd.DataFrame({"year": results.years.astype(int)})
    for key in FROM_SERIES:
        frame[key] = results.shown(key)
    frame["net_change"] = results.shown("net_change")
    frame["balance_required"] = 0.0 - results.shown("gap_fte")  # gap = required − supply, per draw (0.0 −: no −0)
    # the target is an input, the same in every draw: the P50 of supply − target is P50(supply) − target
    target = results.shown("staff_target").astype(float)
    frame["staff_target"] = np.where(target > 0, target, np.nan)
    frame["balance_target"] = np.where(target > 0, frame["supply_fte"] - target, np.nan)
    return frame[list(KEYS)]


def year_label(year: int, lang: str, reiwa: bool = False) -> str:
    """FY2026 -> 令和8年度 (reiwa) or 2026年度 / FY2026."""
    if reiwa:
        return t("plan.year_reiwa", lang, year=year, n=year - REIWA_OFFSET)
    return t("plan.year_plain", lang, year=year)


def column_label(key: str, lang: str) -> str:
    return t(SHARED_LABELS.get(key, f"plan.col.{key}"), lang)


def plan_note(lang: str, draws: int = 1) -> str:
    """The note under the table: what each column counts (and that several draws give medians)."""
    return t("plan.note", lang) + (" " + t("plan.median_note", lang, draws=draws) if draws > 1 else "")


def staffing_plan_table(results: Results, lang: str, reiwa: bool = False) -> pd.DataFrame:
    """The 定員管理計画 with headers in the language; the year column as 令和 labels when reiwa,
    else the fiscal year as a number."""
    frame = staffing_plan_frame(results)
    if reiwa:
        frame["year"] = [year_label(int(y), lang, reiwa=True) for y in frame["year"]]
    return frame.rename(columns={key: column_label(key, lang) for key in KEYS})
