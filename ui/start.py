"""The first step of a new session, at the top of the overview page: choose your municipality
(prefecture → municipality, or part of a name), or continue with a size-class model town.

Shown while the session still holds the default scenario untouched and nothing was chosen; gone once
a municipality is applied, the model town is confirmed, or the user goes on otherwise (another
scenario, a changed value, a shared link).
"""

from __future__ import annotations

import streamlit as st

from sim import data
from ui import municipal, sidebar, state
from ui.i18n import label_column, t

KEYS = ("start_prefecture", "start_search", "start_pick")
PRESET, CONTINUE = "start_preset", "start_continue"


def needed() -> bool:
    ss = st.session_state
    if ss.get(sidebar.START_DONE) or municipal.scenario_code(state.scenario()):
        return False
    default = state.library().get(state.DEFAULT_ID)
    return state.active_id() == state.DEFAULT_ID and default is not None and default["text"] == state.scenario_text()


def _on_model(by_label: dict, lang: str) -> None:
    if sidebar.update_municipality({"preset": by_label[st.session_state[PRESET]]}, lang):
        state.set_scenario(state.scenario(), reset_widgets=True)  # the sidebar shows the new preset
        st.session_state[sidebar.START_DONE] = True


def render(lang: str) -> None:
    """Draw the first step if it is still needed."""
    if not needed():
        return
    with st.container(border=True, key="start_step"):
        st.subheader(t("start.title", lang))
        st.markdown(t("start.intro", lang))
        left, right = st.columns(2, gap="large")
        with left:
            st.markdown(f"**{t('start.pick', lang)}**")
            loaded = municipal.load()
            if loaded.available:
                sidebar.muni_picker(lang, loaded, KEYS)
            else:
                st.markdown(t("start.no_data", lang))
        with right:
            st.markdown(f"**{t('start.model', lang)}**")
            col = label_column(lang)
            by_label = {row[col]: key for key, row in data.presets().iterrows()}
            labels = list(by_label)
            current = data.presets().loc[state.scenario().municipality.preset, col]
            if st.session_state.get(PRESET) not in by_label:
                st.session_state[PRESET] = current
            st.selectbox(t("start.model_preset", lang), labels, key=PRESET)
            st.button(t("start.model_button", lang), key=CONTINUE, on_click=_on_model, args=(by_label, lang),
                      type="primary")
        st.caption(t("start.later", lang))
