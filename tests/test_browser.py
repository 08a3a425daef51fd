"""Main flow in a real browser: Debian's chromium driven by Playwright (fixtures in conftest)."""

from __future__ import annotations

import pytest

from ui.i18n import CATALOG

pytestmark = pytest.mark.browser

TITLE_JA = CATALOG["ja"]["overview.title"]
TITLE_EN = CATALOG["en"]["overview.title"]


def test_title_and_switch_to_english(page):
    from playwright.sync_api import expect

    page.get_by_role("heading", name=TITLE_JA).wait_for()
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name=TITLE_EN)).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE_JA)).to_have_count(0)


def test_kpi_metric_visible(page):
    from playwright.sync_api import expect

    page.get_by_role("heading", name=TITLE_JA).wait_for()
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.first).to_be_visible()
    expect(metrics).to_have_count(11)
