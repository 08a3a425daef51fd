"""The load test's short version in the normal suite: 3 concurrent browser sessions for a few seconds of load
(about 20–40 s in all) — each moves a slider or types a value and switches page as soon as the change is sent;
every change must be there when the session comes back, and no session sees another's scenario
(tests/load/driver.py; the full run is `bash scripts/load-test.sh`)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ARTIFACTS, run_streamlit
from tests.load import driver

pytestmark = pytest.mark.browser


def test_three_sessions_lose_no_change_and_see_only_their_own_scenario(tmp_path):
    cfg = driver.Config(sessions=3, seconds=6, timeout_ms=60_000)
    log = ARTIFACTS / "load-short-streamlit.log"
    env = {**os.environ, "DXSIM_LIBRARY_DIR": str(tmp_path)}
    with run_streamlit(log, env=env, extra_args=("--logger.level", "info")) as (url, proc):
        with driver.MemoryWatch([proc.pid]) as mem:
            stats = driver.drive(url, tmp_path, cfg)
    bad_log = driver.bad_log_lines([log])
    print("\n" + driver.report(stats, cfg, mem, bad_log, url))
    assert stats.changes >= 2 * cfg.sessions  # every session came back to at least two changes
    problems = driver.failures(stats, cfg, mem, bad_log)
    assert not problems, "\n".join(problems)
