#!/usr/bin/env bash
# Load test (opt-in): the real Streamlit server on a free 127.0.0.1 port, ≥ 20 concurrent Chromium
# contexts for ≥ 60 s (upload an own scenario, move a slider / type a value and switch page at once, run a
# 1,000-draw Monte Carlo). Fails on any lost change, leakage, page exception, server-log error or warning,
# or memory over 2 GiB; prints p50/p95/max per action, actions over 10 s and memory (tests/load/driver.py).
# Environment: DXSIM_LOAD_SESSIONS (default 20), DXSIM_LOAD_SECONDS (default 60), DXSIM_LOAD_PROCESSES
# (default 1; N = N server processes behind nginx with deploy/nginx-dxsim.conf), DXSIM_WORKERS, DXSIM_LOAD_CLIENT
# (browser, the default: Chromium contexts; protocol: tests/load/protocol.py, no browser).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
ensure_venv
DXSIM_LOAD=1 exec python -m pytest tests/load -m load -s -p no:cacheprovider "$@"
