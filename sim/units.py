"""Formatting of values by unit for people: 人 / 人年 / 万円・億円 / % / 年度 (English: persons, FTE,
¥ million, FY). Shared by the CLI and the app so both show a figure the same way."""

from __future__ import annotations

import math

from sim.parameters import UNITS


def unit_name(unit: str, lang: str = "ja") -> str:
    """The name of a registry unit in the language (人年 / FTE); empty for a choice."""
    return "" if unit == "choice" else UNITS[unit][0 if lang == "ja" else 1]


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
    ja = lang == "ja"
    a = abs(x)
    if unit == "share":
        body = _num(a * 100, 1)
        suffix = ("pt" if ja else " pt") if delta else "%"
        return _sign(body, x, delta) + suffix
    if unit == "rate":
        body = _num(a * 100, 2)
        suffix = ("pt/年" if ja else " pt/yr") if delta else ("%/年" if ja else "%/yr")
        return _sign(body, x, delta) + suffix
    if unit == "year":
        if delta:
            body = _num(a, 0 if a == round(a) else 1)
            return _sign(body, x, True) + ("年" if ja else " yrs")
        year = int(math.floor(x + 0.5))
        return f"{year}年度" if ja else f"FY{year}"
    if unit == "yen":
        if ja:
            if a >= 1e8:
                body = _num(a / 1e8, 2) + "億円"
            elif a >= 1e6:
                body = _num(a / 1e4, 0) + "万円"
            elif a >= 1e4:
                body = _num(a / 1e4, 1) + "万円"
            else:
                body = _num(a, 0) + "円"
        else:
            if a >= 1e9:
                body = "¥" + _num(a / 1e9, 2) + " billion"
            elif a >= 1e6:
                body = "¥" + _num(a / 1e6, 1) + " million"
            else:
                body = "¥" + _num(a, 0)
        return _sign(body, x, delta)
    if unit == "multiplier":
        return _sign(_num(a, 2), x, delta) + ("倍" if ja else "×")
    decimals = 0 if a >= 100 or a.is_integer() else 1
    # counts, durations, ages: the number followed by the unit's name in the registry's one unit table
    suffix_ja, suffix_en = UNITS.get(unit, ("", unit))
    body = _sign(_num(a, decimals), x, delta)
    return body + (suffix_ja if ja else (" " + suffix_en if suffix_en else ""))
