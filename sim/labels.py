"""Titles built from the catalogue: a lever's kind named once (the app's lever titles, the 前提条件 sheet)."""

from __future__ import annotations

import re
import unicodedata

from sim.parameters import LEVER_KINDS, lever_kind_label


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def lever_kind_short(kind: str, lang: str) -> str:
    """A lever kind's label in the language without its explanation in brackets
    (フロントヤード改革（オンライン手続・書かない窓口） -> フロントヤード改革)."""
    label = lever_kind_label(kind, lang)
    return re.split(r"（| \(", label, maxsplit=1)[0].strip()


def lever_title_kind(name: str, kind: str, lang: str) -> str | None:
    """The kind to show after a lever's name in its title, or None when the name already says it (the
    name is part of the kind's label, or holds its short form): a title never repeats the kind."""
    if kind not in LEVER_KINDS:
        return None
    full, short = _norm(lever_kind_label(kind, lang)), _norm(lever_kind_short(kind, lang))
    n = _norm(name)
    if not n or n in full or short in n:
        return None
    return lever_kind_short(kind, lang)
