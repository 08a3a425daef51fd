# Sourced by run-app.sh and run-tests.sh (not run directly).
# Creates or reuses .venv (Python 3.11+) in the repo root and installs the project with its test
# extra. The install is skipped when pyproject.toml is unchanged since the last successful install
# (its sha256 is kept in .venv/.installed). Activates the venv for the calling script.

find_python() {
    local cand
    for cand in python3.11 python3; do
        if command -v "$cand" >/dev/null 2>&1 \
            && "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$cand"
            return 0
        fi
    done
    echo "error: need Python 3.11+ (python3.11 or python3) on PATH" >&2
    return 1
}

ensure_venv() {
    local venv=".venv" stamp=".venv/.installed" want py
    if [ -x "$venv/bin/python" ] \
        && ! "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        echo "==> $venv is broken or older than Python 3.11; recreating it" >&2
        rm -rf "$venv"
    fi
    if [ ! -x "$venv/bin/python" ]; then
        py="$(find_python)"
        echo "==> creating $venv with $py ($("$py" --version 2>&1))" >&2
        "$py" -m venv "$venv"
    fi
    # shellcheck disable=SC1091
    source "$venv/bin/activate"

    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "==> installing dx-sim and its test extra into $venv" >&2
        rm -f "$stamp"
        python -m pip install -q -e ".[test]"
        echo "$want" > "$stamp"
    fi
}

# The council report's chart images need a Japanese font (ui/report/charts.py looks for Noto Sans CJK):
# install Debian's fonts-noto-cjk when it is missing. Elsewhere, set DXSIM_FONT_DIR to a folder holding it.
ensure_cjk_fonts() {
    if ! command -v dpkg >/dev/null 2>&1; then
        return 0
    fi
    if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
        echo "==> installing fonts-noto-cjk (Japanese text in the report's chart images)" >&2
        local sudo=""
        if [ "$(id -u)" -ne 0 ]; then
            sudo="sudo"
        fi
        $sudo apt-get update
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk
    fi
}
