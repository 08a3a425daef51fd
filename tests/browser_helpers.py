"""Helpers shared by the real-browser tests (Playwright drives Debian's chromium)."""

from __future__ import annotations


def expect(locator):
    """Playwright's expect, imported when a browser test runs (the other tests need no playwright)."""
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def settle(page) -> None:
    """Wait until Streamlit has finished the rerun."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=20_000)
