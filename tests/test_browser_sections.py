"""Parameter groups and data-page documents in a real browser (issue 12 point 8): a group opened and
closed keeps each click (its state is the app's, and the expander's identity stays fixed while it is
drawn), keeps its state across a page switch, and a link between documents opens the linked one."""

from __future__ import annotations

import pytest

from tests.browser_helpers import expect, settle
from ui.i18n import CATALOG

pytestmark = pytest.mark.browser

JA = CATALOG["ja"]
WORKFORCE = "職員と採用方針"


def go(page, label: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=label).click()
    settle(page)


def group_is_open(page) -> bool:
    details = page.get_by_test_id("stExpander").filter(has_text=WORKFORCE).first.locator("details")
    return details.get_attribute("open") is not None


def test_a_group_keeps_every_click_and_its_state_across_pages(page):
    settle(page)
    go(page, JA["nav.parameters"])
    summary = page.get_by_test_id("stExpander").filter(has_text=WORKFORCE).first.locator("summary")
    for want in (True, False, True):  # the second click (close) was lost when the identity changed
        summary.click()
        settle(page)
        page.wait_for_timeout(500)
        assert group_is_open(page) is want
        expect(page.get_by_role("slider")).to_have_count(5 if want else 0)  # a closed group is not built
    go(page, JA["nav.results"])
    go(page, JA["nav.parameters"])
    assert group_is_open(page)


def test_data_tabs_and_a_link_to_another_document(page):
    settle(page)
    go(page, JA["nav.data"])
    for tab in (JA["data.tab.validation"], JA["data.tab.sources"], JA["data.tab.model"]):
        page.get_by_role("tab", name=tab).click()
        settle(page)
        expect(page.get_by_role("tab", selected=True)).to_have_text(tab)
    link = page.locator("a[href='?doc=validation']").first
    with page.expect_popup() as popup:
        link.click()
    new = popup.value
    settle(new)
    expect(new.get_by_role("tab", selected=True)).to_have_text(JA["data.tab.validation"])
    expect(new.get_by_role("heading", name="Validation: what was checked", exact=False)).to_be_visible()
