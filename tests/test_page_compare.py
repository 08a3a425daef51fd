"""Compare page: sim.compare (KPI differences, differing inputs), its chart/table builders, and the page
through AppTest."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from sim.compare import input_differences, kpi_table
from sim.scenario import Lever, load_scenario
from ui.charts import compare as charts
from ui.i18n import t
from tests.app_helpers import chart_data, open_page
from tests.conftest import ROOT

PAGE = "ui/pages/compare.py"


@pytest.fixture(scope="module")
def builtins():
    return {p.stem: load_scenario(p) for p in sorted((ROOT / "scenarios").glob("*.toml"))}


# ------------------------------------------------------------------------------ sim.compare


def test_identical_scenarios_have_no_differing_inputs(builtins):
    sc = builtins["standard_dx"]
    diff = input_differences([sc, sc], ["a", "b"])
    assert diff.empty
    assert list(diff.columns) == ["key", "unit", "label_ja", "label_en", "a", "b"]


def test_status_quo_and_standard_dx_differ_in_hiring_policy_and_levers(builtins):
    diff = input_differences([builtins["status_quo"], builtins["standard_dx"]], ["SQ", "DX"]).set_index("key")
    assert diff.loc["workforce.hiring_policy", "SQ"] == "replacement"
    assert diff.loc["workforce.hiring_policy", "DX"] == "smoothed"
    assert diff.loc["workforce.hiring_policy", "label_en"] == "Hiring policy"
    assert diff.loc["talent.external_fulltime", "DX"] == {2025: 0, 2026: 1}
    lever = "levers.frontyard.1"
    assert diff.loc[lever, "SQ"] is None and diff.loc[lever, "DX"] is True
    assert lever + ".name" not in diff.index  # a name row only when the lever is renamed
    assert diff.loc[lever + ".ceiling", "DX"] == 0.5
    assert "municipality.preset" not in diff.index  # same preset
    assert "simulation.base_year" not in diff.index  # same value


def test_lever_disabled_and_changed_field_and_municipality(builtins):
    base = builtins["standard_dx"]
    levers = list(base.levers)
    levers[0] = dataclasses.replace(levers[0], enabled=False)
    levers[-1] = dataclasses.replace(levers[-1], fields={**levers[-1].fields, "ceiling": 0.4})
    muni = dataclasses.replace(base.municipality, values={"municipality.population": 70_000})
    other = dataclasses.replace(base, levers=tuple(levers), municipality=muni, draws=10)
    diff = input_differences([base, other], ["a", "b"]).set_index("key")
    first = f"levers.{levers[0].kind}.1"
    assert (diff.loc[first, "a"], diff.loc[first, "b"]) == (True, False)
    assert diff.loc["levers.telework.1.ceiling", "b"] == 0.4
    assert (diff.loc["municipality.population", "a"], diff.loc["municipality.population", "b"]) == (None, 70_000)
    assert (diff.loc["metadata.draws", "a"], diff.loc["metadata.draws", "b"]) == (1, 10)
    assert len(diff) == 4


def test_a_lever_set_to_its_kind_default_is_no_difference(builtins):
    base = builtins["status_quo"]
    a = dataclasses.replace(base, levers=(Lever("rpa_ai", "RPA"),))
    b = dataclasses.replace(base, levers=(Lever("rpa_ai", "RPA", fields={}),))
    assert input_differences([a, b], ["a", "b"]).empty


class _FakeResults:
    def __init__(self, values):
        self.kpis = pd.DataFrame({"key": ["gap", "npv"], "label_ja": ["不足", "NPV"], "label_en": ["Gap", "NPV"],
                                  "unit": ["fte", "yen"], "value": values})


def test_kpi_table_and_its_display():
    table = kpi_table([_FakeResults([10.0, 0.0]), _FakeResults([4.0, 2e8]), _FakeResults([12.5, -1e6])],
                      ["A", "B", "C"])
    assert list(table.columns) == ["key", "label_ja", "label_en", "unit", "A", "B", "C", "Δ B", "Δ C"]
    assert table["Δ B"].tolist() == [-6.0, 2e8]
    shown = charts.kpi_display(table, ["A", "B", "C"], "ja")
    assert list(shown.columns) == ["指標", "A", "B", "C", "Δ B", "Δ C"]
    assert shown["Δ B"].tolist() == ["-6人年", "+2.00億円"]
    assert shown["Δ C"].tolist() == ["+2.5人年", "-100万円"]
    en = charts.kpi_display(table, ["A", "B", "C"], "en")
    assert en.columns[0] == "KPI" and en["B"].tolist() == ["4 FTE", "¥200.0 million"]
    raw = charts.csv_bytes(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(pd.io.common.BytesIO(raw), encoding="utf-8-sig")["Δ B"].tolist() == [-6.0, 2e8]


def test_format_input():
    assert charts.format_input(None, "flag", "levers.x:y", "ja") == "なし"
    assert charts.format_input(False, "flag", "levers.x:y", "en") == "yes (disabled)"
    assert charts.format_input(None, "persons", "municipality.population", "ja") == "プリセット"
    assert charts.format_input(None, "fte", "levers.x:y.talent_l2", "ja") == "—"
    assert charts.format_input("city_pop_50k_100k", "preset", "municipality.preset", "en").startswith("City")
    assert charts.format_input({2025: 0, 2026: 1}, "fte", "talent.external_fulltime", "en") == "FY2025 0 FTE, FY2026 1 FTE"
    assert charts.format_input(0.5, "share", "k", "ja") == "50.0%"
    assert charts.format_input("smoothed", "choice", "workforce.hiring_policy", "ja") == "平準化"
    assert charts.format_input("replacement", "choice", "workforce.hiring_policy", "ja") == "退職者補充"
    assert charts.format_input("replacement", "choice", "workforce.hiring_policy", "en") == "Replace leavers"
    assert charts.format_input("logistic", "choice", "levers.rpa_ai.2.ramp_shape", "ja") == "S字（ロジスティック）"
    assert charts.format_input("national", "population_path", "municipality.population_path", "ja") == "全国の推計"
    assert charts.format_input("unknown_code", "choice", "k", "ja") == "unknown_code"  # a code the catalogue lacks


def test_inputs_display_columns(builtins):
    diff = input_differences([builtins["status_quo"], builtins["standard_dx"]], ["SQ", "DX"])
    shown = charts.inputs_display(diff, ["SQ", "DX"], "en")
    assert list(shown.columns) == ["Key", "Label", "SQ", "DX"]
    row = shown.set_index("Key").loc["workforce.hiring_policy"]
    assert (row["Label"], row["SQ"], row["DX"]) == ("Hiring policy", "Replace leavers", "Smoothed")


# -------------------------------------------------------------------------------- AppTest


def _chart_data(at, i):
    return chart_data(at, i)


def _open(app_test, lang="ja"):
    return open_page(app_test, PAGE, lang)


def _picker(at):
    (ms,) = [m for m in at.multiselect if m.label in (t("compare.pick", "ja"), t("compare.pick", "en"))]
    return ms


def test_default_selection_shows_charts_kpis_and_differing_inputs(app_test):
    at = _open(app_test)
    chosen = _picker(at).value
    assert chosen == ["現状維持（新たなDXなし）（標準）", "作業中のシナリオ：標準DX計画"]
    assert len(at.get("vega_lite_chart")) == 3
    spec, frame = _chart_data(at, 0)
    assert set(frame["scenario"]) == set(chosen)
    assert set(frame["series"]) == {"必要人員", "供給人員"}
    assert spec["encoding"]["x"]["axis"]["format"] == "d" and spec["encoding"]["x"]["title"] == "年度"
    assert spec["encoding"]["tooltip"]
    kpis, inputs = (d.value for d in at.dataframe)
    assert list(kpis.columns) == ["指標", *chosen, f"Δ {chosen[1]}"]
    assert "目標年度の職員不足" in kpis["指標"].tolist()
    gap = kpis.set_index("指標").loc["目標年度の職員不足"]
    assert gap[f"Δ {chosen[1]}"].startswith("-")  # the DX plan narrows the gap
    rows = inputs.set_index("キー")
    assert rows.loc["workforce.hiring_policy", chosen[0]] == "退職者補充"
    assert rows.loc["workforce.hiring_policy", chosen[1]] == "平準化"
    levers = rows[rows.index.str.startswith("levers.")]
    assert len(levers) >= 8 and set(levers[chosen[0]]) <= {"なし", "—"}
    labels = {b.label for b in at.get("download_button")}
    assert {t("compare.download_kpis"), t("compare.download_inputs")} <= labels


def test_three_scenarios(app_test):
    at = _open(app_test)
    ms = _picker(at)
    three = ms.value + [o for o in ms.options if "小規模" in o or "中核市" in o][:1]
    assert len(three) == 3
    ms.set_value(three).run()
    assert not at.exception, [e.message for e in at.exception]
    kpis, inputs = (d.value for d in at.dataframe)
    assert [c for c in kpis.columns if c.startswith("Δ")] == [f"Δ {three[1]}", f"Δ {three[2]}"]
    assert list(inputs.columns[2:]) == three
    _, frame = _chart_data(at, 1)
    assert set(frame["scenario"]) == set(three)


def test_one_or_six_scenarios_show_a_message(app_test):
    at = _open(app_test)
    ms = _picker(at)
    ms.set_value(ms.value[:1]).run()
    assert not at.exception
    assert [i.value for i in at.info] == [t("compare.too_few", "ja", n=1)]
    assert not at.dataframe and not at.get("vega_lite_chart")
    ms = _picker(at)
    ms.set_value(list(ms.options)[:6]).run()
    assert not at.exception
    assert len(ms.options) >= 6
    assert [w.value for w in at.warning] == [t("compare.too_many", "ja", n=6)]
    assert not at.dataframe


def test_english_labels_and_selection_kept_across_language_switch(app_test):
    at = _open(app_test)
    ms = _picker(at)
    three = ms.value + [o for o in ms.options if o not in ms.value][:1]
    ms.set_value(three).run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value.startswith("Compare scenarios: ")  # + town / scenario (issue 12 point 2)
    chosen = _picker(at).value
    assert len(chosen) == 3 and chosen[0] == "現状維持（新たなDXなし） (built-in)"
    assert chosen[1] == "Working copy: 標準DX計画"
    kpis, inputs = (d.value for d in at.dataframe)
    assert kpis.columns[0] == "KPI" and "Staff gap in the target year" in kpis["KPI"].tolist()
    assert list(inputs.columns[:2]) == ["Key", "Label"]
    spec, frame = _chart_data(at, 0)
    assert spec["encoding"]["x"]["title"] == "Fiscal year"
    assert set(frame["series"]) == {"Required", "Supply"}


def test_user_scenario_name_is_never_rendered_as_markdown(app_test, builtins):
    from sim.scenario import dumps

    at = app_test().run()
    name = "**bold** [link](http://example.invalid) <b>x</b>"
    text = dumps(dataclasses.replace(builtins["core_city"], name=name))
    library = dict(at.session_state["scenario_library"])
    library["session:evil"] = {"name": name, "text": text, "origin": "session"}
    at.session_state["scenario_library"] = library
    at.switch_page(PAGE).run()
    ms = _picker(at)
    (evil,) = [o for o in ms.options if o.startswith(name)]
    ms.set_value(ms.value + [evil]).run()
    assert not at.exception, [e.message for e in at.exception]
    kpis = at.dataframe[0].value
    assert evil in kpis.columns and f"Δ {evil}" in kpis.columns
    for element in list(at.markdown) + list(at.caption) + list(at.info) + list(at.warning):
        assert "example.invalid" not in element.value


# ------------------------------------------------- issue 12 points 6 and 8: readable charts and inputs


def _legends(spec: dict) -> list[dict]:
    """Every legend of a spec (layers included), as (channel, legend)."""
    out = []
    for layer in spec.get("layer", [spec]):
        for channel, enc in layer.get("encoding", {}).items():
            if isinstance(enc, dict) and isinstance(enc.get("legend"), dict):
                out.append((channel, enc["legend"]))
    return out


def test_compare_charts_are_tall_with_line_legends_and_a_csv_each(app_test):
    at = _open(app_test)
    chosen = _picker(at).value
    charts_ = at.get("vega_lite_chart")
    assert len(charts_) == 3
    for i in range(3):
        spec, _ = _chart_data(at, i)
        # the plot itself is at least 250 px: the height is the plot's (fit-x), not plot + title + legends
        # (Streamlit's default autosize "fit" squeezed the plot to about 40 px under the legends)
        assert spec["height"] >= 250, i
        assert spec["autosize"]["type"] == "fit-x", i
        legends = _legends(spec)
        assert legends and all(lg["symbolType"] == "stroke" for _, lg in legends), i
        channels = {c for c, _ in legends}
        assert {"color", "strokeDash"} <= channels, i
    # the gap and benefit charts tell the scenarios apart by dash as well as colour
    for i in (1, 2):
        spec, _ = _chart_data(at, i)
        line = [layer for layer in spec["layer"] if "strokeDash" in layer.get("encoding", {})][0]
        dash = line["encoding"]["strokeDash"]
        assert dash["field"] == "scenario" and dash["scale"]["domain"] == chosen
        assert len({tuple(d) for d in dash["scale"]["range"]}) == len(chosen)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count(t("compare.download_chart")) == 3


def test_chart_csv_has_every_scenario_and_series(builtins):
    from sim import run

    names = ["SQ", "DX"]
    frame = charts.series_frame({"SQ": run(builtins["status_quo"]), "DX": run(builtins["standard_dx"])})
    table = charts.chart_table(frame, names, charts.CHART_METRICS["fte"], "ja")
    assert list(table.columns) == ["年度", "SQ：必要人員（人年）", "DX：必要人員（人年）", "SQ：供給人員（人年）",
                                   "DX：供給人員（人年）"]
    assert table["年度"].tolist() == list(range(2025, 2051))
    raw = charts.csv_bytes(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(pd.io.common.BytesIO(raw), encoding="utf-8-sig")
    sq = frame[(frame["scenario"] == "SQ") & (frame["metric"] == "required_fte")]["value"].to_numpy()
    assert back["SQ：必要人員（人年）"].to_numpy() == pytest.approx(sq, abs=0.5)  # display precision: whole FTE
    assert (back["SQ：必要人員（人年）"] % 1 == 0).all()
    en = charts.chart_table(frame, names, charts.CHART_METRICS["benefit"], "en")
    assert list(en.columns) == ["Fiscal year", "SQ: Cumulative net benefit (¥ million)", "DX: Cumulative net benefit (¥ million)"]


def test_compare_chart_heights_and_palette_without_the_gap_red(builtins):
    from sim import run
    from ui.charts.colors import GAP_COLOR, REQUIRED_COLOR

    names = ["a", "b", "c", "d", "e"]
    res = run(builtins["status_quo"])
    frame = charts.series_frame(dict.fromkeys(names, res))
    for build in (charts.fte_chart, charts.gap_chart, charts.benefit_chart):
        spec = build(frame, names, "ja").to_dict(validate=True)
        assert spec["height"] >= 250
        for layer in spec.get("layer", [spec]):
            scale = layer["encoding"].get("color", {}).get("scale", {})
            assert GAP_COLOR not in scale.get("range", []) and REQUIRED_COLOR not in scale.get("range", [])


def test_levers_are_matched_by_kind_and_position_not_by_name(builtins):
    base = builtins["standard_dx"]
    levers = list(base.levers)
    i = next(j for j, lev in enumerate(levers) if lev.kind == "frontyard")
    levers[i] = dataclasses.replace(levers[i], name="窓口改革2026")
    renamed = dataclasses.replace(base, levers=tuple(levers))
    diff = input_differences([base, renamed], ["a", "b"]).set_index("key")
    assert list(diff.index) == ["levers.frontyard.1.name"]  # the same lever, renamed: nothing else differs
    assert (diff.iloc[0]["a"], diff.iloc[0]["b"]) == ("フロントヤード改革", "窓口改革2026")
    # a second lever of a kind is matched with the other scenario's second one (or its absence)
    two = dataclasses.replace(base, levers=(*base.levers, Lever("rpa_ai", "RPA拡大", fields={"ceiling": 0.9})))
    diff = input_differences([base, two], ["a", "b"]).set_index("key")
    assert diff.loc["levers.rpa_ai.2", "a"] is None and diff.loc["levers.rpa_ai.2", "b"] is True
    assert diff.loc["levers.rpa_ai.2.ceiling", "b"] == 0.9
    assert "levers.rpa_ai.1" not in diff.index
    assert diff.loc["levers.rpa_ai.2", "label_ja"] == "施策：AI・RPA 2"


def test_inputs_table_shows_labels_not_codes(builtins):
    from sim.parameters import REGISTRY, Uncertainty
    from sim.scenario import POPULATION_PATHS

    base = builtins["status_quo"]
    other = dataclasses.replace(
        builtins["standard_dx"],
        parameters={**builtins["standard_dx"].parameters, "recruitment.applicant_cap": "off"},
        municipality=dataclasses.replace(builtins["standard_dx"].municipality, population_path="national"),
        uncertainty={"workforce.exit_rate_multiplier": Uncertainty("triangular", 0.8, 1.4, mode=1.1)})
    diff = input_differences([base, other], ["SQ", "X"])
    codes = {c for p in REGISTRY.values() for c in p.choices} | set(POPULATION_PATHS) | {"triangular"}
    for lang in ("ja", "en"):
        shown = charts.inputs_display(diff, ["SQ", "X"], lang)
        values = shown[(diff["unit"] != "flag").to_numpy()]  # a lever's presence reads "yes"/"no" in English
        cells = set(values["SQ"]) | set(values["X"])
        assert not cells & codes, (lang, cells & codes)
        assert not any("=" in c for c in cells), lang  # no "dist=triangular, low=…"
        labels = shown.iloc[:, 1].tolist()
        for label in labels:  # a lever's kind once in its label, never inside itself
            assert label.count("フロントヤード改革") <= 1 and label.count("Front-yard reform") <= 1, label
    ja = charts.inputs_display(diff, ["SQ", "X"], "ja").set_index("キー")
    assert ja.loc["recruitment.applicant_cap", "X"] == "制限しない"
    assert ja.loc["municipality.population_path", "X"] == "全国の推計"
    assert ja.loc["uncertainty.workforce.exit_rate_multiplier", "X"].startswith("三角分布")
    assert ja.loc["levers.frontyard.1", "項目"] == "施策：フロントヤード改革（オンライン手続・書かない窓口）"


def test_kpi_table_shows_headcounts_as_whole_people():
    class R:
        def __init__(self, v):
            self.kpis = pd.DataFrame({"key": ["unfilled_target"], "label_ja": ["未充足"], "label_en": ["Unfilled"],
                                      "unit": ["persons"], "value": [v]})

    table = kpi_table([R(0.3), R(12.6)], ["A", "B"])
    shown = charts.kpi_display(table, ["A", "B"], "ja")
    assert (shown.loc[0, "A"], shown.loc[0, "B"], shown.loc[0, "Δ B"]) == ("0人", "13人", "+13人")
    assert charts.kpi_display(table, ["A", "B"], "en").loc[0, "B"] == "13 persons"


def test_compare_page_notes_expected_values(app_test):
    at = _open(app_test)
    assert t("common.expected_values_note", "ja") in [c.value for c in at.caption]


def test_gap_chart_with_bands_has_one_y_scale_over_lines_bands_and_zero(builtins):
    from sim import run
    from ui.charts import uncertainty as unc

    names = ["SQ", "DX"]
    res = {"SQ": run(builtins["status_quo"]), "DX": run(builtins["standard_dx"])}
    bands = pd.DataFrame([{"metric": "gap_fte", "year": y, "p5": -99.0, "p10": -80.0, "p50": 0.0, "p90": 95.0,
                           "p95": 120.0} for y in range(2025, 2051)])
    frame = unc.gap_band_frame({n: bands for n in names}, "ja")
    spec = charts.gap_chart(charts.series_frame(res), names, "ja", bands=frame).to_dict(validate=True)
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks == ["area", "line", "rule"]  # bands behind the lines, the zero line on top
    for layer in spec["layer"]:  # no fixed domain anywhere: Vega-Lite takes the union of every layer
        assert "domain" not in layer["encoding"]["y"].get("scale", {})
    assert spec.get("resolve", {}).get("scale", {}).get("y", "shared") == "shared"
    assert spec["height"] >= 250 and spec["autosize"]["type"] == "fit-x"


def test_fte_chart_series_legend_draws_its_dashes(builtins):
    from sim import run

    spec = charts.fte_chart(charts.series_frame({"SQ": run(builtins["status_quo"])}), ["SQ"], "ja").to_dict()
    dash = spec["encoding"]["strokeDash"]
    assert dict(zip(dash["scale"]["domain"], map(tuple, dash["scale"]["range"]))) == {"必要人員": (6, 3),
                                                                                     "供給人員": (1, 0)}
    legend = dash["legend"]
    assert legend["symbolType"] == "stroke" and legend["symbolStrokeColor"] and legend["symbolFillColor"]
