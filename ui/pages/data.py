"""Data & sources page: the model, the parameter registry, the bundled tables, the source list.

The list of bundled tables (file, rows, description, source ids) and the credit lines are read
from data/SOURCES.md: one place, which tests/test_data.py checks against the files on disk. The
Japanese descriptions are the `内容` table that follows the Files table there (a table of its own, so
that the Files table keeps the four columns tests/test_data.py reads). The model documentation is
docs/model.ja.md in Japanese and docs/model.md otherwise.

Each document is a tab, and only the open tab is built (tabs with on_change="rerun"); which one is open is
kept in DOC, so it survives page switches and a language switch. Links between the documents
(`[validation.md](validation.md)`) lead to the linked document's tab on this page (`?doc=validation`, in a
new browser tab like every link in the app), not to a path the server answers with the app's home page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from sim import data, municipal as sim_municipal
from sim.cli import param_rows
from sim.export import csv_bytes
from sim.parameters import group_label
from ui import municipal, state, widgets
from ui.doc_links import DOC_PARAM, in_app_links
from ui.i18n import pick, t
from ui.persistence import md_escape

ROOT = Path(__file__).resolve().parents[2]
MODEL_DOCS = {"ja": ROOT / "docs" / "model.ja.md", "en": ROOT / "docs" / "model.md"}
VALIDATION_DOC = ROOT / "docs" / "validation.md"  # the checks against official figures (English)
SOURCES_DOC = data.DATA_DIR / "SOURCES.md"
UNVERIFIED = "unverified (from memory)"
CREDITS = {"ssdse": sim_municipal.SSDSE_CREDIT, "ipss": sim_municipal.IPSS_CREDIT}  # the publishers' lines
PARAM_COLUMNS = ("key", "group", "label", "unit", "default", "range", "time_varying", "uncertainty", "source")
_FILE_ROW = re.compile(r"^\| `([^`]+\.csv)` \| (\d+) \| ([^|]+) \| ([^|]+) \|$", re.MULTILINE)
_FILE_ROW_JA = re.compile(r"^\| `([^`]+\.csv)` \| ([^|]+) \|$", re.MULTILINE)  # | file | 内容 |
_CREDIT = re.compile(r"Credit: 「(.*)」\s*$", re.MULTILINE)
_SOURCE_ID = re.compile(r"\b(?:[SDR]\d{2}|assumption)\b")
DOCS = ("model", "validation", "parameters", "data", "sources")  # the tabs, in order
DOC = "data_doc"  # the open tab (one of DOCS)


@st.cache_data(show_spinner=False)
def _read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


@st.cache_data(show_spinner=False)
def _read_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(data.DATA_DIR / name, encoding="utf-8")


def bundled_tables(sources: str) -> list[dict]:
    """The Files table of SOURCES.md: file, rows, English description, Japanese description (from the
    `内容` table; "" if missing), source-id cell, ids found in it."""
    ja = {f: desc.strip() for f, desc in _FILE_ROW_JA.findall(sources)}
    return [{"file": f, "rows": int(n), "description": desc.strip(), "description_ja": ja.get(f, ""),
             "source_ids": ids.strip(), "ids": _SOURCE_ID.findall(ids)}
            for f, n, desc, ids in _FILE_ROW.findall(sources)]


def model_doc(lang: str) -> Path:
    """The model documentation in ``lang`` (English for any language without its own file)."""
    return MODEL_DOCS.get(lang, MODEL_DOCS["en"])


def credit_lines(sources: str) -> dict[str, str]:
    """Source id -> credit line, from the source bullets ('- **D01**: … Credit: 「…」')."""
    out = {}
    for bullet in re.split(r"\n(?=- \*\*)", sources):
        head = re.match(r"- \*\*(\w+)\*\*:", bullet)
        credit = _CREDIT.search(bullet)
        if head and credit:
            out[head.group(1)] = credit.group(1)
    return out


def mark_unverified(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, int]:
    """The table with a leading check column labelling unverified rows, and their count."""
    cols = [c for c in table.columns if c == "verification" or c.endswith("_verification")]
    if not cols:
        return table, 0
    flagged = table[cols].eq(UNVERIFIED).any(axis=1)
    out = table.copy()
    out.insert(0, t("data.check_column", lang), flagged.map({True: t("data.unverified", lang), False: ""}))
    return out, int(flagged.sum())


def document(path: Path, lang: str) -> None:
    """One of our documentation files (trusted markdown), its links leading to this page's tabs."""
    st.markdown(in_app_links(_read_text(str(path)), lang))


def open_doc() -> str:
    """The tab to open: ?doc=… of a link (read once, then dropped from the URL), or the one open before."""
    asked = st.query_params.get(DOC_PARAM)
    if asked is not None:
        del st.query_params[DOC_PARAM]
        if asked in DOCS:
            st.session_state[DOC] = asked
    doc = st.session_state.get(DOC)
    return doc if doc in DOCS else DOCS[0]


def _model_tab(lang: str) -> None:
    st.caption(t("data.model_note", lang))
    document(model_doc(lang), lang)


def _parameters_tab(lang: str) -> None:
    rows = param_rows(lang)
    table = pd.DataFrame(rows, columns=list(PARAM_COLUMNS)).astype(str)
    table["group"] = [group_label(g, lang) for g in table["group"]]
    table = table.rename(columns={c: t(f"export.col.{c}", lang) for c in PARAM_COLUMNS})
    st.caption(t("data.params_caption", lang, n=len(table)))
    st.dataframe(table, hide_index=True, width="stretch")


def imported_reference(entry: municipal.DataFile, table: pd.DataFrame, lang: str) -> str:
    """The reference period of an imported table: SSDSE edition (and census year), IPSS years."""
    if entry.kind == "ipss":
        years = pd.to_numeric(table["year"], errors="coerce").dropna() if "year" in table else pd.Series(dtype=float)
        if years.empty:
            return t("muni.data.ref_ipss", lang, first="2020", last="2050")
        return t("muni.data.ref_ipss", lang, first=int(years.min()), last=int(years.max()))
    years = table.attrs.get("reference_years", {})
    return t("muni.data.ref_ssdse", lang, edition=table.attrs.get("edition", "SSDSE-A"),
             population=years.get("A1101", "—"), staff=years.get("D1202", "—"))


def _imported_tables(lang: str) -> None:
    """The municipal files loaded in this session (folder or upload), each with its credit line."""
    loaded = municipal.load()
    if not loaded.files:
        return
    st.subheader(t("muni.data.title", lang))
    for entry in loaded.files:
        table = loaded.ssdse if entry.kind == "ssdse" else loaded.ipss
        st.markdown(f"**{md_escape(entry.name)}**")  # a file name is user text
        ref = md_escape(imported_reference(entry, table, lang))
        st.caption(t("muni.data.meta", lang, kind=t(f"muni.data.{entry.kind}", lang),
                     origin=t(f"muni.origin.{entry.origin}", lang), ref=ref))
        st.caption(t("muni.data.loaded" if entry.kind == "ssdse" else "muni.data.loaded_ipss", lang,
                     file=md_escape(entry.name), n=f"{entry.rows:,}"))
        st.caption(CREDITS[entry.kind])  # the publisher's credit line, in Japanese in both languages


def _data_tab(lang: str, sources: str) -> None:
    _imported_tables(lang)
    st.caption(t("data.tables_intro", lang))
    credits = credit_lines(sources)
    for i, entry in enumerate(bundled_tables(sources)):
        st.subheader(entry["file"])
        # from our own SOURCES.md; English if a Japanese description were missing
        st.markdown(pick(lang, ja=entry["description_ja"] or entry["description"], en=entry["description"]))
        st.caption(t("data.table_meta", lang, rows=entry["rows"], ids=entry["source_ids"]))
        for sid in entry["ids"]:
            if sid in credits:
                st.caption(credits[sid])  # the credit line required by the data's terms
        table, n_unverified = mark_unverified(_read_csv(entry["file"]), lang)
        if n_unverified:
            st.warning(t("data.unverified_note", lang, n=n_unverified))
        with st.expander(t("data.show_table", lang), expanded=False):
            st.dataframe(table, hide_index=True, width="stretch")
            st.download_button(t("data.download_table", lang), csv_bytes(table),
                               file_name=Path(entry["file"]).name, mime="text/csv", key=f"data_dl_{i}")


lang = state.lang()
municipal.page_title(t("data.title", lang), lang)
st.write(t("data.intro", lang))
labels = {doc: t(f"data.tab.{doc}", lang) for doc in DOCS}
tabs_key = f"data_tabs_{lang}"
tabs = dict(zip(DOCS, st.tabs(list(labels.values()), default=widgets.stable_default(tabs_key, labels[open_doc()]),
                              key=tabs_key, on_change="rerun")))
shown = next((doc for doc, tab in tabs.items() if tab.open), DOCS[0])
if st.session_state.get(DOC) != shown:
    st.session_state[DOC] = shown
with tabs[shown]:  # only the open tab is built
    if shown == "model":
        _model_tab(lang)
    elif shown == "validation":
        st.caption(t("data.validation_note", lang))
        document(VALIDATION_DOC, lang)
    elif shown == "parameters":
        _parameters_tab(lang)
    elif shown == "data":
        _data_tab(lang, _read_text(str(SOURCES_DOC)))
    else:
        st.caption(t("data.sources_note", lang))
        document(SOURCES_DOC, lang)
