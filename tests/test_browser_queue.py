"""The server's worker pool in a real browser: with one worker, a second session's Monte Carlo waits behind a
first session's long one and its page says so (「順番待ち」 and its place), then both get their results."""

from __future__ import annotations

import os
import re

import pytest

from tests.browser_helpers import expect, settle
from tests.conftest import ARTIFACTS, run_streamlit
from ui.i18n import CATALOG

pytestmark = pytest.mark.browser

JA = CATALOG["ja"]
LONG_DRAWS = 40_000  # a few seconds in the worker on a quiet 2-core machine: the second click lands meanwhile


def _uncertainty_page(browser, url: str, draws: int):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{url}/uncertainty")
    page.get_by_role("heading", name=JA["unc.title"]).wait_for()
    settle(page)
    box = page.get_by_role("spinbutton", name=JA["unc.draws"])
    box.fill(str(draws))
    box.press("Enter")
    settle(page)
    return ctx, page


def test_a_second_monte_carlo_waits_in_the_queue_and_says_so(browser, tmp_path):
    env = {**os.environ, "DXSIM_WORKERS": "1", "DXSIM_APP_MAX_DRAWS": str(LONG_DRAWS),
           "DXSIM_LIBRARY_DIR": str(tmp_path)}
    with run_streamlit(ARTIFACTS / "queue-streamlit.log", env=env) as (url, _):
        first_ctx, first = _uncertainty_page(browser, url, LONG_DRAWS)
        second_ctx, second = _uncertainty_page(browser, url, 1000)
        try:
            first.get_by_role("button", name=JA["unc.run"]).click()
            running = re.compile(f"{JA['jobs.running']}|{JA['unc.progress'].split('…')[0]}")
            expect(first.get_by_text(running).first).to_be_visible()  # in the worker
            second.get_by_role("button", name=JA["unc.run"]).click()
            waiting = second.get_by_text(JA["jobs.queued"].format(position=1, workers=1))
            expect(waiting).to_be_visible()
            ARTIFACTS.mkdir(exist_ok=True)
            second.screenshot(path=str(ARTIFACTS / "queue_waiting.png"))
            for page, draws in ((first, LONG_DRAWS), (second, 1000)):
                expect(page.get_by_role("heading", name=JA["unc.section.bands"])).to_be_visible(timeout=120_000)
                expect(page.get_by_text(f"{draws:,}回", exact=False).first).to_be_visible()
            expect(waiting).to_have_count(0)
        finally:
            first_ctx.close()
            second_ctx.close()
