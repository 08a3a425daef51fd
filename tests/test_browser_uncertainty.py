"""Uncertainty page in a real browser: run a Monte Carlo of 200 draws and see the band chart."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS
from ui.i18n import CATALOG

pytestmark = pytest.mark.browser

JA = CATALOG["ja"]


def test_monte_carlo_run_draws_the_band_chart(page, streamlit_server):
    from playwright.sync_api import expect

    page.goto(f"{streamlit_server}/uncertainty")
    page.get_by_role("heading", name=JA["unc.title"]).wait_for()
    expect(page.get_by_text(JA["unc.none_yet"])).to_be_visible()
    draws = page.get_by_role("spinbutton", name=JA["unc.draws"])
    draws.fill("200")
    draws.press("Enter")
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    page.get_by_role("button", name=JA["unc.run"]).click()
    expect(page.get_by_role("heading", name=JA["unc.section.bands"])).to_be_visible(timeout=30_000)
    expect(page.get_by_text(JA["unc.none_yet"])).to_have_count(0)
    expect(page.get_by_text("200回", exact=False).first).to_be_visible()
    fan = page.get_by_test_id("stVegaLiteChart").first
    fan.scroll_into_view_if_needed()
    expect(fan).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(5)  # 3 fans, distribution, tornado
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    fan.screenshot(path=str(ARTIFACTS / "uncertainty_fan.png"))
