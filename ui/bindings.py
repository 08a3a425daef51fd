"""Widgets bound to the working scenario: a widget shows the scenario's value, and the user's change
reaches the scenario even when the run that carried it was stopped.

Why this exists (Streamlit 1.67, fastReruns = true):
- A page switch stops the running script, and every st.session_state access is a stop point, so an
  on_change callback can die between computing the new scenario and storing it. The page-switch
  request carries only the sidebar's widget values, so the change would never be applied again.
- A keyed widget pre-seeded through st.session_state and created without `value=` shows its
  *default* (the minimum) whenever the browser has dropped its state but the server has not (after
  a page switch): the server sees no difference and sends no value.

So bound widgets (1) are created with `value=` taken from the scenario, never pre-seeded; (2) get a
new key (a "generation") whenever the value the server holds for them differs from the scenario's
(a rejected change, a reset, another scenario), so they are drawn afresh with the scenario's value;
(3) have no on_change callback: every run starts with `apply_pending()` (app.py, before any page),
which applies each bound widget's value that differs from what it was drawn with. A value that a
stopped run did not apply is found by the next run: in the widget's state, or, when that run opens
another page (Streamlit then drops the state of every widget the request does not carry before the
run starts), in INBOX, where ui/streamlit_patch.py copies the bound values of each request, and in
streamlit_patch.received(), the bound values taken as each request arrived (a request whose own run
starts late or never, with fastReruns, still counts; these are the latest and win). The new
scenario is computed first and stored with one assignment; a run stopped before it leaves the value
pending for the next run, one stopped after it finds the value already applied.

The scenario (state.scenario_text) stays the single source of truth: bindings record only what each
widget was drawn with, never a parameter value of their own.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sim.inputs import with_year_value
from sim.scenario import Scenario, ScenarioError
from ui import state, streamlit_patch

BINDINGS = "widget_bindings"  # widget key -> {"target", "shown", "rev", "convert"}
GENERATIONS = "widget_generations"  # base key -> generation
PROBLEMS = "widget_problems"  # base key -> problems of the last rejected value (shown beside the field)
INBOX = "widget_inbox"  # widget key -> the last value the browser sent (ui/streamlit_patch.py keeps it)


def same(a, b) -> bool:
    """Widget values equal for our purpose: numbers by value (int 5 == float 5.0), others exactly."""
    num = (int, float)
    if isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def base_of(wkey: str) -> str:
    return wkey.split("~", 1)[0]


def key(name: str, shown, target: tuple, convert: tuple, *, bind: bool = True) -> str:
    """The key of the widget `name` (revision included) that is to show `shown`.

    A new generation when the server holds another value for the current key than `shown`; the
    binding (what to change, how to convert) is recorded unless bind is False (a disabled widget)."""
    ss = st.session_state
    if GENERATIONS not in ss:
        ss[GENERATIONS] = {}
    if BINDINGS not in ss:
        ss[BINDINGS] = {}
    gens, binds = ss[GENERATIONS], ss[BINDINGS]
    base = state.widget_key(name)
    gen = gens.get(base, 0)
    wkey = base if gen == 0 else f"{base}~{gen}"
    if wkey in ss and not same(_held(ss[wkey], convert), _held(shown, convert)):
        gen += 1
        gens[base] = gen
        binds.pop(wkey, None)
        wkey = f"{base}~{gen}"
    if bind:
        binds[wkey] = {"target": target, "shown": shown, "rev": ss.get(state.REVISION, 0), "convert": convert}
    else:
        binds.pop(wkey, None)
    return wkey


def _held(value, convert: tuple):
    """Labels of select boxes are compared as the values they stand for (labels change with the language)."""
    if convert and convert[0] == "choices":
        return convert[1].get(value, value)
    return value


def to_model(value, convert: tuple):
    """Widget value -> model value, by the binding's conversion."""
    from sim.parameters import REGISTRY, lever_fields
    from ui import widgets

    kind = convert[0]
    if kind == "choices":
        return convert[1].get(value, value)
    if kind == "strip":
        return value.strip() if isinstance(value, str) else value
    if kind == "param":
        return widgets.to_model(REGISTRY[convert[1]], value)
    if kind == "lever":
        return widgets.to_model(lever_fields(convert[1])[convert[2]], value)
    return value  # "raw"


def apply(sc: Scenario, target: tuple, value) -> Scenario:
    """The scenario with one bound value changed (validated; raises ScenarioError)."""
    kind = target[0]
    if kind == "param":
        return sc.with_changes({target[1]: value})
    if kind == "param_year":  # one year of a time-varying parameter, the other years kept
        _, key, year = target
        years = np.arange(int(sc.value("simulation.base_year")), int(sc.value("simulation.end_year")) + 1)
        return sc.with_changes({key: with_year_value(sc.value(key), year, value, years)})
    if kind == "lever":
        _, index, field = target
        return sc.with_lever_changed(index, **{field: value})
    if kind == "muni":
        return sc.with_changes({f"municipality.{target[1]}": value})
    raise ValueError(f"unknown binding target {target!r}")  # a programming error


def apply_pending() -> None:
    """Apply every bound widget's value that differs from what the widget was drawn with (call at the
    start of each run, before any widget is drawn). Rejected values are recorded in PROBLEMS."""
    ss = st.session_state
    ctx = get_script_run_ctx()
    sid = ctx.session_id if ctx is not None else None
    received = streamlit_patch.received(sid) if sid else {}  # taken when the requests arrived: the latest
    kept = ss.get(INBOX) or {}
    _apply_pending(ss, {**kept, **received})
    if received:
        streamlit_patch.handled(sid, received)
    if kept:
        ss[INBOX] = {}  # emptied only once handled: a run stopped before this handles it again


def _apply_pending(ss, inbox: dict) -> None:
    binds = ss.get(BINDINGS)
    if not binds:
        return
    rev = ss.get(state.REVISION, 0)
    pending = []
    for wkey in list(binds):
        b = binds[wkey]
        if b["rev"] != rev:  # drawn for another scenario
            del binds[wkey]
            continue
        if wkey in inbox:  # the latest value the browser sent (the widget's state may be older, or dropped)
            value = inbox[wkey]
        elif wkey in ss:
            value = ss[wkey]
        else:  # the widget is gone
            del binds[wkey]
            continue
        if not same(_held(value, b["convert"]), _held(b["shown"], b["convert"])):
            pending.append((wkey, b, value))
    if not pending:
        return
    sc = state.scenario()
    before = sc
    problems = {}
    for wkey, b, value in pending:
        try:
            sc = apply(sc, b["target"], to_model(value, b["convert"]))
        except ScenarioError as err:
            problems[base_of(wkey)] = list(err.problems)
    if sc is not before:
        state.store(sc)  # one assignment: applied or still pending, never half-applied
    for wkey, b, value in pending:
        b["shown"] = value  # handled (applied, or rejected and reported)
    if problems:
        ss[PROBLEMS] = {**ss.get(PROBLEMS, {}), **problems}


def pop_problems(wkey: str) -> list | None:
    """Problems of the last rejected value of this widget, once."""
    found = st.session_state.get(PROBLEMS)
    if not found or base_of(wkey) not in found:
        return None
    found = dict(found)
    problems = found.pop(base_of(wkey))
    st.session_state[PROBLEMS] = found
    return problems
