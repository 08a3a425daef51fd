"""The text catalogue (Japanese default, English), shared by sim and ui.

Text lives in catalogue modules, one per area, each defining ``TEXT = {"ja": {...}, "en": {...}}``:
sim's own areas in sim/text (units, KPIs, budget lines, metrics, groups, CLI, validation, exports),
the app's in ui/text. A ``Catalogue`` merges areas and looks a key up; ``t`` is sim's catalogue and
ui.i18n builds the app's from sim's areas plus its own, so both go through the same lookup.

Every key must exist in every language (a test checks this). ``t`` raises ``KeyError`` for an
unknown key or language rather than showing a half-translated screen.
"""

from __future__ import annotations

from types import ModuleType

DEFAULT_LANG = "ja"
LANGS: tuple[str, ...] = ("ja", "en")
# How each language is named in the language switch (in its own language).
LANG_NAMES: dict[str, str] = {"ja": "日本語", "en": "English"}


def pick(lang: str, **by_lang: str) -> str:
    """The text for ``lang`` of a record that carries its own translations (the parameter registry,
    the presets table): ``pick(lang, ja=p.label_ja, en=p.label_en)``. Raises ``KeyError`` for an
    unknown language."""
    if lang not in LANGS:
        raise KeyError(f"unknown language {lang!r}; known: {', '.join(LANGS)}")
    return by_lang[lang]


def label_column(lang: str) -> str:
    """The column of a table that carries a label in each language (label_ja, label_en) for ``lang``."""
    return "label_" + pick(lang, **{code: code for code in LANGS})


def in_each_lang(make) -> dict[str, str]:
    """A table row's label columns, {"label_ja": make("ja"), "label_en": make("en")}."""
    return {label_column(lang): make(lang) for lang in LANGS}


class Catalogue:
    """One catalogue merged from area modules; a key defined twice is an error."""

    def __init__(self, areas: tuple[ModuleType, ...]):
        self.text: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        for area in areas:
            for lang in LANGS:
                for key, text in area.TEXT[lang].items():
                    if key in self.text[lang]:
                        raise ValueError(f"i18n key {key!r} defined twice ({area.__name__})")
                    self.text[lang][key] = text

    def t(self, key: str, lang: str = DEFAULT_LANG, /, **fmt: object) -> str:
        """Text for ``key`` in ``lang``, formatted with ``fmt`` (``str.format``).

        Raises ``KeyError`` for an unknown language or key.
        """
        try:
            catalog = self.text[lang]
        except KeyError:
            raise KeyError(f"unknown language {lang!r}; known: {', '.join(self.text)}") from None
        try:
            text = catalog[key]
        except KeyError:
            raise KeyError(f"missing i18n key {key!r} for language {lang!r}") from None
        return text.format(**fmt) if fmt else text

    def has(self, key: str, lang: str = DEFAULT_LANG) -> bool:
        """True if ``key`` is in the catalogue of ``lang``."""
        return key in self.text.get(lang, {})

    def labels(self, key: str) -> dict[str, str]:
        """A table row's label columns for ``key``: {"label_ja": ..., "label_en": ...}."""
        return in_each_lang(lambda lang: self.t(key, lang))


def _sim_catalogue() -> Catalogue:
    from sim.text import AREAS
    return Catalogue(AREAS)


CATALOGUE = _sim_catalogue()
CATALOG = CATALOGUE.text
t = CATALOGUE.t
has = CATALOGUE.has
labels = CATALOGUE.labels


class Message(str):
    """A message from the catalogue that can be shown in any language: ``Message("validation.not_finite",
    value=x)``. As a ``str`` it is the English text (logs, ``--lang en``, code that only compares text);
    ``text(lang)`` gives it in a language. Format values that are Messages are put in the same language
    (``unit=Message("unit.fte")``). Pickles (Streamlit's session state) by key and values."""

    key: str
    fmt: dict

    def __new__(cls, msg_key: str, /, **fmt: object) -> "Message":
        fmt = {k: v if isinstance(v, (str, int, float)) else str(v) for k, v in fmt.items()}  # plain, picklable
        obj = super().__new__(cls, CATALOGUE.t(msg_key, "en", **_in("en", fmt)))
        obj.key, obj.fmt = msg_key, fmt
        return obj

    def __getnewargs_ex__(self):
        return (self.key,), self.fmt

    def text(self, lang: str) -> str:
        return CATALOGUE.t(self.key, lang, **_in(lang, self.fmt))


def _in(lang: str, fmt: dict) -> dict:
    return {k: v.text(lang) if isinstance(v, Message) else v for k, v in fmt.items()}


def in_lang(text: str, lang: str) -> str:
    """A problem text in ``lang``: a Message in that language, any other text as it is."""
    return text.text(lang) if isinstance(text, Message) else str(text)


def message_of(err: BaseException) -> str:
    """The problem an exception reports: its Message when it was raised with one (so that it can be
    shown in any language), else its text."""
    arg = err.args[0] if len(err.args) == 1 else None
    return arg if isinstance(arg, Message) else str(err)
