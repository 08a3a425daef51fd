"""The load test's WebSocket client (tests/load/protocol.py) in the normal suite: 3 sessions speaking
Streamlit's protocol to the real server for a few seconds (upload, slider, page switch right after a
change, Monte Carlo, typed value) lose no change and see only their own scenario; and the client's
check catches a change that never reached the server, so a green load run means something."""

from __future__ import annotations

import asyncio
import os

from tests.conftest import ARTIFACTS, run_streamlit
from tests.load import driver, protocol


def _server(tmp_path, name: str):
    env = {**os.environ, "DXSIM_LIBRARY_DIR": str(tmp_path)}
    return run_streamlit(ARTIFACTS / f"{name}-streamlit.log", env=env, extra_args=("--logger.level", "info"))


def test_three_protocol_sessions_lose_no_change(tmp_path):
    cfg = driver.Config(sessions=3, seconds=5, timeout_ms=60_000, client="protocol")
    log = ARTIFACTS / "load-protocol-streamlit.log"
    with _server(tmp_path, "load-protocol") as (url, proc):
        with driver.MemoryWatch([proc.pid]) as mem:
            stats = driver.drive(url, tmp_path, cfg)
    bad_log = driver.bad_log_lines([log])
    print("\n" + driver.report(stats, cfg, mem, bad_log, url))
    assert stats.changes >= 2 * cfg.sessions and sum(stats.mc_runs) >= cfg.sessions
    assert len(stats.latency["slider"]) >= cfg.sessions and len(stats.latency["upload"]) == cfg.sessions
    problems = driver.failures(stats, cfg, mem, bad_log)
    assert not problems, "\n".join(problems)


class DroppingSession(protocol.ProtocolSession):
    """A client whose typed values never leave it: the check must report them as lost."""

    async def send(self, *states, page=None):
        if self.widgets and any("number_input" == k and lbl.startswith(driver.NUMBER_LABEL)
                                and el.id in {s.id for s in states} for (k, lbl), el in self.widgets.items()):
            states = ()
            if page is None:
                return self.seq
        return await super().send(*states, page=page)


def test_the_client_reports_a_change_that_never_reached_the_server(tmp_path):
    cfg = driver.Config(sessions=1, seconds=0, timeout_ms=60_000, client="protocol", monte_carlo=False)
    stats = driver.Stats(1)
    with _server(tmp_path, "load-protocol-drop") as (url, _proc):
        async def go():
            session = DroppingSession(url, 0, stats, cfg)
            box = [asyncio.get_running_loop().create_future(), 0.0]
            box[0].set_result(None)
            try:
                await session.run(driver.scenario_file(tmp_path, 0), asyncio.Event(), box)
            finally:
                await session.close()
        driver.run_async(go())
    assert stats.loops == [1] and not stats.errors
    assert len(stats.lost_changes) == 1 and "number shows" in stats.lost_changes[0], stats.lost_changes
