"""The load test's sessions without a browser: each speaks Streamlit's own WebSocket protocol to the server
(protobuf BackMsg / ForwardMsg, the frontend's messages as recorded from Chromium) and does the same loop
as the browser sessions of tests/load/driver.py: upload its own scenario (file_urls_request, HTTP PUT with
the XSRF token, file-uploader state), move the slider step by step, switch page right after a change, run
a 1,000-draw Monte Carlo, type a number and switch page at once, and check on return that every change is
there.

Why: in a deployment each planner's browser runs on the planner's own PC. With 10–20 Chromium contexts on
the server's 2 cores the browsers take about 4× the server's CPU (measured: 1.22 cores against 0.32 at 10
sessions), so a browser load test measures the browsers. This client costs little CPU, so the latency
it reports is the server's: from the request leaving the client until the server's script_finished, what
a planner waits for before the page starts to draw. The browser's own drawing time (one session, its own
PC) comes on top; the driver's browser mode still runs for the behaviour of the real frontend.
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from tests.load import driver

JA = driver.JA
XSRF_COOKIE = "_streamlit_xsrf"
OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
NAME_RE = re.compile((driver.PREFIX + r"(\d\d)").encode())


class ProtocolSession:
    """One planner's session over the WebSocket. Widgets are found by their label in the deltas of the
    last run; only the widgets a planner touches are sent (the server keeps the others' values)."""

    def __init__(self, url: str, i: int, stats: driver.Stats, cfg: driver.Config):
        self.url, self.i, self.stats, self.cfg = url, i, stats, cfg
        self.token = generate_xsrf_token_string()
        self.cookie = f"{XSRF_COOKIE}={self.token}"
        if cfg.routes:
            self.cookie += f"; {driver.ROUTE_COOKIE}={cfg.routes[i % len(cfg.routes)]}"
        self.ws = None
        self.session_id = ""
        self.pages: dict[str, str] = {}  # page name -> script hash
        self.page_hash = ""
        self.query = ""
        self.widgets: dict[tuple[str, str], object] = {}  # (element kind, label) -> proto of the last run
        self.run_bytes: list[bytes] = []  # the running run's delta messages
        self.run_exceptions = 0
        self.last_run_bytes: bytes = b""  # the last finished run's (name checks)
        self.last_run_exceptions = 0
        self.seq = self.last_sent = self.last_done = 0
        self.finished = asyncio.Event()  # set at each successful finish
        self.file_urls: asyncio.Future | None = None
        self.uploader_state = None
        self._reader: asyncio.Task | None = None

    # --- transport -------------------------------------------------------------------------------
    async def connect(self) -> None:
        import websockets
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit", self.token],
                                           additional_headers={"Cookie": self.cookie}, max_size=None,
                                           open_timeout=self.cfg.timeout_ms / 1000, ping_interval=None)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def _read(self) -> None:
        async for payload in self.ws:
            msg = ForwardMsg.FromString(payload)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.widgets, self.run_bytes, self.run_exceptions = {}, [], 0
            elif kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta":
                self.run_bytes.append(payload)
                self._element(msg.delta)
            elif kind == "file_urls_response" and self.file_urls is not None and not self.file_urls.done():
                self.file_urls.set_result(msg.file_urls_response)
            elif kind == "script_finished":
                if msg.script_finished in OK:
                    self.last_run_bytes = b"".join(self.run_bytes)
                    self.last_run_exceptions = self.run_exceptions
                    self.seq += 1
                    self.last_done = self.seq
                    self.finished.set()

    def _element(self, delta) -> None:
        if delta.WhichOneof("type") == "new_element":
            kind = delta.new_element.WhichOneof("type")
            el = getattr(delta.new_element, kind)
            self.run_exceptions += kind == "exception"
            if getattr(el, "id", "") and getattr(el, "label", ""):
                self.widgets[(kind, el.label)] = el
        elif delta.WhichOneof("type") == "add_block" and delta.add_block.WhichOneof("type") == "expandable":
            exp = delta.add_block.expandable
            self.widgets[("expander", exp.label)] = exp

    async def send(self, *states: WidgetState, page: str | None = None) -> int:
        """A rerun request with these widget states (on `page`, else the current one); returns the mark."""
        base = self.seq
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.pages[page] if page else self.page_hash
        if page:
            self.page_hash = rerun.page_script_hash
            rerun.page_name = page
        rerun.widget_states.widgets.extend(states)
        if self.uploader_state is not None:
            rerun.widget_states.widgets.append(self.uploader_state)
        rerun.context_info.timezone = "Asia/Tokyo"
        rerun.context_info.locale = "ja-JP"
        rerun.context_info.url = self.url + "/"
        await self.ws.send(msg.SerializeToString())
        self.seq += 1
        self.last_sent = self.seq
        return base

    async def settle(self) -> None:
        """Wait until the server has finished a run after the last request."""
        deadline = time.monotonic() + self.cfg.timeout_ms / 1000
        while self.last_done <= self.last_sent:
            self.finished.clear()
            try:
                await asyncio.wait_for(self.finished.wait(), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                raise TimeoutError(f"no finished rerun within {self.cfg.timeout_ms / 1000:.0f} s") from None

    # --- widgets ---------------------------------------------------------------------------------
    def widget(self, kind: str, label: str):
        """The widget of this kind whose label is `label`, or starts with it (labels may carry a unit)."""
        for (k, lbl), el in self.widgets.items():
            if k == kind and (lbl == label or lbl.startswith(label + "（") or lbl.startswith(label + " (")):
                return el
        raise AssertionError(f"session {self.i}: no {kind} {label!r} on the page; have "
                             f"{sorted(lbl for k, lbl in self.widgets if k == kind)[:20]}")

    @staticmethod
    def shown(el) -> float:
        """What the browser shows for a slider or number input: its set value, else its default."""
        values = list(el.value) if el.DESCRIPTOR.name == "Slider" else [el.value]
        if el.set_value and values:
            return float(values[0])
        return float(el.default[0] if el.DESCRIPTOR.name == "Slider" else el.default)

    @staticmethod
    def state(el, value=None, trigger: bool = False) -> WidgetState:
        w = WidgetState(id=el.id)
        name = el.DESCRIPTOR.name
        if trigger:
            w.trigger_value = True
        elif name == "Slider":
            w.double_array_value.data.append(float(value))
        elif name == "NumberInput":
            if el.data_type == el.INT:
                w.int_value = int(value)
            else:
                w.double_value = float(value)
        elif name == "Expandable":
            w.bool_value = bool(value)
        return w

    # --- checks ------------------------------------------------------------------------------------
    def check(self, where: str, own_name_shown: bool = True) -> None:
        stats, data = self.stats, self.last_run_bytes
        stats.checks += 1
        if self.last_run_exceptions:
            stats.page_exceptions += self.last_run_exceptions
            stats.errors.append(f"session {self.i} {where}: {self.last_run_exceptions} exception element(s)")
        names = {m.decode() for m in NAME_RE.findall(data)}
        if names - {f"{self.i:02d}"} or (own_name_shown and not names):
            stats.isolation_violations.append(f"session {self.i} {where}: page shows {sorted(names)}")

    def compare(self, what: str, got: float, want: float) -> None:
        self.stats.changes += 1
        if abs(got - want) > 1e-9:
            self.stats.lost_changes.append(f"session {self.i}: {what} shows {got:g}, set {want:g}")

    # --- actions (timed like the browser driver's) -----------------------------------------------
    async def go(self, page: str) -> None:
        t0 = time.perf_counter()
        await self.send(page=page)
        await self.settle()
        self.stats.add("page switch", time.perf_counter() - t0)

    async def group(self):
        exp = self.widget("expander", driver.GROUP)
        if not any(k == "slider" and lbl.startswith(driver.SLIDER_LABEL) for k, lbl in self.widgets):
            await self.send(self.state(exp, True))
            await self.settle()
        return self.widget("slider", driver.SLIDER_LABEL), self.widget("number_input", driver.NUMBER_LABEL)

    async def upload(self, scenario: Path) -> None:
        uploader = self.widget("file_uploader", JA["persistence.upload"])
        t0 = time.perf_counter()
        self.file_urls = asyncio.get_running_loop().create_future()
        req = BackMsg()
        req.file_urls_request.request_id = str(uuid.uuid4())
        req.file_urls_request.file_names.append(scenario.name)
        req.file_urls_request.session_id = self.session_id
        await self.ws.send(req.SerializeToString())
        urls = (await asyncio.wait_for(self.file_urls, self.cfg.timeout_ms / 1000)).file_urls[0]
        data = scenario.read_bytes()
        await asyncio.to_thread(self._put, urls.upload_url, scenario.name, data)
        w = WidgetState(id=uploader.id)
        info = w.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = scenario.name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        self.uploader_state = w
        await self.send()
        await self.settle()
        if f"シナリオ「{driver.PREFIX}{self.i:02d}」".encode() not in self.last_run_bytes:
            raise AssertionError(f"session {self.i}: the upload did not make the scenario the working one")
        self.stats.add("upload", time.perf_counter() - t0)

    def _put(self, path: str, name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/toml\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        req = urllib.request.Request(urllib.parse.urljoin(self.url + "/", path.lstrip("/")), data=body,
                                     method="PUT", headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                            "X-Xsrftoken": self.token, "Cookie": self.cookie})
        with urllib.request.urlopen(req, timeout=self.cfg.timeout_ms / 1000) as r:
            if r.status not in (200, 204):
                raise AssertionError(f"upload answered HTTP {r.status}")

    async def run(self, scenario: Path, start: asyncio.Event, go_box: list) -> None:
        stats, i, cfg = self.stats, self.i, self.cfg
        await self.connect()
        await self.send()
        await self.settle()
        self.page_hash = self.pages[JA["nav.overview"]]
        await self.upload(scenario)
        self.check("after upload")
        start.set()
        await go_box[0]
        deadline = go_box[1]
        step, want_number = 0, None
        while driver.keep_going(stats, cfg, i, deadline):
            step += 1
            # 1. parameters page: the typed value of the last loop must be there; move the slider and leave
            await self.go(JA["nav.parameters"])
            slider, number = await self.group()
            if want_number is not None:
                self.compare("number", self.shown(number), want_number)
            k = 2 + i % 4
            value = self.shown(slider)
            for n in range(k):
                value = round(min(slider.max, max(slider.min, value + (slider.step if step % 2 else -slider.step))), 10)
                t0 = time.perf_counter()
                await self.send(self.state(slider, value))
                if n < k - 1:
                    await self.settle()
                    stats.add("slider", time.perf_counter() - t0)
                    slider = self.widget("slider", driver.SLIDER_LABEL)
            want_slider = value
            if cfg.monte_carlo:
                stats.add("slider (until sent)", time.perf_counter() - t0)
                await self.go(JA["nav.uncertainty"])
                # 2. Monte Carlo with 1,000 draws (the page's default)
                draws = self.widget("number_input", JA["unc.draws"])
                if self.shown(draws) != 1000:
                    await self.send(self.state(draws, 1000))
                    await self.settle()
                t0 = time.perf_counter()
                await self.send(self.state(self.widget("button", JA["unc.run"]), trigger=True))
                await self.settle()
                while JA["unc.section.bands"].encode() not in self.last_run_bytes:
                    if time.perf_counter() - t0 > cfg.timeout_ms / 1000:
                        raise TimeoutError(f"session {i}: no Monte-Carlo result")
                    await self.send()
                    await self.settle()
                stats.add("monte carlo 1,000 draws", time.perf_counter() - t0)
                stats.mc_runs[i] += 1
                self.check("uncertainty")
            else:
                stats.add("slider (until sent)", time.perf_counter() - t0)
                await self.go(JA["nav.overview"])
                self.check("overview")
            # 3. back on the parameters page: the slider value must be there; type a value and leave
            await self.go(JA["nav.parameters"])
            slider, number = await self.group()
            self.check("parameters", own_name_shown=False)
            self.compare("slider", self.shown(slider), want_slider)
            want_number = driver.typed_value(i, step, int(self.shown(number)))
            t0 = time.perf_counter()
            await self.send(self.state(number, want_number))
            stats.add("typed value (until sent)", time.perf_counter() - t0)
            # 4. overview at once
            await self.go(JA["nav.overview"])
            self.check("overview")
            stats.loops[i] += 1
        await self.go(JA["nav.parameters"])
        _, number = await self.group()
        self.compare("number", self.shown(number), want_number)


async def _session(url: str, i: int, folder: Path, stats: driver.Stats, cfg: driver.Config,
                   start: asyncio.Event, go_box: list) -> None:
    s = ProtocolSession(url, i, stats, cfg)
    try:
        await s.run(driver.scenario_file(folder, i), start, go_box)
    except Exception as exc:  # noqa: BLE001 - collected and asserted at the end
        stats.errors.append(f"session {i}: {type(exc).__name__}: {str(exc)[:500]}")
        start.set()
    finally:
        await s.close()


async def drive(url: str, folder: Path, stats: driver.Stats, cfg: driver.Config) -> float:
    go_box: list = [asyncio.get_running_loop().create_future(), 0.0]
    starts = [asyncio.Event() for _ in range(cfg.sessions)]
    tasks = [asyncio.create_task(_session(url, i, folder, stats, cfg, starts[i], go_box))
             for i in range(cfg.sessions)]
    await asyncio.gather(*(e.wait() for e in starts))
    t0 = time.monotonic()
    go_box[1] = t0 + cfg.seconds
    go_box[0].set_result(None)
    await asyncio.gather(*tasks)
    return time.monotonic() - t0
