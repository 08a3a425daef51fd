"""Uncertainty & sensitivity page: chart frames (pure), the page through AppTest (Monte Carlo, fan charts,
probability cards, tornado, Sobol, language), and the P10–P90 ranges on the overview and compare pages."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

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
    assert set(fte["series"]) == {JA["unc.series.supply_fte"], JA["unc.series.required_fte"]}
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


# -------------------------------------------------------------------------------------- AppTest


def test_page_before_a_run_invites_one_and_shows_the_tornado(app_test):
    at = open_page(app_test, PAGE)
    assert at.title[0].value == JA["unc.title"]
    assert JA["unc.none_yet"] in [i.value for i in at.info]
    assert at.number_input(key="unc_draws").value == 1000
    spec, data = chart_data(at, 0)  # the tornado only
    assert len(at.get("vega_lite_chart")) == 1
    assert marks(spec) == ["bar", "rule"] and not data.empty


def test_monte_carlo_run_fans_cards_distribution_tornado_sobol(app_test):
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
    for key in ("unc.download_bands", "unc.download_kpis", "unc.download_tornado", "unc.download_sobol"):
        assert JA[key] in labels

    ok(at.radio(key="lang").set_value("en").run())
    assert at.title[0].value == EN["unc.title"]
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
    assert len(ranges) == 11  # one under each KPI card
    assert any(r.endswith("人年") for r in ranges)


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
