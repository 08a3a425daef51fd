"""Shareable state in st.query_params (being built)."""

from __future__ import annotations


def restore() -> None:
    """On a session's first run, load the scenario and view that the URL describes."""


def sync() -> None:
    """Write the working scenario into the URL after each run."""
