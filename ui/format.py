"""Number formatting for the UI (pure functions, no streamlit)."""

from __future__ import annotations

import math

from ui.i18n import DEFAULT_LANG, has, t

# Units whose values are fiscal years: no thousands separators (2,034 would be wrong).
_YEAR_UNITS = {"year", "fy", "年度"}
# Unit labels written right after the number in every language.
_ATTACHED = {"%", "×"}


def unit_label(unit: object, lang: str = DEFAULT_LANG) -> str:
    """Display text of a unit: translated when the catalogue knows it, else the unit as given."""
    if unit is None or (isinstance(unit, float) and math.isnan(unit)):
        return ""
    key = f"unit.{str(unit).strip()}"
    return t(key, lang) if has(key, lang) else str(unit).strip()


def format_value(value: object, unit: object = "", lang: str = DEFAULT_LANG) -> str:
    """Format a KPI value with thousands separators and its unit.

    - missing (None / NaN / not a number) -> a dash;
    - unit ``share`` -> shown as percent;
    - year units -> ``2034年度`` / ``FY2034``, no separators;
    - integral values and values of 100 or more -> no decimals, smaller values -> one decimal.
    """
    try:
        v = float(value)  # also numpy scalars and decimal strings
    except (TypeError, ValueError):
        return t("value.missing", lang)
    if math.isnan(v):
        return t("value.missing", lang)
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"

    raw = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit).strip()
    if raw.lower() in _YEAR_UNITS:
        year = f"{v:.0f}"
        return f"{year}年度" if lang == "ja" else f"FY{year}"

    label = unit_label(raw, lang)
    if raw == "share":
        v, label = v * 100.0, "%"
    text = f"{v:,.0f}" if v.is_integer() or abs(v) >= 100 else f"{v:,.1f}"
    if not label:
        return text
    if label in _ATTACHED or lang == "ja":
        return f"{text}{label}"
    return f"{text} {label}"
