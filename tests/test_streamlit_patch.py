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


def test_a_waiting_request_merged_with_a_page_switch_keeps_its_widget_values():
    """A value request still waiting for the runner, then a page switch carrying only the sidebar: the one
    merged request that runs carries both (Streamlit's merge kept only the page switch's values)."""
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

    streamlit_patch.install()
    requests = ScriptRequests()
    typed = states("$$ID-abc-param:workforce.rehire_until_age@0", 66)
    sidebar = states("$$ID-def-lang", 1.0)
    assert requests.request_rerun(RerunData(widget_states=typed, page_script_hash="parameters"))
    assert requests.request_rerun(RerunData(widget_states=sidebar, page_script_hash="overview"))
    merged = requests.on_scriptrunner_ready()
    values = {w.id: w.double_value for w in merged.rerun_data.widget_states.widgets}
    assert values == {"$$ID-abc-param:workforce.rehire_until_age@0": 66, "$$ID-def-lang": 1.0}
    assert merged.rerun_data.page_script_hash == "overview"  # the newer request's page still wins


def test_a_value_taken_when_its_request_arrived_is_applied_by_a_later_run(app_test):
    """With fastReruns a request's own run may start after the next request's run, or never: the bound
    value taken on arrival (keep_request_values) is applied by the next run that starts."""
    from ui.bindings import BINDINGS

    at = app_test().run()
    inner = at.session_state._state._state  # the app's SessionState
    key = next(k for k in inner[BINDINGS] if k.startswith("preset_ja"))
    wid = {v: i for i, v in inner._key_id_mapper.id_key_mapping.items()}[key]
    meta = inner._new_widget_state.widget_metadata[wid]
    request = WidgetStates()
    w = request.widgets.add()
    w.id = wid
    setattr(w, meta.value_type, meta.serializer("町村 人口5千未満"))
    streamlit_patch.keep_request_values("test session id", inner, request)  # AppTest's session id
    assert streamlit_patch.received("test session id") == {key: "町村 人口5千未満"}
    at.run()  # a run whose own request does not carry the value
    assert not at.exception, [e.message for e in at.exception]
    assert 'preset = "town_village_pop_lt_5k"' in at.session_state["scenario_text"]
    assert streamlit_patch.received("test session id") == {}  # handled, forgotten
