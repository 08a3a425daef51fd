"""Overview and results pages through AppTest: KPIs, summary, charts, downloads, language, scenario change."""

from __future__ import annotations

import json

import pytest

from sim.scenario import dumps, load_scenario
from tests.app_helpers import chart_data
from ui.i18n import CATALOG

RESULTS = "ui/pages/results.py"
N_CHARTS = 7  # supply/demand, flows, age pyramid, digital, budget, net benefit, levers
AGE_CHART = 2


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def ok(at):
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def results_page(app_test):
    at = ok(app_test().run())
    return ok(at.switch_page(RESULTS).run())


# ------------------------------------------------------------------------------------ results


def test_results_page_charts_each_with_a_csv_button_and_one_excel(results_page):
    at = results_page
    assert at.title[0].value == CATALOG["ja"]["results.title"] + "：モデル自治体（市 人口5万以上10万未満） ／ 標準DX計画"
    assert len(at.get("vega_lite_chart")) == N_CHARTS
    kinds = [e.type for e in walk(at.main) if e.type in ("vega_lite_chart", "download_button")]
    assert kinds[: 2 * N_CHARTS] == ["vega_lite_chart", "download_button"] * N_CHARTS  # a button under each chart
    labels = [b.label for b in at.main.get("download_button")]
    assert labels.count(CATALOG["ja"]["common.download_csv"]) == N_CHARTS
    assert labels.count(CATALOG["ja"]["results.excel"]) == 1
    for i in range(N_CHARTS):
        spec, data = chart_data(at, i)
        assert not data.empty, i


def test_charts_use_the_fiscal_year_axis_and_japanese_labels(results_page):
    spec, data = chart_data(results_page, 1)  # flows
    assert spec["encoding"]["x"]["title"] == "年度"
    assert set(data["label"]) == {"採用", "定年退職", "その他の退職", "未充足"}
    teinen = data[data["key"] == "teinen"].set_index("year")["value"]
    assert teinen.loc[[2025, 2027, 2029, 2031]].tolist() == [0, 0, 0, 0]


def test_age_slider_changes_the_pyramid(results_page):
    at = results_page
    slider = at.slider(key="results_age_year")
    assert slider.value == 2040  # the target year
    spec_before, before = chart_data(at, AGE_CHART)
    ok(slider.set_value(2030).run())
    spec_after, after = chart_data(at, AGE_CHART)
    assert spec_before["title"] == "2040年度" and spec_after["title"] == "2030年度"
    assert not before["value"].reset_index(drop=True).equals(after["value"].reset_index(drop=True))
    assert len(at.get("vega_lite_chart")) == N_CHARTS


def test_budget_toggle_adds_staff_pay(results_page):
    at = results_page
    budget = 4
    _, before = chart_data(at, budget)
    ok(at.toggle(key="results_budget_pay").set_value(True).run())
    _, after = chart_data(at, budget)
    assert "pay_regular" not in set(before["key"]) and "pay_regular" in set(after["key"])
    assert "subsidies" in set(before["key"]) and (before[before["key"] == "subsidies"]["value"] <= 0).all()


def test_results_page_in_english(results_page):
    at = ok(results_page.radio(key="lang").set_value("en").run())
    assert at.title[0].value == "Results: model town (City, population 50k–100k) / 標準DX計画"
    spec, data = chart_data(at, 1)
    assert spec["encoding"]["x"]["title"] == "Fiscal year"
    assert "Hires" in set(data["label"])
    assert CATALOG["en"]["results.excel"] in [b.label for b in at.main.get("download_button")]


def test_results_page_follows_the_scenario(results_page):
    at = results_page
    _, before = chart_data(at, 0)
    at.session_state["scenario_text"] = dumps(load_scenario("scenarios/status_quo.toml"))
    ok(at.run())
    _, after = chart_data(at, 0)
    assert not before["value"].reset_index(drop=True).equals(after["value"].reset_index(drop=True))
    assert len(at.get("vega_lite_chart")) == N_CHARTS  # a scenario without levers too


# ----------------------------------------------------------------------------------- overview


def _std_kpi(key: str) -> float:
    from sim import load_scenario
    from sim.engine import run
    return float(run(load_scenario("scenarios/standard_dx.toml")).kpi_values[key][0])


def test_overview_metrics_summary_and_chart_in_japanese(app_test):
    at = ok(app_test().run())
    m = metrics(at)
    assert len(m) == 11
    assert m["2040年度の職員不足"].endswith("人年")
    assert m["2040年度の不足率"].endswith("%")
    first = _std_kpi("first_gap_year")  # the built-in standard DX plan may never pass 5%
    assert m["不足率5.0%超えの最初の年度"] == ("期間内になし" if first != first else f"{int(first)}年度")
    assert m["必要人員の基準年度比"].endswith("%")
    for level in ("L1", "L2", "L3"):
        assert f"デジタル人材不足 {level}" in m
    assert m["DX計画の累計費用（補助控除後・法定分を除く）"].endswith("円")
    assert "現金NPV（財政収支：支払と削減できた支出のみ）" in m and "投資回収年度" in m
    assert "経済NPV（生み出した業務余力の金額換算を含む・現金ではない）" in m
    summary = at.info[0].value
    assert summary.startswith("2040年度には") and summary.endswith("見込みです。")
    assert "50%" in "".join(c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 1
    assert any("標準DX計画" in x.value for x in at.text)  # the scenario name, as plain text


def test_overview_in_english(app_test):
    at = ok(app_test().run())
    at = ok(at.radio(key="lang").set_value("en").run())
    m = metrics(at)
    assert m["Staff gap in FY2040"].endswith("FTE")
    first = _std_kpi("first_gap_year")
    assert m["First year the gap exceeds 5.0%"] == ("Not within the horizon" if first != first else f"FY{int(first)}")
    assert at.info[0].value.startswith("In FY2040")
    spec, _ = chart_data(at, 0)
    assert "Fiscal year" in json.dumps(spec, ensure_ascii=False)


def test_overview_numbers_follow_the_scenario(app_test):
    at = ok(app_test().run())
    gap_before, summary_before = metrics(at)["2040年度の職員不足"], at.info[0].value
    at.session_state["scenario_text"] = dumps(load_scenario("scenarios/status_quo.toml"))
    ok(at.run())
    assert metrics(at)["2040年度の職員不足"] != gap_before
    assert at.info[0].value != summary_before
    assert metrics(at)["投資回収年度"] == CATALOG["ja"]["overview.payback_none"]  # no levers: never pays back


def test_overview_when_the_gap_never_passes_the_threshold(app_test):
    """A threshold no gap reaches: the card says so in words; payback likewise when never reached."""
    import dataclasses

    sc = load_scenario("scenarios/standard_dx.toml")
    at = app_test()
    at.session_state["scenario_text"] = dumps(dataclasses.replace(
        sc, parameters={**sc.parameters, "simulation.gap_threshold": 0.5}))
    ok(at.run())
    m = metrics(at)
    assert m["不足率50.0%超えの最初の年度"] == CATALOG["ja"]["overview.first_gap_none"]


def test_overview_payback_without_net_investment_is_a_dash_with_the_reason(app_test):
    """Issue 10, point 4: no levers and no training: the payback card never shows a year (it showed the
    base year, FY2025), nor "not paid back": there is nothing to pay back."""
    import dataclasses

    sc = load_scenario("scenarios/status_quo.toml")
    sc = dataclasses.replace(sc, levers=(), parameters={**sc.parameters, "talent.training_coverage": 0.0,
                                                        "talent.l2_training_rate": 0.0})
    at = app_test()
    at.session_state["scenario_text"] = dumps(sc)
    ok(at.run())
    assert metrics(at)["投資回収年度"] == "—"
    assert CATALOG["ja"]["overview.payback_no_investment"] in [c.value for c in at.caption]
    ok(at.radio(key="lang").set_value("en").run())
    assert metrics(at)["Payback year"] == "—"
    assert CATALOG["en"]["overview.payback_no_investment"] in [c.value for c in at.caption]


def test_overview_of_a_scenario_with_draws_gives_the_share_beside_a_median_year(app_test):
    """A scenario whose own metadata asks for several draws: the cards show P50s; a year card's P50 is
    over the draws that reach the year, so the share of draws that never do stands under it."""
    import dataclasses

    import numpy as np

    from sim.engine import run

    sc = dataclasses.replace(load_scenario("scenarios/standard_dx.toml"), draws=60)
    share = float(np.isnan(run(sc).kpi_values["first_gap_year"]).mean())
    assert 0 < share < 1
    at = app_test()
    at.session_state["scenario_text"] = dumps(sc)
    ok(at.run())
    expected = CATALOG["ja"]["unc.never.first_gap_year"].format(share=f"{share * 100:.1f}%")
    assert expected in [c.value for c in at.caption]


def test_overview_says_which_age_profile_is_in_use_and_flags_new_duty_growth(app_test):
    """Issue 9, point 6: the default age shape or the town's own roster; point 7: the unsourced new-duty
    growth is flagged where the gap is shown."""
    import dataclasses

    import numpy as np

    at = ok(app_test().run())
    captions = [c.value for c in at.caption]
    assert CATALOG["ja"]["overview.age_profile.default"] in captions
    assert any(c.startswith("新たな行政需要による業務量の伸び（既定：0.50%/年）") for c in captions)
    sc = load_scenario("scenarios/standard_dx.toml")
    roster = np.zeros((3, 53))
    roster[:, 5:40] = 3.0  # ages 23-57
    muni = dataclasses.replace(sc.municipality, age_profile=tuple(tuple(r) for r in roster))
    at = app_test()
    at.session_state["scenario_text"] = dumps(dataclasses.replace(sc, municipality=muni))
    ok(at.run())
    captions = [c.value for c in at.caption]
    assert CATALOG["ja"]["overview.age_profile.roster"] in captions
    assert CATALOG["ja"]["overview.age_profile.default"] not in captions


def test_pages_of_a_scenario_with_draws_read_the_one_monte_carlo(app_test, monkeypatch):
    """Issue 11, point 4: a scenario whose own metadata asks for several draws runs, on every page, as the
    CLI runs it: once, through the chunked Monte Carlo (never the engine's multi-draw run), and the pages
    show its P50s."""
    import dataclasses

    import numpy as np

    import sim.uncertainty as unc
    from sim.engine import run
    from sim.uncertainty import monte_carlo

    mc_calls, run_draws = [], []
    monkeypatch.setattr(unc, "monte_carlo", lambda sc, n, **kw: mc_calls.append(n) or monte_carlo(sc, n, **kw))
    monkeypatch.setattr(unc, "run", lambda sc, draws=None, **kw: run_draws.append(draws) or run(sc, draws, **kw))
    sc = dataclasses.replace(load_scenario("scenarios/standard_dx.toml"), draws=47, seed=4711)  # not cached yet
    at = app_test()
    at.session_state["scenario_text"] = dumps(sc)
    ok(at.run())
    for page in (RESULTS, "ui/pages/staffing_plan.py", "ui/pages/compare.py"):
        ok(at.switch_page(page).run())
    assert mc_calls == [47] and all(d == 1 for d in run_draws), (mc_calls, run_draws)
    mc = monte_carlo(sc, 47)
    ok(at.switch_page(RESULTS).run())
    assert CATALOG["ja"]["results.median_note"].format(draws=47) in [c.value for c in at.caption]
    _, flows = chart_data(at, 1)  # the flows chart shows the P50 of each year
    hires = flows[flows["key"] == "hires"].sort_values("year")["value"].to_numpy()
    np.testing.assert_allclose(hires, mc.shown("hires"), rtol=1e-6)
    assert not np.allclose(hires, run(sc, draws=1).series["hires"][0], rtol=1e-3)  # not the point run
