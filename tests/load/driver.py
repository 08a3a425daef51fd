"""The load driver shared by the load test (tests/load/test_load.py, opt-in) and its short version in the
normal suite (tests/test_browser_load.py).

N concurrent Playwright contexts of one Chromium, each its own session, for at least D seconds after setup.
Each uploads its own scenario (name 負荷試験-NN), then loops:
  1. parameters page: moves the 普通退職率の倍率 slider (own number of steps, 2–5; all but the last press wait
     for their rerun: the "slider" latency) and switches to the next page as soon as the browser has sent the last move;
  2. uncertainty page: a 1,000-draw Monte Carlo (optional);
  3. parameters page: the slider must show the value set in 1 (else a lost change); types a new
     再任用の上限年齢 and switches to the overview as soon as the browser has sent it;
  4. overview; next loop's parameters page: the typed value must be there (else a lost change).
After every step: no stException, the page names its own scenario and no other session's (isolation).

Reported: actions, p50/p95/max per action kind (from the action until the server has finished the rerun —
script_finished on the session's WebSocket — and the page is idle), actions over
10 s, lost changes, server memory (all server processes with their workers: peak of the summed VmRSS
sampled every 0.2 s, and the summed VmHWM), errors; the issue's targets are listed with the figures.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ARTIFACTS, CHROME_ARGS as BASE_CHROME_ARGS, CHROMIUM
from ui.i18n import CATALOG

CHROME_ARGS = [*BASE_CHROME_ARGS, "--disable-dev-shm-usage"]  # 20 contexts outgrow a small /dev/shm
JA = CATALOG["ja"]
SLIDER_LABEL, SLIDER_FIELD = "普通退職率の倍率", "exit_rate_multiplier"
NUMBER_LABEL, NUMBER_FIELD = "再任用の上限年齢", "rehire_until_age"
NUMBER_MIN, NUMBER_MAX = 60, 70
GROUP = "職員と採用方針"
PREFIX = "負荷試験-"
MAX_MEMORY = 2 * 1024**3
SLOW_ACTION = 10.0  # s: the "no action over 10 s"
ROUTE_COOKIE = "dxsim_route"


@dataclass
class Config:
    sessions: int
    seconds: float
    monte_carlo: bool = True
    timeout_ms: int = 180_000  # per wait: 20 sessions share 2 cores
    routes: list[str] | None = None  # route cookies (behind the proxy), given to the sessions in turn
    client: str = "browser"  # "browser": Chromium contexts; "protocol": the WebSocket client (tests/load/protocol.py)


@dataclass
class Stats:
    sessions: int
    latency: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    page_exceptions: int = 0
    isolation_violations: list[str] = field(default_factory=list)
    lost_changes: list[str] = field(default_factory=list)
    changes: int = 0  # changes checked after leaving the page
    checks: int = 0
    mc_runs: list[int] = field(default_factory=list)
    loops: list[int] = field(default_factory=list)
    elapsed: float = 0.0

    def __post_init__(self):
        self.mc_runs = [0] * self.sessions
        self.loops = [0] * self.sessions

    def add(self, kind: str, seconds: float):
        self.latency.setdefault(kind, []).append(seconds)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q / 100 * len(s) + 0.5)) - 1))] if s else float("nan")


def keep_going(stats: Stats, cfg: Config, i: int, deadline: float) -> bool:
    """Loop until the deadline, and at least once (with a Monte Carlo when the run has them)."""
    return time.monotonic() < deadline or stats.loops[i] == 0 or (cfg.monte_carlo and stats.mc_runs[i] == 0)


def typed_value(i: int, step: int, current: int) -> int:
    """The number session i types in loop `step`: its own sequence, never the value already there."""
    span = NUMBER_MAX - NUMBER_MIN + 1
    want = NUMBER_MIN + (i * 3 + step) % span
    return NUMBER_MIN + (want - NUMBER_MIN + 1) % span if want == current else want


# --- memory of the server processes and their workers ----------------------------------------------

def _status_kib(pid: int, name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_tree(pids: list[int]) -> list[int]:
    """The pids and all their descendants (the pool's worker processes)."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parent[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    out, todo = set(), list(pids)
    while todo:
        p = todo.pop()
        if p in out:
            continue
        out.add(p)
        todo += [c for c, pp in parent.items() if pp == p]
    return sorted(out)


class MemoryWatch:
    """Samples the summed VmRSS of the server processes (with their workers) every 0.2 s."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.peak_rss = 0
        self.hwm: dict[int, int] = {}
        self.before = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        return sum(_status_kib(p, "VmRSS") for p in process_tree(self.pids)) * 1024

    def _sample(self) -> None:
        tree = process_tree(self.pids)
        self.peak_rss = max(self.peak_rss, sum(_status_kib(p, "VmRSS") for p in tree) * 1024)
        for p in tree:
            self.hwm[p] = max(self.hwm.get(p, 0), _status_kib(p, "VmHWM") * 1024)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def hwm_sum(self) -> int:
        return sum(self.hwm.values())


# --- one session --------------------------------------------------------------------------------------

def scenario_file(folder: Path, i: int) -> Path:
    path = folder / f"load_{i:02d}.toml"
    path.write_text(f'schema_version = 1\n\n[metadata]\nname = "{PREFIX}{i:02d}"\nseed = {i}\n\n'
                    f'[municipality]\npreset = "city_pop_50k_100k"\n', encoding="utf-8")
    return path


class Reruns:
    """The session's reruns as its WebSocket carries them: a rerun request sent by the browser (BackMsg
    rerun_script) and a run finished by the server (ForwardMsg script_finished). A change's rerun has ended
    when a successful finish arrived after the last request — exact, where the status widget shows only
    after a delay."""

    def __init__(self):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        self._back, self._forward = BackMsg, ForwardMsg
        self._ok = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
        self.seq = self.last_sent = self.last_done = 0
        self.sent_values: list[tuple[str, float]] = []  # (widget id, number) of every rerun request, in order
        self.events: list[str] = []  # what the WebSocket carried, for the report of a lost change

    def attach(self, ws) -> None:
        if "_stcore/stream" in ws.url:
            ws.on("framesent", self._sent)
            ws.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        msg = self._back.FromString(payload)
        if msg.WhichOneof("type") != "rerun_script":
            return
        self.seq += 1
        self.last_sent = self.seq
        values = []
        for w in msg.rerun_script.widget_states.widgets:
            kind = w.WhichOneof("value")
            if kind in ("double_value", "int_value"):
                values.append((w.id, float(getattr(w, kind))))
            elif kind == "double_array_value" and len(w.double_array_value.data) == 1:
                values.append((w.id, float(w.double_array_value.data[0])))
        self.sent_values += values
        shown = ",".join(f"{wid.rsplit(':', 1)[-1][-24:]}={v:g}" for wid, v in values if "param:" in wid)
        self.events.append(f"{time.monotonic():.2f} sent {msg.rerun_script.page_name or ''} [{shown}] "
                           f"(values {len(self.sent_values)})")

    def was_sent(self, field: str, value: float, since: int) -> bool:
        """Whether a rerun request after the `since`-th sent value carried `value` for a widget of `field`."""
        return any(field in wid and abs(v - value) < 1e-9 for wid, v in self.sent_values[since:])

    def _received(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        msg = self._forward.FromString(payload)
        if msg.WhichOneof("type") == "script_finished":
            self.events.append(f"{time.monotonic():.2f} finished {msg.script_finished}")
            if msg.script_finished in self._ok:
                self.seq += 1
                self.last_done = self.seq


class Session:
    def __init__(self, page, expect, i: int, stats: Stats, cfg: Config):
        self.page, self.expect, self.i, self.stats, self.cfg = page, expect, i, stats, cfg
        self.reruns = Reruns()
        page.on("websocket", self.reruns.attach)

    def mark(self) -> int:
        return self.reruns.seq

    async def sent(self, base: int, wait_s: float = 1.5) -> bool:
        """True once the browser has asked for a rerun after `base` (within wait_s: a change that needs none,
        e.g. a slider at its end, sends nothing)."""
        deadline = time.monotonic() + wait_s
        while self.reruns.last_sent <= base:
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.01)
        return True

    async def settle(self, base: int, wait_s: float = 1.5):
        """Wait for the rerun asked for after `base` to finish on the server, then for the page to be idle."""
        if await self.sent(base, wait_s):
            deadline = time.monotonic() + self.cfg.timeout_ms / 1000
            while self.reruns.last_done <= self.reruns.last_sent:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no finished rerun within {self.cfg.timeout_ms / 1000:.0f} s")
                await asyncio.sleep(0.01)
        await self.expect(self.page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=self.cfg.timeout_ms)

    async def check(self, where: str, own_name_shown: bool = True):
        """No exception element; the page names our scenario (where it shows one) and no other session's."""
        page, stats, i = self.page, self.stats, self.i
        stats.checks += 1
        n_exc = await page.get_by_test_id("stException").count()
        if n_exc:
            stats.page_exceptions += n_exc
            stats.errors.append(f"session {i} {where}: {n_exc} exception element(s): "
                                f"{(await page.get_by_test_id('stException').first.inner_text())[:300]}")
        text = await page.locator("body").inner_text()
        names = set(re.findall(PREFIX + r"(\d\d)", text))
        if names - {f"{i:02d}"} or (own_name_shown and not names):
            stats.isolation_violations.append(f"session {i} {where}: page shows {sorted(names)}")

    async def click_nav(self, label: str):
        await self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=label).click()

    async def go(self, label: str, heading: str):
        t0, base = time.perf_counter(), self.mark()
        await self.click_nav(label)
        await self.expect(self.page.get_by_role("heading", name=heading).first).to_be_visible(
            timeout=self.cfg.timeout_ms)
        await self.settle(base)
        self.stats.add("page switch", time.perf_counter() - t0)

    async def group(self):
        group = self.page.get_by_test_id("stExpander").filter(has_text=GROUP).first
        slider = group.get_by_test_id("stSlider").filter(has_text=SLIDER_LABEL).get_by_role("slider")
        if not await slider.is_visible():
            base = self.mark()
            await group.get_by_text(GROUP).first.click()
            await self.settle(base, wait_s=0.3)
        number = group.get_by_test_id("stNumberInput").filter(has_text=NUMBER_LABEL).locator("input")
        return slider, number

    async def changed_then_leave(self, kind: str, label: str, heading: str, t0: float, base: int):
        """Switch page as soon as the change's rerun has been asked for (the race that used to lose changes)."""
        await self.sent(base)
        self.stats.add(kind, time.perf_counter() - t0)
        await self.go(label, heading)

    async def run(self, url: str, scenario: Path, start: asyncio.Event, go_box: list):
        page, expect, stats, i, cfg = self.page, self.expect, self.stats, self.i, self.cfg
        await page.goto(url, timeout=cfg.timeout_ms)
        await page.get_by_role("heading", name=JA["overview.title"]).wait_for(timeout=cfg.timeout_ms)
        await self.settle(0)
        await page.get_by_test_id("stSidebar").get_by_text(JA["sidebar.save_load"], exact=True).click()
        uploader = page.get_by_test_id("stSidebar").get_by_test_id("stFileUploader").filter(
            has_text=JA["persistence.upload"])
        t0, base = time.perf_counter(), self.mark()
        await uploader.locator("input[type='file']").set_input_files(str(scenario))
        await expect(page.get_by_text(f"シナリオ「{PREFIX}{i:02d}」").first).to_be_visible(timeout=cfg.timeout_ms)
        await self.settle(base)
        stats.add("upload", time.perf_counter() - t0)
        await self.check("after upload")
        start.set()
        await go_box[0]
        deadline = go_box[1]
        step, want_number = 0, None
        while keep_going(stats, cfg, i, deadline):
            step += 1
            # 1. parameters page: the typed value of the last loop must be there; move the slider and leave
            await self.go(JA["nav.parameters"], JA["parameters.title"])
            slider, number = await self.group()
            if want_number is not None:
                self.compare("number", await number.input_value(), want_number, NUMBER_FIELD, number_mark)
            k = 2 + i % 4  # own number of keyboard steps (0.05 each): right on odd loops, back on even loops
            await slider.focus()
            for n in range(k):
                t0, base, sent_mark = time.perf_counter(), self.mark(), len(self.reruns.sent_values)
                await slider.press("ArrowRight" if step % 2 else "ArrowLeft")
                if n < k - 1:
                    await self.settle(base)
                    stats.add("slider", time.perf_counter() - t0)
            want_slider = await slider.input_value()
            if cfg.monte_carlo:
                await self.changed_then_leave("slider (until sent)", JA["nav.uncertainty"], JA["unc.title"], t0,
                                              base)
                # 2. Monte Carlo with 1,000 draws (the page's default)
                draws = page.get_by_role("spinbutton", name=JA["unc.draws"])
                if await draws.input_value() != "1000":
                    base = self.mark()
                    await draws.fill("1000")
                    await draws.press("Enter")
                    await self.settle(base)
                t0, base = time.perf_counter(), self.mark()
                await page.get_by_role("button", name=JA["unc.run"]).click()
                await expect(page.get_by_role("heading", name=JA["unc.section.bands"])).to_be_visible(
                    timeout=cfg.timeout_ms)
                await self.settle(base)
                stats.add("monte carlo 1,000 draws", time.perf_counter() - t0)
                stats.mc_runs[i] += 1
                await self.check("uncertainty")
            else:
                await self.changed_then_leave("slider (until sent)", JA["nav.overview"], JA["overview.title"], t0,
                                              base)
                await self.check("overview")
            # 3. back on the parameters page: the slider value must be there; type a value and leave
            await self.go(JA["nav.parameters"], JA["parameters.title"])
            slider, number = await self.group()
            await self.check("parameters", own_name_shown=False)
            self.compare("slider", await slider.input_value(), want_slider, SLIDER_FIELD, sent_mark)
            want_number = typed_value(i, step, int(float(await number.input_value())))
            t0, base, number_mark = time.perf_counter(), self.mark(), len(self.reruns.sent_values)
            await number.fill(str(want_number))
            await number.press("Enter")
            await self.changed_then_leave("typed value (until sent)", JA["nav.overview"], JA["overview.title"], t0,
                                          base)
            # 4. overview
            await self.check("overview")
            stats.loops[i] += 1
        # the last typed value, once more
        await self.go(JA["nav.parameters"], JA["parameters.title"])
        _, number = await self.group()
        self.compare("number", await number.input_value(), want_number, NUMBER_FIELD, number_mark)

    def compare(self, what: str, got: str, want, field: str, sent_mark: int) -> None:
        """A lost change unless the widget shows the value set; says whether the browser had sent it."""
        self.stats.changes += 1
        if abs(float(got) - float(want)) > 1e-9:
            sent = "sent" if self.reruns.was_sent(field, float(want), sent_mark) else "NOT sent by the browser"
            self.stats.lost_changes.append(f"session {self.i}: {what} shows {got}, set {want} ({sent})")
            (ARTIFACTS / f"lost_change_{self.i:02d}_{len(self.stats.lost_changes)}.txt").write_text(
                f"mark {sent_mark}\n" + "\n".join(self.reruns.events[-40:]) + "\n", encoding="utf-8")


async def _session(browser, expect, url: str, i: int, folder: Path, stats: Stats, cfg: Config,
                   start: asyncio.Event, go_box: list):
    ctx = await browser.new_context(viewport={"width": 1280, "height": 1000})
    if cfg.routes:
        await ctx.add_cookies([{"name": ROUTE_COOKIE, "value": cfg.routes[i % len(cfg.routes)], "url": url}])
    page = await ctx.new_page()
    page.set_default_timeout(cfg.timeout_ms)
    try:
        await Session(page, expect, i, stats, cfg).run(url, scenario_file(folder, i), start, go_box)
    except Exception as exc:  # noqa: BLE001 - collected and asserted at the end
        stats.errors.append(f"session {i}: {type(exc).__name__}: {str(exc)[:500]}")
        try:
            await page.screenshot(path=str(ARTIFACTS / f"load_session_{i:02d}.png"))
        except Exception:  # noqa: BLE001
            pass
        start.set()
    finally:
        await ctx.close()


async def _drive(url: str, folder: Path, stats: Stats, cfg: Config) -> float:
    from playwright.async_api import async_playwright, expect
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        go_box: list = [asyncio.get_running_loop().create_future(), 0.0]
        starts = [asyncio.Event() for _ in range(cfg.sessions)]
        tasks = [asyncio.create_task(_session(browser, expect, url, i, folder, stats, cfg, starts[i], go_box))
                 for i in range(cfg.sessions)]
        await asyncio.gather(*(e.wait() for e in starts))  # every session loaded and has its scenario
        t0 = time.monotonic()
        go_box[1] = t0 + cfg.seconds
        go_box[0].set_result(None)
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - t0
        await browser.close()
    return elapsed


def run_async(coro):
    """asyncio.run(coro) in a thread of its own (a sync Playwright of other browser tests may hold this
    thread's event loop); its result, or its exception re-raised here."""
    out: list = []
    failed: list[BaseException] = []

    def target():
        try:
            out.append(asyncio.run(coro))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=target, name="load-driver")
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return out[0]


def drive(url: str, folder: Path, cfg: Config) -> Stats:
    """Run the sessions: Chromium contexts, or the WebSocket client of tests/load/protocol.py."""
    ARTIFACTS.mkdir(exist_ok=True)
    stats = Stats(cfg.sessions)
    if cfg.client == "protocol":
        from tests.load import protocol
        stats.elapsed = run_async(protocol.drive(url, folder, stats, cfg))
    else:
        stats.elapsed = run_async(_drive(url, folder, stats, cfg))
    return stats


# --- report and verdict --------------------------------------------------------------------------------

def bad_log_lines(logs: list[Path]) -> list[str]:
    out = []
    for path in logs:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if re.search(r"Traceback|Exception|\bERROR\b|\bWARNING\b|Error:|Uncaught", line):
                out.append(f"{path.name}: {line}")
    return out


def report(stats: Stats, cfg: Config, mem: MemoryWatch, bad_log: list[str], where: str) -> str:
    all_lat = [x for v in stats.latency.values() for x in v]
    slow = [x for x in all_lat if x > SLOW_ACTION]
    slider = stats.latency.get("slider", [])
    clients = "Chromium contexts" if cfg.client == "browser" else "WebSocket protocol clients, no browser"
    lines = [f"load test: {cfg.sessions} concurrent sessions ({clients}), {stats.elapsed:.0f} s of load after "
             f"setup (≥ {cfg.seconds:.0f} s requested), {where}",
             f"  loops per session {min(stats.loops)}–{max(stats.loops)}; Monte Carlo runs (1,000 draws): "
             f"{sum(stats.mc_runs)}",
             f"  lost changes (value not there after switching page right after the change): "
             f"{len(stats.lost_changes)} of {stats.changes} {stats.lost_changes[:3]}",
             f"  isolation checks: {stats.checks}, violations: {len(stats.isolation_violations)}; "
             f"page exceptions: {stats.page_exceptions}; session errors: {len(stats.errors)}; "
             f"server log error lines: {len(bad_log)}",
             f"  server memory (servers + worker processes): VmRSS before {mem.before / 2**20:.0f} MiB, peak summed "
             f"VmRSS {mem.peak_rss / 2**20:.0f} MiB, summed VmHWM {mem.hwm_sum / 2**20:.0f} MiB "
             f"(limit {MAX_MEMORY / 2**30:.0f} GiB)",
             f"  latency over all {len(all_lat)} actions: p50 {pct(all_lat, 50):.2f} s, p95 {pct(all_lat, 95):.2f} s, "
             f"max {max(all_lat, default=float('nan')):.2f} s; actions over {SLOW_ACTION:.0f} s: {len(slow)}"]
    for kind, vals in sorted(stats.latency.items()):
        lines.append(f"    {kind:<26} n={len(vals):4d}  p50 {pct(vals, 50):6.2f} s  p95 {pct(vals, 95):6.2f} s  "
                     f"max {max(vals):6.2f} s")
    lines.append(f"  issue 15 targets: slider p95 {pct(slider, 95):.2f} s (≤ 2 s at 10 sessions, ≤ 4 s at 20); "
                 f"max action {max(all_lat, default=float('nan')):.2f} s (≤ 10 s at 20); memory "
                 f"{max(mem.peak_rss, mem.hwm_sum) / 2**30:.2f} GiB (≤ 2 GiB); errors {len(stats.errors)}, "
                 f"leakage {len(stats.isolation_violations)}, lost changes {len(stats.lost_changes)} (all 0)")
    return "\n".join(lines)


def failures(stats: Stats, cfg: Config, mem: MemoryWatch, bad_log: list[str]) -> list[str]:
    """What makes the run fail: errors, leakage, any lost change, log errors, memory, too short a run."""
    out = []
    out += stats.errors[:10]
    if stats.page_exceptions:
        out.append(f"{stats.page_exceptions} exception element(s) on pages")
    out += stats.isolation_violations[:10]
    out += [f"lost change: {x}" for x in stats.lost_changes[:10]]
    out += bad_log[:20]
    if stats.elapsed < cfg.seconds:
        out.append(f"ran {stats.elapsed:.0f} s < {cfg.seconds:.0f} s")
    if not all(n >= 1 for n in stats.loops):
        out.append(f"a session finished no loop: {stats.loops}")
    if cfg.monte_carlo and not all(n >= 1 for n in stats.mc_runs):
        out.append(f"a session ran no Monte Carlo: {stats.mc_runs}")
    if not 0 < mem.hwm_sum <= MAX_MEMORY:
        out.append(f"server memory {mem.hwm_sum / 2**20:.0f} MiB (summed VmHWM) over {MAX_MEMORY / 2**30:.0f} GiB")
    return out
