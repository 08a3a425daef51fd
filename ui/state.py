"""The app's session state: the working scenario, the scenario library, the widget revision.

The working scenario is kept as its canonical TOML text (small, picklable, and the cache key of
its results). Pages read it with `scenario()` and change it only through `set_scenario()` with a
Scenario, which is valid by construction (loads and Scenario.with_changes validate a change whole),
so a bad value never half-applies. Each browser session has its own state.

Town and policy are separate choices. The working scenario's [municipality] table is the current
town (a size-class preset, a municipality picked from the data with its profile, own figures, an
uploaded age profile); everything else (parameters, levers, uncertainty, metadata) is the policy.
- Choosing a library entry in the sidebar picker (built-in, uploaded, session or folder) applies its
  policy to the current town: the entry with its [municipality] table replaced by the working one
  (sim.municipal.with_profile). Built-in scenarios are policies; their example town (e.g. 小規模町)
  is offered by a button, never imposed.
- Loading a scenario file (the uploader under 保存・読み込み) takes the file whole, with its own town:
  the planner asked for that file. The town current before is kept in TOWN_BEFORE and the sidebar
  offers 「この自治体で使う」 to apply it.
- The working scenario is "modified" when its policy differs from the entry it was loaded from:
  the canonical TOML of the entry, with the current town applied, differs from the working text.
  A change of town alone is no modification.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from sim.data import BUILTIN_SCENARIOS
from sim.municipal import with_profile
from sim.scenario import Scenario, ScenarioError, dumps, inline_files, load_scenario, loads, to_dict
from ui.i18n import DEFAULT_LANG

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ID = "builtin:standard_dx"

TEXT, LIBRARY, ACTIVE, REVISION = "scenario_text", "scenario_library", "active_scenario", "widget_revision"
TOWN_BEFORE = "town_before"  # the working text before a scenario file was loaded with its own town
TOWN_FAILED = "town_failed"  # (entry name, problems) when the current town could not be applied to an entry
BEFORE = "scenario_before"  # the working text before the last change (the parameters page shows KPI changes)


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANG)


@st.cache_data(show_spinner=False, max_entries=64)
def _builtin_texts() -> dict[str, tuple[str, str]]:
    """id -> (name, canonical TOML) of the built-in scenarios."""
    out = {}
    for path in sorted(BUILTIN_SCENARIOS.glob("*.toml")):
        sc = load_scenario(path)
        out[f"builtin:{path.stem}"] = (sc.name, dumps(inline_files(sc)))  # text without a folder: no CSV names
    return out


def init() -> None:
    """First run of a session: the library holds the built-ins; the working copy is the default."""
    ss = st.session_state
    if LIBRARY not in ss:
        ss[LIBRARY] = {sid: {"name": name, "text": text, "origin": "builtin"}
                       for sid, (name, text) in _builtin_texts().items()}
    if TEXT not in ss:
        ss[ACTIVE] = DEFAULT_ID
        ss[TEXT] = ss[LIBRARY][DEFAULT_ID]["text"]
        ss[REVISION] = 0


@st.cache_data(show_spinner=False, max_entries=256)
def _parse(text: str) -> Scenario:
    return loads(text)


def scenario() -> Scenario:
    """The working scenario (a fresh copy: mutating it changes nothing)."""
    return _parse(st.session_state[TEXT])


def scenario_text() -> str:
    return st.session_state[TEXT]


def store(sc: Scenario) -> None:
    """Make `sc` the working scenario: computed first, then stored with one assignment. Each
    st.session_state access may stop the run (a newer request arrives), so nothing that must
    happen together is split over two of them."""
    _write(dumps(sc))


def _write(text: str) -> None:
    """Store the working text; the text it replaces becomes BEFORE (when it differs). BEFORE is written
    first: a run stopped in between leaves BEFORE equal to the unchanged working text (no change shown),
    and the pending value, applied again by the next run, writes both."""
    ss = st.session_state
    old = ss.get(TEXT)
    if old is not None and old != text:
        ss[BEFORE] = old
    ss[TEXT] = text


def text_before() -> str | None:
    """The working text before the last change (None before the first change of the session)."""
    return st.session_state.get(BEFORE)


def set_scenario(sc: Scenario, reset_widgets: bool = False) -> None:
    """Make `sc` the working scenario. reset_widgets draws every widget afresh (after loading another
    scenario): the revision is bumped first, so a run stopped in between leaves the old scenario
    with fresh widgets (which show it), never the new scenario with widgets still bound to the old."""
    text = dumps(sc)
    if reset_widgets:
        st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1
    _write(text)


def widget_key(name: str) -> str:
    """A widget key that changes when another scenario is loaded, so widgets show its values."""
    return f"{name}@{st.session_state.get(REVISION, 0)}"


def library() -> dict[str, dict]:
    """id -> {"name", "text", "origin"}; origin is builtin, upload, session or folder."""
    return st.session_state[LIBRARY]


def add_to_library(origin: str, name: str, text: str) -> str:
    """Add a scenario to this session's library and return its id (an existing id is replaced)."""
    sid = f"{origin}:{name}"
    st.session_state[LIBRARY][sid] = {"name": name, "text": text, "origin": origin}
    return sid


def town_table(sc: Scenario) -> dict:
    """The [municipality] table of a scenario (the town), as written in its TOML."""
    return to_dict(sc)["municipality"]


def same_town(a: Scenario, b: Scenario) -> bool:
    return town_table(a) == town_table(b)


def with_town(policy: Scenario, town: Scenario) -> Scenario:
    """`policy` with the town of `town` (validated; raises ScenarioError)."""
    if same_town(policy, town):
        return policy
    return with_profile(policy, town_table(town))


def for_town(policy_text: str, town_text: str) -> str:
    """The canonical TOML of the scenario `policy_text` for the town of `town_text` (raises ScenarioError).
    Cached by the town's table, so changing a parameter of the working scenario computes nothing again."""
    return _for_town(policy_text, json.dumps(town_table(_parse(town_text)), sort_keys=True, ensure_ascii=False))


@st.cache_data(show_spinner=False, max_entries=256)
def _for_town(policy_text: str, town_json: str) -> str:
    policy, table = _parse(policy_text), json.loads(town_json)
    if town_table(policy) == table:
        return policy_text
    return dumps(with_profile(policy, table))


def select(sid: str, keep_town: bool = True) -> None:
    """Load a library entry as the working scenario: its policy for the current town (keep_town), or
    the entry whole, with its own town (a scenario file the planner loaded). When the current town
    cannot be applied (the entry's horizon does not fit it), the entry keeps its own town and the
    reason is kept in TOWN_FAILED for the sidebar."""
    ss = st.session_state
    entry = library()[sid]
    sc = loads(entry["text"])
    if keep_town:
        ss.pop(TOWN_BEFORE, None)  # the offer belongs to the file just loaded
    if keep_town and TEXT in ss:
        try:
            sc = with_town(sc, scenario())
        except ScenarioError as err:
            ss[TOWN_FAILED] = (entry["name"], list(err.problems))
    ss[ACTIVE] = sid
    set_scenario(sc, reset_widgets=True)


def load_file(sid: str) -> None:
    """Load a scenario file just added to the library (an upload) whole, with its own town; the
    previous working scenario is kept in TOWN_BEFORE so that its town can be applied
    (「この自治体で使う」)."""
    ss = st.session_state
    before = ss.get(TEXT)
    select(sid, keep_town=False)
    if before is not None and not same_town(_parse(before), scenario()):
        ss[TOWN_BEFORE] = before
    else:
        ss.pop(TOWN_BEFORE, None)


def entry_town_differs() -> bool:
    """True when the active library entry was saved with another town than the working one."""
    entry = library().get(active_id())
    return entry is not None and not same_town(_parse(entry["text"]), scenario())


def use_entry_town() -> None:
    """Apply the active entry's own town to the working scenario (its policy kept)."""
    entry = library()[active_id()]
    set_scenario(with_town(scenario(), _parse(entry["text"])), reset_widgets=True)


def use_town_before() -> None:
    """Apply the town that was current before a scenario file was loaded."""
    before = st.session_state.pop(TOWN_BEFORE, None)
    if before is not None:
        set_scenario(with_town(scenario(), _parse(before)), reset_widgets=True)


@st.cache_data(show_spinner=False, max_entries=256)
def _modified(entry_text: str, working_text: str) -> bool:
    if entry_text == working_text:
        return False
    try:
        return for_town(entry_text, working_text) != working_text
    except ScenarioError:
        return True


def modified() -> bool:
    """True when the working scenario's policy differs from the library entry it was loaded from
    (canonical TOML texts compared, the entry taken for the current town)."""
    entry = library().get(active_id())
    return entry is not None and _modified(entry["text"], scenario_text())


def active_id() -> str:
    return st.session_state.get(ACTIVE, DEFAULT_ID)
