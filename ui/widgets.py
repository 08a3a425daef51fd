"""Widgets generated from the parameter registry, reusable by any page.

The widget is chosen by the parameter's unit: shares and rates as % sliders, multipliers as
sliders, yen as a number input in 万円 (円 for small amounts such as per-resident costs), counts
and years as number inputs (whole numbers where the registry says integer), choices as a select box
of labels. Values are converted between model units and display units here, and only here.

Widgets get their value from the scenario through `value=` (never pre-seeded in st.session_state)
and are bound to it by ui/bindings.py: a change is applied at the start of the next run, and a
widget whose state disagrees with the scenario (after a reset, a rejected change, another scenario)
is drawn afresh under a new key, showing the scenario's value.
"""

from __future__ import annotations

import math
from decimal import Decimal

import streamlit as st

from sim.parameters import Param
from ui.i18n import in_lang, t

CREATED_WITH = "widget_created_with"  # key of an expander or tabs -> the default it was created with
SLIDER_UNITS = ("share", "rate", "multiplier")
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
    return p.choice_label(value, lang)


def choice_labels(p: Param, lang: str) -> dict[str, str]:
    """label -> value, in the registry's order."""
    return {choice_label(p, c, lang): c for c in p.choices}


# Units a widget shows in its own way (values converted to % or 万円), by their catalogue key: the exports'
# header units (header.* in sim/text/units.py) where the two agree, else parameters.unit.* in ui/text; every
# other unit is named as in the registry's unit table (unit.* in sim/text/units.py).
WIDGET_UNITS = {"percent": "header.share", "percent_per_year": "header.rate", "man_yen": "parameters.unit.man_yen",
                "yen": "header.yen.plain", "year": "parameters.unit.year"}


def unit_label(p: Param, lang: str) -> str:
    unit = display_unit(p)
    return t(WIDGET_UNITS.get(unit, f"unit.{unit}"), lang)


def label(p: Param, lang: str, changed: bool = False) -> str:
    if p.numeric and p.unit != "year":  # a fiscal year needs no unit
        text = t("export.header_unit", lang, label=p.label(lang), unit=unit_label(p, lang))
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


def problem_line(path: str, msg: str, lang: str) -> str:
    """One problem in the language, as the CLI prints it: "key path: what"."""
    text = in_lang(msg, lang)
    return f"{path}: {text}" if path else text


def problem_block(problems, lang: str) -> None:
    """Problems [(key path, message)] as a list in the language, wrapped (never cut off in the narrow
    sidebar); user text is shown as plain text, never as markup."""
    st.code("\n".join(problem_line(path, msg, lang) for path, msg in problems), language=None, wrap_lines=True)


def show_problems(problems, lang: str) -> None:
    """Every problem under the error title (the scenario is unchanged), in the language."""
    st.error(t("common.error_title", lang))
    problem_block(problems, lang)


def render(p: Param, value, name: str, lang: str, *, target: tuple, convert: tuple | None = None,
           changed: bool | None = None, disabled: bool = False, kind: str | None = None,
           label_text: str | None = None, container=None) -> str:
    """Draw the widget for parameter p holding `value` (model units), bound to `target` (see
    bindings.apply); return its key. `changed` (marker on the label) defaults to: value differs from
    the registry default. `kind` overrides the widget chosen by the unit ("number" for a slider unit).
    A rejected value's problems are shown beside the field."""
    from ui import bindings

    changed = is_changed(p, value) if changed is None else changed
    text = label_text if label_text is not None else label(p, lang, changed)
    kind = kind or widget_kind(p)
    dg = container if container is not None else st
    if kind == "select":
        labels = choice_labels(p, lang)
        shown = choice_label(p, value, lang)
        wkey = bindings.key(name, shown, target, ("choices", labels), bind=not disabled)
        options = list(labels)
        dg.selectbox(text, options, index=options.index(shown), key=wkey, help=help_text(p, lang),
                     disabled=disabled)
    else:
        lo, hi, step = bounds(p)
        shown = to_display(p, value)
        if not is_integer(p):
            shown = min(max(float(shown), lo), hi)
        else:
            shown = min(max(int(shown), lo), hi)
        wkey = bindings.key(name, shown, target, convert or ("param", p.key), bind=not disabled)
        common = dict(min_value=lo, max_value=hi, step=step, value=shown, format=number_format(p), key=wkey,
                      help=help_text(p, lang), disabled=disabled)
        if kind == "slider":
            dg.slider(text, **common)
        else:
            dg.number_input(text, **common)
    problems = bindings.pop_problems(wkey)
    if problems:
        with dg.container():
            show_problems(problems, lang)
    return wkey


def stable_default(wkey: str, wanted):
    """The default of a stateful expander or tabs (key, on_change="rerun") whose state the app keeps
    itself (so that it survives a page switch, which drops the state of widgets not drawn): `wanted` when
    the widget is created, the default it was created with while it lives. The default is part of the
    widget's identity: changing it while the widget lives would make a new widget and lose the click the
    browser sent for the old one (open a group, close it: it stayed open)."""
    ss = st.session_state
    created = ss.get(CREATED_WITH, {})
    if wkey in ss and wkey in created:
        return created[wkey]
    if wkey not in created or created[wkey] != wanted:
        ss[CREATED_WITH] = {**created, wkey: wanted}
    return wanted
