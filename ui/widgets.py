"""Widgets generated from the parameter registry, reusable by any page.

The widget is chosen by the parameter's unit: shares and rates as % sliders, multipliers as
sliders, yen as a number input in 万円 (円 for small amounts such as per-resident costs), counts
and years as number inputs (whole numbers where the registry says integer), choices as a select box
of labels. Values are converted between model units and display units here, and only here.

Widgets take their value from st.session_state (set before the widget is drawn), never from a
`value=` argument: the scenario is the source of truth, and a widget that disagrees with it (after a
reset, a rejected change, another scenario) is set back to the scenario's value on the next run.
"""

from __future__ import annotations

import math
from decimal import Decimal

import streamlit as st

from sim.parameters import Param
from ui.i18n import t

SLIDER_UNITS = ("share", "rate", "multiplier")
PERCENT_UNITS = ("share", "rate")
SMALL_YEN_MAX = 50_000  # yen parameters up to this maximum (per-resident costs) are shown in 円, not 万円
MAN = 10_000  # 1万円


def display_unit(p: Param) -> str:
    """The unit a widget shows: a key of the parameters.unit.* catalogue entries."""
    if p.unit == "share":
        return "percent"
    if p.unit == "rate":
        return "percent_per_year"
    if p.unit == "yen":
        return "yen" if p.max is not None and p.max <= SMALL_YEN_MAX else "man_yen"
    return p.unit


def scale(p: Param) -> float:
    """display = model × scale."""
    unit = display_unit(p)
    if unit in ("percent", "percent_per_year"):
        return 100.0
    if unit == "man_yen":
        return 1 / MAN
    return 1.0


def _tidy(x: float) -> float | int:
    """Drop float noise (0.15000000000000002 -> 0.15) and store whole numbers as int."""
    x = float(f"{float(x):.12g}")
    return int(x) if x.is_integer() and abs(x) < 1e15 else x


def is_integer(p: Param) -> bool:
    return p.integer


def to_display(p: Param, value):
    """Model value -> widget value (choices are returned unchanged; see choice_labels)."""
    if not p.numeric:
        return value
    if is_integer(p):
        return int(round(value))
    x = float(f"{float(value) * scale(p):.12g}")
    return x


def to_model(p: Param, display):
    """Widget value -> model value."""
    if not p.numeric:
        return display
    if is_integer(p):
        return int(round(display))
    s = scale(p)
    return _tidy(display / s if s != 1 else display)


def step_decimals(step: float) -> int:
    exp = Decimal(f"{step:.12g}").normalize().as_tuple().exponent
    return max(0, -int(exp))


def bounds(p: Param) -> tuple:
    """(min, max, step) in display units; ints for integer parameters, floats otherwise."""
    if is_integer(p):
        return int(p.min), int(p.max), int(p.step or 1)
    s = scale(p)
    lo, hi = float(f"{p.min * s:.12g}"), float(f"{p.max * s:.12g}")
    step = float(f"{(p.step or (p.max - p.min) / 100) * s:.12g}")
    return lo, hi, step


def number_format(p: Param) -> str:
    if is_integer(p):
        return "%d"
    return f"%.{step_decimals(bounds(p)[2])}f"


def widget_kind(p: Param) -> str:
    if not p.numeric:
        return "select"
    return "slider" if p.unit in SLIDER_UNITS else "number"


def choice_label(p: Param, value: str, lang: str) -> str:
    field = p.key.rsplit(".", 1)[1]
    return t(f"parameters.choice.{field}.{value}", lang)


def choice_labels(p: Param, lang: str) -> dict[str, str]:
    """label -> value, in the registry's order."""
    return {choice_label(p, c, lang): c for c in p.choices}


def unit_label(p: Param, lang: str) -> str:
    return t(f"parameters.unit.{display_unit(p)}", lang)


def label(p: Param, lang: str, changed: bool = False) -> str:
    if p.numeric and p.unit != "year":  # a fiscal year needs no unit
        text = t("parameters.label_fmt", lang, label=p.label(lang), unit=unit_label(p, lang))
    else:
        text = p.label(lang)
    return text + t("parameters.changed_suffix", lang) if changed else text


def help_text(p: Param, lang: str) -> str:
    src = p.source_text(lang)  # the source id, or 仮定 with the sources that inform it
    return t("parameters.help_fmt", lang, help=p.help(lang), source=src)


def is_changed(p: Param, value, default=None) -> bool:
    """True when value differs from the default (the registry's, or `default` where the registry's
    depends on the municipality: see Scenario.default)."""
    default = p.default if default is None else default
    if isinstance(value, dict) or isinstance(default, dict):
        return value != default
    if not p.numeric or default is None:
        return value != default
    return not math.isclose(float(value), float(default), rel_tol=1e-9, abs_tol=1e-12)


def read(p: Param, wkey: str, lang: str):
    """The model value a widget holds now (in a callback)."""
    raw = st.session_state[wkey]
    if not p.numeric:
        return choice_labels(p, lang).get(raw, raw)
    return to_model(p, raw)


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12) and type(a) is type(b)
    return a == b


def sync(wkey: str, display) -> None:
    """Make the widget show `display` unless it already does (call before drawing the widget)."""
    if wkey not in st.session_state or not _same(st.session_state[wkey], display):
        st.session_state[wkey] = display


def render(p: Param, value, wkey: str, lang: str, *, on_change, args: tuple = (), changed: bool | None = None,
           disabled: bool = False):
    """Draw the widget for parameter p holding `value` (model units); return the widget's value.
    `changed` (marker on the label) defaults to: value differs from the registry default."""
    changed = is_changed(p, value) if changed is None else changed
    common = dict(label=label(p, lang, changed), key=wkey, help=help_text(p, lang), on_change=on_change,
                  args=args, disabled=disabled)
    kind = widget_kind(p)
    if kind == "select":
        labels = choice_labels(p, lang)
        sync(wkey, choice_label(p, value, lang))
        return st.selectbox(options=list(labels), **common)
    lo, hi, step = bounds(p)
    shown = to_display(p, value)
    if not is_integer(p):
        shown = min(max(float(shown), lo), hi)
    sync(wkey, shown)
    if kind == "slider":
        return st.slider(min_value=lo, max_value=hi, step=step, format=number_format(p), **common)
    return st.number_input(min_value=lo, max_value=hi, step=step, format=number_format(p), **common)
