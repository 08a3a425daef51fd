"""Load test (opt-in, marker `load`; run `bash scripts/load-test.sh`): tests/load/driver.py against the real
server, fails on any lost change, page exception, leakage between sessions, server-log error or warning, or
memory over 2 GiB, and prints the figures of issue 15 (latency p50/p95/max per action, actions over 10 s, memory).

Environment: DXSIM_LOAD_SESSIONS (default 20), DXSIM_LOAD_SECONDS (default 60), DXSIM_LOAD_PROCESSES
(default 1; more: that many server processes behind nginx with deploy/nginx-dxsim.conf, sessions spread
evenly), DXSIM_WORKERS (worker processes per server, see sim/pool.py), DXSIM_LOAD_CLIENT (default browser:
Chromium contexts; protocol: the WebSocket client of tests/load/protocol.py, which leaves the 2 cores to the
server as the planners' own PCs would).
"""

from __future__ import annotations

import contextlib
import os

import pytest

from tests.conftest import ARTIFACTS, run_streamlit
from tests.load import driver
from tests.proxy_helpers import proxied_servers, routes_per_backend

pytestmark = pytest.mark.load

SESSIONS = int(os.environ.get("DXSIM_LOAD_SESSIONS", "20"))
SECONDS = float(os.environ.get("DXSIM_LOAD_SECONDS", "60"))
PROCESSES = int(os.environ.get("DXSIM_LOAD_PROCESSES", "1"))
CLIENT = os.environ.get("DXSIM_LOAD_CLIENT", "browser")


@contextlib.contextmanager
def servers(tmp):
    """(url, server pids, logs, routes, description)."""
    env = {**os.environ, "DXSIM_LIBRARY_DIR": str(tmp / "library")}
    (tmp / "library").mkdir()
    if PROCESSES <= 1:
        log = ARTIFACTS / "load-test-streamlit.log"
        with run_streamlit(log, env=env, extra_args=("--logger.level", "info")) as (url, proc):
            yield url, [proc.pid], [log], None, f"one server process {url}"
    else:
        with proxied_servers(PROCESSES, tmp, env=env, log_name="load-test") as (url, procs, backends):
            logs = [ARTIFACTS / f"load-test-streamlit-{i}.log" for i in range(PROCESSES)]
            yield (url, [p.pid for p in procs], logs, routes_per_backend(url, backends),
                   f"{PROCESSES} server processes behind nginx {url}")


def test_concurrent_sessions(tmp_path):
    assert CLIENT in ("browser", "protocol"), f"DXSIM_LOAD_CLIENT={CLIENT!r}: expected browser or protocol"
    cfg = driver.Config(sessions=SESSIONS, seconds=SECONDS, client=CLIENT)
    with servers(tmp_path) as (url, pids, logs, routes, where):
        cfg.routes = routes
        with driver.MemoryWatch(pids) as mem:
            stats = driver.drive(url, tmp_path, cfg)
        bad_log = driver.bad_log_lines(logs)
    report = driver.report(stats, cfg, mem, bad_log, where)
    print("\n" + report)
    (ARTIFACTS / "load-test-report.txt").write_text(report + "\n", encoding="utf-8")
    problems = driver.failures(stats, cfg, mem, bad_log)
    assert not problems, "\n".join(problems)
