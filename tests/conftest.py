"""Shared fixtures: project paths, AppTest factory, Streamlit server + real Chromium (Playwright)."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
APP = ROOT / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 90  # s; the first start on a busy 2-core machine can be slow


def pytest_configure(config: pytest.Config) -> None:
    # Streamlit reads .streamlit/config.toml from the CWD; relative data paths assume the root too.
    os.chdir(ROOT)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Record each phase's report on the item (item.rep_setup / rep_call / rep_teardown)."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


# --------------------------------------------------------------------------------------- AppTest


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """st.cache_data persists across AppTest instances in one process: clear it around each test."""

    def clear() -> None:
        if "streamlit" not in sys.modules:  # don't import streamlit for pure sim tests
            return
        import streamlit as st

        # Outside a running app the caches log "No runtime found ..." on every clear: mute it.
        names = [n for n in logging.root.manager.loggerDict if n.startswith("streamlit.runtime.caching")]
        saved = {n: logging.getLogger(n).level for n in names}
        for n in names:
            logging.getLogger(n).setLevel(logging.ERROR)
        try:
            st.cache_data.clear()
            st.cache_resource.clear()
        finally:
            for n, level in saved.items():
                logging.getLogger(n).setLevel(level)

    clear()
    yield
    clear()


@pytest.fixture
def app_test():
    """Factory for AppTest of a script given relative to the project root (default: app.py)."""
    from streamlit.testing.v1 import AppTest

    def make(script: str = "app.py", timeout: float = 30):
        return AppTest.from_file(str(ROOT / script), default_timeout=timeout)

    return make


# ------------------------------------------------------------------------ Streamlit + Chromium


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate a server process, killing it when it does not stop within 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def _log_tail(path: Path, n: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def run_streamlit(log_path: Path, env: dict | None = None, extra_args: tuple[str, ...] = ()):
    """`streamlit run app.py` from the project root on a free loopback port; yields (url, process).
    A server that dies or never becomes healthy fails the test with the log's tail."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", *extra_args]
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            while True:
                if proc.poll() is not None:
                    pytest.fail(
                        f"streamlit exited with code {proc.returncode} before becoming healthy; "
                        f"log {log_path}:\n{_log_tail(log_path)}",
                        pytrace=False,
                    )
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"streamlit not healthy at {url} after {SERVER_START_TIMEOUT} s; "
                        f"log {log_path}:\n{_log_tail(log_path)}",
                        pytrace=False,
                    )
                time.sleep(0.25)
            yield url, proc
        finally:
            stop_process(proc)


@pytest.fixture(scope="session")
def streamlit_server():
    """The app served for the browser tests; yields its base URL."""
    with run_streamlit(ARTIFACTS / "streamlit.log") as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright. Missing chromium is a failure, never a skip."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(apt-get install -y chromium; scripts/run-tests.sh installs it).",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        yield b
        b.close()


@contextlib.contextmanager
def open_page(request: pytest.FixtureRequest, browser, url: str, height: int = 900, timeout_ms: int = 15_000):
    """A fresh 1280-wide page at `url`; screenshot to test-artifacts/ when the test fails."""
    ctx = browser.new_context(viewport={"width": 1280, "height": height}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(timeout_ms)
    pg.goto(url)
    try:
        yield pg
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is None or rep.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))
            except Exception as exc:  # never mask the test's own failure
                print(f"screenshot failed: {exc}", file=sys.stderr)
        ctx.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser, streamlit_server):
    """A fresh 1280×900 page at the app's root URL; screenshot to test-artifacts/ on failure."""
    with open_page(request, browser, streamlit_server) as pg:
        yield pg
