"""The app's session state: the working scenario, the scenario library, the widget revision.

The working scenario is kept as its canonical TOML text (small, picklable, and the cache key of
its results). Pages read it with `scenario()` and change it only through `set_scenario()`, which
validates first, so a bad value never half-applies. Each browser session has its own state.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from sim.scenario import Scenario, dumps, inline_files, load_scenario, loads
from ui.i18n import DEFAULT_LANG

ROOT = Path(__file__).resolve().parents[1]
BUILTIN_DIR = ROOT / "scenarios"
DEFAULT_ID = "builtin:standard_dx"

TEXT, LIBRARY, ACTIVE, REVISION = "scenario_text", "scenario_library", "active_scenario", "widget_revision"


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANG)


@st.cache_data(show_spinner=False, max_entries=64)
def _builtin_texts() -> dict[str, tuple[str, str]]:
    """id -> (name, canonical TOML) of the built-in scenarios."""
    out = {}
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
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
    text = dumps(sc)
    st.session_state[TEXT] = text


def set_scenario(sc: Scenario, reset_widgets: bool = False) -> None:
    """Make `sc` the working scenario. reset_widgets draws every widget afresh (after loading another
    scenario): the revision is bumped first, so a run stopped in between leaves the old scenario
    with fresh widgets (which show it), never the new scenario with widgets still bound to the old."""
    text = dumps(sc)
    if reset_widgets:
        st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1
    st.session_state[TEXT] = text


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


def select(sid: str) -> None:
    """Load a library entry as the working scenario."""
    st.session_state[ACTIVE] = sid
    set_scenario(loads(library()[sid]["text"]), reset_widgets=True)


def active_id() -> str:
    return st.session_state.get(ACTIVE, DEFAULT_ID)
