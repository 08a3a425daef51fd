"""The server's worker pool (sim/pool.py): the same sim code in worker processes, a FIFO queue with known
positions, progress back from the worker, failures as data, one job per key, a cache bounded in bytes;
and the pages that use it (uncertainty, batch) and the app's bound on draws, through AppTest."""

from __future__ import annotations

import dataclasses
import pickle
import time

import numpy as np
import pytest

from sim import pool
from sim.scenario import ScenarioError, dumps, load_scenario
from sim.uncertainty import monte_carlo
from tests.app_helpers import open_page
from ui.i18n import CATALOG

JA, EN = CATALOG["ja"], CATALOG["en"]
TEXT = dumps(load_scenario("scenarios/standard_dx.toml"))


def sleep_task(seconds: float, progress=None):
    """A job of known length (runs in a worker: module-level, so that it pickles by name)."""
    for i in range(4):
        time.sleep(seconds / 4)
        progress(i + 1, 4)
    return seconds


def failing_task(progress=None):
    raise ScenarioError([("parameters.x", "bad value")], "upload.toml")


@pytest.fixture(scope="module")
def one_worker():
    p = pool.Pool(workers=1, max_bytes=64 * 1024 * 1024)
    yield p
    p.shutdown()


def test_worker_runs_the_same_monte_carlo_as_the_cli(one_worker):
    job = one_worker.submit(("mc", 1), pool.monte_carlo_task, TEXT, 300, 5, "lhs")
    assert pool.wait(job, timeout=60) and job.status == "done"
    here = monte_carlo(load_scenario("scenarios/standard_dx.toml"), 300, seed=5, method="lhs")
    for key, values in here.kpis.items():
        np.testing.assert_array_equal(job.result.kpis[key], values)
    cached = one_worker.cache.get(("mc", 1))  # kept as bytes: an equal copy, not the same object
    assert cached is not job.result
    for key, values in cached.kpi_values.items():
        np.testing.assert_array_equal(job.result.kpi_values[key], values)


def test_progress_comes_back_while_the_job_runs(one_worker):
    job = one_worker.submit(("sleep", "progress"), sleep_task, 1.2)
    seen = set()
    while not job.finished.wait(0.02):
        seen.add((job.done, job.total))
    assert {(1, 4), (2, 4)} <= seen


def test_jobs_wait_in_order_with_their_place_in_the_queue(one_worker):
    first = one_worker.submit(("sleep", 1), sleep_task, 1.2)
    second = one_worker.submit(("sleep", 2), sleep_task, 0.1)
    third = one_worker.submit(("sleep", 3), sleep_task, 0.1)
    assert one_worker.submit(("sleep", 2), sleep_task, 0.1) is second  # the same key is one job
    deadline = time.monotonic() + 30
    while first.status != "running" and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.status == "running"
    assert [one_worker.position(j) for j in (first, second, third)] == [0, 1, 2]
    assert one_worker.waiting() == 2
    assert pool.wait(third, timeout=30)
    assert [j.status for j in (first, second, third)] == ["done"] * 3
    assert one_worker.position(third) == 0 and one_worker.job(("sleep", 3)) is None


def test_a_failure_comes_back_as_data_and_the_pool_keeps_working(one_worker):
    job = one_worker.submit(("fail", 1), failing_task)
    assert pool.wait(job, timeout=30) and job.status == "failed"
    assert job.error == ("scenario", ([("parameters.x", "bad value")], "upload.toml"))
    assert one_worker.job(("fail", 1)) is job  # kept for the page that waits for it
    again = one_worker.submit(("sleep", 9), sleep_task, 0.01)
    assert pool.wait(again, timeout=30) and again.result == 0.01


def test_cache_is_bounded_in_bytes_least_recently_used_out():
    def packed(value: str, size: int) -> bytes:
        raw = pickle.dumps(value)
        return raw + b"." * (size - len(raw))  # pickle stops at its STOP opcode: padding is ignored

    cache = pool.ResultCache(max_bytes=100)
    cache.put("a", packed("A", 40))
    cache.put("b", packed("B", 40))
    assert cache.get("a") == "A"  # a is now the most recently used
    cache.put("c", packed("C", 40))
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")
    assert cache.size == 80
    cache.put("huge", packed("H", 101))  # larger than the whole bound: not kept, nothing else pushed out
    assert cache.get("huge") is None and len(cache) == 2
    first, second = cache.get("a"), cache.get("a")
    assert first == second  # each get is a copy of its own: a session cannot change another's result


def test_monte_carlo_result_size_is_what_the_cache_counts():
    compact = pool.monte_carlo_task(TEXT, 1000, 1, "random")
    assert 50_000 < len(pickle.dumps(compact)) < 2_000_000  # about 0.3 MB at 1,000 draws


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv(pool.WORKERS_ENV, "3")
    monkeypatch.setenv(pool.CACHE_ENV, "5")
    monkeypatch.setenv(pool.DRAWS_ENV, "2000")
    monkeypatch.setenv(pool.NICE_ENV, "40")
    assert (pool.worker_count(), pool.cache_bytes(), pool.app_max_draws(), pool.worker_nice()) == (
        3, 5 * 1024 * 1024, 2000, 19)
    monkeypatch.setenv(pool.WORKERS_ENV, "0")
    assert pool.worker_count() == 1
    monkeypatch.setenv(pool.WORKERS_ENV, "two")
    with pytest.raises(ValueError, match="DXSIM_WORKERS"):
        pool.worker_count()
    monkeypatch.delenv(pool.WORKERS_ENV)
    monkeypatch.delenv(pool.DRAWS_ENV)
    assert pool.worker_count() >= 1 and pool.app_max_draws() == pool.DEFAULT_APP_MAX_DRAWS


# ------------------------------------------------------------------------------------ the pages


def test_uncertainty_page_runs_monte_carlo_in_the_pool(app_test):
    at = open_page(app_test, "ui/pages/uncertainty.py")
    assert at.number_input(key="unc_draws").max == pool.app_max_draws()
    at.number_input(key="unc_draws").set_value(300)
    at.number_input(key="unc_seed").set_value(11)
    at.button(key="unc_run").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(JA["unc.section.bands"] == h.value for h in at.subheader)
    text = at.session_state["scenario_text"]
    cached = pool.server_pool().cache.get(("monte_carlo", text, 300, 11, "random"))
    assert cached is not None and cached.draws == 300
    assert "unc_pending" not in at.session_state  # finished: no longer waited for


def test_a_scenario_asking_for_more_draws_than_the_app_runs_says_so(app_test, monkeypatch):
    monkeypatch.setenv(pool.DRAWS_ENV, "5")
    at = app_test().run()
    sc = load_scenario("scenarios/standard_dx.toml")
    at.session_state["scenario_text"] = dumps(dataclasses.replace(sc, draws=40))  # as a link or upload may
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    want = JA["jobs.draws_capped"].format(draws=40, max=5)
    assert [w.value for w in at.warning if w.value == want], [w.value for w in at.warning]
    at.switch_page("ui/pages/results.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert JA["results.median_note"].format(draws=5) in [c.value for c in at.caption]  # run with the app's bound


SPAWN_DURING_A_RUN = """
import sys, types
from pathlib import Path
from sim import pool
from sim.scenario import dumps, load_scenario
script = Path(sys.argv[1])
main = types.ModuleType("__main__")  # as Streamlit installs app.py while it runs
main.__file__ = str(script)
if sys.argv[2] == "marked":
    pool.not_a_worker_main(main.__dict__)
sys.modules["__main__"] = main
srv = pool.Pool(workers=1)
job = srv.submit(("tornado",), pool.tornado_task, dumps(load_scenario("scenarios/standard_dx.toml")), "staff_gap_target")
assert job.finished.wait(120) and job.status == "done", job.status
srv.shutdown()
"""


@pytest.mark.parametrize("mode", ["marked", "unmarked"])
def test_a_worker_started_during_an_app_run_does_not_run_the_app(tmp_path, mode):
    """Spawn re-imports the parent's __main__ by its path: unmarked, a worker started while app.py ran
    would run the whole app in bare mode (the unmarked case shows the test can fail)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    ran = tmp_path / "ran"
    script = tmp_path / "app_like.py"
    script.write_text(f"open({str(ran)!r}, 'w').write('the app ran in a worker')\n", encoding="utf-8")
    subprocess.run([sys.executable, "-c", SPAWN_DURING_A_RUN, str(script), mode], cwd=ROOT, check=True,
                   timeout=180)
    assert ran.exists() == (mode == "unmarked")


def test_cached_results_add_nothing_for_the_garbage_collector_to_walk():
    """Streamlit collects after every rerun: cached results must not be live objects it walks (with live
    Monte-Carlo results and their KPI tables, the pass took half the server's time after a few minutes)."""
    import gc

    packed = pickle.dumps(pool.monte_carlo_task(TEXT, 200, 1, "random"))
    cache = pool.ResultCache(max_bytes=10**9)
    gc.collect()
    before = len(gc.get_objects())
    for i in range(200):
        cache.put(("mc", i), packed)
    used = [cache.get(("mc", i)).kpis for i in range(0, 200, 20)]  # tables computed on the copies handed out
    del used
    gc.collect()
    assert len(gc.get_objects()) - before < 50  # the 200 keys' tuples are not even tracked
