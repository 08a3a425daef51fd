"""Monte-Carlo results and sensitivity tables of this session: runs keyed by the scenario text and the
settings, computed in the server's worker pool (ui/jobs.py, sim/pool.py), and the settings of the latest
run per scenario text, so that the overview and compare pages can show the ranges of a scenario once its
Monte Carlo has been run on the uncertainty page.

Only the settings (draws, seed, method) are kept in session_state (small, picklable); the result itself
comes from the server's byte-bounded cache (a result pushed out of it is run again: the same seed gives
the same result).
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from sim import pool
from ui import jobs

LATEST_PREFIX = "mc_latest_"


def run_key(text: str, draws: int, seed: int, method: str) -> tuple:
    return ("monte_carlo", text, int(draws), int(seed), str(method))


def run(text: str, draws: int, seed: int, method: str, lang: str):
    """The MonteCarlo (sim.uncertainty) of a scenario text with these settings, waited for on the
    page with its progress or queue position. Raises ScenarioError / ValueError."""
    return jobs.result(run_key(text, draws, seed, method), pool.monte_carlo_task, text, int(draws), int(seed),
                       str(method), lang=lang, progress_key="unc.progress")


def latest_key(text: str) -> str:
    return LATEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def remember(text: str, draws: int, seed: int, method: str) -> None:
    """Record a run as the latest Monte Carlo of this scenario text in this session."""
    st.session_state[latest_key(text)] = {"draws": int(draws), "seed": int(seed), "method": str(method)}


def forget(text: str) -> None:
    st.session_state.pop(latest_key(text), None)


def latest_settings(text: str) -> dict | None:
    return st.session_state.get(latest_key(text))


def latest_for(text: str):
    """The most recent MonteCarlo run in this session for this scenario text when it is at hand, else None
    (never waits: a run pushed out of the cache is started again in the pool)."""
    settings = latest_settings(text)
    if settings is None:
        return None
    key = run_key(text, settings["draws"], settings["seed"], settings["method"])
    found = jobs.cached(key)
    if found is None:
        jobs.start(key, pool.monte_carlo_task, text, *key[2:])
    return found


def tornado_table(text: str, kpi: str, lang: str) -> pd.DataFrame:
    """One-at-a-time effects on a KPI (one engine call of a few dozen columns, about 20 ms), computed in the
    worker pool like every sensitivity analysis, so that the server's script thread stays free."""
    return jobs.result(("tornado", text, kpi), pool.tornado_task, text, kpi, lang=lang, progress_key="unc.progress")


def sobol_table(text: str, kpi: str, n: int, seed: int, lang: str) -> pd.DataFrame:
    """Sobol indices, computed in the worker pool and waited for on the page."""
    return jobs.result(("sobol", text, kpi, int(n), int(seed)), pool.sobol_task, text, kpi, int(n), int(seed),
                       lang=lang, progress_key="unc.progress", running_key="unc.sobol_running")
