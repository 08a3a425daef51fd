"""App rerun benchmark (prints figures; not part of the test suite).

    python benchmarks/bench_app.py [--reruns 20]

Server-side time of one AppTest rerun of app.py (default scenario) after one parameter change,
each change to a new value, so every rerun runs the model (no cache hit):
1. parameters page: the workforce.exit_rate_multiplier widget set to a new value (as a user would),
   with its group open (closed groups are not built), then with every group and lever open;
2. overview page: the working scenario replaced by a changed one (engine run + KPI cards);
3. overview page, nothing changed: the floor (cached results; AppTest's own overhead included).
Prints median and p95 over the reruns. Target: <= 300 ms.
Run from the project root, so that .streamlit/config.toml applies.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from streamlit.testing.v1 import AppTest  # noqa: E402

from sim.scenario import dumps, loads  # noqa: E402

KEY = "workforce.exit_rate_multiplier"
TARGET_MS = 300.0


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(0.95 * len(xs)) - 1))]


def report(label: str, times: list[float]) -> None:
    ms = [x * 1000 for x in times]
    med, hi = statistics.median(ms), p95(ms)
    verdict = "OK" if med <= TARGET_MS else "OVER TARGET"
    print(f"{label}: median {med:.0f} ms, p95 {hi:.0f} ms, min {min(ms):.0f}, max {max(ms):.0f} "
          f"over {len(ms)} reruns (target <= {TARGET_MS:.0f} ms: {verdict})")


def values(n: int) -> list[float]:
    return [round(1.0 + 0.01 * (i + 1), 2) for i in range(n)]  # all distinct: no cache hits


def bench_parameters_page(n: int, open_sections: dict | None = None) -> list[float] | None:
    """open_sections: the page's open expanders (closed ones are not built); None leaves the
    default (all closed), so the widget's group is opened: {"workforce": True}."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.session_state["parameters_open"] = open_sections or {"workforce": True}
    try:
        at.switch_page("ui/pages/parameters.py").run()
    except Exception as exc:  # the page may not exist yet
        print(f"parameters page: cannot open ({exc})")
        return None
    times = []
    for x in values(n):
        widget = next((w for kind in ("slider", "number_input") for w in getattr(at, kind)
                       if w.key and w.key.startswith(f"param:{KEY}@")), None)
        if widget is None:
            print(f"parameters page: no widget for {KEY}")
            return None
        widget.set_value(x)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        if at.exception:
            print("parameters page: exception:", at.exception[0].message)
            return None
    got = loads(at.session_state["scenario_text"]).value(KEY)
    if abs(got - x) > 1e-9:
        print(f"parameters page: the widget change did not reach the scenario ({got} != {x})")
    return times


def bench_overview(n: int) -> list[float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    base = loads(at.session_state["scenario_text"])
    times = []
    for x in values(n):
        at.session_state["scenario_text"] = dumps(base.with_changes({KEY: x}))
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, at.exception[0].message
    return times


def bench_unchanged(n: int) -> list[float]:
    """The floor: a rerun with nothing changed (cached results, AppTest overhead included)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reruns", type=int, default=20)
    n = ap.parse_args().reruns
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    times = bench_parameters_page(n)
    if times:
        report(f"parameters page (its group open), {KEY} widget change", times)
    everything = {g: True for g in ("simulation", "workforce", "recruitment", "demand", "talent", "budget", "dx")}
    everything.update({f"lever:{i}": True for i in range(8)})
    times = bench_parameters_page(n, everything)
    if times:
        report(f"parameters page (every group and lever open), {KEY} widget change", times)
    report("overview page, working scenario changed", bench_overview(n))
    report("overview page, nothing changed (floor)", bench_unchanged(n))


if __name__ == "__main__":
    main()
