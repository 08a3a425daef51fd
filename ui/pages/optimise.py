"""Plan optimiser page (計画の最適化): the least-cost plan that keeps the staff gap within a limit and the digital
gaps no wider (sim.optimise).

The search runs in the script with a progress bar. 「中止」 sends a new request, which stops the running
script; the best candidate of each generation is kept in session_state as the search goes, so the rerun
that the cancel starts shows the best plan found up to then. Only small, picklable values are kept: the
conditions, grid indices, TOML texts and tables.
"""

from __future__ import annotations

import streamlit as st

from sim.compare import input_differences
from sim.i18n import in_lang, message_of
from sim.optimise import (FRONTIER_LIMITS, KEEP, OKU, Constraints, binding_text, build_problem, comparison, frontier,
                          optimise_scenario)
from sim.optimise.solve import Outcome, outcome_for
from sim.scenario import ScenarioError, dumps, loads
from sim.units import format_value
from ui import chart_cache, municipal, state
from ui.charts import optimise as charts
from ui.charts.compare import csv_bytes, inputs_display
from ui.i18n import t
from ui.sidebar import show_problems

RESULT, RUNNING, FRONTIER, USED = "opt_result", "opt_running", "opt_frontier", "opt_used"
GAP_KEY, UNTIL_KEY, CAP_KEY, CONF_ON_KEY, CONF_KEY, DRAWS_KEY, SEED_KEY = (
    "opt_max_gap", "opt_until", "opt_cap", "opt_conf_on", "opt_conf", "opt_draws", "opt_seed")
DIGITAL_KEY, DIGITAL_PERSONS_KEY = "opt_digital", "opt_digital_persons"
DIGITAL_MODES = ("keep", "persons", "off")  # the digital constraint: the starting scenario's gaps, a number, none


def _conditions(sc) -> tuple[dict, bool, bool]:
    """(conditions from the widgets, Optimise clicked, Cancel clicked)."""
    st.subheader(t("opt.settings", lang))
    base, end = int(sc.value("simulation.base_year")), int(sc.value("simulation.end_year"))
    first = min(max(base + 1, 2030), end)
    c1, c2, c3 = st.columns(3)
    with c1:
        gap = st.number_input(t("opt.max_gap", lang), min_value=0.0, max_value=20.0, value=5.0, step=0.5,
                              key=GAP_KEY, help=t("opt.max_gap_help", lang))
    with c2:
        until = st.number_input(t("opt.until", lang), min_value=first, max_value=end, value=min(max(2040, first), end),
                                step=1, key=UNTIL_KEY, help=t("opt.until_help", lang))
    with c3:
        cap = st.number_input(t("opt.budget_cap", lang), min_value=0.0, max_value=1000.0, value=0.0, step=0.5,
                              key=CAP_KEY, help=t("opt.budget_cap_help", lang))
    labels = {t(f"opt.digital.{m}", lang): m for m in DIGITAL_MODES}  # labels as options: session state pickles
    mode = labels[st.radio(t("opt.digital", lang), list(labels), key=DIGITAL_KEY, horizontal=True,
                           help=t("opt.digital_help", lang))]
    digital = KEEP if mode == "keep" else None
    if mode == "persons":
        digital = float(st.number_input(t("opt.digital_persons", lang), min_value=0.0, max_value=10_000.0, value=50.0,
                                        step=1.0, key=DIGITAL_PERSONS_KEY, help=t("opt.digital_persons_help", lang)))
    conf, draws = None, 200
    if st.checkbox(t("opt.confidence_on", lang), key=CONF_ON_KEY, help=t("opt.confidence_on_help", lang)):
        c4, c5 = st.columns(2)
        with c4:
            conf = st.slider(t("opt.confidence", lang), min_value=0.5, max_value=0.99, value=0.8, step=0.01,
                             key=CONF_KEY)
        with c5:
            draws = st.number_input(t("opt.draws", lang), min_value=20, max_value=1000, value=200, step=20,
                                    key=DRAWS_KEY)
    seed = st.number_input(t("input.metadata.seed", lang), min_value=0, max_value=2**32 - 1, value=int(sc.seed),
                           step=1, key=SEED_KEY, help=t("opt.seed_help", lang))
    b1, b2 = st.columns(2)
    with b1:
        run = st.button(t("opt.run", lang), key="opt_run", type="primary")
    with b2:
        cancel = st.button(t("opt.cancel", lang), key="opt_cancel")
    conditions = {"max_gap": gap / 100, "until": int(until), "budget_cap": cap * OKU if cap > 0 else None,
                  "confidence": conf, "draws": int(draws), "max_digital_gap": digital}
    return {"conditions": conditions, "seed": int(seed)}, run, cancel


def _problem(text: str, settings: dict):
    return build_problem(loads(text), Constraints(**settings["conditions"]), seed=settings["seed"])


def _optimise(settings: dict) -> None:
    text = state.scenario_text()
    try:
        problem = _problem(text, settings)
    except ScenarioError as err:
        show_problems(err, lang)
        return
    except ValueError as err:
        st.error(t("opt.error", lang, msg=in_lang(message_of(err), lang)))
        return
    st.session_state[RUNNING] = {"text": text, **settings, "x": None, "generation": 0}
    bar = st.progress(0.0, text=t("opt.progress", lang, gen=0, total="…"))

    def progress(gen: int, total: int, x) -> None:
        st.session_state[RUNNING] = {**st.session_state[RUNNING], "x": [float(v) for v in x], "generation": gen}
        bar.progress(min(gen / max(total, 1), 1.0), text=t("opt.progress", lang, gen=gen, total=total))

    try:
        out = optimise_scenario(problem.start, problem.constraints, seed=problem.seed, progress=progress)
    except ScenarioError as err:
        bar.empty()
        show_problems(err, lang)
        return
    bar.empty()
    st.session_state[RESULT] = _result(text, settings, out)
    st.session_state.pop(RUNNING, None)


def _cancel() -> None:
    """「中止」: the run it stopped left its best candidate in RUNNING; that plan becomes the result."""
    run = st.session_state.pop(RUNNING, None)
    if run is None or run["x"] is None:
        st.info(t("opt.cancelled_none", lang))
        return
    out = outcome_for(_problem(run["text"], run), run["x"], generations=run["generation"], cancelled=True)
    st.session_state[RESULT] = _result(run["text"], {"conditions": run["conditions"], "seed": run["seed"]}, out)


def _result(text: str, settings: dict, out: Outcome) -> dict:
    """What the page keeps of an outcome (small and picklable): the plan's TOML, its figures, the comparison."""
    return {"text": text, **settings, "plan": dumps(out.plan), "feasible": out.feasible,
            "better": list(out.better_builtins), "binding": list(out.binding), "best_reachable": out.best_reachable,
            "best_digital_excess": out.best_digital_excess,
            "cost": float(out.figures.cost[0]), "max_gap": float(out.figures.max_gap[0]),
            "share_met": float(out.figures.share_met[0]), "generations": out.generations,
            "evaluations": out.evaluations, "seconds": out.seconds, "comparison": comparison(out),
            "cancelled_at": out.generations if out.cancelled else None}


def _use(plan_text: str) -> None:
    plan = loads(plan_text)
    sid = state.add_to_library("session", plan.name, plan_text)
    state.select(sid)
    st.session_state[USED] = True


def _names(columns) -> dict[str, str]:
    """Column ids of sim.optimise.comparison -> names: built-in scenario ids by their names."""
    lib = state.library()
    return {c: lib[c]["name"] for c in columns if c in lib}


def _show(result: dict) -> None:
    st.subheader(t("opt.result", lang))
    c = result["conditions"]
    limit = format_value(c["max_gap"], "share", lang)
    if result["cancelled_at"] is not None:
        st.warning(t("opt.cancelled", lang, gen=result["cancelled_at"]))
    elif result["feasible"]:
        st.success(t("opt.feasible", lang, gen=result["generations"], n=result["evaluations"], sec=result["seconds"]))
    if result["better"]:
        names = t("list.sep", lang).join(_names(result["better"]).values())
        st.warning(t("opt.better_builtins", lang, names=names))
    if not result["feasible"] and result["cancelled_at"] is None:
        said = [t("opt.infeasible", lang)]
        if result["best_reachable"] is not None:
            said.append(t("opt.infeasible_gap", lang, gap=format_value(result["best_reachable"], "share", lang),
                          limit=limit))
        if result["best_digital_excess"] is not None:
            excess = format_value(max(result["best_digital_excess"], 0.0), "persons", lang)
            said.append(t("opt.infeasible_digital", lang, excess=excess))
        st.error(t("opt.sentence_sep", lang).join(said))
        st.markdown(f"**{t('opt.binding_heading', lang)}**")
        for code in result["binding"]:
            st.markdown(f"- {binding_text(code, lang)}")
    plan = loads(result["plan"])
    start = loads(result["text"])
    base = int(plan.value("simulation.base_year"))
    m1, m2, m3 = st.columns(3)
    table = result["comparison"].set_index("key")
    m1.metric(t("opt.metric.cost", lang, start=base, until=c["until"]), format_value(result["cost"], "yen", lang),
              delta=format_value(result["cost"] - float(table.loc["cash_outlay_cumulative", "start"]), "yen", lang,
                                 delta=True), delta_color="inverse", help=t("opt.metric.vs_start", lang))
    m2.metric(t("optimise.row.constraint_max_gap", lang, until=c["until"]),
              format_value(result["max_gap"], "share", lang))
    if c["confidence"] is not None:
        m3.metric(t("opt.metric.share_met", lang), format_value(result["share_met"], "share", lang))

    st.subheader(t("opt.plan_heading", lang))
    names = [t("opt.col.start", lang), t("opt.col.plan", lang)]
    diff = input_differences([start, plan], names)
    st.dataframe(inputs_display(diff, names, lang), hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    with d1:
        st.download_button(t("opt.download_plan", lang), result["plan"].encode("utf-8"),
                           file_name=f"{municipal.file_stem(plan, lang)}.toml", mime="application/toml",
                           key="opt_download_plan")
    with d2:
        st.button(t("opt.use_plan", lang), key="opt_use", on_click=_use, args=(result["plan"],))

    st.subheader(t("opt.compare_heading", lang))
    st.caption(t("opt.compare_caption", lang))
    shown = charts.comparison_display(result["comparison"], lang).rename(
        columns=lambda col: next((col.replace(k, v) for k, v in _names(result["comparison"].columns).items()
                                  if k in col), col))
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button(t("opt.download_compare", lang), csv_bytes(result["comparison"]), file_name="optimise_compare.csv",
                       mime="text/csv", key="opt_download_compare")


def _frontier(result: dict) -> None:
    st.subheader(t("opt.frontier_heading", lang))
    st.caption(t("opt.frontier_intro", lang))
    c = result["conditions"]
    key = (result["text"], c["until"], c["budget_cap"], c["max_digital_gap"], result["seed"])
    if st.button(t("opt.frontier_run", lang), key="opt_frontier_run"):
        bar = st.progress(0.0, text=t("opt.frontier_progress", lang, done=0, total=len(FRONTIER_LIMITS)))

        def progress(done: int, total: int) -> None:
            bar.progress(done / total, text=t("opt.frontier_progress", lang, done=done, total=total))

        table = frontier(loads(result["text"]), c["until"], budget_cap=c["budget_cap"],
                         max_digital_gap=c["max_digital_gap"], seed=result["seed"], progress=progress)
        bar.empty()
        st.session_state[FRONTIER] = {"key": key, "table": table}
    done = st.session_state.get(FRONTIER)
    if done is None or done["key"] != key:
        return
    chart_cache.show(charts.frontier_chart(done["table"], lang), width="stretch")
    st.dataframe(charts.frontier_display(done["table"], lang), hide_index=True, width="stretch")
    st.download_button(t("opt.download_frontier", lang), csv_bytes(done["table"]), file_name="optimise_frontier.csv",
                       mime="text/csv", key="opt_download_frontier")


lang = state.lang()
municipal.page_title(t("opt.title", lang), lang)
st.write(t("opt.intro", lang))
if st.session_state.pop(USED, False):
    st.success(t("opt.used", lang))
settings, run_clicked, cancel_clicked = _conditions(state.scenario())
if cancel_clicked:
    _cancel()
elif run_clicked:
    _optimise(settings)
result = st.session_state.get(RESULT)
if result is not None and result["text"] == state.scenario_text():  # a result of another scenario is not shown
    _show(result)
    _frontier(result)
