"""Monte-Carlo results of this session: cached runs keyed by the scenario text and the settings, and
the settings of the latest run per scenario text, so that the overview and compare pages can show the
ranges of a scenario once its Monte Carlo has been run on the uncertainty page.

Only the settings (draws, seed, method) are kept in session_state (small, picklable); the result itself
comes from the cache (a cache miss reruns it: the same seed gives the same result).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

import pandas as pd
import streamlit as st

from sim.scenario import loads
from sim.uncertainty import monte_carlo

LATEST_PREFIX = "mc_latest_"


# Runs computed outside the cache (to drive a progress bar: a cached function may not update elements
# created outside it), handed to mc_result so that it caches them without running again.
_HANDOFF: dict[tuple, object] = {}
_HANDOFF_LOCK = threading.Lock()


# Compact results (bands + per-draw KPIs and gap %: about 25 MB at 100,000 draws).
@st.cache_data(show_spinner=False, max_entries=16)
def mc_result(text: str, draws: int, seed: int, method: str):
    """The Monte Carlo (sim.uncertainty.MonteCarlo) of a scenario text with these settings."""
    with _HANDOFF_LOCK:
        done = _HANDOFF.pop((text, int(draws), int(seed), method), None)
    if done is not None:
        return done
    return monte_carlo(loads(text), int(draws), seed=int(seed), method=method).compact()


def run_with_progress(text: str, draws: int, seed: int, method: str,
                      progress: Callable[[int, int], None] | None = None):
    """mc_result, calling `progress(done, total)` after each chunk unless this is already the latest
    run of the scenario in this session (then the cache answers at once)."""
    key = (text, int(draws), int(seed), method)
    if progress is not None and latest_settings(text) != {"draws": key[1], "seed": key[2], "method": method}:
        result = monte_carlo(loads(text), int(draws), seed=int(seed), method=method, progress=progress).compact()
        with _HANDOFF_LOCK:
            _HANDOFF[key] = result
        try:
            return mc_result(*key)
        finally:
            with _HANDOFF_LOCK:
                _HANDOFF.pop(key, None)
    return mc_result(*key)


def latest_key(text: str) -> str:
    return LATEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def remember(text: str, draws: int, seed: int, method: str) -> None:
    """Record a run as the latest Monte Carlo of this scenario text in this session."""
    st.session_state[latest_key(text)] = {"draws": int(draws), "seed": int(seed), "method": str(method)}


def latest_settings(text: str) -> dict | None:
    return st.session_state.get(latest_key(text))


def latest_for(text: str):
    """The most recent MonteCarlo run in this session for this scenario text, or None."""
    settings = latest_settings(text)
    if settings is None:
        return None
    try:
        return mc_result(text, settings["draws"], settings["seed"], settings["method"])
    except (ValueError, KeyError):  # a failing run reads as "no run", never as a traceback
        return None


@st.cache_data(show_spinner=False, max_entries=32)
def tornado_table(text: str, kpi: str) -> pd.DataFrame:
    from sim.sensitivity import tornado

    return tornado(loads(text), kpi)


@st.cache_data(show_spinner=False, max_entries=16)
def sobol_table(text: str, kpi: str, n: int, seed: int) -> pd.DataFrame:
    from sim.sensitivity import sobol

    return sobol(loads(text), kpi, n=int(n), seed=int(seed))
