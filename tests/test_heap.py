"""ui/heap.py: the server's libraries frozen out of the full GC pass Streamlit runs after every rerun."""

from __future__ import annotations

import gc
import sys

from ui import heap


def test_page_modules_are_read_from_every_page():
    names = heap.page_modules()
    assert len(list(heap.PAGES.glob("*.py"))) >= 9
    assert {"ui.charts.results", "ui.jobs", "ui.mc", "sim.plan"} <= set(names)


def test_the_app_freezes_the_loaded_heap_once(app_test):
    at = app_test(timeout=60).run()
    assert not at.exception
    assert heap._frozen and gc.get_freeze_count() > 100_000  # the libraries: about 180,000 objects
    assert all(name.split(".")[0] in sys.modules for name in heap.page_modules())


def test_page_modules_read_from_many_threads_at_once():
    """Twenty sessions start together, each first run reading the pages (Python 3.11's `ast.parse` failed
    here with "AST constructor recursion depth mismatch" under 20 browser sessions)."""
    from concurrent.futures import ThreadPoolExecutor

    want = heap.page_modules()
    with ThreadPoolExecutor(8) as ex:
        got = list(ex.map(lambda _: heap.page_modules(), range(64)))
    assert all(g == want for g in got)
