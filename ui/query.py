"""Shareable state in st.query_params: a copied URL reopens the same scenario and language.

Parameters (only these are managed; others are left alone):
  s     the built-in scenario the working copy started from (file stem, e.g. standard_dx)
  d     the working scenario's canonical TOML, zlib-compressed and base64url-encoded (no padding),
        present only when it differs from that built-in (or there is no built-in base)
  lang  the language, present only when it is not the default
"""

from __future__ import annotations

import base64
import binascii
import functools
import zlib

import streamlit as st

from sim.scenario import MAX_FILE_BYTES, ScenarioError, dumps, loads
from ui import persistence, state
from ui.i18n import DEFAULT_LANG, LANGS, t

KEYS = ("s", "d", "lang")
PAGE_KEY, START_PAGE, DEFAULT_PAGE = "p", "start_page", "overview"
MAX_ENCODED = 200_000  # characters of "d" accepted (a URL of this size is already unusual)
# Characters of "d" written. Servers and proxies refuse long request lines (a link of about 110,000
# characters got HTTP 400), so a URL the app writes stays under 64 kB: a larger scenario is not put in
# the link at all, and the app says to share it as a file instead.
MAX_LINK = 60_000
RESTORED = "query_restored"
BUILTIN = "builtin:"


@functools.lru_cache(maxsize=64)
def encode(text: str) -> str:
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).rstrip(b"=").decode("ascii")


def decode(value: str) -> bytes:
    """The TOML bytes of an encoded value; ValueError when damaged or too large."""
    if len(value) > MAX_ENCODED:
        raise ValueError("too long")
    try:
        packed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("not base64url") from None
    d = zlib.decompressobj()
    try:
        raw = d.decompress(packed, MAX_FILE_BYTES + 1)
    except zlib.error:
        raise ValueError("not zlib data") from None
    if len(raw) > MAX_FILE_BYTES or d.unconsumed_tail:
        raise ValueError("too large")
    if not d.eof:
        raise ValueError("truncated")
    return raw


def params_for(active_id: str, text: str, library: dict, lang: str) -> dict[str, str]:
    """The managed query parameters describing a view (pure)."""
    out: dict[str, str] = {}
    base = library.get(active_id)
    if active_id.startswith(BUILTIN) and base is not None:
        out["s"] = active_id[len(BUILTIN):]
        if base["text"] != text:
            out["d"] = encode(text)
    else:
        out["d"] = encode(text)
    if lang != DEFAULT_LANG:
        out["lang"] = lang
    return out


def fits_in_link(params: dict[str, str]) -> bool:
    """True when the encoded scenario of `params` (from params_for) is short enough for a URL."""
    return len(params.get("d", "")) <= MAX_LINK


def parse(params: dict[str, str], library: dict):
    """(base id or None, Scenario or None, language or None, problems) from query parameters (pure)."""
    problems: list[tuple[str, str]] = []
    lang = params.get("lang")
    lang = lang if lang in LANGS else None
    base = None
    if params.get("s"):
        sid = BUILTIN + params["s"]
        if sid in library and library[sid]["origin"] == "builtin":
            base = sid
        else:
            problems.append(("s", t("query.bad_id", lang or DEFAULT_LANG, id=params["s"][:80])))
    sc = None
    if params.get("d"):
        try:
            sc = loads(decode(params["d"]), source="URL")
        except ValueError as err:  # ScenarioError is a ValueError too
            if isinstance(err, ScenarioError):
                problems += err.problems
            else:
                problems.append(("d", t("query.bad_data", lang or DEFAULT_LANG, error=str(err))))
    return base, sc, lang, problems


def restore() -> None:
    """On a session's first run, load the scenario and language the URL describes.

    A bad or tampered URL shows its problems once and keeps the default scenario.
    """
    ss = st.session_state
    if ss.get(RESTORED):
        return
    ss[RESTORED] = True
    page = st.query_params.get(PAGE_KEY)
    if page:
        ss[START_PAGE] = page  # app.py opens this page when the URL's path names none
    params = {k: st.query_params.get(k) for k in KEYS if st.query_params.get(k)}
    if not params:
        return
    base, sc, lang, problems = parse(params, state.library())
    if lang:
        ss["lang"] = lang
    if problems:
        from ui.sidebar import show_problems  # sidebar imports persistence; keep imports one-way
        shown = lang or state.lang()
        st.warning(t("query.bad_url", shown))
        show_problems(ScenarioError(problems, "URL"), shown)
        return
    if base is not None:
        state.select(base)
    if sc is not None:
        if base is None:
            text = dumps(sc)
            base = state.add_to_library("session", persistence.unique_name("session", sc.name, text), text)
            ss[state.ACTIVE] = base
        state.set_scenario(sc, reset_widgets=True)


def sync(page: str | None = None) -> None:
    """Write the working scenario and the page into the URL; only the parameters that changed are
    touched. The page goes in `p` too, because Streamlit may leave the URL's path at "/" after a
    page switch, and a copied link must reopen the same page."""
    want = params_for(state.active_id(), state.scenario_text(), state.library(), state.lang())
    if not fits_in_link(want):
        # No broken link: leave the scenario out of the URL (the built-in "s" alone would reopen a
        # different scenario) and offer the file instead.
        want.pop("d")
        want.pop("s", None)
        st.sidebar.info(t("query.too_long", state.lang()))
    if page and page != DEFAULT_PAGE:
        want[PAGE_KEY] = page
    qp = st.query_params
    for key in KEYS + (PAGE_KEY,):
        if key in want:
            if qp.get(key) != want[key]:
                qp[key] = want[key]
        elif key in qp:
            del qp[key]
