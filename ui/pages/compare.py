"""Compare page: 2–5 scenarios (the working copy and library entries) side by side."""

from __future__ import annotations

import zlib

import streamlit as st

from sim import export
from sim.compare import input_differences, kpi_table
from sim.scenario import ScenarioError, loads
from ui import mc, municipal, state
from ui.charts import compare as charts
from ui.charts import uncertainty as unc_charts
from ui.i18n import t
from ui.runner import run_text
from ui.sidebar import show_problems

WORKING = "working"          # id of the working copy among the options
PICKED = "compare_ids"       # the picked ids: kept across language switches and library changes
BASELINE = "builtin:status_quo"
MIN_PICK, MAX_PICK = 2, 5
BANDS = "compare_bands"      # the toggle: P10–P90 bands of the staff gap where a Monte Carlo ran


def _for_town(text: str, failed: list[str], name: str) -> str:
    """A library entry's TOML for the current town (the working scenario's [municipality] table);
    its own town when that cannot be applied (its name goes to `failed`)."""
    try:
        return state.for_town(text, state.scenario_text())
    except ScenarioError:
        failed.append(name)
        return text


def _options(lang: str, failed: list[str] | None = None) -> dict[str, tuple[str, str]]:
    """Display label -> (id, canonical TOML for the current town) of every scenario that can be compared."""
    failed = [] if failed is None else failed
    out = {t("compare.working_copy", lang, name=state.scenario().name): (WORKING, state.scenario_text())}
    for sid, entry in state.library().items():
        origin = t("sidebar.origin." + entry["origin"], lang)
        label = t("common.paren", lang, text=entry["name"], note=origin)
        base, n = label, 2
        while label in out:
            label, n = f"{base} #{n}", n + 1
        out[label] = (sid, _for_town(entry["text"], failed, entry["name"]))
    return out


def _default_ids(options: dict[str, tuple[str, str]]) -> list[str]:
    """The status-quo baseline first (the base of the Δ columns), then the working copy; another
    scenario instead of the baseline when the working copy is the baseline."""
    texts = dict(options.values())
    others = [sid for sid, text in texts.items() if sid != WORKING and text != texts[WORKING]]
    if BASELINE in others:
        return [BASELINE, WORKING]
    return others[:1] + [WORKING]


def _on_pick(key: str, id_by_label: dict[str, str]) -> None:
    st.session_state[PICKED] = [id_by_label[label] for label in st.session_state[key]]


def _bands(chosen: list[str], texts: list[str], lang: str):
    """With the toggle on: the P10–P90 staff-gap bands of the chosen scenarios that have a Monte-Carlo
    run in this session (None when off or when none has one)."""
    if not st.toggle(t("unc.compare_bands", lang), key=BANDS, help=t("unc.compare_bands_help", lang)):
        return None
    runs = {label: mc.latest_for(text) for label, text in zip(chosen, texts)}
    runs = {label: run for label, run in runs.items() if run is not None}
    if not runs:
        st.info(t("unc.compare_bands_none", lang))
        return None
    if len(runs) < len(chosen):
        st.caption(t("unc.compare_bands_some", lang, n=len(chosen), k=len(runs)))  # no user text in markdown
    return unc_charts.gap_band_frame({label: run.band_table() for label, run in runs.items()}, lang)


def _show(chosen: list[str], options: dict[str, tuple[str, str]], lang: str) -> None:
    """Charts and tables of the chosen scenarios (2–5 labels of options)."""
    try:
        texts = [options[label][1] for label in chosen]
        scenarios = [loads(text) for text in texts]
        results = [run_text(text) for text in texts]
    except ScenarioError as err:
        show_problems(err, lang)
        return

    st.subheader(t("compare.series_heading", lang))
    bands = _bands(chosen, texts, lang)
    frame = charts.series_frame(dict(zip(chosen, results)))
    for name, chart in (("fte", charts.fte_chart(frame, chosen, lang)),
                        ("gap", charts.gap_chart(frame, chosen, lang, bands=bands)),
                        ("benefit", charts.benefit_chart(frame, chosen, lang))):
        st.altair_chart(chart, width="stretch")
        table = charts.chart_table(frame, chosen, charts.CHART_METRICS[name], lang)
        st.download_button(t("compare.download_chart", lang), charts.csv_bytes(table),
                           file_name=f"compare_{name}.csv", mime="text/csv", key=f"compare_dl_{name}")

    st.subheader(t("compare.kpi_heading", lang))
    kpis = kpi_table(results, chosen)
    st.caption(t("compare.kpi_caption", lang))  # no user text in markdown
    st.caption(t("common.expected_values_note", lang))
    st.dataframe(charts.kpi_display(kpis, chosen, lang), hide_index=True, width="stretch")
    st.download_button(t("compare.download_kpis", lang), charts.csv_bytes(export.compare_kpi_table(kpis, chosen, lang)),
                       file_name="compare_kpis.csv",
                       mime="text/csv", key="compare_dl_kpis")

    st.subheader(t("compare.inputs_heading", lang))
    diff = input_differences(scenarios, chosen)
    if diff.empty:
        st.info(t("compare.inputs_none", lang))
        return
    st.caption(t("compare.inputs_caption", lang))
    inputs = charts.inputs_display(diff, chosen, lang)
    st.dataframe(inputs, hide_index=True, width="stretch")
    st.download_button(t("compare.download_inputs", lang), charts.csv_bytes(inputs), file_name="compare_inputs.csv",
                       mime="text/csv", key="compare_dl_inputs")


lang = state.lang()
municipal.page_title(t("compare.title", lang), lang)
st.write(t("compare.intro", lang))

not_for_town: list[str] = []
options = _options(lang, not_for_town)
st.caption(t("compare.for_town", lang, town=municipal.town_label(state.scenario(), lang, markdown=True)))
if not_for_town:
    st.warning(t("compare.not_for_town", lang))
    st.code("\n".join(not_for_town), language=None)  # user text: plain
id_by_label = {label: sid for label, (sid, _) in options.items()}
label_by_id = {sid: label for label, sid in id_by_label.items()}
picked_ids = [sid for sid in st.session_state.get(PICKED, _default_ids(options)) if sid in label_by_id]
# A new widget whenever the language or the options change; it starts from the kept ids.
pick_key = f"compare_pick_{lang}_{zlib.crc32(chr(0).join(options).encode()):08x}"
chosen = st.multiselect(t("compare.pick", lang), list(options), default=[label_by_id[s] for s in picked_ids],
                        key=pick_key, help=t("compare.pick_help", lang), on_change=_on_pick,
                        args=(pick_key, id_by_label))
# No st.stop(): app.py draws more after the page (reproduce box, URL sync).
if len(chosen) < MIN_PICK:
    st.info(t("compare.too_few", lang, n=len(chosen)))
elif len(chosen) > MAX_PICK:
    st.warning(t("compare.too_many", lang, n=len(chosen)))
else:
    _show(chosen, options, lang)
