"""dx-sim Streamlit entry point: page config, language switch, navigation.

Run from the project root (``bash scripts/run-app.sh``), so that .streamlit/config.toml applies.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # `streamlit run` without an installed package
    sys.path.insert(0, str(ROOT))

from ui.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, t  # noqa: E402

# The radio below owns st.session_state["lang"]; before it is drawn we read last run's value.
lang = st.session_state.get("lang", DEFAULT_LANG)
st.set_page_config(page_title=t("app.page_title", lang), layout="wide")

with st.sidebar:
    lang = st.radio(
        t("sidebar.language", lang),
        options=list(LANGS),
        format_func=LANG_NAMES.__getitem__,
        key="lang",
        horizontal=True,
    )

pages = [
    st.Page("ui/pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:", default=True),
]
st.navigation(pages).run()
