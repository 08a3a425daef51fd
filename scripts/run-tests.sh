#!/usr/bin/env bash
# Run the whole dx-sim test suite (unit, scenario, AppTest and real-browser tests).
# Creates/reuses .venv, installs the project with its test extra, makes sure Debian's chromium (for the
# Playwright browser tests) and nginx (for the reverse-proxy test) are installed, then runs pytest.
# Extra arguments go to pytest.
# Exits with pytest's code; "no tests collected" (pytest exit 5) counts as a failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
ensure_venv

# Japanese fonts make failure screenshots readable (without them kana/kanji render as boxes).
# nginx: the reverse proxy of the multi-process test (tests/test_browser_proxy.py, deploy/nginx-dxsim.conf);
# nginx-light is enough. The test runs its own nginx on a free loopback port; on a host with systemd the
# package also starts the system's nginx on port 80 (systemctl disable --now nginx if unwanted).
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 \
    || ! { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }; then
    echo "==> installing Debian's chromium, fonts-noto-cjk and nginx-light" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk nginx-light
fi

rc=0
python -m pytest "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
    echo "error: pytest collected no tests (exit code 5) - treated as a failure" >&2
fi
exit "$rc"
