"""Batch page: the working scenario for every municipality of a prefecture — a sortable KPI table,
gap % against population, CSV download. Needs the municipal data (sidebar upload or DXSIM_DATA_DIR)."""

from __future__ import annotations

import hashlib

import streamlit as st

from sim import pool
from sim.scenario import ScenarioError
from sim.units import format_value
from ui import chart_cache, jobs, municipal, state
from ui.persistence import md_escape
from ui.charts import batch as charts
from ui.i18n import t
from ui.sidebar import show_problems

PREF_KEY = "batch_prefecture"
RESULT = "batch_result"  # {"key": (scenario hash, prefecture, data digests...), "prefecture", "table"}
PENDING = "batch_pending"  # the key of a batch asked for and not yet finished


def _run_key(prefecture: str, loaded: municipal.Loaded) -> tuple:
    return (hashlib.sha256(state.scenario_text().encode()).hexdigest(), prefecture, *loaded.key)


def _column_config(lang: str) -> dict:
    cfg = {}
    for col in charts.TABLE_COLUMNS:
        label = charts.column_label(col, lang)
        if col in charts.PERCENT:
            cfg[label] = st.column_config.NumberColumn(label, format="%.1f%%")
        elif col in ("population", "staff", "dx_cost_per_resident"):
            cfg[label] = st.column_config.NumberColumn(label, format="localized")
        elif col in ("first_gap_year", "payback_year"):
            cfg[label] = st.column_config.NumberColumn(label, format="%d")
        elif col not in ("name", "kind"):
            cfg[label] = st.column_config.NumberColumn(label, format="%.1f")
    return cfg


def _run(loaded: municipal.Loaded, pref: str, key: tuple, lang: str) -> None:
    """Wait for the batch in the server's worker pool (progress, or the place in the queue); keep the table
    in the session, or show why it failed. A page switch in between leaves it pending (PENDING)."""
    try:
        table = jobs.result(("batch", *key), pool.batch_task, state.scenario_text(), loaded.ssdse, loaded.ipss, pref,
                            lang=lang, progress_key="batch.progress")
    except ScenarioError as err:
        st.session_state.pop(PENDING, None)
        show_problems(err, lang)
        return
    except ValueError as err:  # sim.municipal.DataImportError is a ValueError; KeyError comes back as one
        st.session_state.pop(PENDING, None)
        st.error(t("batch.failed", lang))
        st.code(str(err), language=None)
        return
    st.session_state[RESULT] = {"key": key, "prefecture": pref, "table": table}
    st.session_state.pop(PENDING, None)


def _show(sc, table, pref: str, lang: str) -> None:
    year = int(sc.value("simulation.target_year"))
    threshold = float(sc.value("simulation.gap_threshold"))
    gap = table["staff_gap_target_pct"].astype(float)
    st.success(t("batch.done", lang, pref=md_escape(pref), n=len(table), name=md_escape(sc.name)))
    st.caption(t("batch.summary", lang, median=format_value(float(gap.median()), "share", lang),
                 threshold=format_value(threshold, "share", lang), over=int((gap > threshold).sum()),
                 year=format_value(year, "year", lang)))
    st.subheader(t("batch.table", lang))
    st.dataframe(charts.table_frame(table, lang), hide_index=True, width="stretch",
                 column_config=_column_config(lang))
    st.download_button(t("batch.download", lang), charts.csv_bytes(table, lang), file_name=f"batch_{pref}.csv",
                       mime="text/csv", key="batch_download")
    chart_cache.show(charts.gap_chart(charts.chart_frame(table, lang), lang, format_value(year, "year", lang)),
                     width="stretch")


def render(lang: str) -> None:
    """No st.stop() on the normal paths: app.py writes the URL after the page."""
    municipal.page_title(t("batch.title", lang), lang)
    st.write(t("batch.intro", lang))
    loaded = municipal.load()
    if not loaded.available:
        st.info(t("batch.no_data", lang))
        return
    sc = state.scenario()
    prefs = municipal.prefectures(loaded.ssdse)
    if st.session_state.get(PREF_KEY) not in prefs:
        code = municipal.scenario_code(sc)
        here = municipal.locate(loaded.ssdse, code) if code else None
        st.session_state[PREF_KEY] = here["prefecture"] if here else prefs[0]
    pref = st.selectbox(t("export.batch.prefecture", lang), prefs, key=PREF_KEY)
    key = _run_key(pref, loaded)
    if st.button(t("batch.run", lang), key="batch_run", type="primary"):
        st.session_state[PENDING] = key
    if st.session_state.get(PENDING) == key:
        _run(loaded, pref, key, lang)
    result = st.session_state.get(RESULT)
    if result is None or result["prefecture"] != pref:
        return
    if result["key"] != key:
        st.warning(t("batch.stale", lang))
        return
    _show(sc, result["table"], pref, lang)


render(state.lang())
