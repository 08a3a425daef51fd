"""A targeted fix to Streamlit 1.67's rerun handling (installed once by app.py; idempotent): a run
that a newer request stops right at its start no longer drops the widget values it carried.

A run applies its request's widget values in SafeSessionState.on_script_will_rerun, which first
checks for a newer request and, when there is one, stops the run *before* applying them. A page
switch right after a slider move is such a newer request, and it carries only the sidebar's widget
values, so the slider's value was lost (seen in the server log of tests/test_browser_inputs.py with
the page switch 50 ms after the move). The patch applies the values first; the check that
ScriptRunner makes right after it still stops the run, and the next run finds the values in
session state, where ui/bindings.apply_pending applies them. A kept value of a widget that the next
run does not draw is removed at that run's end, like the state of any widget that is not drawn.
"""

from __future__ import annotations

from streamlit.runtime.state.safe_session_state import SafeSessionState

_MARK = "_dxsim_patched"


def _apply_states_before_stopping(self, fresh_widget_states, **kwargs) -> None:
    with self._lock:
        self._state.on_script_will_rerun(fresh_widget_states, **kwargs)


setattr(_apply_states_before_stopping, _MARK, True)


def install() -> None:
    if not installed():
        SafeSessionState.on_script_will_rerun = _apply_states_before_stopping


def installed() -> bool:
    return bool(getattr(SafeSessionState.on_script_will_rerun, _MARK, False))
