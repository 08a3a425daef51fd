"""Plan optimiser page (計画の最適化) through AppTest: run, progress, result, use the plan, cancel, frontier,
English, and the chart/table builders."""

from __future__ import annotations

import pandas as pd

from sim.optimise import OBJECTIVE
from sim.scenario import dumps, loads
from tests.app_helpers import chart_data, open_page
from ui.charts import optimise as charts

PAGE = "ui/pages/optimise.py"
UNTIL = 2030  # the shortest horizon the page offers: a quick search


def _run(at, until: int = UNTIL, gap: float = 5.0):
    at.number_input(key="opt_until").set_value(until)
    at.number_input(key="opt_max_gap").set_value(gap)
    at.button(key="opt_run").click().run(timeout=300)
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_run_shows_the_plan_and_uses_it(app_test):
    at = _run(open_page(lambda: app_test(timeout=300), PAGE))
    result = at.session_state["opt_result"]
    assert result["feasible"] and result["generations"] > 0  # the progress callback ran every generation
    assert "opt_running" not in at.session_state  # the run finished: nothing left for a cancel
    assert any("条件を満たす最も安い計画" in s.value for s in at.success)
    plan = loads(result["plan"])
    assert plan.value("workforce.hiring_policy") == "fixed" and plan.value("simulation.end_year") == UNTIL
    assert [m.label for m in at.metric][:2] == [f"町の現金支出の累計（2025〜{UNTIL}年度）", f"不足率の最大（{UNTIL}年度まで）"]
    compare = at.dataframe[1].value
    assert "最適化した計画" in compare.columns and "標準DX計画" in compare.columns
    assert [b.label for b in at.get("download_button")][:2] == ["計画をシナリオファイル（TOML）でダウンロード",
                                                                "比較をCSVでダウンロード"]
    at.button(key="opt_use").click().run()
    assert not at.exception
    assert at.session_state["scenario_text"] == result["plan"]
    assert any("計画を作業中のシナリオにしました" in s.value for s in at.success)


def test_cancel_keeps_the_best_plan_so_far(app_test):
    """「中止」 stops the running script (a new request); the rerun finds the best candidate the stopped run
    kept in session_state and shows it as a partial result."""
    at = open_page(lambda: app_test(timeout=300), PAGE)
    text = at.session_state["scenario_text"]
    from sim.optimise import Constraints, build_problem

    conditions = {"max_gap": 0.05, "until": UNTIL, "budget_cap": None, "confidence": None, "draws": 200,
                  "max_digital_gap": "keep"}
    problem = build_problem(loads(text), Constraints(**conditions), seed=2025)
    x = [float(v.n // 2) for v in problem.variables]
    at.session_state["opt_running"] = {"text": text, "conditions": conditions, "seed": 2025, "x": x, "generation": 3}
    at.button(key="opt_cancel").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("第3世代" in w.value for w in at.warning)
    assert at.session_state["opt_result"]["cancelled_at"] == 3
    assert "opt_running" not in at.session_state


def test_cancel_without_a_generation(app_test):
    at = open_page(app_test, PAGE)
    at.button(key="opt_cancel").click().run()
    assert not at.exception
    assert [i.value for i in at.info] == ["中止しました。"]


def test_infeasible_names_what_binds(app_test):
    """A tenth of the applicants: even every lever at its ceiling leaves a gap over 2% by 2030."""
    at = open_page(lambda: app_test(timeout=300), PAGE)
    at.session_state["scenario_text"] = dumps(loads(at.session_state["scenario_text"]).with_changes(
        {"recruitment.attractiveness": 0.1}))
    _run(at, gap=2.0)
    result = at.session_state["opt_result"]
    assert not result["feasible"]
    assert result["binding"] == ["applicant_cap", "lever_ceilings"]
    assert at.error and at.error[0].value.startswith("条件を満たす計画は見つかりませんでした。到達できる最小の不足率は ")
    shown = [m.value for m in at.markdown]
    assert "- 応募者数による採用上限：採用したくても応募者が足りず、採用できない年があります。" in shown
    assert any(m.startswith("- 施策の普及の上限") for m in shown)


def test_digital_condition(app_test):
    """The digital gaps are kept by default; a number of persons too small for the first years is no plan,
    and the page says the digital limit binds; 「条件にしない」 drops the condition."""
    at = open_page(lambda: app_test(timeout=300), PAGE)
    assert at.radio(key="opt_digital").value == "出発シナリオより増やさない"
    at.radio(key="opt_digital").set_value("人数で上限を指定").run()
    at.number_input(key="opt_digital_persons").set_value(10.0)
    _run(at)
    result = at.session_state["opt_result"]
    assert result["conditions"]["max_digital_gap"] == 10.0
    assert not result["feasible"] and result["binding"] == ["digital_gap"]
    assert at.error[0].value.startswith("条件を満たす計画は見つかりませんでした。デジタル人材の不足が上限を超える人数は")
    assert any(m.value.startswith("- デジタル人材の不足の上限") for m in at.markdown)
    at.radio(key="opt_digital").set_value("条件にしない").run()
    _run(at)
    result = at.session_state["opt_result"]
    assert result["conditions"]["max_digital_gap"] is None and result["feasible"]
    assert "デジタル人材の不足が上限を超えた人数" not in " ".join(str(v) for v in at.dataframe[1].value.iloc[:, 0])


def test_frontier_chart_and_csv(app_test):
    at = _run(open_page(lambda: app_test(timeout=600), PAGE))
    at.button(key="opt_frontier_run").click().run(timeout=600)
    assert not at.exception, [e.message for e in at.exception]
    table = at.session_state["opt_frontier"]["table"]
    assert list(table["max_gap_limit"]) == [round(0.01 * k, 2) for k in range(11)]
    feasible = table[table["feasible"]]
    assert (feasible[OBJECTIVE].diff().dropna() <= 1e-6 * feasible[OBJECTIVE].abs().max()).all()  # looser: no dearer
    spec, data = chart_data(at, 0)
    assert spec["title"]["text"] if isinstance(spec.get("title"), dict) else spec["title"]
    assert len(data) == len(feasible)
    labels = [b.label for b in at.get("download_button")]
    assert "費用と不足率の関係をCSVでダウンロード" in labels


def test_english(app_test):
    at = open_page(app_test, PAGE, lang="en")
    assert at.title[0].value.startswith("Plan optimiser") or any("Plan optimiser" in h.value for h in at.title)
    assert at.button(key="opt_run").label == "Optimise"


def test_frontier_builders():
    table = pd.DataFrame({"max_gap_limit": [0.0, 0.05, 0.1], "feasible": [False, True, True],
                          OBJECTIVE: [float("nan"), 5e10, 4.9e10], "max_gap": [0.01, 0.05, 0.1],
                          "hires_mean": [20.0, 12.0, 11.0], "levers_on": [7, 3, 2], "l1_gap": [1.0, 2.0, 230.0],
                          "l2_gap": [2.5, 2.6, 31.0], "l3_gap": [-3.0, -2.0, 0.5], "source": ["optimiser"] * 3})
    chart = charts.frontier_chart(table, "ja").to_dict()
    assert chart["title"] == "許容する不足率ごとの最小の現金支出"
    shown = charts.frontier_display(table, "en")
    assert list(shown.iloc[1]) == ["5.0%", "yes", "¥50.00 billion", "5.0%", "12 persons/year", "3", "2 persons",
                                   "2.6 persons", "-2 persons"]
