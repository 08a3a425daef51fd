"""Targeted fixes to Streamlit 1.67's rerun handling (installed once by app.py; idempotent): a
widget value the browser has sent is not dropped when a newer request (a page switch) stops the run.

A run applies its request's widget values in SafeSessionState.on_script_will_rerun, which first
checks for a newer request and, when there is one, stops the run *before* applying them. A page
switch right after a slider move is such a newer request, and it carries only the sidebar's widget
values, so the slider's value was lost (seen in the server log of tests/test_browser_inputs.py with
the page switch 50 ms after the move). The patch applies the values first; the check that
ScriptRunner makes right after it still stops the run, and the next run finds the values in
session state, where ui/bindings.apply_pending applies them. But when the newer request opens
another page, ScriptRunner first drops the state of every widget that request does not carry (only
the sidebar's), so the values of bound widgets are also copied to bindings.INBOX (see
keep_bound_values), which apply_pending reads when the widget's state is gone.
"""

from __future__ import annotations

from streamlit.runtime.state.safe_session_state import SafeSessionState

_MARK = "_dxsim_patched"


def _apply_states_before_stopping(self, fresh_widget_states, **kwargs) -> None:
    with self._lock:
        self._state.on_script_will_rerun(fresh_widget_states, **kwargs)
        if fresh_widget_states is not None:
            keep_bound_values(self._state, fresh_widget_states)


def keep_bound_values(session, fresh_widget_states) -> None:
    """Copy the values of bound widgets (ui/bindings.py) that this request carries into a plain
    session-state entry (bindings.INBOX). Widget state does not survive a page switch: when the next
    request opens another page, ScriptRunner drops the state of every widget that request does not
    carry *before* the run starts, so a value a stopped run received would be gone; INBOX keeps it
    until apply_pending has handled it."""
    from ui.bindings import BINDINGS, INBOX

    try:
        binds = session[BINDINGS]
    except KeyError:
        return
    names = session._key_id_mapper.id_key_mapping
    kept = {}
    for w in fresh_widget_states.widgets:
        key = names.get(w.id)
        if key in binds:
            try:
                kept[key] = session[w.id]
            except KeyError:  # no metadata yet: the widget was never drawn in this session
                continue
    if kept:
        try:
            inbox = session[INBOX]
        except KeyError:
            inbox = {}
        session[INBOX] = {**inbox, **kept}


setattr(_apply_states_before_stopping, _MARK, True)


def install() -> None:
    if not installed():
        SafeSessionState.on_script_will_rerun = _apply_states_before_stopping


def installed() -> bool:
    return bool(getattr(SafeSessionState.on_script_will_rerun, _MARK, False))
