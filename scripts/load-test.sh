#!/usr/bin/env bash
# Load test (opt-in): the real Streamlit server on a free 127.0.0.1 port, ≥ 20 concurrent Chromium
# contexts for ≥ 60 s (upload an own scenario, move a slider, run a 1,000-draw Monte Carlo, switch pages).
# Prints p95 rerun latency, server peak memory and the isolation check. About 2–3 minutes.
# Environment: DXSIM_LOAD_SESSIONS (default 20), DXSIM_LOAD_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
ensure_venv
DXSIM_LOAD=1 exec python -m pytest tests/load -m load -s -p no:cacheprovider "$@"
