"""The 定員管理計画 page in a real browser: a target entered for one year survives an immediate page switch
(one typed without Enter is applied or discarded, as on the parameters page, never corrupted), and the two
documents are built and downloaded when their buttons are pressed."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest

from sim.plan import year_label
from tests.browser_helpers import expect, settle
from tests.test_browser_inputs import nav, start, working_scenario

pytestmark = pytest.mark.browser


def target_box(page, year: int, lang: str):
    return (page.get_by_test_id("stMain").get_by_test_id("stNumberInput")
            .filter(has_text=year_label(year, lang)).locator("input").first)


def test_a_target_entered_just_before_a_page_switch_is_kept(page):
    text = start(page, "ja")
    nav(page, text, "staffing_plan")
    box = target_box(page, 2030, "ja")
    box.fill("400")
    box.press("Enter")
    nav(page, text, "results", wait=False)  # at once, while the target's rerun runs
    settle(page)
    nav(page, text, "staffing_plan")
    sc = working_scenario(page, text)
    path = sc.value("workforce.staff_target")
    assert isinstance(path, dict) and path[2030] == 400 and path[2029] == 0 and path[2031] == 0
    expect(target_box(page, 2030, "ja")).to_have_value("400")
    expect(target_box(page, 2031, "ja")).to_have_value("0")


def test_a_target_typed_without_enter_then_a_page_switch_is_applied_or_discarded_never_corrupted(page):
    text = start(page, "ja")
    nav(page, text, "staffing_plan")
    target_box(page, 2035, "ja").fill("380")  # no Enter: the page switch blurs the box
    nav(page, text, "results")
    nav(page, text, "staffing_plan")
    sc = working_scenario(page, text)
    path = sc.value("workforce.staff_target")
    assert path == 0 or (path[2035] == 380 and path[2034] == 0 and path[2036] == 0)
    shown = 380 if path else 0
    expect(target_box(page, 2035, "ja")).to_have_value(str(shown))
    expect(target_box(page, 2025, "ja")).to_have_value("0")


def test_the_documents_download_when_asked(page):
    text = start(page, "ja")
    nav(page, text, "staffing_plan")
    main = page.get_by_test_id("stMain")
    with page.expect_download(timeout=60_000) as download:
        main.get_by_role("button", name=text["report.download.xlsx"]).click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames[0] == "定員管理計画" and download.value.suggested_filename.endswith(".xlsx")
    with page.expect_download(timeout=60_000) as download:
        main.get_by_role("button", name=text["report.download.docx"]).click()
    report = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(report.inline_shapes) >= 4 and download.value.suggested_filename.endswith(".docx")
