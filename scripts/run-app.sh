#!/usr/bin/env bash
# Start the dx-sim Streamlit app on http://127.0.0.1:8599 (settings in .streamlit/config.toml).
# Creates/reuses .venv and installs the project on first use. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
ensure_venv
ensure_cjk_fonts

exec python -m streamlit run app.py "$@"
