"""App rerun benchmark (prints figures; not part of the test suite).

    python benchmarks/bench_app.py [--reruns 20] [--root PATH] [--pages overview,results]

Server-side time of one AppTest rerun of app.py (default scenario), per page (every file of
ui/pages), in two situations:
- "after a change": the working scenario changes before each rerun, each time to a new value of
  workforce.exit_rate_multiplier, so every rerun runs the model (no cache hit). On the parameters page
  the value is set through the widget, as a user would (its group open; closed groups are not built);
  on the other pages the scenario text is replaced (as after an edit on another page);
- "unchanged": a rerun with nothing changed (a click on the page that changes nothing else; the
  results come from the cache).
Also: the parameters page with every group and lever open (widget change).
Prints p50 and p95 per page and situation. Targets (issue 15 point 2): p50 <= 60 ms for the parameters
page, <= 100 ms for every page. AppTest's own overhead is included.
--root runs the same benchmark against another checkout (e.g. an export of main) in the same conditions.
Run from the project root, so that .streamlit/config.toml applies.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

KEY = "workforce.exit_rate_multiplier"
TARGET_MS = {"parameters": 60.0}
DEFAULT_TARGET_MS = 100.0
GROUPS_OPEN = ("simulation", "workforce", "recruitment", "demand", "talent", "budget", "dx")


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reruns", type=int, default=20)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                    help="the checkout to benchmark (default: this one)")
    ap.add_argument("--pages", default="", help="comma-separated page names (default: every page)")
    return ap.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
ROOT = (ARGS.root if ARGS else Path(__file__).resolve().parents[1]).resolve()
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from streamlit.testing.v1 import AppTest  # noqa: E402

from sim.scenario import dumps, loads  # noqa: E402


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(0.95 * len(xs)) - 1))]


def values(n: int) -> list[float]:
    return [round(1.0 + 0.01 * (i + 1), 2) for i in range(n)]  # all distinct: no cache hits


def pages() -> list[str]:
    return sorted(p.stem for p in (ROOT / "ui" / "pages").glob("*.py") if not p.stem.startswith("_"))


def open_app(page: str, open_sections: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    if page == "parameters":
        at.session_state["parameters_open"] = open_sections or {"workforce": True}
    at.switch_page(f"ui/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def timed_run(at: AppTest) -> float:
    t0 = time.perf_counter()
    at.run()
    dt = time.perf_counter() - t0
    assert not at.exception, [e.message for e in at.exception]
    return dt


def param_widget(at: AppTest):
    found = [w for kind in ("slider", "number_input") for w in getattr(at, kind)
             if w.key and w.key.split("@", 1)[0] == f"param:{KEY}"]
    if not found:
        raise RuntimeError(f"parameters page: no widget for {KEY}")
    return found[0]


def after_change(page: str, n: int, open_sections: dict | None = None) -> list[float]:
    at = open_app(page, open_sections)
    base = loads(at.session_state["scenario_text"])
    times = []
    for x in values(n):
        if page == "parameters":
            param_widget(at).set_value(x)
        else:
            at.session_state["scenario_text"] = dumps(base.with_changes({KEY: x}))
        times.append(timed_run(at))
    got = loads(at.session_state["scenario_text"]).value(KEY)
    if abs(got - x) > 1e-9:
        raise RuntimeError(f"{page}: the change did not reach the scenario ({got} != {x})")
    return times


def unchanged(page: str, n: int) -> list[float]:
    at = open_app(page)
    timed_run(at)  # anything the first visit leaves to do
    return [timed_run(at) for _ in range(n)]


def row(label: str, target: float, changed: list[float], same: list[float]) -> str:
    c = [x * 1000 for x in changed]
    s = [x * 1000 for x in same]
    worst = max(statistics.median(c), statistics.median(s))
    verdict = "OK" if worst <= target else "OVER"
    return (f"{label:<34} {statistics.median(c):>7.0f} {p95(c):>7.0f}   {statistics.median(s):>7.0f} {p95(s):>7.0f}"
            f"   {target:>6.0f}  {verdict}")


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "missing ScriptRunContext" warnings
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)
    n = ARGS.reruns
    chosen = [p for p in ARGS.pages.split(",") if p] or pages()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, root {ROOT}, {n} reruns per figure")
    print(f"{'page':<34} {'after a change':>15}   {'unchanged':>15}   target  p50 verdict")
    print(f"{'':<34} {'p50 ms':>7} {'p95 ms':>7}   {'p50 ms':>7} {'p95 ms':>7}   {'ms':>6}")
    for page in chosen:
        target = TARGET_MS.get(page, DEFAULT_TARGET_MS)
        try:
            print(row(page, target, after_change(page, n), unchanged(page, n)), flush=True)
        except Exception as exc:  # report and go on with the other pages
            print(f"{page:<34} failed: {exc}", flush=True)
    if "parameters" in chosen:
        everything = {**{g: True for g in GROUPS_OPEN}, **{f"lever:{i}": True for i in range(8)}}
        try:
            times = after_change("parameters", n, everything)
            ms = [x * 1000 for x in times]
            print(f"parameters, every group and lever open: after a change p50 {statistics.median(ms):.0f} ms, "
                  f"p95 {p95(ms):.0f} ms")
        except Exception as exc:
            print(f"parameters, every group and lever open: failed: {exc}")


if __name__ == "__main__":
    main()
