"""Save and load scenarios (being built): download/upload TOML, save to the library folder."""

from __future__ import annotations


def render(lang: str) -> None:
    """Draw the save/load controls (inside the sidebar expander)."""
