"""Two Streamlit server processes behind nginx with deploy/nginx-dxsim.conf (README: 庁内サーバーで使う): two
browser sessions, pinned to different processes by the route cookie, each upload and keep their own scenario
through the proxy (page, WebSocket, upload), and both processes share one library folder where a save of a
name the other process has just created asks for confirmation instead of replacing it."""

from __future__ import annotations

import os

import pytest

from tests.browser_helpers import expect, settle
from tests.load.driver import PREFIX, scenario_file
from tests.proxy_helpers import ROUTE_COOKIE, UPSTREAM_HEADER, proxied_servers, routes_per_backend
from ui.i18n import CATALOG

pytestmark = pytest.mark.browser

JA = CATALOG["ja"]


def _open(browser, url: str, route: str):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    ctx.add_cookies([{"name": ROUTE_COOKIE, "value": route, "url": url}])
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    response = page.goto(url)
    page.get_by_role("heading", name=JA["overview.title"]).wait_for()
    settle(page)
    return ctx, page, response.headers[UPSTREAM_HEADER.lower()]


def _sidebar_save_load(page):
    page.get_by_test_id("stSidebar").get_by_text(JA["sidebar.save_load"], exact=True).click()


def _upload(page, path):
    _sidebar_save_load(page)
    uploader = page.get_by_test_id("stSidebar").get_by_test_id("stFileUploader").filter(
        has_text=JA["persistence.upload"])
    uploader.locator("input[type='file']").set_input_files(str(path))


def _shows_only(page, i: int) -> None:
    expect(page.get_by_text(f"シナリオ「{PREFIX}{i:02d}」").first).to_be_visible()
    other = f"{PREFIX}{1 - i:02d}"
    assert other not in page.locator("body").inner_text()


def test_two_sessions_on_two_processes_behind_nginx_keep_their_scenarios(browser, tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    env = {**os.environ, "DXSIM_LIBRARY_DIR": str(library)}
    with proxied_servers(2, tmp_path, env=env, log_name="proxy-test") as (url, _, backends):
        routes = routes_per_backend(url, backends)
        sessions = [_open(browser, url, route) for route in routes]
        try:
            assert sorted(up for _, _, up in sessions) == sorted(backends)  # one session per process
            for i, (_, page, _) in enumerate(sessions):
                _upload(page, scenario_file(tmp_path, i))  # the upload (an HTTP PUT) reaches the session's process
                _shows_only(page, i)
            for i, (_, page, _) in enumerate(sessions):  # reruns over the WebSocket, page by page
                for label, heading in (("nav.parameters", "parameters.title"), ("nav.overview", "overview.title")):
                    page.get_by_test_id("stSidebarNav").get_by_role("link", name=JA[label]).click()
                    expect(page.get_by_role("heading", name=JA[heading]).first).to_be_visible()
                    settle(page)
                _shows_only(page, i)
            # the shared library folder: the second process finds the first one's file and asks
            name_box = JA["persistence.save_name"]
            for i, (_, page, _) in enumerate(sessions):
                sidebar = page.get_by_test_id("stSidebar")
                sidebar.get_by_label(name_box).fill("共有の案")
                sidebar.get_by_label(name_box).press("Enter")
                settle(page)
                sidebar.get_by_role("button", name=JA["persistence.save"]).click()
                settle(page)
                want = "persistence.saved" if i == 0 else "persistence.exists"
                expect(sidebar.get_by_text(JA[want].format(file="共有の案.toml"))).to_be_visible()
            assert "\nseed = 0\n" in (library / "共有の案.toml").read_text(encoding="utf-8")  # the first one's, kept
        finally:
            for ctx, _, _ in sessions:
                ctx.close()
