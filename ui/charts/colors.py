"""The one colour table of every chart: one fixed colour per series (by its key) and per lever kind.

Every chart builder takes its colours from here, so a series looks the same on every page, and a lever
keeps its colour whatever other levers are enabled (levers are coloured by kind, named in the legend).
The gap's red and the required line's colour belong to those two series only.
"""

from __future__ import annotations

from sim.parameters import LEVER_KINDS

GAP_COLOR = "#d62728"       # the staff shortfall, and nothing else
REQUIRED_COLOR = "#222222"  # the required-staff line, and nothing else

SERIES_COLORS: dict[str, str] = {
    # staff supply and demand
    "staff_regular": "#4c78a8",
    "rehired_fte": "#72b7b2",
    "external_fte": "#9ecae9",
    "supply_fte": "#4c78a8",
    "required_fte": REQUIRED_COLOR,
    "gap_fte": GAP_COLOR,
    # flows (persons)
    "hires": "#4c78a8",
    "teinen": "#9467bd",
    "other_exits": "#f58518",
    "unfilled": "#9d9d9d",
    # staff categories
    "admin": "#4c78a8",
    "technical": "#54a24b",
    "digital": "#b279a2",
    # digital talent
    "available": "#4c78a8",
    "required": REQUIRED_COLOR,
    # budget lines
    "pay_regular": "#4c78a8",
    "pay_rehired": "#9ecae9",
    "allowance_teinen": "#9d755d",
    "allowance_voluntary": "#d8b5a5",
    "external_talent": "#b279a2",
    "lever_capex": "#f58518",
    "lever_opex": "#ffbf79",
    "system_running": "#72b7b2",
    "training": "#54a24b",
    "recruiting": "#eeca3b",
    "subsidies": "#8c6d31",
    # appraisal
    "benefit": "#54a24b",
    "dx_cost_net": "#f58518",
    "net_benefit_cumulative": "#54a24b",
}

LEVER_COLORS: dict[str, str] = {
    "standardisation": "#4c78a8",
    "frontyard": "#f58518",
    "eltax": "#eeca3b",
    "mynumber": "#72b7b2",
    "security": "#9d755d",
    "rpa_ai": "#54a24b",
    "genai": "#b279a2",
    "telework": "#17becf",
    "custom": "#9d9d9d",
}
assert set(LEVER_COLORS) == set(LEVER_KINDS), "one colour per lever kind"

# Neutral lines: the zero line of a chart, and legend symbols that stand for a line style only.
ZERO_COLOR = "#888888"
NEUTRAL_COLOR = "#555555"

# Uncertainty and sensitivity: histogram bars and their percentile marks (P10, P50, P90); tornado bars of a
# low and a high input; Sobol indices S1 and ST.
HIST_COLOR = "#4c78a8"
MARK_COLOR = "#f58518"
LOW_COLOR, HIGH_COLOR = "#4c78a8", "#e45756"
INDEX_COLORS = ("#4c78a8", "#f58518")

# Batch: municipality kinds 政令市, 特別区, 市, 町, 村 (in ui.charts.batch.KIND_ORDER).
KIND_COLORS = ("#9467bd", "#8c564b", "#1f77b4", "#ff7f0e", "#2ca02c")

# Scenarios on the compare page (up to five), in the order picked: neither the gap's red nor the required colour.
SCENARIO_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b")
# Line styles of the scenarios, so that they stay apart in print and for colour-blind readers.
SCENARIO_DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4])


def series_color(key: str) -> str:
    return SERIES_COLORS[key]


def lever_color(kind: str) -> str:
    return LEVER_COLORS.get(kind, LEVER_COLORS["custom"])
