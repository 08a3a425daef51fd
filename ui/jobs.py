"""Heavy work of the pages through the server's worker pool (sim/pool.py): the result from the byte-bounded
cache, or the job submitted (or joined, when another session or an earlier run of this one started it) and
waited for, with its progress or its place in the queue (「順番待ち」) on the page.

Waiting is a loop that sleeps in short steps and reads session state at each step: a newer request (a
click, a page switch) stops the run there, while the job goes on in its worker; the next run that asks for
the same key finds it finished in the cache, or still running and waits again.
"""

from __future__ import annotations

from typing import Callable, Hashable

import streamlit as st

from sim import pool
from sim.scenario import ScenarioError
from ui.i18n import t

POLL_SECONDS = 0.2
_TICK = "jobs_tick"  # read at each step of a wait: the stop point for a newer request


def cached(key: Hashable):
    """The finished result of `key` on this server, or None."""
    return pool.server_pool().cache.get(key)


def pending(key: Hashable) -> bool:
    """True while a job of `key` is queued or running on this server."""
    job = pool.server_pool().job(key)
    return job is not None and job.status in ("queued", "running")


def start(key: Hashable, task: Callable, *args) -> None:
    """Submit task(*args) for `key` (joined when already queued or running), without waiting."""
    srv = pool.server_pool()
    if srv.cache.get(key) is None:
        srv.submit(key, task, *args)


def result(key: Hashable, task: Callable, *args, lang: str, progress_key: str, running_key: str = "jobs.running"):
    """The result of task(*args) for `key`, waited for on the page: progress_key (with done, total) while
    the worker reports progress, running_key before it does. Raises ScenarioError or ValueError (with the
    worker's message) when the job failed; a failed job is run again on the next call."""
    srv = pool.server_pool()
    found = srv.cache.get(key)
    if found is not None:
        return found
    job = srv.job(key)
    if job is None or job.status == "failed":
        job = srv.submit(key, task, *args)
    box = st.empty()
    shown = None
    while not job.finished.wait(POLL_SECONDS):
        st.session_state.get(_TICK)  # a newer request stops this run here; the job goes on
        position = srv.position(job)
        now = ("queue", position) if position else ("progress", job.done, job.total)
        if now != shown:
            shown = now
            if position:
                box.warning(t("jobs.queued", lang, position=position, workers=srv.workers), icon=":material/schedule:")
            elif job.total:
                box.progress(min(job.done / job.total, 1.0), text=t(progress_key, lang, done=job.done, total=job.total))
            else:
                box.progress(0.0, text=t(running_key, lang))
    box.empty()
    if job.status == "done":
        return job.result
    srv.forget_failure(key)
    kind, payload = job.error
    if kind == "scenario":
        problems, source = payload
        raise ScenarioError(problems, source)
    raise ValueError(payload)
