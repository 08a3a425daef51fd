"""UI text catalogue (Japanese default, English).

Every key must exist in every language (a test checks this). ``t`` raises ``KeyError`` for an
unknown key or language rather than showing a half-translated screen.
"""

from __future__ import annotations

DEFAULT_LANG = "ja"
LANGS: tuple[str, ...] = ("ja", "en")
# How each language is named in the language switch (in its own language).
LANG_NAMES: dict[str, str] = {"ja": "日本語", "en": "English"}

CATALOG: dict[str, dict[str, str]] = {
    "ja": {
        "app.title": "自治体DX・人員計画シミュレーター",
        "app.page_title": "dx-sim 自治体DX・人員計画",
        "sidebar.language": "言語 / Language",
        "nav.overview": "概要",
        "overview.title": "自治体DX・人員計画シミュレーター",
        "overview.intro": (
            "2050年までの職員数と必要人員、デジタル人材、DX計画の費用と効果を年度ごとに試算します。"
        ),
        "overview.kpis": "標準シナリオ「{name}」の主要指標",
        "overview.kpis_unnamed": "標準シナリオの主要指標",
        "overview.sim_unavailable": "シミュレーションエンジン（sim）はまだ利用できません。",
        "overview.no_kpis": "このシナリオには表示できる指標がありません。",
    },
    "en": {
        "app.title": "Municipal DX & Staffing Planning Simulator",
        "app.page_title": "dx-sim municipal DX & staffing",
        "sidebar.language": "言語 / Language",
        "nav.overview": "Overview",
        "overview.title": "Municipal DX & Staffing Planning Simulator",
        "overview.intro": (
            "Year by year to 2050: staff against required staff, digital talent, and what the DX plan "
            "costs and saves."
        ),
        "overview.kpis": "Key figures of the standard scenario “{name}”",
        "overview.kpis_unnamed": "Key figures of the standard scenario",
        "overview.sim_unavailable": "The simulation engine (sim) is not available yet.",
        "overview.no_kpis": "This scenario has no key figures to show.",
    },
}


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
