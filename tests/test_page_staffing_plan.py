"""The 定員管理計画 page through AppTest: the table, the target editor bound to the scenario, the downloads."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from sim.scenario import loads
from ui import documents
from ui.i18n import CATALOG

PAGE = "ui/pages/staffing_plan.py"
JA = CATALOG["ja"]


def ok(at):
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture
def page(app_test):
    at = ok(app_test().run())
    return ok(at.switch_page(PAGE).run())


def scenario(at):
    return loads(at.session_state["scenario_text"])


def test_the_table_has_one_row_per_year_and_the_plan_columns(page):
    table = page.dataframe[0].value
    sc = scenario(page)
    years = sc.value("simulation.end_year") - sc.value("simulation.base_year") + 1
    assert len(table) == years
    assert list(table.columns[:1]) == ["年度"] and "定年退職" in table.columns and "過不足（定員目標比）" in table.columns


def test_reiwa_labels_on_request(page):
    ok(page.toggle(key="plan_reiwa").set_value(True).run())
    assert page.dataframe[0].value.iloc[1, 0] == "令和8年度"


def test_a_target_typed_for_one_year_is_saved_in_the_scenario_and_shown(page):
    key = next(k for k in (w.key for w in page.number_input) if k.startswith("plan_target:2030"))
    ok(page.number_input(key=key).set_value(400).run())
    sc = scenario(page)
    path = sc.value("workforce.staff_target")
    assert isinstance(path, dict) and path[2030] == 400 and path[2029] == 0 and path[2031] == 0
    table = page.dataframe[0].value.set_index("年度")
    assert table.loc[2030, "定員目標"] == 400 and table.loc[2029, "定員目標"] != table.loc[2029, "定員目標"]  # NaN


def test_a_target_field_refuses_a_negative_number(page):
    key = next(k for k in (w.key for w in page.number_input) if k.startswith("plan_target:2030"))
    before = page.session_state["scenario_text"]
    ok(page.number_input(key=key).set_value(-5).run())
    assert page.session_state["scenario_text"] == before


def test_the_hiring_policy_can_be_switched_to_the_target_here(page):
    box = next(s for s in page.selectbox if s.key.startswith("plan_policy"))
    ok(box.set_value(JA["choice.hiring_policy.target"]).run())
    assert scenario(page).value("workforce.hiring_policy") == "target"


def test_download_buttons_and_the_documents_they_build(page):
    labels = [b.label for b in page.main.get("download_button")]
    assert JA["report.download.xlsx"] in labels and JA["report.download.docx"] in labels
    # the buttons hand the browser what these functions build, when pressed
    text = page.session_state["scenario_text"]
    book = openpyxl.load_workbook(io.BytesIO(documents.plan_workbook(text, "ja", True)))
    assert book.sheetnames[0] == "定員管理計画"
    report = docx.Document(io.BytesIO(documents.council_report(text, "ja", False)))
    assert len(report.inline_shapes) >= 4 and report.tables[0].rows[0].cells[0].text == "年度"


def test_the_results_workbook_has_the_plan_sheet(page):
    book = openpyxl.load_workbook(io.BytesIO(documents.results_workbook(page.session_state["scenario_text"], "ja")))
    assert "定員管理計画" in book.sheetnames and "年度別の推移" in book.sheetnames and "前提条件" in book.sheetnames
