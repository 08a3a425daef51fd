"""ui/streamlit_patch.py: a run stopped at its start by a newer request keeps the widget values its
request carried (Streamlit 1.67 stopped it before applying them)."""

from __future__ import annotations

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.state import SessionState
from streamlit.runtime.state.safe_session_state import SafeSessionState

from ui import streamlit_patch


class NewerRequest(Exception):
    pass


def stop_when_asked() -> None:
    raise NewerRequest  # what ScriptRunner does when a newer request is waiting


def states(widget_id: str, value: float) -> WidgetStates:
    out = WidgetStates()
    w = out.widgets.add()
    w.id = widget_id
    w.double_value = value
    return out


def test_widget_values_are_applied_before_the_run_is_stopped():
    streamlit_patch.install()
    assert streamlit_patch.installed()
    inner = SessionState()
    safe = SafeSessionState(inner, yield_callback=stop_when_asked)
    safe.on_script_will_rerun(states("$$ID-abc-param:x@0", 1.15))  # applied, no stop here
    assert inner._new_widget_state.get_serialized("$$ID-abc-param:x@0").double_value == 1.15
    with pytest.raises(NewerRequest):  # every other access still stops the run
        safe["anything"]


def test_install_is_idempotent():
    streamlit_patch.install()
    first = SafeSessionState.on_script_will_rerun
    streamlit_patch.install()
    assert SafeSessionState.on_script_will_rerun is first
