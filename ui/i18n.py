"""UI text catalogue (Japanese default, English).

Every key must exist in every language (a test checks this). ``t`` raises ``KeyError`` for an
unknown key or language rather than showing a half-translated screen.
"""

from __future__ import annotations

DEFAULT_LANG = "ja"
LANGS: tuple[str, ...] = ("ja", "en")
# How each language is named in the language switch (in its own language).
LANG_NAMES: dict[str, str] = {"ja": "日本語", "en": "English"}

def _merge() -> dict[str, dict[str, str]]:
    """One catalogue from the per-area modules in ui/text (each defines TEXT = {"ja": {}, "en": {}}),
    so that pages can be written side by side without touching one shared file."""
    from ui.text import AREAS

    out: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for area in AREAS:
        for lang in LANGS:
            for key, text in area.TEXT[lang].items():
                if key in out[lang]:
                    raise ValueError(f"i18n key {key!r} defined twice ({area.__name__})")
                out[lang][key] = text
    return out


CATALOG: dict[str, dict[str, str]] = _merge()


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    """Text for ``key`` in ``lang``, formatted with ``fmt`` (``str.format``).

    Raises ``KeyError`` for an unknown language or key.
    """
    try:
        catalog = CATALOG[lang]
    except KeyError:
        raise KeyError(f"unknown language {lang!r}; known: {', '.join(CATALOG)}") from None
    try:
        text = catalog[key]
    except KeyError:
        raise KeyError(f"missing i18n key {key!r} for language {lang!r}") from None
    return text.format(**fmt) if fmt else text


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    """True if ``key`` is in the catalogue of ``lang``."""
    return key in CATALOG.get(lang, {})
