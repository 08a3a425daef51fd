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
from sim.parameters import GROUPS, LEVER_KINDS, REGISTRY, lever_fields
from sim.scenario import ScenarioError, from_dict, to_dict
from ui import sidebar, state, widgets
from ui.i18n import t

ERROR = "parameters_error"  # problems of the last rejected change, shown on the next run
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

def _commit(data: dict) -> bool:
    sc = state.scenario()
    try:
        state.set_scenario(from_dict(data, base_dir=sc.base_dir))
    except ScenarioError as err:
        st.session_state[ERROR] = list(err.problems)
        return False
    return True


def _set_parameter(key: str, value) -> bool:
    try:
        state.set_scenario(state.scenario().with_parameters({key: value}))
    except ScenarioError as err:
        st.session_state[ERROR] = list(err.problems)
        return False
    return True


def _on_param(key: str, wkey: str, lang: str) -> None:
    _set_parameter(key, widgets.read(REGISTRY[key], wkey, lang))


def _on_by_year(key: str, tkey: str) -> None:
    """Switching 'by year' off replaces a series by its value in the base year."""
    sc = state.scenario()
    val = sc.value(key)
    if not st.session_state[tkey] and isinstance(val, dict):
        base = sc.value("simulation.base_year")
        x = float(interpolate(val, np.array([base], dtype=float))[0])
        _set_parameter(key, widgets.to_model(REGISTRY[key], widgets.to_display(REGISTRY[key], x)))


def _on_reset(group: str | None) -> None:
    """Reset one group of parameters (None: all of them) to the registry defaults."""
    data = to_dict(state.scenario())
    params = data.get("parameters", {})
    if group is None:
        params.clear()
    else:
        params.pop(group, None)
    if _commit(data):
        for p in REGISTRY.values():
            if p.time_varying and (group is None or p.group == group):
                st.session_state.pop(state.widget_key("param_tv:" + p.key), None)


def _on_lever_field(index: int, field: str, wkey: str, lang: str) -> None:
    sc = state.scenario()
    data = to_dict(sc)
    data["levers"][index][field] = widgets.read(lever_fields(sc.levers[index].kind)[field], wkey, lang)
    _commit(data)


def _on_lever_meta(index: int, field: str, wkey: str) -> None:
    data = to_dict(state.scenario())
    value = st.session_state[wkey]
    data["levers"][index][field] = value.strip() if isinstance(value, str) else value
    _commit(data)


def _commit_levers(levers: list) -> None:
    sc = state.scenario()
    data = to_dict(sc)
    data["levers"] = levers
    try:
        new = from_dict(data, base_dir=sc.base_dir)
    except ScenarioError as err:
        st.session_state[ERROR] = list(err.problems)
        return
    state.set_scenario(new, reset_widgets=True)  # widget keys of the levers shift: draw them afresh


def _on_remove_lever(index: int) -> None:
    levers = to_dict(state.scenario()).get("levers", [])
    _commit_levers(levers[:index] + levers[index + 1:])


def _on_add_lever(by_label: dict) -> None:
    kind = by_label[st.session_state[ADD_KIND]]
    lang = state.lang()
    levers = to_dict(state.scenario()).get("levers", [])
    _commit_levers(levers + [{"kind": kind, "name": LEVER_KINDS[kind][0 if lang == "ja" else 1]}])


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
                t("parameters.col_year", lang), min_value=sc.value("simulation.base_year"),
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
    wkey = state.widget_key("param:" + p.key)
    scalar = next(iter(val.values())) if series else val
    if not p.time_varying:
        widgets.render(p, val, wkey, lang, on_change=_on_param, args=(p.key, wkey, lang),
                       changed=widgets.is_changed(p, val, sc.default(p.key)))
        return
    tkey = state.widget_key("param_tv:" + p.key)
    if series:
        widgets.sync(tkey, True)
    elif tkey not in st.session_state:
        st.session_state[tkey] = False
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        widgets.render(p, scalar, wkey, lang, on_change=_on_param, args=(p.key, wkey, lang),
                       changed=widgets.is_changed(p, val, sc.default(p.key)), disabled=series)
    with right:
        st.toggle(t("parameters.by_year", lang), key=tkey, help=t("parameters.by_year_help", lang),
                  on_change=_on_by_year, args=(p.key, tkey))
    if st.session_state[tkey]:
        _series_editor(p, val, sc, lang)


def _parameters_tab(sc, lang: str) -> None:
    st.button(t("parameters.reset_all", lang), key="param_reset_all", on_click=_on_reset, args=(None,))
    for group in PAGE_GROUPS:
        params = group_params(group)
        label_ja, label_en = GROUPS[group]
        with st.expander(label_ja if lang == "ja" else label_en):
            n = sum(widgets.is_changed(p, sc.value(p.key), sc.default(p.key)) for p in params)
            st.caption(t("parameters.changed_count", lang, n=n) if n else t("parameters.unchanged", lang))
            for p in params:
                _param(p, sc, lang)
            st.button(t("parameters.reset_group", lang), key=f"param_reset:{group}", on_click=_on_reset,
                      args=(group,), disabled=not n)


def _lever(i: int, lev, lang: str) -> None:
    ja = lang == "ja"
    kind_label = LEVER_KINDS[lev.kind][0 if ja else 1]
    if lev.name.strip() == kind_label:
        title = t("parameters.levers.title_plain", lang, n=i + 1, name=md_escape(lev.name))
    else:
        title = t("parameters.levers.title_fmt", lang, n=i + 1, name=md_escape(lev.name), kind=md_escape(kind_label))
    if not lev.enabled:
        title += t("parameters.levers.disabled_suffix", lang)
    with st.expander(title):
        st.caption(LEVER_KINDS[lev.kind][2 if ja else 3])
        ekey, nkey = state.widget_key(f"lever:{i}:enabled"), state.widget_key(f"lever:{i}:name")
        widgets.sync(ekey, lev.enabled)
        widgets.sync(nkey, lev.name)
        left, right = st.columns(2)
        left.toggle(t("parameters.levers.enabled", lang), key=ekey, on_change=_on_lever_meta, args=(i, "enabled", ekey))
        right.text_input(t("parameters.levers.name", lang), key=nkey, max_chars=100, on_change=_on_lever_meta,
                         args=(i, "name", nkey))
        cols = st.columns(2)
        for j, (field, p) in enumerate(lever_fields(lev.kind).items()):
            wkey = state.widget_key(f"lever:{i}:{field}")
            with cols[j % 2]:
                widgets.render(p, lev.value(field), wkey, lang, on_change=_on_lever_field, args=(i, field, wkey, lang))
        st.button(t("parameters.levers.remove", lang), key=state.widget_key(f"lever:{i}:remove"),
                  on_click=_on_remove_lever, args=(i,))


def _levers_tab(sc, lang: str) -> None:
    st.caption(t("parameters.levers.intro", lang))
    if not sc.levers:
        st.info(t("parameters.levers.none", lang))
    for i, lev in enumerate(sc.levers):
        _lever(i, lev, lang)
    by_label = {kinds[0 if lang == "ja" else 1]: kind for kind, kinds in LEVER_KINDS.items()}
    if st.session_state.get(ADD_KIND) not in by_label:
        st.session_state[ADD_KIND] = next(iter(by_label))  # first run, or after a language switch
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(t("parameters.levers.add_kind", lang), list(by_label), key=ADD_KIND)
    right.button(t("parameters.levers.add", lang), key="lever_add", on_click=_on_add_lever, args=(by_label,))


lang = state.lang()
st.title(t("parameters.title", lang))
st.caption(t("parameters.intro", lang))
problems = st.session_state.pop(ERROR, None)
if problems:
    sidebar.show_problems(ScenarioError(problems), lang)
scenario = state.scenario()
params_tab, levers_tab = st.tabs([t("parameters.tab_params", lang), t("parameters.tab_levers", lang)])
with params_tab:
    _parameters_tab(scenario, lang)
with levers_tab:
    _levers_tab(scenario, lang)
