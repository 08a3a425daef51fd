"""The main flows in a real browser, as a new user would go through them (Debian chromium + Playwright;
the server is started by the fixtures in conftest.py; a screenshot is saved on failure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario import loads
from tests.browser_helpers import expect, settle
from ui.i18n import CATALOG

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
JA, EN = CATALOG["ja"], CATALOG["en"]


def go(page, label: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=label).click()
    settle(page)


def open_sidebar_expander(page, label: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()
    settle(page)


def first_metric_value(page) -> str:
    return page.get_by_test_id("stMetricValue").first.inner_text()


def test_slider_changes_a_kpi_and_the_chart_then_english_and_downloads(page):
    page.get_by_role("heading", name=JA["overview.title"]).wait_for()
    settle(page)
    gap_before = first_metric_value(page)
    chart_before = page.get_by_test_id("stVegaLiteChart").first.screenshot()

    go(page, JA["nav.parameters"])
    label = "普通退職率の倍率"
    group = page.get_by_test_id("stExpander").filter(has_text="職員と採用方針").first
    group.get_by_text("職員と採用方針").first.click()
    slider = group.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    for _ in range(10):  # step 0.05: 1.00 -> 1.50, one key press per finished rerun
        slider.focus()
        slider.press("ArrowRight")
        settle(page)
    expect(slider).to_have_value("1.5")

    go(page, JA["nav.overview"])
    expect(page.get_by_test_id("stMetricValue").first).not_to_have_text(gap_before)
    assert page.get_by_test_id("stVegaLiteChart").first.screenshot() != chart_before

    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name=EN["overview.title"])).to_be_visible()

    open_sidebar_expander(page, EN["sidebar.save_load"])
    with page.expect_download() as download:
        page.get_by_role("button", name=EN["persistence.download"]).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    sc = loads(text)
    assert sc.parameters["workforce.exit_rate_multiplier"] == pytest.approx(1.5)

    go(page, EN["nav.results"])
    with page.expect_download() as download:
        page.get_by_role("button", name=EN["common.download_csv"]).first.click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"2040" in raw and download.value.suggested_filename.endswith(".csv")


def test_upload_a_scenario_then_compare_two(page):
    page.get_by_role("heading", name=JA["overview.title"]).wait_for()
    open_sidebar_expander(page, JA["sidebar.save_load"])
    uploader = page.get_by_test_id("stSidebar").get_by_test_id("stFileUploader").filter(
        has_text=JA["persistence.upload"])
    uploader.locator("input[type='file']").set_input_files(str(ROOT / "scenarios" / "small_town.toml"))
    settle(page)
    name = "小規模町（人口約8千人・DX担当1人）"
    expect(page.get_by_text(name, exact=False).first).to_be_visible()
    expect(page.get_by_test_id("stMetric")).to_have_count(11)

    go(page, JA["nav.compare"])
    expect(page.get_by_role("heading", name=JA["compare.title"])).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()


def test_a_copied_url_reopens_the_same_scenario_language_and_page(page, browser, streamlit_server):
    page.get_by_role("heading", name=JA["overview.title"]).wait_for()
    picker = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text=JA["compare.col.scenario"])
    picker.click()
    page.get_by_role("option", name="DX加速（標準）").click()
    settle(page)
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    settle(page)
    go(page, EN["nav.compare"])
    page.wait_for_timeout(500)
    url = page.url
    assert "p=compare" in url and "lang=en" in url and "dx_accelerated" in url

    other = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        fresh = other.new_page()
        fresh.goto(url)
        expect(fresh.get_by_role("heading", name=EN["compare.title"])).to_be_visible(timeout=20_000)
        working = EN["compare.working_copy"].format(name="DX加速")
        expect(fresh.get_by_text(working, exact=False).first).to_be_visible()
    finally:
        other.close()


def test_compare_charts_keep_a_tall_plot_under_their_legends(page):
    """Issue 12 point 6: the three compare charts were about 40 px high in Chromium (Streamlit's autosize
    "fit" squeezed the plot into 300 px together with title, axes and legends). Now the plot alone is 300
    px, so each chart element is taller than that, and each has its CSV below it."""
    page.get_by_role("heading", name=JA["overview.title"]).wait_for()
    go(page, JA["nav.compare"])
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(3)
    page.wait_for_timeout(1000)
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box and box["height"] >= 300 + 100, (i, box)  # plot + axis + legends (was 300 in all)
    expect(page.get_by_role("button", name=JA["compare.download_chart"])).to_have_count(3)
