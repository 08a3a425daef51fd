"""Overview page: the key figures of the working scenario."""

from __future__ import annotations

import streamlit as st

from sim.units import format_value
from ui import state
from ui.i18n import t
from ui.runner import run_text

OVERVIEW_KPI_KEYS = ("staff_gap_target", "staff_gap_target_pct", "dx_cost_cumulative", "npv")

lang = state.lang()
sc = state.scenario()
res = run_text(state.scenario_text())
st.title(t("overview.title", lang))
st.write(t("overview.intro", lang))
st.subheader(t("overview.kpis", lang, name=sc.name))
kpis = res.kpis.set_index("key")
label_col = "label_ja" if lang == "ja" else "label_en"
for col, key in zip(st.columns(len(OVERVIEW_KPI_KEYS)), OVERVIEW_KPI_KEYS):
    row = kpis.loc[key]
    col.metric(row[label_col], format_value(row["value"], row["unit"], lang))
