"""How a value is shown in a chart tooltip or a table: headcounts as whole people.

The model works in expected values (a town of 90 staff "hires 0.3 people" in a year); people read
whole persons, so a value in persons is rounded for display, with a note under the chart or table
(i18n key common.expected_values_note). CSV downloads give each unit's display precision (sim.export.unit_table).
"""

from __future__ import annotations

import math

from sim.units import format_value

WHOLE_UNITS = ("persons",)


def whole(x):
    """A headcount rounded to whole people (half away from zero); anything else unchanged."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return x
    return math.copysign(math.floor(abs(v) + 0.5), v) + 0.0 if math.isfinite(v) else v


def shown_value(x, unit: str, lang: str, delta: bool = False) -> str:
    """format_value, with a headcount rounded to whole people (half away from zero)."""
    if unit in WHOLE_UNITS:
        x = whole(x)
    return format_value(x, unit, lang, delta=delta)
