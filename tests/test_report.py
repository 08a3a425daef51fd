"""The 定員管理計画 workbook and the council report (ui.report), opened with openpyxl and python-docx."""

import datetime as dt
import io
import math

import docx
import numpy as np
import openpyxl
import pytest
import vl_convert as vlc
import altair as alt
import pandas as pd

from sim import load_scenario, run
from sim.export import assumptions_table
from sim.parameters import REGISTRY
from sim.plan import KEYS, staffing_plan_frame
from ui.report.build import DOCX_NAME, XLSX_NAME, write_report
from ui.report.charts import FONT, font_directory, render_png, report_charts
from ui.report.docx import document_bytes
from ui.report.xlsx import FIRST_DATA, HEADER_ROW, workbook_bytes
from sim.uncertainty import monte_carlo
from tests.golden.update import ROOT
from ui.charts.results import summary_sentence

TOWN = "岩見沢市"


@pytest.fixture(scope="module")
def scenario():
    sc = load_scenario(ROOT / "scenarios" / "dx_accelerated.toml")
    return sc.with_municipality({"name": TOWN, "preset": sc.municipality.preset}).with_changes(
        {"workforce.staff_target": {2025: 0, 2029: 0, 2030: 380}})


@pytest.fixture(scope="module")
def results(scenario):
    return run(scenario)


@pytest.fixture(scope="module")
def mc(scenario):
    return monte_carlo(scenario, 40, seed=2)


@pytest.fixture(scope="module")
def charts(results, mc):
    return report_charts(results, "ja", mc)


@pytest.fixture(scope="module")
def book(scenario, results, mc):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(scenario, results, "ja", mc, reiwa=True)))


@pytest.fixture(scope="module")
def report(scenario, results, mc, charts):
    raw = document_bytes(scenario, results, "ja", mc, reiwa=True, today=dt.date(2026, 11, 30), charts=charts)
    return docx.Document(io.BytesIO(raw))


# --- the workbook -------------------------------------------------------------------------------

def test_the_plan_sheet_has_one_row_per_year_with_the_results_numbers(book, results):
    ws = book["定員管理計画"]
    assert TOWN in ws["A1"].value
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[0] == "年度" and "定年退職" in header and "採用" in header and "過不足（定員目標比）" in header
    rows = list(ws.iter_rows(min_row=FIRST_DATA, values_only=True))
    assert len(rows) == results.years.size
    assert rows[1][0] == "令和8年度"
    frame = staffing_plan_frame(results)
    for key in ("staff_regular", "teinen", "other_exits", "rehired_fte", "hires", "required_fte", "balance_required"):
        col = KEYS.index(key)
        np.testing.assert_allclose([r[col] for r in rows], frame[key], err_msg=key)
    target = [r[KEYS.index("staff_target")] for r in rows]
    assert target[0] is None and target[-1] == 380  # an empty cell where the town sets no target


def test_the_teinen_gap_years_are_visible_in_the_exits_column(book):
    ws = book["定員管理計画"]
    col = KEYS.index("teinen")
    teinen = {r[0]: r[col] for r in ws.iter_rows(min_row=FIRST_DATA, values_only=True)}
    assert [teinen[f"令和{y - 2018}年度"] for y in (2025, 2027, 2029, 2031)] == [0, 0, 0, 0]
    assert all(teinen[f"令和{y - 2018}年度"] > 0 for y in (2026, 2028, 2030))


def test_the_plan_sheet_prints_on_a4_landscape_with_frozen_headers(book):
    ws = book["定員管理計画"]
    assert ws.freeze_panes == f"B{FIRST_DATA}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.cell(FIRST_DATA, KEYS.index("hires") + 1).number_format == "#,##0.0"
    assert all(ws.column_dimensions[c].width >= 10 for c in "ABCDEFGHIJKLMNOP")


def test_a_native_chart_of_staff_against_required(book):
    ws = book["職員数と必要人員"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert type(chart).__name__ == "LineChart" and len(chart.series) == 3  # staff, required, the town's target
    refs = [s.val.numRef.f for s in chart.series]
    assert all("定員管理計画" in ref for ref in refs)


def test_assumptions_and_kpis_sheets(book, scenario):
    ws = book["前提条件"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert TOWN in values and scenario.name in values
    assert REGISTRY["workforce.staff_target"].label("ja") in values and "必要人員に合わせる" in values
    header = [c.value for c in ws[3]]
    assert header == ["項目", "値", "単位", "既定値", "出典（既定値）"]
    kpis = book["主要指標"]
    labels = [r[0] for r in kpis.iter_rows(min_row=4, values_only=True)]
    assert "目標年度の職員不足" in labels
    assert [c.value for c in kpis[3]][-2:] == ["P10", "P90"]


def test_user_text_never_becomes_a_formula(scenario, results):
    sc = scenario.with_municipality({"name": "=HYPERLINK(\"http://x\",\"y\")", "preset": scenario.municipality.preset})
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sc, results, "ja")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in cells)


# --- the council report -------------------------------------------------------------------------

def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_title_summary_and_date(report, results):
    text = _text(report)
    assert report.paragraphs[0].text.startswith(TOWN)
    assert "2026年11月30日" in text
    assert summary_sentence(results.kpi("staff_gap_target"), results.kpi("staff_gap_target_pct"), 2040, "ja") in text
    assert "2025年度、2027年度、2029年度、2031年度は定年退職者がいません" in text
    assert "デジタル人材の不足" in text and "DX計画の費用は累計" in text
    assert "40回の試行" in text and "P10〜P90" in text


def test_the_charts_are_in_the_report(report, charts):
    assert 4 <= len(charts) <= 6
    assert len(report.inline_shapes) == len(charts)
    blobs = {rel.target_part.blob for rel in report.part.rels.values() if "image" in rel.reltype}
    assert {c.png for c in charts} <= blobs
    assert all(c.png.startswith(b"\x89PNG") for c in charts)
    assert "gap_range" in {c.key for c in charts}  # the Monte Carlo's range chart


def test_the_plan_table_in_the_report_equals_the_results(report, results):
    table = report.tables[0]
    assert table.rows[0].cells[0].text == "年度"
    assert len(table.rows) == 1 + results.years.size
    frame = staffing_plan_frame(results)
    col = KEYS.index("required_fte")
    got = [float(r.cells[col].text.replace(",", "")) for r in table.rows[1:]]
    np.testing.assert_allclose(got, frame["required_fte"], atol=0.05)
    teinen = [r.cells[KEYS.index("teinen")].text for r in table.rows[1:]]
    assert teinen[0] == teinen[2] == "0.0" and float(teinen[1]) > 0


def test_assumptions_sources_and_credits(report, scenario):
    table = report.tables[1]
    items = [r.cells[0].text for r in table.rows]
    assert len(table.rows) == 1 + len(assumptions_table(scenario, "ja"))
    assert "定員の目標（定員管理計画）" in items
    text = _text(report)
    assert "国立社会保障・人口問題研究所" in text and "SSDSE" in text  # the credit lines
    assert "R7:" in text  # the source of a changed input (hiring policy)


# --- Japanese text in the chart images --------------------------------------------------------------

def _chart():
    return alt.Chart(pd.DataFrame({"x": [1, 2], "y": [1, 2]})).mark_line().encode(x="x:Q", y="y:Q")


def test_a_japanese_title_renders_as_glyphs_not_boxes():
    a, b = render_png(_chart(), "職員の供給"), render_png(_chart(), "必要な人員")
    assert a != b  # different characters draw differently: they are not all the same missing-glyph box
    # the check can fail: without the font, two titles of the same length render alike (tofu)
    font_directory()
    missing = [vlc.vegalite_to_png(_chart().properties(title=title).configure(font="No Such Font").to_dict())
               for title in ("職員の供給", "必要な人員")]
    assert missing[0] == missing[1]
    assert FONT == "Noto Sans CJK JP"


# --- both files from one call (the CLI's path) ----------------------------------------------------

def test_write_report_writes_both_files(tmp_path):
    sc = load_scenario(ROOT / "scenarios" / "small_town.toml")
    paths = write_report(sc, tmp_path / "out", lang="en")
    assert [p.name for p in paths] == [XLSX_NAME, DOCX_NAME]
    book = openpyxl.load_workbook(paths[0])
    assert book.sheetnames[0] == "Staffing plan (定員管理計画)"[:31]
    assert docx.Document(paths[1]).paragraphs[0].text.endswith("staff and DX plan outlook")


def test_without_the_japanese_font_a_clear_error_not_an_image_of_boxes(monkeypatch, tmp_path, capsys):
    from sim.cli import main
    from ui.report import ReportError, charts as report_chart_module
    from ui.i18n import t

    monkeypatch.setattr(report_chart_module, "FONT_DIRS", (str(tmp_path),))  # a machine without the fonts
    monkeypatch.delenv(report_chart_module.FONT_ENV, raising=False)
    font_directory.cache_clear()
    try:
        with pytest.raises(ReportError) as err:
            render_png(_chart(), "職員", "en")
        assert str(err.value) == t("report.error.font", "en")
        code = main(["report", str(ROOT / "scenarios" / "small_town.toml"), "--out", str(tmp_path / "out")])
        assert code == 1 and "fonts-noto-cjk" in capsys.readouterr().err
        assert not (tmp_path / "out").exists()  # nothing half written
    finally:
        font_directory.cache_clear()
