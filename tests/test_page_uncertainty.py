"""Uncertainty & sensitivity page: chart frames (pure), the page through AppTest (Monte Carlo, fan charts,
probability cards, tornado, Sobol, language), and the P10–P90 ranges on the overview and compare pages."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from sim import pool, sensitivity
from sim.scenario import load_scenario
from sim.uncertainty import monte_carlo
from tests.app_helpers import chart_data, open_page
from ui.charts import uncertainty as charts
from ui.i18n import CATALOG

PAGE = "ui/pages/uncertainty.py"
JA, EN = CATALOG["ja"], CATALOG["en"]
N_FANS = 3


def ok(at):
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def marks(spec: dict) -> list[str]:
    """The mark types of a (layered) Vega-Lite spec."""
    out = []
    for layer in spec.get("layer", [spec]):
        if "layer" in layer:
            out += marks(layer)
        elif "mark" in layer:
            m = layer["mark"]
            out.append(m["type"] if isinstance(m, dict) else m)
    return out


def run_mc(at, draws: int = 200):
    at.number_input(key="unc_draws").set_value(draws)
    return ok(at.button(key="unc_run").click().run())


@pytest.fixture(scope="module")
def mc_small():
    return monte_carlo(load_scenario("scenarios/standard_dx.toml"), 200, seed=1)


# -------------------------------------------------------------------------------- pure builders


def test_fan_frame_orders_percentiles_and_scales_yen(mc_small):
    bands = mc_small.band_table()
    fte = charts.fan_frame(bands, ("supply_fte", "required_fte"), "fte", "ja")
    assert set(fte["series"]) == {JA["series.short.supply_fte"], JA["series.short.required_fte"]}
    p = fte[list(charts.PCTS)].to_numpy()
    assert (np.diff(p, axis=1) >= -1e-6).all()  # P5 ≤ P10 ≤ P50 ≤ P90 ≤ P95
    assert fte["text_p50"].str.endswith("人年").all()
    net = charts.fan_frame(bands, ("net_benefit_cumulative",), "yen", "en")
    raw = bands[bands["metric"] == "net_benefit_cumulative"]["p50"].to_numpy()
    assert np.allclose(net["p50"].to_numpy(), raw / 1e6)  # ¥ million
    spec = charts.fan_chart(net, "en", "t", "yen", zero_rule=True).to_dict()
    assert marks(spec) == ["area", "area", "line", "rule"]
    assert spec["layer"][0]["encoding"]["x"]["axis"]["format"] == "d"


def test_histogram_frame_counts_nan_as_missing_share():
    samples = np.array([2030, 2030, 2031, np.nan])
    hist = charts.histogram_frame(samples, "year", "ja")
    assert hist["share"].sum() == pytest.approx(0.75)
    assert list(hist["text_range"]) == ["2030年度", "2031年度"]
    assert charts.histogram_frame(np.full(5, np.nan), "year", "ja").empty
    flat = charts.histogram_frame(np.full(10, 3.0), "fte", "en")
    assert flat["share"].sum() == pytest.approx(1.0)
    m = charts.percentile_marks(np.arange(101.0), "fte", "en")
    assert list(m["x"]) == [10.0, 50.0, 90.0]


def test_tornado_and_sobol_frames():
    table = pd.DataFrame({"name": ["a", "b"], "label_ja": ["甲", "乙"], "label_en": ["A", "B"], "low": [0.1, 1.0],
                          "high": [0.3, 2.0], "kpi_low": [5.0, 9.0], "kpi_high": [20.0, 11.0], "base": [10.0, 10.0],
                          "swing": [15.0, 2.0], "unit": ["share", "multiplier"]})
    frame = charts.tornado_frame(table, "fte", "ja")
    assert list(frame["label"]) == ["甲", "甲", "乙", "乙"]
    assert list(frame["end"]) == [5.0, 20.0, 9.0, 11.0] and set(frame["start"]) == {10.0}
    assert frame["text_input"].tolist()[:2] == ["10.0%", "30.0%"]
    assert marks(charts.tornado_chart(frame, "fte", "ja", "t").to_dict()) == ["bar", "rule"]
    sob = pd.DataFrame({"name": ["a", "b"], "label_ja": ["甲", "乙"], "label_en": ["A", "B"], "S1": [0.2, 0.6],
                        "S1_low": [0.1, 0.5], "S1_high": [0.3, 0.7], "ST": [0.25, 0.7], "ST_low": [0.2, 0.6],
                        "ST_high": [0.3, 0.8]})
    sf = charts.sobol_frame(sob, "en")
    assert list(sf["label"]) == ["B", "B", "A", "A"]  # by ST, descending
    assert list(sf["index"]) == [EN["unc.index.S1"], EN["unc.index.ST"]] * 2
    assert marks(charts.sobol_chart(sf, "en", "t").to_dict()) == ["bar", "rule"]
    raw = charts.csv_bytes(sob)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")["label_ja"].tolist() == ["甲", "乙"]


def test_p_range_of_a_year_kpi_never_stands_without_the_share_that_never_reaches_it():
    row = {"key": "first_gap_year", "unit": "year", "p10": 2031.0, "p90": 2038.0, "never_share": 0.62}
    text = charts.p_range(pd.Series(row), "ja")
    assert text == "P10〜P90（到達した試行のみ）：2031年度 ～ 2038年度、62.0%の試行で期間内に到達せず"
    assert charts.p_range(pd.Series(row), "en").endswith("not reached within the horizon in 62.0% of draws")
    never = pd.Series({**row, "p10": float("nan"), "p90": float("nan"), "never_share": 1.0})
    assert charts.p_range(never, "ja") == JA["unc.never_all.first_gap_year"]  # no percentiles at all
    always = pd.Series({**row, "never_share": 0.0})
    assert charts.p_range(always, "en") == "P10–P90: FY2031 – FY2038"  # every draw reaches it: over all draws
    pay = pd.Series({**row, "key": "payback_year", "never_share": 0.25})
    assert "25.0%の試行で期間内に回収せず" in charts.p_range(pay, "ja")
    npv = pd.Series({"key": "npv", "unit": "yen", "p10": 1e8, "p90": 2e8, "never_share": float("nan")})
    assert charts.p_range(npv, "ja") == "P10〜P90：1.00億円 ～ 2.00億円"


# -------------------------------------------------------------------------------------- AppTest


def test_kpi_table_and_distribution_of_a_year_kpi_show_the_share_never_reached(app_test):
    at = run_mc(open_page(app_test, PAGE))
    mc = monte_carlo(load_scenario("scenarios/standard_dx.toml"), 200, seed=2025)
    share = mc.never_share("first_gap_year")
    table = at.dataframe[0].value
    col = JA["unc.col.never"]
    rows = table.set_index(JA["unc.col.kpi"])
    assert rows.loc["不足率がしきい値を超える最初の年度＊", col] == f"{share * 100:.1f}%"
    assert rows.loc["目標年度の職員不足", col] == ""
    captions = [c.value for c in at.caption]
    assert JA["unc.kpi_year_note"] in captions
    ok(at.selectbox(key="unc_dist_kpi_ja_w").select("不足率がしきい値を超える最初の年度").run())
    captions = [c.value for c in at.caption]
    assert JA["unc.dist_year_marks"] in captions
    assert JA["unc.never.first_gap_year"].format(share=f"{share * 100:.1f}%") in captions


def test_page_before_a_run_invites_one_and_shows_the_tornado(app_test):
    at = open_page(app_test, PAGE)
    assert at.title[0].value == JA["unc.title"] + "：モデル自治体（市 人口5万以上10万未満） ／ 標準DX計画"
    assert JA["unc.none_yet"] in [i.value for i in at.info]
    assert at.number_input(key="unc_draws").value == 1000
    spec, data = chart_data(at, 0)  # the tornado only
    assert len(at.get("vega_lite_chart")) == 1
    assert marks(spec) == ["bar", "rule"] and not data.empty


def test_monte_carlo_run_fans_cards_distribution_tornado_sobol(app_test, monkeypatch):
    def not_here(*_args, **_kwargs):
        raise AssertionError("the tornado ran in the server's script thread, not in the worker pool")
    monkeypatch.setattr(pool, "tornado", not_here)  # the workers are spawned: they keep the real one
    monkeypatch.setattr(sensitivity, "tornado", not_here)
    at = run_mc(open_page(app_test, PAGE))
    charts_ = at.get("vega_lite_chart")
    assert len(charts_) == N_FANS + 2  # three fans, the KPI distribution, the tornado
    for i in range(N_FANS):
        spec, data = chart_data(at, i)
        assert marks(spec)[:3] == ["area", "area", "line"]
        p = data[list(charts.PCTS)].to_numpy()
        assert (np.diff(p, axis=1) >= -1e-6).all()
    assert any("200" in c.value for c in at.caption)  # "200回・…"

    card = JA["unc.prob_card"].format(year="2040年度", pct="5%")
    m = metrics(at)
    assert m[card].endswith("%")
    for key in ("unc.npv_p50", "unc.npv_p80", "unc.cost_p50", "unc.cost_p80"):
        assert m[JA[key]].endswith("円")
    ok(at.slider(key="unc_gap_x").set_value(30).run())
    card30 = JA["unc.prob_card"].format(year="2040年度", pct="30%")
    assert metrics(at)[card30] != m[card]

    spec, data = chart_data(at, N_FANS + 1)  # tornado, staff_gap_target by default
    assert marks(spec) == ["bar", "rule"]
    assert data["text_kpi"].str.endswith("人年").all()
    assert len(data) >= 2

    ok(at.selectbox(key="unc_sobol_n").select(128).run())
    ok(at.button(key="unc_sobol_run").click().run())
    assert len(at.get("vega_lite_chart")) == N_FANS + 3
    spec, data = chart_data(at, N_FANS + 2)
    assert set(data["index"]) == {JA["unc.index.S1"], JA["unc.index.ST"]}
    assert (data["low"] <= data["high"]).all()
    labels = [b.label for b in at.main.get("download_button")]
    for key in ("unc.download_bands", "unc.download_workbook", "unc.download_kpis", "unc.download_tornado",
                "unc.download_sobol"):
        assert JA[key] in labels

    ok(at.radio(key="lang").set_value("en").run())
    assert at.title[0].value == EN["unc.title"] + ": model town (City, population 50k–100k) / 標準DX計画"
    m = metrics(at)
    assert EN["unc.prob_card"].format(year="FY2040", pct="30%") in m
    assert m[EN["unc.npv_p50"]].startswith(("¥", "-¥"))
    assert len(at.get("vega_lite_chart")) == N_FANS + 3  # the run and the Sobol result survive the switch
    spec, _ = chart_data(at, 0)
    assert "Fiscal year" in json.dumps(spec, ensure_ascii=False)


def test_sobol_on_an_undefined_kpi_is_a_message_not_a_traceback(app_test):
    at = open_page(app_test, PAGE)
    ok(at.selectbox(key="unc_sens_kpi_ja_w").select("不足率がしきい値を超える最初の年度").run())
    ok(at.selectbox(key="unc_sobol_n").select(128).run())
    ok(at.button(key="unc_sobol_run").click().run())
    prefix = JA["unc.sobol_error"].split("{")[0]
    assert [w.value for w in at.warning if w.value.startswith(prefix)]  # the gap never passes the threshold in some draws
    assert len(at.get("vega_lite_chart")) == 1  # the tornado only


def test_method_and_seed_change_the_run(app_test):
    at = run_mc(open_page(app_test, PAGE))
    _, before = chart_data(at, 1)
    ok(at.selectbox(key="unc_method_ja_w").select(JA["unc.method.lhs"]).run())
    at = run_mc(at)
    assert any(JA["unc.method.lhs"] in c.value for c in at.caption)
    _, after = chart_data(at, 1)
    assert not np.allclose(before["p50"].to_numpy(), after["p50"].to_numpy())


def test_overview_shows_p10_p90_after_a_run(app_test):
    at = ok(app_test().run())
    assert not [c for c in at.caption if c.value.startswith("P10")]
    at = run_mc(ok(at.switch_page(PAGE).run()))
    ok(at.switch_page("ui/pages/overview.py").run())
    ranges = [c.value for c in at.caption if c.value.startswith("P10〜P90：")]
    assert len(ranges) == 9  # one under each of the 11 KPI cards that is not a year
    assert any(r.endswith("人年") for r in ranges)
    # Year KPIs (issue 10, point 8): the range is over the draws that reach the year, labelled so, and
    # always followed by the share of draws that never reach it.
    mc = monte_carlo(load_scenario("scenarios/standard_dx.toml"), 200, seed=2025)
    year_ranges = [c.value for c in at.caption if c.value.startswith("P10〜P90（到達した試行のみ）：")]
    shares = {key: mc.never_share(key) for key in ("first_gap_year", "payback_year")}
    assert any(0 < x < 1 for x in shares.values()), shares  # the standard plan reaches one in some draws only
    for key, share in shares.items():
        expected = JA[f"unc.never.{key}"].format(share=f"{share * 100:.1f}%")
        if 0 < share < 1:
            assert [r for r in year_ranges if r.endswith(expected)], (key, expected, year_ranges)
        else:
            assert not [r for r in year_ranges if r.endswith(expected)], (key, year_ranges)
    assert len(year_ranges) == 2
    assert not [c.value for c in at.caption if "年度" in c.value and c.value.startswith("P10〜P90：")]


def test_compare_toggle_overlays_the_gap_bands(app_test):
    at = run_mc(open_page(app_test, PAGE))
    ok(at.switch_page("ui/pages/compare.py").run())
    spec, _ = chart_data(at, 1)
    assert "area" not in marks(spec)
    ok(at.toggle(key="compare_bands").set_value(True).run())
    assert [c.value for c in at.caption if "1" in c.value and "2" in c.value]  # only the working copy has a run
    spec, data = chart_data(at, 1)
    assert marks(spec)[0] == "area"
    assert {"p10", "p90"} <= set(data.columns)
    assert (data["p10"] <= data["p90"]).all()
    assert len(at.get("vega_lite_chart")) == 3


def test_compare_medians_of_year_kpis_carry_the_share_never_reached():
    """A scenario run with several draws: the compare table's P50 of a year KPI says in how many draws the
    year is never reached (CLI and app)."""
    from sim.compare import kpi_table
    from sim.engine import run
    from ui.charts.compare import kpi_display

    sc = load_scenario("scenarios/standard_dx.toml")
    many, one = run(sc, draws=100, seed=3), run(sc)
    table = kpi_table([one, many], ["a", "b"]).set_index("key")
    share = float(np.isnan(many.kpi_values["first_gap_year"]).mean())
    assert 0 < share < 1
    assert table.loc["first_gap_year", "never_share b"] == pytest.approx(share)
    assert "never_share a" not in table  # a single run: a plain value
    shown = kpi_display(table.reset_index(), ["a", "b"], "ja").set_index(JA["export.col.kpi"])
    cell = shown.loc["不足率がしきい値を超える最初の年度", "b"]
    assert cell.endswith("（" + JA["unc.never.first_gap_year"].format(share=f"{share * 100:.1f}%") + "）")
    assert "試行" not in shown.loc["不足率がしきい値を超える最初の年度", "a"]


def test_cli_compare_with_draws_marks_year_medians(capsys):
    from sim.cli import main

    code = main(["compare", "scenarios/status_quo.toml", "scenarios/standard_dx.toml", "--draws", "100",
                 "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("Payback year"))
    assert "not reached in" in line


def test_cli_compare_with_draws_runs_the_chunked_monte_carlo(monkeypatch, capsys):
    """`run` and `compare` share one way to several draws: the Monte Carlo in bounded-memory chunks."""
    import sim.uncertainty as unc
    from sim.cli import main

    real, calls = unc.monte_carlo, []
    monkeypatch.setattr(unc, "monte_carlo", lambda sc, n, **kw: calls.append(n) or real(sc, n, **kw))
    assert main(["compare", "scenarios/status_quo.toml", "scenarios/standard_dx.toml", "--draws", "60"]) == 0
    assert calls == [60, 60]
    assert main(["run", "scenarios/standard_dx.toml", "--draws", "40"]) == 0
    assert calls == [60, 60, 40]
    capsys.readouterr()
