"""Heavy work of the app (Monte Carlo, sensitivity, batch) in a per-server pool of worker processes, so
that one planner's 10,000-draw run never stalls another planner's slider.

- One pool per server process, at most `worker_count()` jobs at a time (DXSIM_WORKERS; default: half the
  cores, at least 1). More jobs wait in submission order; each waiting job knows its place in the queue.
- The same job (the same key) submitted twice — two sessions, or one session's rerun — is one job.
- Workers run the same sim functions as the CLI (the task functions below only unpack their arguments),
  at a lower CPU priority than the server (DXSIM_WORKER_NICE), and report progress back through a queue.
- Results are kept in a cache bounded in bytes (DXSIM_CACHE_MB, of pickled size), least recently used out.
- Failures come back as data (a ScenarioError keeps its problem list), never as a dead pool.

No streamlit here: ui/jobs.py draws the progress and the queue position.
"""

from __future__ import annotations

import importlib.machinery
import itertools
import multiprocessing
import os
import pickle
import queue as queue_mod
import threading
import time
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Hashable

from sim.municipal import batch
from sim.scenario import MAX_DRAWS, ScenarioError, loads
from sim.sensitivity import sobol, tornado
from sim.uncertainty import monte_carlo

WORKERS_ENV, CACHE_ENV, DRAWS_ENV, NICE_ENV = ("DXSIM_WORKERS", "DXSIM_CACHE_MB", "DXSIM_APP_MAX_DRAWS",
                                               "DXSIM_WORKER_NICE")
DEFAULT_CACHE_MB = 256
DEFAULT_APP_MAX_DRAWS = 10_000  # the app's bound on Monte-Carlo draws (the CLI goes up to sim.scenario.MAX_DRAWS)
DEFAULT_WORKER_NICE = 5  # interactive reruns in the server come first (about 3:1 for the CPU), workers still progress
FAILED_KEPT = 64  # failed jobs remembered for the pages that wait for them


def _env_int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return max(minimum, int(raw))
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number") from None


def worker_count() -> int:
    """Jobs run at a time on this server: DXSIM_WORKERS, or half the cores (at least 1)."""
    return _env_int(WORKERS_ENV, max(1, (os.cpu_count() or 2) // 2), 1)


def worker_nice() -> int:
    """How much lower the workers' CPU priority is than the server's (DXSIM_WORKER_NICE, 0–19, default 5)."""
    return min(_env_int(NICE_ENV, DEFAULT_WORKER_NICE, 0), 19)


def cache_bytes() -> int:
    return _env_int(CACHE_ENV, DEFAULT_CACHE_MB, 1) * 1024 * 1024


def app_max_draws() -> int:
    """The most Monte-Carlo draws the app runs (DXSIM_APP_MAX_DRAWS, default 10,000)."""
    return min(_env_int(DRAWS_ENV, DEFAULT_APP_MAX_DRAWS, 1), MAX_DRAWS)


def not_a_worker_main(namespace: dict) -> None:
    """Called by a script that runs as `__main__` (Streamlit's app.py) with its globals: a worker spawned
    while it runs would import it again by its path and run the whole app in the worker. Spawn imports
    nothing for a main module whose spec is named `__main__`."""
    if namespace.get("__spec__") is None:
        namespace["__spec__"] = importlib.machinery.ModuleSpec("__main__", None)


# --- tasks: what a worker runs (module-level, so that they pickle by name) ------------------------

def monte_carlo_task(text: str, draws: int, seed: int, method: str, progress=None):
    return monte_carlo(loads(text), int(draws), seed=int(seed), method=method, progress=progress)


def sobol_task(text: str, kpi: str, n: int, seed: int, progress=None):
    return sobol(loads(text), kpi, n=int(n), seed=int(seed))


def tornado_task(text: str, kpi: str, progress=None):
    return tornado(loads(text), kpi)


def batch_task(text: str, ssdse, ipss, prefecture: str | None, progress=None):
    return batch(loads(text), ssdse, ipss, prefecture=prefecture, progress=progress)


# --- the worker side -------------------------------------------------------------------------------

_EVENTS = None  # the worker's end of the progress queue (set by _init_worker)


def _init_worker(events, nice: int) -> None:
    global _EVENTS
    _EVENTS = events
    try:
        os.nice(nice)
    except OSError:  # not allowed: run at the server's priority
        pass


def _execute(job_id: int, task: Callable, args: tuple) -> tuple[str, object]:
    """Run one task in a worker: ("ok", pickled result) or ("scenario", (problems, source)) or ("error", text)."""
    events = _EVENTS
    if events is not None:
        events.put((job_id, "start", 0, 0))

    def progress(done: int, total: int) -> None:
        if events is not None:
            events.put((job_id, "progress", int(done), int(total)))

    try:
        return "ok", pickle.dumps(task(*args, progress=progress), protocol=pickle.HIGHEST_PROTOCOL)
    except ScenarioError as err:
        return "scenario", (list(err.problems), err.source)
    except (ValueError, KeyError) as err:
        return "error", str(err)


# --- the server side -------------------------------------------------------------------------------

class ResultCache:
    """Results by key as their pickled bytes, bounded by the total size; the least recently used go first.
    Each get unpickles a copy of its own (a Monte Carlo of 1,000 draws in about a millisecond):
    kept as bytes, hundreds of results are a few objects for the garbage collector's pass after every
    rerun, not hundreds of thousands, and no session can change another's result. A result larger than
    the whole bound is not kept."""

    def __init__(self, max_bytes: int):
        self.max_bytes = int(max_bytes)
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            packed = self._items.get(key)
            if packed is None:
                return None
            self._items.move_to_end(key)
        return pickle.loads(packed)

    def put(self, key, packed: bytes) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old)
            if len(packed) > self.max_bytes:
                return
            self._items[key] = packed
            self._size += len(packed)
            while self._size > self.max_bytes:
                _, gone = self._items.popitem(last=False)
                self._size -= len(gone)

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class Job:
    """One job as the pages see it. status: queued, running, done or failed."""
    id: int
    key: Hashable
    status: str = "queued"
    done: int = 0
    total: int = 0
    result: object = None
    error: tuple | None = None  # ("scenario", (problems, source)) or ("error", message)
    finished: threading.Event = field(default_factory=threading.Event, repr=False)


class Pool:
    """A process pool with a FIFO queue whose positions are known, progress per job and a byte-bounded
    result cache."""

    def __init__(self, workers: int | None = None, max_bytes: int | None = None):
        self.workers = worker_count() if workers is None else max(1, int(workers))
        self.cache = ResultCache(cache_bytes() if max_bytes is None else max_bytes)
        self._lock = threading.Lock()
        self._jobs: dict[Hashable, Job] = {}  # queued or running, by key
        self._by_id: dict[int, Job] = {}
        self._failed: OrderedDict[Hashable, Job] = OrderedDict()
        self._ids = itertools.count(1)
        self._executor: ProcessPoolExecutor | None = None
        self._ctx = multiprocessing.get_context("spawn")  # never fork a threaded server
        self._events = None
        self._listener: threading.Thread | None = None

    # -- submitting and looking up
    def submit(self, key: Hashable, task: Callable, *args) -> Job:
        """The job for `key`: the one queued or running, or a new one running task(*args)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None:
                return job
            self._failed.pop(key, None)
            job = Job(next(self._ids), key)
            self._jobs[key] = job
            self._by_id[job.id] = job
            try:
                future = self._ensure_executor().submit(_execute, job.id, task, args)
            except BrokenProcessPool:
                self._executor = None
                future = self._ensure_executor().submit(_execute, job.id, task, args)
        future.add_done_callback(lambda f, job=job: self._finish(job, f))
        return job

    def job(self, key: Hashable) -> Job | None:
        """The queued, running or failed job of `key` (a failed one until it is submitted again)."""
        with self._lock:
            return self._jobs.get(key) or self._failed.get(key)

    def forget_failure(self, key: Hashable) -> None:
        with self._lock:
            self._failed.pop(key, None)

    def position(self, job: Job) -> int:
        """0 when the job runs (or is finished); else its place among the jobs still waiting (1 = next)."""
        with self._lock:
            if job.status != "queued":
                return 0
            running = sum(1 for j in self._jobs.values() if j.status == "running")
            ahead = sum(1 for j in self._jobs.values() if j.status == "queued" and j.id < job.id)
        # a job the executor has handed to a free worker but that has not reported its start yet is not waiting
        return max(0, running + ahead - self.workers + 1)

    def waiting(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.status == "queued")

    # -- internals
    def _ensure_executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._events = self._ctx.Queue()
            self._executor = ProcessPoolExecutor(self.workers, mp_context=self._ctx, initializer=_init_worker,
                                                 initargs=(self._events, worker_nice()))
            self._listener = threading.Thread(target=self._listen, args=(self._events,), daemon=True,
                                              name="dxsim-pool-progress")
            self._listener.start()
        return self._executor

    def _listen(self, events) -> None:
        while True:
            try:
                job_id, kind, done, total = events.get(timeout=5)
            except queue_mod.Empty:
                if events is not self._events:
                    return  # the executor was replaced
                continue
            except (EOFError, OSError):
                return
            with self._lock:
                job = self._by_id.get(job_id)
                if job is None or job.finished.is_set():
                    continue
                job.status = "running"
                if kind == "progress":
                    job.done, job.total = done, total

    def _finish(self, job: Job, future) -> None:
        try:
            kind, payload = future.result()
        except BrokenProcessPool:
            kind, payload = "error", "the worker process stopped unexpectedly; run it again"
            with self._lock:
                self._executor = None
        except Exception as exc:  # noqa: BLE001 - anything else from the pool is reported on the page
            kind, payload = "error", f"{type(exc).__name__}: {exc}"
        if kind == "ok":
            self.cache.put(job.key, payload)
            job.result = pickle.loads(payload)
        else:
            job.error = (kind, payload)
        with self._lock:
            job.status = "done" if kind == "ok" else "failed"
            self._jobs.pop(job.key, None)
            self._by_id.pop(job.id, None)
            if kind != "ok":
                self._failed[job.key] = job
                while len(self._failed) > FAILED_KEPT:
                    self._failed.popitem(last=False)
        job.finished.set()

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


_POOL: Pool | None = None
_POOL_LOCK = threading.Lock()


def server_pool() -> Pool:
    """This server process's pool (created on first use)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = Pool()
        return _POOL


def wait(job: Job, timeout: float | None = None, poll: float = 0.2) -> bool:
    """Block until the job is finished (True) or `timeout` seconds passed (False)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not job.finished.wait(poll):
        if deadline is not None and time.monotonic() >= deadline:
            return False
    return True
