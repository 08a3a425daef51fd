"""Several Streamlit server processes behind nginx with sticky sessions, configured by deploy/nginx-dxsim.conf
(its upstream `server` lines and `listen` port replaced by free loopback ports). Used by the proxy browser
test and by the load test with DXSIM_LOAD_PROCESSES > 1."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, ROOT, _free_port, _log_tail, run_streamlit, stop_process

NGINX_CONF = ROOT / "deploy" / "nginx-dxsim.conf"
ROUTE_COOKIE = "dxsim_route"
UPSTREAM_HEADER = "X-Dxsim-Upstream"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if found is None:
        pytest.fail("nginx not found: the proxy tests need it (apt-get install -y nginx-light; "
                    "scripts/run-tests.sh installs it)", pytrace=False)
    return found


def site_config(listen: int, backends: list[int]) -> str:
    """deploy/nginx-dxsim.conf for these ports (everything else as shipped)."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in backends)
    text, n_up = re.subn(r"(?:    server 127\.0\.0\.1:\d+;\n)+", servers, text)
    text, n_listen = re.subn(r"listen \d+;", f"listen 127.0.0.1:{listen};", text)
    assert n_up == 1 and n_listen == 1, "deploy/nginx-dxsim.conf changed shape: update tests/proxy_helpers.py"
    return text


def main_config(prefix: Path, site: Path) -> str:
    """A minimal nginx.conf that runs from `prefix` (no root paths) and includes the site."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers may then read the temp folders
    return (f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"  access_log {prefix}/access.log;\n"
            + "".join(f"  {kind}_temp_path {prefix}/{kind};\n"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
            + f"  include {site};\n}}\n")


def upstream_of(url: str, route: str | None = None) -> str:
    """The backend (host:port) nginx sends a request with this route cookie to."""
    req = urllib.request.Request(f"{url}/_stcore/health")
    if route is not None:
        req.add_header("Cookie", f"{ROUTE_COOKIE}={route}")
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.headers[UPSTREAM_HEADER]


def routes_per_backend(url: str, backends: list[str]) -> list[str]:
    """One route-cookie value per backend (found by asking nginx), so that sessions can be spread evenly."""
    found: dict[str, str] = {}
    for i in range(200):
        up = upstream_of(url, f"route-{i}")
        found.setdefault(up, f"route-{i}")
        if len(found) == len(backends):
            break
    assert sorted(found) == sorted(backends), f"nginx reached {sorted(found)}, not all of {backends}"
    return [found[b] for b in backends]


@contextlib.contextmanager
def proxied_servers(n: int, tmp: Path, env: dict | None = None, log_name: str = "proxy"):
    """n Streamlit servers (the same environment, so the same library folder) behind nginx.
    Yields (proxy url, [server processes], ["127.0.0.1:port" of each server])."""
    binary = nginx_binary()
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = tmp / "nginx"
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(run_streamlit(ARTIFACTS / f"{log_name}-streamlit-{i}.log", env=env))
                   for i in range(n)]
        ports = [int(url.rsplit(":", 1)[1]) for url, _ in servers]
        listen = _free_port()
        site = prefix / "dxsim.conf"
        site.write_text(site_config(listen, ports), encoding="utf-8")
        conf = prefix / "nginx.conf"
        conf.write_text(main_config(prefix, site), encoding="utf-8")
        check = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log"),
                                 "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{listen}"
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"nginx exited with {proc.returncode}:\n{_log_tail(prefix / 'error.log')}",
                                pytrace=False)
                try:
                    upstream_of(url)
                    break
                except (urllib.error.URLError, OSError):
                    if time.monotonic() > deadline:
                        pytest.fail(f"nginx not answering at {url}:\n{_log_tail(prefix / 'error.log')}",
                                    pytrace=False)
                    time.sleep(0.2)
            yield url, [p for _, p in servers], [f"127.0.0.1:{port}" for port in ports]
        finally:
            stop_process(proc)
            shutil.copy(prefix / "error.log", ARTIFACTS / f"{log_name}-nginx-error.log")
