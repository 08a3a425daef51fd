"""Cached runs: results are keyed by the scenario's canonical text, so an unchanged scenario never
runs twice, in any session."""

from __future__ import annotations

import streamlit as st

from sim import run
from sim.results import Results
from sim.scenario import loads


@st.cache_data(show_spinner=False, max_entries=64)
def run_text(text: str, draws: int | None = None, seed: int | None = None) -> Results:
    return run(loads(text), draws=draws, seed=seed)
