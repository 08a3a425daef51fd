"""The results page (being built)."""

import streamlit as st

from ui import state
from ui.i18n import t

st.title(t("nav.results", state.lang()))
