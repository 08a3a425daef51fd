"""Uncertainty & sensitivity page: Monte-Carlo bands, probability cards, KPI distributions, tornado, Sobol.

What depends only on a finished run (the fan charts, the KPI table) is built once per run and language and
replayed from st.cache_data; charts go out without altair's schema validation (ui.chart_cache.show), and
the CSV files are built only when their button is pressed.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from sim import export, pool
from sim.i18n import in_lang, message_of
from sim.model.kpis import KPI, KPIS
from sim.results import YEAR_KPIS
from sim.scenario import MAX_SEED, ScenarioError
from sim.sampling import METHODS
from sim.units import format_value
from ui import chart_cache, documents, mc, municipal, state
from ui.charts import uncertainty as charts
from ui.charts.display import shown_value
from ui.i18n import label_column, t
from ui.sidebar import show_problems


def _stem(lang: str) -> str:
    """Downloads are named after the scenario and the town (標準DX計画_岩見沢市_mc_kpis.csv)."""
    return municipal.file_stem(state.scenario(), lang)

SOBOL_SIZES = (128, 256, 512, 1024)
DRAWS_KEY, METHOD_KEY, SEED_KEY = "unc_draws", "unc_method", "unc_seed"
YEAR_KEY, GAP_X_KEY = "unc_year", "unc_gap_x"
DIST_KEY, SENS_KEY, SOBOL_N_KEY = "unc_dist_kpi", "unc_sens_kpi", "unc_sobol_n"
SOBOL_DONE = "unc_sobol_done"  # {text hash, kpi, n, seed} of the latest Sobol run
PENDING = "unc_pending"  # {text hash, draws, seed, method} of a run asked for and not yet finished


# Callbacks are module-level with args (session state must pickle); select boxes show labels as their
# options and keep a language-neutral value under their own key.

def _on_label(widget_key: str, store_key: str, by_label: dict) -> None:
    st.session_state[store_key] = by_label[st.session_state[widget_key]]


def _labelled_select(label: str, by_label: dict, store_key: str, default, help: str | None = None):
    """A select box over labels that keeps the chosen value (not the label) in `store_key`."""
    by_value = {v: k for k, v in by_label.items()}
    value = st.session_state.get(store_key, default)
    if value not in by_value:
        value = default
    st.session_state[store_key] = value
    widget_key = f"{store_key}_{lang}_w"
    if st.session_state.get(widget_key) not in by_label:
        st.session_state.pop(widget_key, None)
    labels = list(by_label)
    st.selectbox(label, labels, index=labels.index(by_value[value]), key=widget_key, help=help,
                 on_change=_on_label, args=(widget_key, store_key, by_label))
    return st.session_state[store_key]


def _kpi_labels() -> dict[str, str]:
    """KPI label in the language -> key."""
    return {k.label(lang): k.key for k in KPIS}


def labels_by_key(labels: dict[str, str]) -> dict[str, str]:
    return {v: k for k, v in labels.items()}


def _settings(sc):
    """The settings row; returns the result of a run that finished in this rerun (else None)."""
    st.subheader(t("unc.settings", lang))
    cap = pool.app_max_draws()
    c1, c2, c3, c4 = st.columns([1, 1.4, 1, 1], vertical_alignment="bottom")
    with c1:
        draws = st.number_input(t("unc.draws", lang), min_value=100, max_value=cap, value=min(1000, cap), step=100,
                                key=DRAWS_KEY, help=t("unc.draws_help", lang, max=cap))
    with c2:
        method = _labelled_select(t("unc.method", lang), {t(f"unc.method.{m}", lang): m for m in METHODS},
                                  METHOD_KEY, "random", help=t("unc.method_help", lang))
    with c3:
        seed = st.number_input(t("input.metadata.seed", lang), min_value=0, max_value=MAX_SEED, value=int(sc.seed),
                               step=1, key=SEED_KEY, help=t("unc.seed_help", lang))
    with c4:
        clicked = st.button(t("unc.run", lang), key="unc_run", type="primary")
    if clicked:
        st.session_state[PENDING] = {"key": mc.latest_key(text), "draws": int(draws), "seed": int(seed),
                                     "method": method}
    pending = st.session_state.get(PENDING)
    if pending is not None and pending["key"] == mc.latest_key(text):
        return _run(pending["draws"], pending["seed"], pending["method"])
    if pending is not None:  # asked for another scenario text: its job goes on, the page no longer waits
        st.session_state.pop(PENDING, None)
    return None


def _run(draws: int, seed: int, method: str):
    """Wait for the run in the worker pool (progress, or the place in the queue); a page switch in between
    leaves it pending, and coming back waits again. Once done it is this scenario's latest run (returned:
    shown even if too large for the cache)."""
    try:
        res = mc.run(text, draws, seed, method, lang)
    except ScenarioError as err:
        st.session_state.pop(PENDING, None)
        show_problems(err, lang)
        return None
    except ValueError as err:
        st.session_state.pop(PENDING, None)
        st.error(t("unc.error", lang, msg=in_lang(message_of(err), lang)))
        return None
    mc.remember(text, draws, seed, method)
    st.session_state.pop(PENDING, None)
    return res


@st.cache_data(show_spinner=False, max_entries=64)
def _draw_fans(run_key: tuple, lang: str, _res) -> None:
    """The three fan charts of a run (_res: the run of run_key, not part of the cache key)."""
    bands = _res.band_table()
    for series, unit, title, zero_rule in charts.FANS:
        frame = charts.fan_frame(bands, series, unit, lang)
        chart_cache.show(charts.fan_chart(frame, lang, t(title, lang), unit, zero_rule=zero_rule), width="stretch")


@st.cache_data(show_spinner=False, max_entries=64)
def _kpi_frame(run_key: tuple, lang: str, _res) -> pd.DataFrame:
    return _kpi_display(_res.kpis)


def _csv(res, name: str, lang: str) -> bytes:
    return charts.csv_bytes(res.export_tables(lang)[name])


def _workbook(res, scenario, lang: str) -> bytes:
    """Every table of the run, each year with its P5–P95, the bands and the 前提条件, as one workbook."""
    return export.excel_bytes(res.export_tables(lang, scenario=scenario), lang)


def _bands(res, run_key: tuple) -> None:
    st.subheader(t("unc.section.bands", lang))
    st.caption(t("unc.bands_caption", lang))
    _draw_fans(run_key, lang, res)
    st.download_button(t("unc.download_bands", lang), partial(_csv, res, "bands", lang),
                       file_name=f"{_stem(lang)}_mc_bands.csv",
                       mime="text/csv", key="unc_dl_bands")
    st.download_button(t("unc.download_workbook", lang), partial(_workbook, res, sc, lang),
                       file_name=f"{_stem(lang)}_mc.xlsx", mime=documents.XLSX, key="unc_dl_workbook")


def _probabilities(res, sc, run_key: tuple) -> None:
    st.subheader(t("unc.section.probability", lang))
    years = [int(y) for y in res.years]
    target = min(max(int(sc.value("simulation.target_year")), years[0]), years[-1])
    c1, c2, c3 = st.columns([1.2, 1, 1.3])
    with c1:
        default_x = int(round(float(sc.value("simulation.gap_threshold")) * 100))
        x = st.slider(t("unc.gap_x", lang), min_value=0, max_value=50, value=min(max(default_x, 0), 50), step=1,
                      key=GAP_X_KEY, format="%d%%")
    with c2:
        year = _labelled_select(t("unc.gap_year", lang), {format_value(y, "year", lang): y for y in years},
                                YEAR_KEY, target)
    prob = res.prob_gap_exceeds(x / 100, year)
    c3.metric(t("unc.prob_card", lang, year=format_value(year, "year", lang), pct=f"{x}%"),
              format_value(prob, "share", lang), help=t("unc.prob_help", lang))
    kpis = res.kpis.set_index("key")
    cards = (("unc.npv_p50", "npv", "p50"), ("unc.npv_p80", "npv", "p80"),
             ("unc.cost_p50", "dx_cost_cumulative", "p50"), ("unc.cost_p80", "dx_cost_cumulative", "p80"))
    for col, (label_key, kpi, p) in zip(st.columns(len(cards)), cards):
        col.metric(t(label_key, lang), format_value(kpis.loc[kpi, p], "yen", lang), help=t("unc.pct_help", lang))

    labels = _kpi_labels()
    key = _labelled_select(t("unc.dist_kpi", lang), labels, DIST_KEY, "staff_gap_target")
    unit = KPI[key].unit
    samples = res.kpi_samples(key)
    hist = charts.histogram_frame(samples, unit, lang)
    label = labels_by_key(labels)[key]
    if hist.empty:
        st.info(t("unc.dist_empty", lang))
    else:
        marks = charts.percentile_marks(samples, unit, lang)
        chart_cache.show(charts.distribution_chart(hist, marks, unit, lang, t("unc.dist_title", lang, label=label)),
                         width="stretch")
        st.caption(t("unc.dist_caption", lang))
        missing = 1.0 - float(hist["share"].sum())
        if key in YEAR_KPIS:  # percentiles of a year are over the draws that reach it: say so, with the rest
            st.caption(t("unc.dist_year_marks", lang))
        if key in YEAR_KPIS and res.never_share(key) > 0:
            st.caption(t(f"unc.never.{key}", lang, share=format_value(res.never_share(key), "share", lang)))
        elif missing > 1e-9:
            st.caption(t("unc.dist_nan", lang, share=format_value(missing, "share", lang)))
    if hist.empty and key in YEAR_KPIS:
        st.caption(t(f"unc.never_all.{key}", lang))
    st.dataframe(_kpi_frame(run_key, lang, res), hide_index=True, width="stretch")
    st.caption(t("unc.kpi_year_note", lang))
    st.caption(t("common.expected_values_note", lang))
    st.download_button(t("unc.download_kpis", lang), partial(_csv, res, "kpis", lang),
                       file_name=f"{_stem(lang)}_mc_kpis.csv", mime="text/csv",
                       key="unc_dl_kpis")


def _table_csv(build, *args) -> bytes:
    return charts.csv_bytes(build(*args))


def _kpi_display(table: pd.DataFrame) -> pd.DataFrame:
    """The KPI percentiles for people: label and P5…P95 formatted in their units."""
    year_kpi = table["key"].isin(YEAR_KPIS)
    out = pd.DataFrame({t("unc.col.kpi", lang): [t("unc.year_kpi_mark", lang, label=x) if y else x
                                                 for x, y in zip(table[label_column(lang)], year_kpi)]})
    for p in ("p5", "p10", "p50", "p80", "p90", "p95"):
        out[p.upper()] = [shown_value(v, u, lang) for v, u in zip(table[p], table["unit"])]  # whole people
    out[t("unc.col.never", lang)] = [format_value(v, "share", lang) if y else ""
                                     for v, y in zip(table["never_share"], year_kpi)]
    return out


def _sensitivity(sc) -> None:
    st.subheader(t("unc.section.sensitivity", lang))
    labels = _kpi_labels()
    key = _labelled_select(t("unc.sens_kpi", lang), labels, SENS_KEY, "staff_gap_target")
    unit = KPI[key].unit

    st.markdown(f"**{t('unc.tornado', lang)}**")
    try:
        table = mc.tornado_table(text, key, lang)
    except ScenarioError as err:
        show_problems(err, lang)
        table = None
    except ValueError as err:
        st.error(t("unc.error", lang, msg=in_lang(message_of(err), lang)))
        table = None
    if table is not None:
        if table.empty:
            st.info(t("unc.tornado_empty", lang))
        else:
            frame = charts.tornado_frame(table, unit, lang)
            st.caption(t("unc.tornado_caption", lang, n=min(charts.TOP, len(table))))
            chart_cache.show(charts.tornado_chart(frame, unit, lang, labels_by_key(labels)[key]), width="stretch")
            st.download_button(t("unc.download_tornado", lang), partial(_table_csv, export.tornado_table, table, key, lang),
                               file_name=f"{_stem(lang)}_tornado_{key}.csv", mime="text/csv",
                               key="unc_dl_tornado")

    st.markdown(f"**{t('unc.sobol', lang)}**")
    c1, c2 = st.columns([1, 1], vertical_alignment="bottom")
    with c1:
        n = st.selectbox(t("unc.sobol_n", lang), SOBOL_SIZES, index=SOBOL_SIZES.index(256), key=SOBOL_N_KEY,
                         help=t("unc.sobol_n_help", lang))
    with c2:
        clicked = st.button(t("unc.sobol_run", lang), key="unc_sobol_run")
    seed = int(st.session_state.get(SEED_KEY, sc.seed))
    if clicked:
        st.session_state[SOBOL_DONE] = {"key": mc.latest_key(text), "kpi": key, "n": int(n), "seed": seed}
    done = st.session_state.get(SOBOL_DONE)
    if not done or done["key"] != mc.latest_key(text) or done["kpi"] != key:
        st.info(t("unc.sobol_none", lang))
        return
    try:
        table = mc.sobol_table(text, key, done["n"], done["seed"], lang)
    except ScenarioError as err:
        show_problems(err, lang)
        return
    except ValueError as err:
        st.warning(t("unc.sobol_error", lang, msg=in_lang(message_of(err), lang)))
        return
    frame = charts.sobol_frame(table, lang)
    st.caption(t("unc.sobol_caption", lang, n=min(charts.TOP, len(table)), size=done["n"]))
    chart_cache.show(charts.sobol_chart(frame, lang, labels_by_key(labels)[key]), width="stretch")
    st.download_button(t("unc.download_sobol", lang), partial(_table_csv, export.sobol_table, table, lang),
                       file_name=f"{_stem(lang)}_sobol_{key}_N{done['n']}.csv", mime="text/csv",
                       key="unc_dl_sobol")


lang = state.lang()
sc = state.scenario()
text = state.scenario_text()
municipal.page_title(t("unc.title", lang), lang)
st.write(t("unc.intro", lang))
st.text(t("overview.kpis", lang, name=sc.name))  # user text: plain, never markup

fresh = _settings(sc)
res = fresh if fresh is not None else mc.latest_for(text)
if res is None:
    st.info(t("unc.none_yet", lang))
else:
    settings = mc.latest_settings(text)
    st.caption(t("unc.run_info", lang, draws=settings["draws"], method=t(f"unc.method.{settings['method']}", lang),
                 seed=settings["seed"]))
    key = mc.run_key(text, settings["draws"], settings["seed"], settings["method"])
    _bands(res, key)
    _probabilities(res, sc, key)
_sensitivity(sc)
