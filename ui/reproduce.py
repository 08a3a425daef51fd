"""The reproduce box (being built): CLI command and Python snippet for the results on screen."""

from __future__ import annotations


def render(lang: str) -> None:
    """Draw the box at the bottom of a page."""
