"""Exports for Excel users (issue 12 point 7): headers in the language with the unit, values at display
precision (rates in %), municipality codes as 5-character text, a 前提条件 sheet; read back from the bytes."""

from __future__ import annotations

import csv
import dataclasses
import io
import math

import openpyxl
import pytest

from sim import load_scenario, run
from sim.export import assumptions_table
from sim.model.kpis import KPIS
from sim.parameters import REGISTRY
from sim.uncertainty import monte_carlo

STD = "scenarios/standard_dx.toml"


@pytest.fixture(scope="module")
def town():
    """standard_dx for a town with a leading-zero code (岩見沢市 01210)."""
    sc = load_scenario(STD)
    return dataclasses.replace(sc, municipality=dataclasses.replace(sc.municipality, name="岩見沢市", code="01210"))


@pytest.fixture(scope="module")
def workbooks(town):
    res = run(town)
    return res, {lang: openpyxl.load_workbook(io.BytesIO(res.to_excel_bytes(lang, scenario=town)))
                 for lang in ("ja", "en")}


def _numbers(ws):
    return [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, (int, float))]


def test_workbook_sheets_and_headers_follow_the_language(workbooks):
    _, wb = workbooks
    assert wb["ja"].sheetnames == ["KPI", "年度別の推移", "採用と退職", "予算と評価", "施策別の削減時間", "年齢別職員数",
                                   "前提条件"]
    assert wb["en"].sheetnames[-1] == "Assumptions"
    series = [c.value for c in wb["ja"]["年度別の推移"][1]]
    assert series[0] == "年度" and "職員不足（人年）" in series and "不足率（%）" in series
    assert "正規職員人件費（億円）" in [c.value for c in wb["ja"]["予算と評価"][1]]
    en = [c.value for c in wb["en"]["Yearly series"][1]]
    assert en[0] == "Fiscal year" and "Staff gap % (%)" in en
    for ws in wb["ja"].worksheets:  # no code or English machine header left in Japanese mode
        for cell in ws[1]:
            assert not any(code in str(cell.value) for code in ("staff_regular", "fte", "share", "label_", "value"))


def test_values_are_rounded_rates_in_percent_and_no_float_noise(workbooks):
    res, wb = workbooks
    for ws in wb["ja"].worksheets:
        for x in _numbers(ws):
            assert x == round(x, 2), (ws.title, x)  # display precision, never 16 digits
            assert x == 0 or abs(x) >= 0.01, (ws.title, x)  # no −1.4e-14
    kpi = {r[0].value: (r[1].value, r[2].value) for r in wb["ja"]["KPI"].iter_rows(min_row=2)}
    unit, value = kpi["目標年度の不足率"]
    assert unit == "%" and value == round(res.kpi("staff_gap_target_pct") * 100, 1)
    unit, value = kpi["経済NPV（生み出した業務余力の金額換算を含む・現金ではない）"]
    assert unit in ("億円", "万円") and value == round(res.kpi("npv") / (1e8 if unit == "億円" else 1e4),
                                                     2 if unit == "億円" else 0)
    assert kpi["目標年度の職員不足"][0] == "人年"
    series = wb["ja"]["年度別の推移"]
    years = [r[0].value for r in series.iter_rows(min_row=2)]
    assert years == [int(y) for y in res.years] and all(isinstance(y, int) for y in years)


def test_assumptions_sheet_names_the_town_with_its_code_as_text_and_every_changed_input(workbooks, town):
    _, wb = workbooks
    ws = wb["ja"]["前提条件"]
    assert [c.value for c in ws[1]] == ["項目", "値", "単位", "既定値", "出典（既定値）"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["自治体"][1].value == "岩見沢市"
    code = rows["全国地方公共団体コード"][1]
    assert code.value == "01210" and code.data_type == "s"  # 5-character text cell, leading zero kept
    assert rows["シナリオ名"][1].value == town.name
    for key, value in town.parameters.items():
        p = REGISTRY[key]
        if value != p.default:
            assert p.label("ja") in rows, key
            assert rows[p.label("ja")][4].value == p.source_text("ja")
    levers = [k for k in rows if k.startswith("施策：")]
    assert len(levers) == len(town.levers)


def test_assumptions_table_is_one_function_in_both_languages(town):
    ja, en = assumptions_table(town, "ja"), assumptions_table(town, "en")
    assert len(ja) == len(en) and list(en.columns) == ["Item", "Value", "Unit", "Default", "Source (of the default)"]
    share = REGISTRY["workforce.exit_rate_multiplier"]  # any share-valued input is shown in %
    rows = ja.set_index("項目")
    for key, value in town.parameters.items():
        p = REGISTRY[key]
        if p.unit == "share" and not isinstance(value, dict) and value != p.default:
            assert rows.loc[p.label("ja"), "単位"] == "%" and rows.loc[p.label("ja"), "値"] == round(value * 100, 1)
    assert share.unit != "choice"
    bare = assumptions_table(load_scenario("scenarios/status_quo.toml"), "ja")
    assert len(bare) >= 4


def test_csv_files_from_the_cli_writer_have_japanese_headers_and_codes_as_text(town, tmp_path):
    res = run(town)
    paths = res.write(tmp_path, "csv", "ja", scenario=town)
    names = sorted(p.name for p in paths)
    assert names == sorted(["kpis.csv", "series.csv", "flows.csv", "budget.csv", "levers.csv", "age_profile.csv",
                            "assumptions.csv"])
    text = (tmp_path / "assumptions.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert ["全国地方公共団体コード", "01210", "", "", ""] in rows
    head = next(csv.reader(io.StringIO((tmp_path / "kpis.csv").read_bytes().decode("utf-8-sig"))))
    assert head == ["指標", "単位", "値"]
    for p in paths:  # no float noise or 16-digit numbers anywhere
        for row in csv.reader(io.StringIO(p.read_bytes().decode("utf-8-sig"))):
            for cell in row:
                try:
                    x = float(cell)
                except ValueError:
                    continue
                assert math.isnan(x) or x == round(x, 2), (p.name, cell)
                assert "e-" not in cell, (p.name, cell)


def test_monte_carlo_exports_in_each_language(town, tmp_path):
    mc = monte_carlo(town, 40, seed=2)
    for lang, kpi_head, band_head in (("ja", "指標", "年度"), ("en", "Metric", "Fiscal year")):
        paths = mc.write(tmp_path / lang, "xlsx", lang, scenario=town)
        wb = openpyxl.load_workbook(paths[0])
        kpis = wb.worksheets[0]
        assert kpis.cell(1, 1).value == kpi_head and kpis.max_row == len(KPIS) + 1
        assert wb.worksheets[1].cell(1, 1).value == band_head
        assert wb.sheetnames[-1] == ("前提条件" if lang == "ja" else "Assumptions")
        for ws in wb.worksheets:
            for x in _numbers(ws):
                assert x == round(x, 2)


def test_a_small_towns_budget_reads_in_man_yen_a_citys_in_oku_yen():
    """A table of yearly yen lines switches to 億円 only from 10億円 (as English to ¥ billion): a small town's
    budget (pay about 6億円) in 億円 with two decimals showed its smaller lines as 0.01 every year."""
    small = run(load_scenario("scenarios/small_town.toml"))
    table = small.export_tables("ja")["budget"]
    assert all(c.endswith("（万円）") for c in table.columns[1:])
    external = table["外部デジタル人材（万円）"]
    assert list(external) == [round(x / 1e4) for x in small.budget_lines["external_talent"][0]]
    assert 50 <= external.iloc[0] < 1_000  # two or more significant figures, where 億円 showed 0.01
    assert all(c.endswith("(¥ million)") for c in small.export_tables("en")["budget"].columns[1:])
    city = run(load_scenario("scenarios/core_city.toml")).export_tables("ja")["budget"]
    assert all(c.endswith("（億円）") for c in city.columns[1:])
    from ui.charts.results import budget_frame, csv_bytes  # the budget chart's CSV follows the same rule
    head = csv_bytes(budget_frame(small), "ja", "yen").decode("utf-8-sig").splitlines()[0]
    assert "（万円）" in head and "（億円）" not in head
