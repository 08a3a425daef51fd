"""Targeted fixes to Streamlit 1.67's rerun handling (installed once by app.py; idempotent): a
widget value the browser has sent is not dropped when a newer request (a page switch) stops the run
or is merged with it before the run starts.

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

Two more holes are before any run starts (1–4 of 30 changes lost in tests/test_browser_load.py on a busy
2-core machine, with a page switch 50–100 ms after typing a value; traced in the server):
- with fastReruns, every request stops the current ScriptRunner and starts a new one with its own thread,
  so the older request's thread may apply its widget values after the newer request's run has begun (and
  has dropped the binding as gone), or never run at all;
- a request that arrives while the previous one still waits in the same runner's queue is merged with it,
  keeping only the newer request's widget values.
So the values of bound widgets are also taken when a request arrives, in arrival order, on the server's
event loop (see keep_request_values): RECEIVED holds the latest value the browser sent per bound widget
and session until bindings.apply_pending has handled it. The patched merge also keeps the older request's
values of widgets the newer one does not carry, as if the two had run one after the other.
"""

from __future__ import annotations

import threading

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner_utils import script_requests
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


_streamlit_merge = script_requests._coalesce_widget_states


def _merge_keeping_older_values(old_states, new_states):
    """Streamlit's merge of two waiting requests, plus the older request's values of the widgets that the
    newer one does not carry (a page switch carries only the sidebar's)."""
    merged = _streamlit_merge(old_states, new_states)
    if not old_states or not new_states or merged is None:
        return merged
    present = {w.id for w in merged.widgets}
    for w in old_states.widgets:
        if w.id not in present:
            merged.widgets.append(w)
    return merged


# session id -> widget key -> the latest value a request carried for that bound widget (RECEIVED_LOCK)
RECEIVED: dict[str, dict[str, object]] = {}
RECEIVED_LOCK = threading.Lock()
_streamlit_request_rerun = AppSession.request_rerun


def _keep_values_then_request(self, client_state) -> None:
    if client_state is not None:
        try:
            keep_request_values(self.id, self._session_state, client_state.widget_states)
        except Exception:  # noqa: BLE001 - the other two guards still hold; never block the request
            pass
    _streamlit_request_rerun(self, client_state)


def keep_request_values(session_id: str, session, widget_states) -> None:
    """Record the values of bound widgets (ui/bindings.py) that an arriving request carries, deserialised
    as Streamlit does (the widget's metadata from its last run). Runs on the event loop, in arrival order."""
    from streamlit.runtime.state.session_state import WStates

    from ui.bindings import BINDINGS

    try:
        binds = session[BINDINGS]
    except KeyError:
        return
    names = session._key_id_mapper.id_key_mapping
    metadata = session._new_widget_state.widget_metadata
    kept = {}
    for w in widget_states.widgets:
        key, meta = names.get(w.id), metadata.get(w.id)
        if key is None or meta is None or key not in binds:
            continue
        one = WStates()
        one.set_widget_from_proto(w)
        one.set_widget_metadata(meta)
        try:
            kept[key] = one[w.id]
        except (KeyError, TypeError, ValueError):
            continue
    if kept:
        with RECEIVED_LOCK:
            RECEIVED.setdefault(session_id, {}).update(kept)


def received(session_id: str) -> dict[str, object]:
    """The values recorded for this session and not yet handled (a copy)."""
    with RECEIVED_LOCK:
        return dict(RECEIVED.get(session_id, {}))


def handled(session_id: str, values: dict[str, object]) -> None:
    """Forget recorded values that apply_pending has handled (unless a newer request replaced them since)."""
    with RECEIVED_LOCK:
        mine = RECEIVED.get(session_id)
        if mine is None:
            return
        for key, value in values.items():
            if key in mine and mine[key] is value:
                del mine[key]
        if not mine:
            del RECEIVED[session_id]


for _fn in (_apply_states_before_stopping, _merge_keeping_older_values, _keep_values_then_request):
    setattr(_fn, _MARK, True)


def install() -> None:
    if not getattr(SafeSessionState.on_script_will_rerun, _MARK, False):
        SafeSessionState.on_script_will_rerun = _apply_states_before_stopping
    if not getattr(script_requests._coalesce_widget_states, _MARK, False):
        script_requests._coalesce_widget_states = _merge_keeping_older_values
    if not getattr(AppSession.request_rerun, _MARK, False):
        AppSession.request_rerun = _keep_values_then_request


def installed() -> bool:
    return bool(getattr(SafeSessionState.on_script_will_rerun, _MARK, False)
                and getattr(script_requests._coalesce_widget_states, _MARK, False)
                and getattr(AppSession.request_rerun, _MARK, False))
