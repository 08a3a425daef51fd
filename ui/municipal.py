"""Real-municipality data in the app: the SSDSE-A and IPSS files, loaded once and shared by the pages.

Where the files come from:
- a folder named by the environment variable DXSIM_DATA_DIR holding the SSDSE-A CSV (a name matching
  ``ssdse_a*.csv``, or the same ``.csv.gz``) and optionally the IPSS projection CSV (``ipss*.csv``),
  directly or one folder down; nothing else is read then;
- otherwise the copies bundled in data/municipal/ (SSDSE-A 2025, IPSS 2023), each replaced by a file
  of its kind uploaded in the sidebar (a newer edition; kept in this session's state as bytes).

Parsed tables are cached with st.cache_resource keyed by the SHA-256 of the file's bytes, so a file is
parsed once per server, whichever session brings it, and a rerun gets the same table objects without
copying them: loaded tables are read-only (callers derive new frames, never change them in place). A file
that fails to parse changes nothing: the previous data (or none) stay, and the error is shown. Nothing here
draws except `page_title`.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from sim import municipal as sm
from sim.town_label import own_figures, preset_label, town_label as plain_town_label
from sim.i18n import message_of
from sim.municipal import DataImportError
from sim.scenario import ScenarioError
from ui import state
from ui.i18n import t
from ui.persistence import download_stem, md_escape

ENV_DIR = sm.ENV_DIR
KINDS = sm.FILE_KINDS
UPLOADED = "municipal_uploaded"  # kind -> {"name", "bytes", "digest"}: the last good upload of each kind
FAILED = "municipal_failed"      # kind -> (digest, message): the last bad upload, not parsed again
ERROR = "municipal_error"        # (file or "", message) set by a callback, shown once in the sidebar


@dataclass(frozen=True)
class DataFile:
    kind: str      # ssdse | ipss
    name: str      # file name (user text: escape when shown)
    origin: str    # folder | bundled | upload
    digest: str    # sha256 of the bytes
    rows: int      # municipalities in it


@dataclass
class Loaded:
    ssdse: pd.DataFrame | None = None
    ipss: pd.DataFrame | None = None
    files: list[DataFile] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file name, message)
    folder: str | None = None

    @property
    def available(self) -> bool:
        return self.ssdse is not None

    @property
    def key(self) -> tuple[str, ...]:
        """Identifies the loaded data (a batch result is valid for this key only)."""
        return tuple(f.digest for f in self.files)


def data_dir() -> Path | None:
    return sm.data_dir()


def find_files(folder: Path) -> dict[str, Path | None]:
    """The first file matching each kind's pattern (case-insensitive), in the folder or one level down."""
    return sm.find_files(folder)


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _parse(kind: str, file_digest: str, name: str, _raw: bytes) -> pd.DataFrame:
    """The parsed table; cached by (kind, digest, name): the bytes themselves are not hashed again."""
    reader = sm.read_ssdse_a if kind == "ssdse" else sm.read_ipss
    return reader(_raw, name=name)


def parse(kind: str, raw: bytes, name: str) -> pd.DataFrame:
    """Parse a file of `kind`; raises sim.municipal.DataImportError with a readable message."""
    return _parse(kind, digest(raw), name, raw)


def _count(kind: str, table: pd.DataFrame) -> int:
    if kind == "ipss" and "code" in table.columns:
        return int(table["code"].nunique())
    return len(table)


@st.cache_resource(show_spinner=False, max_entries=8)
def _read_file(kind: str, path: str, mtime_ns: int, size: int) -> tuple[str, pd.DataFrame, int]:
    """(sha256, parsed table, municipalities in it) of a file in the data folder or data/municipal/, read
    again only when its modification time or size changes (so a rerun neither reads nor hashes it)."""
    raw = Path(path).read_bytes()
    table = parse(kind, raw, Path(path).name)
    return digest(raw), table, _count(kind, table)


def _read_into(out: Loaded, kind: str, path: Path, origin: str) -> None:
    try:
        st_ = path.stat()
        file_digest, table, rows = _read_file(kind, str(path), st_.st_mtime_ns, st_.st_size)
    except OSError as err:
        out.errors.append((path.name, str(err)))
        return
    except DataImportError as err:
        out.errors.append((path.name, message_of(err)))
        return
    setattr(out, kind, table)
    out.files.append(DataFile(kind, path.name, origin, file_digest, rows))


def load() -> Loaded:
    """The municipal data of this session: from the configured folder; else the bundled copies, each
    replaced by an upload of its kind."""
    out = Loaded()
    folder = data_dir()
    if folder is not None:
        out.folder = str(folder)
        for kind, path in find_files(folder).items():
            if path is not None:
                _read_into(out, kind, path, "folder")
    else:
        uploaded = st.session_state.get(UPLOADED, {})
        for kind, path in find_files(sm.BUNDLED_DIR).items():
            if path is not None and kind not in uploaded:
                _read_into(out, kind, path, "bundled")
        for kind, entry in uploaded.items():
            try:
                table = parse(kind, entry["bytes"], entry["name"])
            except DataImportError as err:  # cannot happen for a stored upload; never half-apply
                out.errors.append((entry["name"], message_of(err)))
                continue
            setattr(out, kind, table)
            out.files.append(DataFile(kind, entry["name"], "upload", entry["digest"], _count(kind, table)))
        out.files.sort(key=lambda f: KINDS.index(f.kind))
    if out.ssdse is None:  # a projection alone is of no use
        out.ipss = None
        out.files = []
    return out


def accept_upload(kind: str, name: str, raw: bytes) -> str | None:
    """Take an uploaded file: parse it and keep it in this session if good; return the error
    message if not (the previous data stay as they were)."""
    ss = st.session_state
    d = digest(raw)
    stored = ss.get(UPLOADED, {}).get(kind)
    if stored is not None and stored["digest"] == d:
        return None
    failed = ss.get(FAILED, {}).get(kind)
    if failed is not None and failed[0] == d:
        return failed[1]
    try:
        parse(kind, raw, name)
    except DataImportError as err:
        ss[FAILED] = {**ss.get(FAILED, {}), kind: (d, message_of(err))}
        return message_of(err)
    ss[UPLOADED] = {**ss.get(UPLOADED, {}), kind: {"name": name, "bytes": raw, "digest": d}}
    return None


def forget_upload(kind: str) -> None:
    """The uploader was cleared: drop that file (and its failure record)."""
    ss = st.session_state
    if kind in ss.get(UPLOADED, {}):
        ss[UPLOADED] = {k: v for k, v in ss[UPLOADED].items() if k != kind}
    if kind in ss.get(FAILED, {}):
        ss[FAILED] = {k: v for k, v in ss[FAILED].items() if k != kind}


# ----------------------------------------------------------------------------------- look-ups


def code_str(code) -> str:
    """A municipality code as the 5-digit string of the data (01100)."""
    s = str(code).strip()
    return s.zfill(5) if s.isdigit() and len(s) < 5 else s


@dataclass(frozen=True)
class _Index:
    """What the picker looks up in a loaded SSDSE table, made once per table (read-only)."""
    table: pd.DataFrame       # kept, so that its id is not reused while the index is known
    directory: pd.DataFrame   # directory(table)
    prefectures: tuple[str, ...]
    by_prefecture: dict[str, pd.DataFrame]  # the directory's rows of each prefecture (the picker's list)
    by_code: dict[str, dict]  # code -> {code, prefecture, name, kind}


_INDEXES: dict[int, _Index] = {}  # id(table) -> its index; the loaded tables are the same objects on each rerun
_INDEXES_LOCK = threading.Lock()
_INDEXES_MAX = 8


def _index(ssdse: pd.DataFrame) -> _Index:
    with _INDEXES_LOCK:
        known = _INDEXES.get(id(ssdse))
    if known is not None and known.table is ssdse:
        return known
    d = _make_directory(ssdse)
    made = _Index(ssdse, d, tuple(sm.prefectures(ssdse)),
                  {p: rows.reset_index(drop=True) for p, rows in d.groupby("prefecture", sort=False)},
                  {row["code"]: row for row in d.to_dict("records")})
    with _INDEXES_LOCK:
        if len(_INDEXES) >= _INDEXES_MAX:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[id(ssdse)] = made
    return made


def directory(ssdse: pd.DataFrame) -> pd.DataFrame:
    """code (str), prefecture, name, kind of every municipality, in code order."""
    return _index(ssdse).directory.copy()


def _make_directory(ssdse: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"code": [code_str(c) for c in ssdse.index],
                        "prefecture": ssdse["prefecture"].astype(str).to_numpy(),
                        "name": ssdse["name"].astype(str).to_numpy(),
                        "kind": ssdse["kind"].astype(str).to_numpy()})
    return out.sort_values("code", kind="stable").reset_index(drop=True)


def prefectures(ssdse: pd.DataFrame) -> list[str]:
    """The prefectures in code order (北海道 first)."""
    return list(_index(ssdse).prefectures)


def search(ssdse: pd.DataFrame, prefecture: str | None = None, query: str = "") -> pd.DataFrame:
    """Municipalities of a prefecture, or — when `query` is given — of the whole country whose name
    (or prefecture + name) contains it. A prefecture's list is shared between reruns: read it, do not change it."""
    index = _index(ssdse)
    d = index.directory
    q = "".join(str(query).split())
    if q:
        hit = d["name"].str.contains(q, regex=False) | (d["prefecture"] + d["name"]).str.contains(q, regex=False)
        return d[hit].reset_index(drop=True)
    if prefecture is not None:
        return index.by_prefecture.get(prefecture, d.iloc[:0])
    return d.copy()


def locate(ssdse: pd.DataFrame, code) -> dict | None:
    """{code, prefecture, name, kind} of a code, or None."""
    row = _index(ssdse).by_code.get(code_str(code))
    return None if row is None else dict(row)


def scenario_code(sc) -> str | None:
    """The working scenario's municipality code, if it was filled from the data."""
    code = getattr(sc.municipality, "code", None)
    return code_str(code) if code not in (None, "") else None


def apply(code: str) -> bool:
    """Fill the working scenario's profile from the data of `code` (validated, all or nothing;
    widgets are redrawn). On failure the problems go to st.session_state[ERROR] as (code, [(path, message)]),
    shown beside the picker that chose the town."""
    loaded = load()
    if not loaded.available:
        return False
    sc = state.scenario()
    try:
        prof = sm.profile(code_str(code), loaded.ssdse, loaded.ipss, base_year=int(sc.value("simulation.base_year")),
                          end_year=int(sc.value("simulation.end_year")))
        sc = sm.with_profile(sc, prof)  # validated as a whole (ScenarioError lists every problem)
    except ScenarioError as err:
        st.session_state[ERROR] = (code, list(err.problems))
        return False
    except (KeyError, ValueError) as err:  # DataImportError is a ValueError
        st.session_state[ERROR] = (code, [("", message_of(err))])
        return False
    state.set_scenario(sc, reset_widgets=True)
    return True


def town_label(sc, lang: str, markdown: bool = False) -> str:
    """The town of a scenario in words (sim.town_label). markdown: the name (user text) escaped for a
    markdown-rendered element (the bundled labels have no markup)."""
    if sc.municipality.name and markdown:
        return md_escape(sc.municipality.name)
    return plain_town_label(sc, lang)


def town_file_label(sc, lang: str) -> str:
    """The town as part of a file name: the municipality's name without its prefecture (岩見沢市), a
    file's own name, else the size class's label (with "own figures" when they are given)."""
    m = sc.municipality
    if m.name:
        return m.name.split(" ", 1)[1] if scenario_code(sc) and " " in m.name.strip() else m.name
    label = preset_label(sc, lang)
    return t("muni.file.own", lang, label=label) if own_figures(sc) else label


def file_stem(sc, lang: str) -> str:
    """The safe stem of a download: scenario and town, e.g. 標準DX計画_岩見沢市."""
    return download_stem(sc.name, town_file_label(sc, lang))


def page_title(title: str, lang: str) -> None:
    """A page's heading: its title, the town (town_label) and the scenario, marked 「（変更あり）」 when
    the working scenario differs from the library entry it was loaded from (state.modified)."""
    sc = state.scenario()
    marker = t("common.modified", lang) if state.modified() else ""
    st.title(t("common.title_full", lang, title=title, town=town_label(sc, lang, markdown=True),
               scenario=md_escape(sc.name), modified=marker))


def benchmark(loaded: Loaded, code: str) -> dict | None:
    """sim.municipal.staff_benchmark for `code`, or None when it cannot be had."""
    if not loaded.available:
        return None
    try:
        return sm.staff_benchmark(loaded.ssdse, code_str(code))
    except (KeyError, ValueError):
        return None


def run_batch(sc, loaded: Loaded, prefecture: str | None, progress=None) -> pd.DataFrame:
    """sim.municipal.batch over the loaded data (one row per municipality of `prefecture`).
    Raises ScenarioError or sim.municipal.DataImportError/ValueError with a readable message."""
    return sm.batch(sc, loaded.ssdse, loaded.ipss, prefecture=prefecture, progress=progress)
