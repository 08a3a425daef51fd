"""The first step in a real browser (Debian chromium + Playwright): on a fresh session of a server started
without DXSIM_DATA_DIR, pick a town from the bundled data and see its name in the page heading."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, open_page, run_streamlit
from tests.browser_helpers import expect, settle
from ui.i18n import CATALOG

pytestmark = pytest.mark.browser

JA = CATALOG["ja"]


@pytest.fixture(scope="module")
def fresh_server():
    """The app as a fresh clone runs it: no data folder configured."""
    env = {k: v for k, v in os.environ.items() if k != "DXSIM_DATA_DIR"}
    with run_streamlit(ARTIFACTS / "streamlit-start.log", env=env) as (url, _):
        yield url


@pytest.fixture
def fresh_page(request, browser, fresh_server):
    with open_page(request, browser, fresh_server, height=1000, timeout_ms=20_000) as pg:
        yield pg


def pick_town_in_the_first_step(page, step):
    """Search 岩見沢 in the first step and choose 北海道 岩見沢市."""
    search = step.get_by_label(JA["muni.pick.search"], exact=True)
    search.fill("岩見沢")
    search.press("Enter")
    settle(page)
    step.get_by_test_id("stSelectbox").filter(has_text=JA["muni.pick.municipality"]).click()
    page.get_by_role("option", name="北海道 岩見沢市").click()
    settle(page)


def test_pick_a_town_on_a_fresh_session_and_see_it_in_the_heading(fresh_page):
    page = fresh_page
    page.get_by_role("heading", name=JA["overview.title"]).wait_for()
    step = page.locator(".st-key-start_step")
    expect(step.get_by_role("heading", name=JA["start.title"])).to_be_visible()
    expect(step.get_by_role("button", name=JA["start.model_button"])).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    step.screenshot(path=str(ARTIFACTS / "first_step.png"))  # for a person to look at (not compared)
    pick_town_in_the_first_step(page, step)
    heading = page.get_by_role("heading", name=f"{JA['overview.title']}：北海道 岩見沢市")
    expect(heading).to_be_visible()
    expect(page.locator(".st-key-start_step")).to_have_count(0)  # the first step is done
    # the name heads the other pages too
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=JA["nav.results"]).click()
    settle(page)
    expect(page.get_by_role("heading", name=f"{JA['results.title']}：北海道 岩見沢市")).to_be_visible()


def test_the_town_stays_when_the_scenario_changes_and_names_the_download(fresh_page):
    """Issue 12 point 2: pick a town, switch the scenario in the sidebar: the heading still names the town
    (with the new scenario), and the TOML download is named after both."""
    page = fresh_page
    page.get_by_role("heading", name=JA["overview.title"]).wait_for()
    step = page.locator(".st-key-start_step")
    pick_town_in_the_first_step(page, step)
    expect(page.get_by_role("heading", name=f"{JA['overview.title']}：北海道 岩見沢市 ／ 標準DX計画")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(has_text=JA["compare.col.scenario"]).first.click()
    page.get_by_role("option", name="現状維持（新たなDXなし）（標準）").click()
    settle(page)
    expect(page.get_by_role("heading", name=f"{JA['overview.title']}：北海道 岩見沢市 ／ 現状維持（新たなDXなし）")
           ).to_be_visible()
    expect(sidebar.get_by_text("対象の自治体：北海道 岩見沢市")).to_be_visible()
    sidebar.get_by_text(JA["sidebar.save_load"]).click()
    with page.expect_download() as download:
        sidebar.get_by_role("button", name=JA["persistence.download"]).click()
    assert download.value.suggested_filename == "現状維持_新たなDXなし_岩見沢市.toml"
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert 'code = "01210"' in saved and 'name = "現状維持（新たなDXなし）"' in saved
