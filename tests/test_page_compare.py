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
    lever = "levers.frontyard:フロントヤード改革"
    assert diff.loc[lever, "SQ"] is None and diff.loc[lever, "DX"] is True
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
    first = f"levers.{levers[0].kind}:{levers[0].name}"
    assert (diff.loc[first, "a"], diff.loc[first, "b"]) == (True, False)
    assert diff.loc["levers.telework:テレワーク.ceiling", "b"] == 0.4
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
    assert charts.format_input("smoothed", "choice", "k", "ja") == "smoothed"


def test_inputs_display_columns(builtins):
    diff = input_differences([builtins["status_quo"], builtins["standard_dx"]], ["SQ", "DX"])
    shown = charts.inputs_display(diff, ["SQ", "DX"], "en")
    assert list(shown.columns) == ["Key", "Label", "SQ", "DX"]
    row = shown.set_index("Key").loc["workforce.hiring_policy"]
    assert (row["Label"], row["SQ"], row["DX"]) == ("Hiring policy", "replacement", "smoothed")


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
    assert rows.loc["workforce.hiring_policy", chosen[0]] == "replacement"
    assert rows.loc["workforce.hiring_policy", chosen[1]] == "smoothed"
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
