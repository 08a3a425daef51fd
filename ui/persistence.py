"""Save and load scenarios: download/upload TOML, save to the library folder, keep a session copy.

The library folder is DXSIM_LIBRARY_DIR, default <project>/scenarios/user/. Saving is atomic
(sim.scenario.save_scenario) and never replaces a file without an explicit second click: a new file is
created exclusively, so when two sessions save the same new name at once, the second is asked to
confirm instead of silently replacing the first one's file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import unicodedata
from pathlib import Path

import streamlit as st

from sim.scenario import (MAX_FILE_BYTES, MAX_NAME_BYTES, FileNameTooLong, ScenarioError, dumps, inline_files,
                          load_scenario, loads, save_scenario)
from ui import state
from ui.i18n import t

MAX_NAME = 80
MAX_STEM_BYTES = MAX_NAME_BYTES - len(".toml")  # a library file name stays within MAX_NAME_BYTES (UTF-8)
FALLBACK_NAME = "scenario"
MAX_FOLDER_FILES = 500
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}

UPLOAD_KEY = "persistence_upload"
SEEN = "persistence_seen"            # {"sig": [name, size, sha256], "problems": [[path, msg]] | None}
PENDING = "persistence_pending"      # {"file": name, "text": toml, "name": scenario name} awaiting confirm
FLASH = "persistence_flash"          # (kind, message) shown once after a rerun
FOLDER_LOADED = "persistence_folder_loaded"
FOLDER_SKIPPED = "persistence_folder_skipped"


# --- pure helpers --------------------------------------------------------------------------------

def _clean_stem(name: str) -> str:
    """NFKC, letters/digits (any script), '-' and '_' kept, the rest '_'; not yet shortened."""
    text = unicodedata.normalize("NFKC", str(name or ""))
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() or ch in "-_" else "_")
    stem = "".join(out)
    while "__" in stem:
        stem = stem.replace("__", "_")
    return stem.strip("_").lstrip("-")


def name_too_long(name: str) -> bool:
    """True when the file stem of `name` exceeds MAX_NAME characters or MAX_STEM_BYTES bytes in UTF-8."""
    stem = _clean_stem(name)
    return len(stem) > MAX_NAME or len(stem.encode("utf-8")) > MAX_STEM_BYTES


def sanitize_filename(name: str, fallback: str = FALLBACK_NAME) -> str:
    """A safe file stem: NFKC, letters/digits (any script), '-' and '_' kept, the rest '_'.

    Never empty, never a path (no separators, no '..', no leading '.' or '-'), at most 80 chars and
    MAX_STEM_BYTES bytes in UTF-8 (file systems count bytes: 80 kanji are 240).
    """
    stem = _clean_stem(name)[:MAX_NAME]
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.strip("_")
    if not stem:
        stem = fallback
    if stem.lower() in _RESERVED:  # Windows device names
        stem = f"{stem}_"
    return stem


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=\"'")


def md_escape(text: str) -> str:
    """User text made literal inside markdown-rendered messages (st.success, st.caption, ...)."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


MAX_TOWN_PART = 30  # characters of the town kept in a download's name (the scenario's name gets the rest)


def download_stem(sc_name: str, town: str = "") -> str:
    """The safe stem of a download named after the scenario and the town: 標準DX計画_岩見沢市. Each
    part is sanitised on its own and the town is kept whole up to MAX_TOWN_PART characters, so a long
    scenario name never cuts the town off."""
    town_part = _clean_stem(town)[:MAX_TOWN_PART].strip("_")
    if not town_part:
        return sanitize_filename(sc_name)
    room = MAX_NAME - len(town_part) - 1
    while True:
        name_part = _clean_stem(sc_name)[:room].strip("_") or FALLBACK_NAME
        stem = sanitize_filename(f"{name_part}_{town_part}")
        if stem.endswith(town_part) or room <= 1:
            return stem
        room -= 4  # the name was cut for bytes: make room so the town stays whole


def download_name(sc_name: str, town: str = "") -> str:
    return f"{download_stem(sc_name, town)}.toml"


def download_payload(text: str) -> bytes:
    """The bytes of the scenario download (canonical TOML, UTF-8)."""
    return text.encode("utf-8")


def library_dir() -> Path:
    env = os.environ.get("DXSIM_LIBRARY_DIR", "").strip()
    return Path(env) if env else state.ROOT / "scenarios" / "user"


def file_signature(name: str, raw: bytes) -> list:
    return [name, len(raw), hashlib.sha256(raw).hexdigest()]


def unique_name(origin: str, name: str, text: str) -> str:
    """A library name for `origin` that does not replace a different scenario."""
    lib = state.library()
    candidate, n = name, 2
    while f"{origin}:{candidate}" in lib and lib[f"{origin}:{candidate}"]["text"] != text:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


# --- library folder --------------------------------------------------------------------------------

def load_folder() -> None:
    """Once per session: list the folder's *.toml files in the library (origin "folder").

    Call after state.init() and before the sidebar is drawn (query.restore() does so).
    """
    ss = st.session_state
    if ss.get(FOLDER_LOADED):
        return
    ss[FOLDER_LOADED] = True
    folder = library_dir()
    skipped = []
    try:
        paths = sorted(folder.glob("*.toml"))[:MAX_FOLDER_FILES] if folder.is_dir() else []
    except OSError:
        paths = []
    for path in paths:
        try:
            sc = load_scenario(path)
        except ScenarioError as err:
            skipped.append(f"{path.name}: {len(err.problems)} problem(s)")
            continue
        state.add_to_library("folder", path.stem, dumps(inline_files(sc)))  # the session keeps text, no folder
    ss[FOLDER_SKIPPED] = skipped


# --- upload ---------------------------------------------------------------------------------------

def _handle_upload(upload, lang: str) -> None:
    ss = st.session_state
    if upload is None:
        ss.pop(SEEN, None)  # the same file may be loaded again after it was removed
        return
    raw = upload.getvalue()
    sig = file_signature(upload.name, raw)
    seen = ss.get(SEEN)
    if seen is None or seen["sig"] != sig:
        seen = {"sig": sig, "problems": None}
        if len(raw) > MAX_FILE_BYTES:  # before parsing
            seen["problems"] = [["", t("persistence.too_large", lang, size=f"{len(raw):,}",
                                       limit=f"{MAX_FILE_BYTES:,}")]]
        else:
            try:
                sc = loads(raw, source=upload.name)
            except ScenarioError as err:
                seen["problems"] = [list(p) for p in err.problems]
            else:
                text = dumps(sc)
                sid = state.add_to_library("upload", unique_name("upload", sc.name, text), text)
                state.load_file(sid)  # a file is taken whole, with its own town (see ui/state.py)
                ss[SEEN] = seen
                ss[FLASH] = ("success", t("persistence.uploaded", lang, name=md_escape(sc.name)))
                st.rerun()  # the picker above must show the new entry
        ss[SEEN] = seen
    if seen["problems"]:
        st.error(t("persistence.upload_failed", lang, name=md_escape(upload.name)))
        from ui.sidebar import show_problems  # sidebar imports this module
        show_problems(ScenarioError([tuple(p) for p in seen["problems"]], upload.name), lang)


# --- save to library --------------------------------------------------------------------------------

def _write(file: str, text: str, lang: str, overwrite: bool) -> bool:
    """Write the scenario into the library folder; False when it exists (and overwrite is False)."""
    path = library_dir() / file
    try:
        save_scenario(loads(text), path, overwrite=overwrite)
    except FileExistsError:  # also when another session created the name a moment ago (exclusive create)
        return False
    except FileNameTooLong:
        st.session_state[FLASH] = ("error", t("persistence.name_too_long", lang, limit=MAX_STEM_BYTES,
                                              kanji=MAX_STEM_BYTES // 3))
        return True
    except OSError as err:  # the reason only: the server's folder is not the planner's business
        st.session_state[FLASH] = ("error", t("persistence.save_failed", lang, error=md_escape(err.strerror or
                                                                                             type(err).__name__)))
        return True
    except ScenarioError as err:
        st.session_state[FLASH] = ("error", t("persistence.save_failed", lang, error=md_escape(err)))
        return True
    stem = Path(file).stem
    sid = state.add_to_library("folder", stem, dumps(loads(text)))
    state.select(sid)
    st.session_state[FLASH] = ("success", t("persistence.saved", lang, file=md_escape(file)))
    return True


def _on_save(name_key: str, lang: str) -> None:
    ss = st.session_state
    sc = state.scenario()
    name = (ss.get(name_key) or "").strip() or sc.name
    if name_too_long(name):  # refused with a message rather than cut: the planner chooses the short name
        ss[FLASH] = ("error", t("persistence.name_too_long", lang, limit=MAX_STEM_BYTES, kanji=MAX_STEM_BYTES // 3))
        return
    text = dumps(dataclasses.replace(sc, name=name))
    file = f"{sanitize_filename(name)}.toml"
    if not _write(file, text, lang, overwrite=False):
        ss[PENDING] = {"file": file, "text": text, "name": name}


def _on_confirm(lang: str) -> None:
    pending = st.session_state.pop(PENDING, None)
    if pending:
        _write(pending["file"], pending["text"], lang, overwrite=True)


def _on_cancel() -> None:
    st.session_state.pop(PENDING, None)


def _on_keep(lang: str) -> None:
    sc = state.scenario()
    text = state.scenario_text()
    name = unique_name("session", sc.name, text)
    state.add_to_library("session", name, text)
    st.session_state[FLASH] = ("success", t("persistence.kept", lang, name=md_escape(name)))


# --- drawing ------------------------------------------------------------------------------------------

def render(lang: str) -> None:
    """Draw the save/load controls (inside the sidebar expander)."""
    ss = st.session_state
    load_folder()
    sc = state.scenario()
    text = state.scenario_text()
    from ui import municipal  # municipal imports this module
    st.download_button(t("persistence.download", lang), data=download_payload(text),
                       file_name=f"{municipal.file_stem(sc, lang)}.toml",
                       mime="application/toml", help=t("persistence.download_help", lang), key="persistence_download",
                       on_click="ignore")

    upload = st.file_uploader(t("persistence.upload", lang), type=["toml"], help=t("persistence.upload_help", lang),
                              key=UPLOAD_KEY)
    _handle_upload(upload, lang)

    st.divider()
    name_key = state.widget_key("persistence_name")
    if name_key not in ss:
        ss[name_key] = sc.name
    st.text_input(t("persistence.save_name", lang), key=name_key, max_chars=200)
    st.button(t("persistence.save", lang), key="persistence_save", on_click=_on_save, args=(name_key, lang))
    pending = ss.get(PENDING)
    if pending:
        st.warning(t("persistence.exists", lang, file=md_escape(pending["file"])))
        c1, c2 = st.columns(2)
        c1.button(t("persistence.overwrite", lang), key="persistence_overwrite", on_click=_on_confirm, args=(lang,),
                  type="primary")
        c2.button(t("persistence.cancel", lang), key="persistence_cancel", on_click=_on_cancel)
    st.caption(t("persistence.folder", lang, folder=md_escape(library_dir())))
    st.button(t("persistence.keep", lang), key="persistence_keep", on_click=_on_keep, args=(lang,),
              help=t("persistence.keep_help", lang))

    flash = ss.pop(FLASH, None)
    if flash:
        getattr(st, flash[0])(flash[1])
    if ss.get(FOLDER_SKIPPED):
        st.warning(t("persistence.folder_skipped", lang))
        st.code("\n".join(ss[FOLDER_SKIPPED]), language=None)
