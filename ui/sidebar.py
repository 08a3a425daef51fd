"""The shared sidebar: language, scenario picker, municipality profile."""

from __future__ import annotations

import dataclasses
import functools

import streamlit as st

from sim import data
from sim.parameters import REGISTRY
from sim.inputs import resolve
from sim.scenario import ScenarioError, age_profile_from_csv, loads, to_dict
from ui import bindings, municipal, persistence, state, widgets
from ui.i18n import LANG_NAMES, LANGS, label_column, t

PROFILE_FIELDS = ("population", "share_65plus", "staff_admin", "staff_technical", "staff_digital")
# The profile fields' labels: the catalogue's one label of the base-year population, the sidebar's own for the rest.
PROFILE_LABELS = {f: "export.batch.population" if f == "population" else f"sidebar.{f}" for f in PROFILE_FIELDS}


def show_problems(err: ScenarioError, lang: str) -> None:
    """Every problem as a readable list; user text is rendered as plain text, never as markup."""
    widgets.show_problems(err.problems, lang)


def update_municipality(changes: dict, lang: str) -> bool:
    """Apply changes to the [municipality] table (None removes a key); validated, all or nothing."""
    sc = state.scenario()
    muni = to_dict(sc)["municipality"]
    for key, val in changes.items():
        if val is None:
            muni.pop(key, None)
        else:
            muni[key] = val
    try:
        state.set_scenario(sc.with_municipality(muni))
    except ScenarioError as err:
        st.session_state["sidebar_error"] = err
        return False
    return True


# Widget callbacks are module-level (with args): session state must pickle. Select boxes show labels
# as their options (no format_func), which AppTest can drive.

def _scenario_label(sid: str, lang: str) -> str:
    entry = state.library()[sid]
    origin = t("sidebar.origin." + entry["origin"], lang)
    return t("common.paren", lang, text=entry["name"], note=origin)


@functools.lru_cache(maxsize=None)
def _preset_labels(lang: str) -> dict[str, str]:
    """Preset key -> its label, in the presets' order (the bundled table does not change while the app runs)."""
    return dict(data.presets()[label_column(lang)])


def _preset_label(key: str, lang: str) -> str:
    return _preset_labels(lang)[key]


WORKING_COPY = ""  # the picker's option for the modified working copy (choosing it changes nothing)


def _on_pick(by_label: dict) -> None:
    """Load the chosen entry (its policy for the current town, ui/state.py). The active entry is loaded
    again only by the reload button: a late request may carry its label, which must not drop changes."""
    sid = by_label.get(st.session_state["scenario_picker"], WORKING_COPY)
    if sid != WORKING_COPY and sid != state.active_id():
        state.select(sid)


def _on_use_entry_town() -> None:
    state.use_entry_town()


def _on_use_town_before() -> None:
    state.use_town_before()


def _on_reload() -> None:
    state.select(state.active_id())  # the entry afresh, for the current town


def _picker(lang: str) -> None:
    """The scenario picker. A modified working copy is marked by a caption 「（変更あり）」 under the picker,
    with a button that loads the entry afresh. Neither the options nor the label of the select box
    change with the mark: a select box redrawn while the planner moves a slider made the browser drop
    slider steps (tests/test_browser_flows.py), and re-choosing the shown option would do nothing anyway."""
    active = state.active_id()
    by_label = {_scenario_label(sid, lang): sid for sid in state.library()}
    shown = _scenario_label(active, lang) if active in state.library() else None
    if shown is None:  # the active entry is gone: the working copy stands alone
        shown = t("compare.working_copy", lang, name=state.scenario().name)
        by_label = {shown: WORKING_COPY, **by_label}
    if st.session_state.get("scenario_picker") != shown:
        st.session_state["scenario_picker"] = shown  # e.g. after a language switch or a load
    st.selectbox(t("compare.col.scenario", lang), list(by_label), key="scenario_picker", on_change=_on_pick,
                 args=(by_label,), help=t("sidebar.scenario_help", lang))
    with st.container(key="sidebar_town"):  # one element whatever it holds: the expanders below keep their state
        _town(lang)


def _town(lang: str) -> None:
    """Under the picker: the reload button of a modified scenario; the current town, and the one-click
    switch to the other town when the loaded file was saved for another (the entry's own town, or the
    town current before a file was loaded)."""
    sc = state.scenario()
    if state.modified():
        st.caption(t("sidebar.modified_caption", lang))
        st.button(t("sidebar.reload", lang), key="reload_entry", on_click=_on_reload,
                  help=t("sidebar.reload_help", lang))
    st.caption(t("sidebar.town", lang, town=municipal.town_label(sc, lang, markdown=True)))
    failed = st.session_state.pop(state.TOWN_FAILED) if state.TOWN_FAILED in st.session_state else None
    if failed is not None:
        st.warning(t("sidebar.town_failed", lang))
        st.code("\n".join(f"{path}: {msg}" if path else msg for path, msg in failed[1]), language=None)
    before = st.session_state.get(state.TOWN_BEFORE)
    if before is not None:
        town = municipal.town_label(loads(before), lang, markdown=True)
        if state.same_town(loads(before), sc) or state.entry_town_differs():
            st.session_state.pop(state.TOWN_BEFORE, None)  # applied, or the town was changed otherwise
        else:
            st.caption(t("sidebar.town_before", lang, town=town))
            st.button(t("sidebar.use_town", lang, town=town), key="use_town_before",
                      on_click=_on_use_town_before,
                      help=t("sidebar.use_town_before_help", lang))
            return
    if state.entry_town_differs():
        entry = loads(state.library()[state.active_id()]["text"])
        town = municipal.town_label(entry, lang, markdown=True)
        st.caption(t("sidebar.entry_town", lang, town=town))
        st.button(t("sidebar.use_town", lang, town=town), key="use_entry_town",
                  on_click=_on_use_entry_town,
                  help=t("sidebar.use_entry_town_help", lang))


def _profile(lang: str) -> None:
    sc = state.scenario()
    by_label = {label: k for k, label in _preset_labels(lang).items()}
    shown = _preset_label(sc.municipality.preset, lang)
    key = bindings.key(f"preset_{lang}", shown, ("muni", "preset"), ("choices", by_label))
    labels = list(by_label)
    st.selectbox(t("input.municipality.preset", lang), labels, index=labels.index(shown), key=key)

    own_key = state.widget_key("own_figures")
    has_own = any(f"municipality.{f}" in sc.municipality.values for f in PROFILE_FIELDS)
    own = st.toggle(t("sidebar.own_figures", lang), value=has_own or sc.municipality.age_profile is not None, key=own_key)
    if not own:
        return
    current = resolve(sc).values
    profile_given = sc.municipality.age_profile is not None
    for field in PROFILE_FIELDS:
        if profile_given and field.startswith("staff_"):
            continue  # the age profile defines the staff
        pkey = f"municipality.{field}"
        # bounds and step from the registry; a refused value is shown beside the box, which goes back
        # to the scenario's value
        widgets.render(REGISTRY[pkey], float(current[pkey][0, 0]), f"muni_{field}", lang, target=("param", pkey),
                       kind="number", label_text=t(PROFILE_LABELS[field], lang))
    if has_own and st.button(t("sidebar.reset_profile", lang), key=state.widget_key("reset_profile")):
        if update_municipality({f: None for f in PROFILE_FIELDS}, lang):
            state.set_scenario(state.scenario(), reset_widgets=True)
            st.rerun()

    upload = st.file_uploader(t("sidebar.age_csv", lang), type=["csv"], help=t("sidebar.age_csv_help", lang),
                              key=state.widget_key("age_csv"))
    if upload is not None:
        try:
            profile = age_profile_from_csv(upload.getvalue(), upload.name)
        except ScenarioError as err:
            show_problems(err, lang)
        else:
            if sc.municipality.age_profile != profile:
                muni = dataclasses.replace(sc.municipality, age_profile=profile, age_profile_csv=None,
                                           values={k: v for k, v in sc.municipality.values.items()
                                                   if not k.startswith("municipality.staff_")})
                state.set_scenario(dataclasses.replace(sc, municipality=muni))
                sc = state.scenario()
    if sc.municipality.age_profile is not None:
        st.caption(t("sidebar.age_csv_loaded", lang, staff=f"{sum(map(sum, sc.municipality.age_profile)):,.0f}"))
        if st.button(t("sidebar.age_csv_remove", lang), key=state.widget_key("age_csv_remove")):
            state.set_scenario(dataclasses.replace(sc, municipality=dataclasses.replace(
                sc.municipality, age_profile=None, age_profile_csv=None)), reset_widgets=True)
            st.rerun()


# ----------------------------------------------------------------- real municipalities (SSDSE-A, IPSS)

MUNI_PREF, MUNI_SEARCH, MUNI_PICK = "muni_prefecture", "muni_search", "muni_pick"
SIDEBAR_KEYS = (MUNI_PREF, MUNI_SEARCH, MUNI_PICK)
UPLOAD_KEYS = {"ssdse": "muni_upload_ssdse", "ipss": "muni_upload_ipss"}
START_DONE = "start_done"  # the first step (ui/pages/overview.py) was taken: a town chosen, or a model town


def _on_muni_filter(pick_key: str) -> None:
    st.session_state[pick_key] = None  # another list: nothing chosen in it yet


def _on_muni_pick(by_label: dict, pick_key: str) -> None:
    ss = st.session_state
    label = ss.get(pick_key)
    if label not in by_label:
        return
    if municipal.apply(by_label[label]):
        ss[START_DONE] = True
    elif pick_key != MUNI_PICK and municipal.ERROR in ss:  # shown beside that picker, not in the sidebar
        ss[pick_key + "_error"] = ss.pop(municipal.ERROR)


def _uploads(lang: str) -> None:
    """Two uploaders (SSDSE-A, IPSS); a bad file shows its error and changes nothing. The server caps
    uploads at server.maxUploadSize (1 MB; a per-widget max_upload_size does not lift the server's
    check): the SSDSE-A file (0.9 MB) fits; the IPSS CSV (1.2 MB) fits gzip-compressed (.csv.gz, 0.3 MB)
    or goes in the DXSIM_DATA_DIR folder."""
    for kind in municipal.KINDS:
        upload = st.file_uploader(t(f"muni.data.{kind}_upload", lang), type=["csv", "gz"],
                                  help=t(f"muni.data.{kind}_upload_help", lang), key=UPLOAD_KEYS[kind])
        if upload is None:
            municipal.forget_upload(kind)
            continue
        message = municipal.accept_upload(kind, upload.name, upload.getvalue())
        if message is not None:  # beside the uploader
            st.error(t("muni.data.error", lang, file=persistence.md_escape(upload.name)))
            widgets.problem_block([("", message)], lang)


def muni_picker(lang: str, loaded: municipal.Loaded, keys: tuple[str, str, str] = SIDEBAR_KEYS) -> None:
    """Prefecture, then municipality; or part of a name, which filters the whole country. `keys` name
    the three widgets, so the sidebar and the first step can each have one."""
    pref_key, search_key, pick_key = keys
    ss = st.session_state
    prefs = municipal.prefectures(loaded.ssdse)
    sc = state.scenario()
    current = municipal.locate(loaded.ssdse, municipal.scenario_code(sc)) if municipal.scenario_code(sc) else None
    if ss.get(pref_key) not in prefs:
        ss[pref_key] = current["prefecture"] if current else prefs[0]
    st.selectbox(t("export.batch.prefecture", lang), prefs, key=pref_key, on_change=_on_muni_filter, args=(pick_key,))
    query = st.text_input(t("muni.pick.search", lang), key=search_key, help=t("muni.pick.search_help", lang),
                          on_change=_on_muni_filter, args=(pick_key,))
    found = municipal.search(loaded.ssdse, ss[pref_key], query)
    searching = bool("".join(query.split()))
    labels = [f"{p} {n}" if searching else n for p, n in zip(found["prefecture"], found["name"])]
    by_label: dict[str, str] = {}
    for label, code in zip(labels, found["code"]):
        by_label[label if label not in by_label else f"{label} ({code})"] = code
    if by_label.get(ss.get(pick_key)) != (current["code"] if current else None):
        # the picker shows the working scenario's municipality when it is in the list, else nothing
        # (after loading another scenario, or when a choice could not be applied)
        chosen = [lb for lb, c in by_label.items() if current and c == current["code"]]
        ss[pick_key] = chosen[0] if chosen else None
    if searching:
        st.caption(t("muni.pick.matches", lang, n=len(by_label)) if by_label else t("muni.pick.none", lang))
    st.selectbox(t("muni.pick.municipality", lang), list(by_label), key=pick_key, index=None,
                 placeholder=t("muni.pick.placeholder", lang), on_change=_on_muni_pick, args=(by_label, pick_key))
    failed = ss.pop(pick_key + "_error", None) if pick_key != MUNI_PICK else None
    if failed is not None:
        st.error(t("muni.pick.failed", lang))
        widgets.problem_block(failed[1], lang)
    if current:
        st.caption(t("muni.pick.current", lang, pref=persistence.md_escape(current["prefecture"]),
                     name=persistence.md_escape(current["name"]), code=current["code"]))
        if sc.municipality.population_path != "explicit":  # no projection file, or none for this town
            st.caption(t("muni.pick.no_projection", lang))


def show_pick_error(lang: str) -> None:
    """The reason a chosen municipality could not be applied (set by municipal.apply), shown once."""
    failed = st.session_state.pop(municipal.ERROR, None)
    if failed is not None:
        st.error(t("muni.pick.failed", lang))
        widgets.problem_block(failed[1], lang)


def _municipal_data(lang: str) -> None:
    """The "choose a municipality" section (when data are present) and the uploaders (when no folder)."""
    folder = municipal.data_dir()
    if folder is None:
        _uploads(lang)
    loaded = municipal.load()
    for name, message in loaded.errors:
        st.error(t("muni.data.error", lang, file=persistence.md_escape(name)))
        widgets.problem_block([("", message)], lang)
    show_pick_error(lang)
    if folder is not None:
        if not loaded.available and not loaded.errors:
            st.warning(t("muni.data.no_ssdse_in_folder", lang, folder=persistence.md_escape(folder)))
        else:
            st.caption(t("muni.data.folder", lang, folder=persistence.md_escape(folder)))
    if loaded.available:
        st.markdown(f"**{t('muni.pick.title', lang)}**")
        muni_picker(lang, loaded)
        st.divider()


def render() -> str:
    """Draw the sidebar; return the language."""
    with st.sidebar:
        lang = st.radio(t("sidebar.language", state.lang()), options=list(LANGS), format_func=LANG_NAMES.__getitem__,
                        key="lang", horizontal=True)
        _picker(lang)
        with st.expander(t("group.municipality", lang), expanded=False):
            _municipal_data(lang)
            _profile(lang)
        with st.expander(t("sidebar.save_load", lang), expanded=False):
            persistence.render(lang)
        err = st.session_state.pop("sidebar_error", None)
        if err is not None:
            show_problems(err, lang)
    return lang
