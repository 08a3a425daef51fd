"""Formatting of values by unit for people: 人 / 人年 / 万円・億円 / % / 年度 (English: persons, FTE,
¥ million, FY). Shared by the CLI, the app and the exports so that all show a figure the same way. The
words are in the catalogue (sim/text/units.py); the scales and precisions are here.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from sim.i18n import t

PERCENT_UNITS = ("share", "rate")  # stored as fractions, shown as % (rates per year)
PERCENT_DECIMALS = {"share": 1, "rate": 2}


class YenScale(NamedTuple):
    name: str       # value.yen.<name> / header.yen.<name> in the catalogue
    divisor: float
    decimals: int
    from_abs: float  # used for amounts of at least this size


# Amounts in yen are written in the language's usual scale: 億円 / 万円 / 円, ¥ billion / ¥ million / ¥.
YEN_SCALES: dict[str, tuple[YenScale, ...]] = {
    "ja": (YenScale("large", 1e8, 2, 1e8), YenScale("medium", 1e4, 0, 1e6), YenScale("medium", 1e4, 1, 1e4),
           YenScale("plain", 1, 0, 0)),
    "en": (YenScale("large", 1e9, 2, 1e9), YenScale("medium", 1e6, 1, 1e6), YenScale("plain", 1, 0, 0)),
}


# A table of yearly lines (the budget) switches to 億円 only from 10億円, as English does to ¥ billion: in a
# small town's budget (pay about 6億円) 億円 with two decimals showed most other lines as 0.01.
YEARLY_TABLE_SCALES: dict[str, tuple[YenScale, ...]] = {
    "ja": (YenScale("large", 1e8, 2, 1e9), *YEN_SCALES["ja"][1:]),
    "en": YEN_SCALES["en"],
}


def yen_scale(magnitude: float, lang: str, scales: dict[str, tuple[YenScale, ...]] = YEN_SCALES) -> YenScale:
    """The scale an amount of this size (absolute yen) is written in."""
    return next(s for s in scales[lang] if magnitude >= s.from_abs)


def count_decimals(magnitude: float) -> int:
    """Counts, durations, ages: whole numbers from 100 up, one decimal below."""
    return 0 if magnitude >= 100 or float(magnitude).is_integer() else 1


def unit_name(unit: str, lang: str = "ja") -> str:
    """The name of a registry unit in the language (人, 人年 / persons, FTE); empty for a choice."""
    return "" if unit == "choice" else t(f"unit.{unit}", lang)


def _sign(body: str, x: float, signed: bool) -> str:
    zero = not any(ch in "123456789" for ch in body)
    if x < 0 and not zero:
        return "-" + body
    if signed and not zero:
        return "+" + body
    return body


def _num(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def format_value(x, unit: str, lang: str = "ja", delta: bool = False) -> str:
    """A KPI or parameter value for people: units, thousands separators, 万円/億円 or million/billion.

    delta=True formats a difference: signed, shares in percentage points, years as a number of years.
    """
    if x is None:
        return "—"
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(x):
        return "—"
    if math.isinf(x):
        return ("-∞" if x < 0 else "+∞" if delta else "∞")
    a = abs(x)
    if unit in PERCENT_UNITS:
        key = f"value.{unit}" + (".delta" if delta else "")
        return _sign(t(key, lang, n=_num(a * 100, PERCENT_DECIMALS[unit])), x, delta)
    if unit == "year":
        if delta:
            return _sign(t("value.year.delta", lang, n=_num(a, 0 if a == round(a) else 1)), x, True)
        return t("value.year", lang, n=int(math.floor(x + 0.5)))
    if unit == "yen":
        s = yen_scale(a, lang)
        return _sign(t(f"value.yen.{s.name}", lang, n=_num(a / s.divisor, s.decimals)), x, delta)
    if unit == "multiplier":
        return _sign(t("value.multiplier", lang, n=_num(a, 2)), x, delta)
    body = _num(a, count_decimals(a))
    if not unit:
        return _sign(body, x, delta)
    return _sign(t("value.count", lang, n=body, unit=unit_name(unit, lang)), x, delta)


class Column(NamedTuple):
    """How a column of values in one unit is written in an export: divided by `divisor`, rounded to
    `decimals`, the header naming `unit_text`."""
    divisor: float
    decimals: int
    unit_text: str


def column_format(values, unit: str, lang: str, yen_scales: dict[str, tuple[YenScale, ...]] = YEN_SCALES) -> Column:
    """The display precision and header unit of a column (one scale for the whole column, chosen by
    its largest value as format_value would, or by yen_scales): shares and rates in %, yen in 億円 / 万円 /
    円, years as fiscal years, counts with the unit's name."""
    a = np.abs(np.asarray(values, dtype=float))
    a = a[np.isfinite(a)]
    top = float(a.max()) if a.size else 0.0
    if unit in PERCENT_UNITS:
        return Column(0.01, PERCENT_DECIMALS[unit], t(f"header.{unit}", lang))
    if unit == "yen":
        s = yen_scale(top, lang, yen_scales)
        return Column(s.divisor, s.decimals, t(f"header.yen.{s.name}", lang))
    if unit == "year":
        return Column(1, 0, unit_name(unit, lang))
    if unit == "multiplier":
        return Column(1, 2, unit_name(unit, lang))
    decimals = 0 if top >= 100 or bool(np.all(a == np.round(a))) else 1
    return Column(1, decimals, unit_name(unit, lang) if unit else "")


def rounded(values, col: Column) -> np.ndarray:
    """Values in a column's scale, rounded to its precision; -0.0 and float noise (−1.4e-14) become 0."""
    out = np.round(np.asarray(values, dtype=float) / col.divisor, col.decimals)
    return out + 0.0
