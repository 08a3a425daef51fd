"""Parameters page: every scenario parameter, generated from the registry, and the DX levers editor.

Each change builds a new Scenario (validated, all or nothing) and makes it the working scenario; a
rejected change is shown as a list of problems and leaves the scenario as it was.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import streamlit as st

from sim.inputs import interpolate
from sim.parameters import GROUPS, LEVER_KINDS, REGISTRY, group_label, lever_fields, lever_kind_help, lever_kind_label
from sim.scenario import ScenarioError
from ui import bindings, headline, municipal, state, widgets
from ui.i18n import t
from sim.labels import lever_title_kind

ERROR = "parameters_error"  # problems of the last rejected change, shown on the next run
OPEN = "parameters_open"  # section name -> open (expanders of the groups and levers)
BY_YEAR = "parameters_by_year"  # parameter key -> the year table is shown
ADD_KIND = "lever_add_kind"
PAGE_GROUPS = tuple(g for g in GROUPS if g != "municipality" and not g.startswith("lever."))
MD_SPECIAL = "\\`*_{}[]()<>#+-.!|~$:"


def group_params(group: str) -> list:
    return [p for p in REGISTRY.values() if p.group == group]


def md_escape(text: str) -> str:
    """User text shown in a markdown label (expander titles) as plain text."""
    text = " ".join(str(text).split())
    return "".join("\\" + ch if ch in MD_SPECIAL else ch for ch in text)


def series_editor_key(key: str) -> str:
    """Key of the year -> value table of a time-varying parameter (renewed after each applied edit)."""
    return state.widget_key(f"param_series:{key}") + f"#{st.session_state.get(f'series_rev:{key}', 0)}"


# --- applying changes (module-level callbacks: session state must pickle) -----------------------

def _commit(change, reset_widgets: bool = False) -> bool:
    """Apply change(scenario) -> new scenario (validated, all or nothing); a rejected change is kept
    in ERROR and leaves the scenario as it was."""
    try:
        new = change(state.scenario())
    except ScenarioError as err:
        st.session_state[ERROR] = list(err.problems)
        return False
    state.set_scenario(new, reset_widgets=reset_widgets)
    return True


def _set_parameter(key: str, value) -> bool:
    try:
        new = state.scenario().with_changes({key: value})
    except ScenarioError as err:
        st.session_state[ERROR] = list(err.problems)
        return False
    state.store(new)
    return True


def _on_by_year(key: str, tkey: str) -> None:
    """The 'by year' switch shows the year table; switching it off replaces a series by its value in
    the base year."""
    on = st.session_state[tkey]
    sc = state.scenario()
    val = sc.value(key)
    st.session_state[BY_YEAR] = {**st.session_state.get(BY_YEAR, {}), key: on}
    if not on and isinstance(val, dict):
        base = sc.value("simulation.base_year")
        x = float(interpolate(val, np.array([base], dtype=float))[0])
        _set_parameter(key, widgets.to_model(REGISTRY[key], widgets.to_display(REGISTRY[key], x)))


def _on_reset(group: str | None) -> None:
    """Reset one group of parameters (None: all of them) to the registry defaults."""
    if _commit(lambda sc: sc.with_reset(group)):
        shown = st.session_state.get(BY_YEAR, {})
        st.session_state[BY_YEAR] = {k: v for k, v in shown.items()
                                     if not (group is None or REGISTRY[k].group == group)}


# Lever widget keys shift when a lever is added or removed: widgets are drawn afresh.

def _on_remove_lever(index: int) -> None:
    _commit(lambda sc: sc.with_lever_removed(index), reset_widgets=True)


def _on_add_lever(by_label: dict) -> None:
    kind = by_label[st.session_state[ADD_KIND]]
    name = lever_kind_label(kind, state.lang())
    _commit(lambda sc: sc.with_lever_added(kind, name=name), reset_widgets=True)


def section(label: str, name: str):
    """An expander whose content is built only while it is open (closed groups cost nothing). Its
    open/closed state is kept in OPEN, so it survives a page switch (Streamlit drops the state of
    widgets that are not drawn)."""
    opened = st.session_state.get(OPEN, {})
    wkey = f"section:{name}"
    exp = st.expander(label, expanded=widgets.stable_default(wkey, bool(opened.get(name))), key=wkey,
                      on_change="rerun")
    is_open = bool(exp.open)
    if bool(opened.get(name)) != is_open:
        st.session_state[OPEN] = {**opened, name: is_open}
    return exp, is_open


# --- drawing ------------------------------------------------------------------------------------

def _series_rows(p, val, sc) -> list[tuple[int, float]]:
    if isinstance(val, dict):
        return [(int(y), widgets.to_display(p, x)) for y, x in sorted(val.items())]
    years = sorted({sc.value("simulation.base_year"), sc.value("simulation.target_year")})
    return [(y, widgets.to_display(p, val)) for y in years]


def _read_rows(df: pd.DataFrame) -> list[tuple]:
    rows = []
    for year, value in zip(df["year"], df["value"]):
        missing = [x is None or (isinstance(x, float) and math.isnan(x)) for x in (year, value)]
        rows.append((None if missing[0] else int(year), None if missing[1] else float(value)))
    return rows


def _apply_series(p, rows: list[tuple], lang: str) -> None:
    path = f"parameters.{p.key}"
    if any(y is None or x is None for y, x in rows):
        st.session_state[ERROR] = [(path, t("parameters.series_incomplete", lang))]
        return
    years = [y for y, _ in rows]
    dup = sorted({y for y in years if years.count(y) > 1})
    if dup:
        st.session_state[ERROR] = [(path, t("parameters.series_duplicate_year", lang, year=dup[0]))]
        return
    _set_parameter(p.key, {y: widgets.to_model(p, x) for y, x in sorted(rows)})


def _series_editor(p, val, sc, lang: str) -> None:
    rows = _series_rows(p, val, sc)
    df = pd.DataFrame({"year": [y for y, _ in rows], "value": [float(x) for _, x in rows]})
    lo, hi, step = widgets.bounds(p)
    edited = st.data_editor(
        df, key=series_editor_key(p.key), num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "year": st.column_config.NumberColumn(
                t("export.col.year", lang), min_value=sc.value("simulation.base_year"),
                max_value=sc.value("simulation.end_year"), step=1, format="%d", required=True),
            "value": st.column_config.NumberColumn(
                t("parameters.col_value", lang, unit=widgets.unit_label(p, lang)), min_value=lo, max_value=hi,
                step=step, format=widgets.number_format(p), required=True),
        })
    new_rows = _read_rows(edited)
    if new_rows != _read_rows(df):
        _apply_series(p, new_rows, lang)
        rev = f"series_rev:{p.key}"
        st.session_state[rev] = st.session_state.get(rev, 0) + 1  # the next table starts from the scenario
        st.rerun()


def _param(p, sc, lang: str) -> None:
    val = sc.value(p.key)
    series = isinstance(val, dict)
    name = "param:" + p.key
    scalar = next(iter(val.values())) if series else val
    if not p.time_varying:
        widgets.render(p, val, name, lang, target=("param", p.key),
                       changed=widgets.is_changed(p, val, sc.default(p.key)))
        return
    by_year = series or bool(st.session_state.get(BY_YEAR, {}).get(p.key))
    tkey = bindings.key("param_tv:" + p.key, by_year, (), ("raw",), bind=False)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        widgets.render(p, scalar, name, lang, target=("param", p.key),
                       changed=widgets.is_changed(p, val, sc.default(p.key)), disabled=series)
    with right:
        st.toggle(t("parameters.by_year", lang), value=by_year, key=tkey, help=t("parameters.by_year_help", lang),
                  on_change=_on_by_year, args=(p.key, tkey))
    if by_year:
        _series_editor(p, val, sc, lang)


def _parameters_tab(sc, lang: str) -> None:
    st.button(t("parameters.reset_all", lang), key="param_reset_all", on_click=_on_reset, args=(None,))
    for group in PAGE_GROUPS:
        params = group_params(group)
        n = sum(widgets.is_changed(p, sc.value(p.key), sc.default(p.key)) for p in params)
        exp, is_open = section(group_label(group, lang), group)
        if not is_open:
            continue
        with exp:
            st.caption(t("parameters.changed_count", lang, n=n) if n else t("parameters.unchanged", lang))
            for p in params:
                _param(p, sc, lang)
            st.button(t("parameters.reset_group", lang), key=f"param_reset:{group}", on_click=_on_reset,
                      args=(group,), disabled=not n)


def _lever(i: int, lev, lang: str) -> None:
    kind_label = lever_title_kind(lev.name, lev.kind, lang)  # None when the name already says the kind
    if kind_label is None:
        title = t("parameters.levers.title_plain", lang, n=i + 1, name=md_escape(lev.name))
    else:
        title = t("parameters.levers.title_fmt", lang, n=i + 1, name=md_escape(lev.name), kind=md_escape(kind_label))
    if not lev.enabled:
        title += t("parameters.levers.disabled_suffix", lang)
    exp, is_open = section(title, f"lever:{i}")
    if not is_open:
        return
    with exp:
        st.caption(lever_kind_help(lev.kind, lang))
        left, right = st.columns(2)
        ekey = bindings.key(f"lever:{i}:enabled", lev.enabled, ("lever", i, "enabled"), ("raw",))
        left.toggle(t("parameters.levers.enabled", lang), value=lev.enabled, key=ekey)
        nkey = bindings.key(f"lever:{i}:name", lev.name, ("lever", i, "name"), ("strip",))
        right.text_input(t("parameters.levers.name", lang), value=lev.name, key=nkey, max_chars=100)
        for wkey in (ekey, nkey):
            problems = bindings.pop_problems(wkey)
            if problems:
                widgets.show_problems(problems, lang)
        cols = st.columns(2)
        for j, (field, p) in enumerate(lever_fields(lev.kind).items()):
            with cols[j % 2]:
                widgets.render(p, lev.value(field), f"lever:{i}:{field}", lang, target=("lever", i, field),
                               convert=("lever", lev.kind, field))
        st.button(t("parameters.levers.remove", lang), key=state.widget_key(f"lever:{i}:remove"),
                  on_click=_on_remove_lever, args=(i,))


def _levers_tab(sc, lang: str) -> None:
    st.caption(t("parameters.levers.intro", lang))
    if not sc.levers:
        st.info(t("parameters.levers.none", lang))
    for i, lev in enumerate(sc.levers):
        _lever(i, lev, lang)
    by_label = {lever_kind_label(kind, lang): kind for kind in LEVER_KINDS}
    if st.session_state.get(ADD_KIND) not in by_label:
        st.session_state[ADD_KIND] = next(iter(by_label))  # first run, or after a language switch
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(t("parameters.levers.add_kind", lang), list(by_label), key=ADD_KIND)
    right.button(t("parameters.levers.add", lang), key="lever_add", on_click=_on_add_lever, args=(by_label,))


lang = state.lang()
municipal.page_title(t("parameters.title", lang), lang)
st.caption(t("parameters.intro", lang))
problems = st.session_state.pop(ERROR, None)
if problems:
    widgets.show_problems(problems, lang)
headline.render(lang)
scenario = state.scenario()
params_tab, levers_tab = st.tabs([t("parameters.tab_params", lang), t("parameters.tab_levers", lang)])
with params_tab:
    _parameters_tab(scenario, lang)
with levers_tab:
    _levers_tab(scenario, lang)
