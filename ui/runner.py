"""Cached runs: results are keyed by the scenario's canonical text, so an unchanged scenario never
runs twice, in any session. The cache is bounded by the results' pickled size (sim.pool.ResultCache,
DXSIM_CACHE_MB), and a scenario's own draws are capped at the app's bound (sim.pool.app_max_draws;
the CLI runs them all). A scenario runs as the CLI runs it (sim.uncertainty.scenario_result): with several
draws the chunked Monte Carlo, which every page reads like one run (P50 charts, percentile columns)."""

from __future__ import annotations

import pickle

import streamlit as st

from sim import pool
from sim.uncertainty import scenario_result
from sim.results import Results
from sim.scenario import loads
from ui.i18n import t

_CACHE = pool.ResultCache(pool.cache_bytes())


def app_draws(sc, draws: int | None = None) -> int:
    """The draws the app runs for a scenario: its own (or `draws`), at most the app's bound."""
    return min(int(draws if draws is not None else sc.draws), pool.app_max_draws())


def run_text(text: str, draws: int | None = None, seed: int | None = None) -> Results:
    """The Results of a scenario text, a MonteCarlo with several draws (a fresh copy per call, as
    st.cache_data gave)."""
    key = (text, draws, seed)
    res = _CACHE.get(key)
    if res is None:
        sc = loads(text)
        res = scenario_result(sc, app_draws(sc, draws), seed=seed)
        _CACHE.put(key, pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
    return res


def draws_notice(sc, lang: str) -> None:
    """Say so when the scenario asks for more draws than the app runs (a shared link, an upload)."""
    if sc.draws > pool.app_max_draws():
        st.warning(t("jobs.draws_capped", lang, draws=sc.draws, max=pool.app_max_draws()), icon=":material/info:")
