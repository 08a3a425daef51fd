"""Plan optimiser page in a real browser: 中止 stops a running search and the best plan so far is shown
(the interruption AppTest cannot make); a finished search's plan becomes the working scenario."""

from __future__ import annotations

import re

import pytest

from tests.browser_helpers import expect, settle
from ui.i18n import CATALOG

pytestmark = pytest.mark.browser

JA = CATALOG["ja"]


def _open(page, streamlit_server) -> None:
    page.goto(f"{streamlit_server}/optimise")
    page.get_by_role("heading", name=JA["opt.title"]).wait_for()


def test_cancel_stops_the_search_and_keeps_the_best_plan(page, streamlit_server):
    _open(page, streamlit_server)
    page.get_by_role("button", name=JA["opt.run"]).click()
    # a few generations in (the progress text names the generation), press 中止
    expect(page.get_by_text(re.compile(r"探索中：第([3-9]|\d\d+)世代"))).to_be_visible(timeout=60_000)
    page.get_by_role("button", name=JA["opt.cancel"]).click()
    expect(page.get_by_text(re.compile(r"中止しました。それまでに見つかった最良の計画（第\d+世代まで）"))).to_be_visible(
        timeout=60_000)
    settle(page)
    expect(page.get_by_role("heading", name=JA["opt.plan_heading"])).to_be_visible()
    expect(page.get_by_role("button", name=JA["opt.use_plan"])).to_be_visible()


def test_finished_plan_becomes_the_working_scenario(page, streamlit_server):
    _open(page, streamlit_server)
    until = page.get_by_role("spinbutton", name=JA["opt.until"])
    until.fill("2030")
    until.press("Enter")
    settle(page)
    page.get_by_role("button", name=JA["opt.run"]).click()
    expect(page.get_by_text(re.compile("条件を満たす最も安い計画が見つかりました"))).to_be_visible(timeout=120_000)
    page.get_by_role("button", name=JA["opt.use_plan"]).click()
    expect(page.get_by_text(JA["opt.used"])).to_be_visible(timeout=30_000)
    expect(page.get_by_text("（最適化した計画）").first).to_be_visible()
