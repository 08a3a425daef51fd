"""Overview page: title, one sentence, and the key figures of the default scenario."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from sim.units import format_value
from ui.i18n import DEFAULT_LANG, t

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SCENARIO = ROOT / "scenarios" / "standard_dx.toml"
N_KPIS = 4
# KPI keys to show first, in this order (the rest of the 4 slots are filled in results order).
OVERVIEW_KPI_KEYS: tuple[str, ...] = ("staff_gap_target", "staff_gap_target_pct", "dx_cost_cumulative", "npv")


@st.cache_data(show_spinner=False)
def scenario_kpis(path: str, text: str) -> tuple[str, pd.DataFrame]:
    """Run the scenario at ``path``; ``text`` (the file's content) keys the cache.

    Returns the scenario name (may be "") and the KPI table (key, value, unit, label_ja, label_en).
    """
    from sim import load_scenario, run

    sc = load_scenario(path)
    res = run(sc)
    name = getattr(sc, "name", None) or getattr(getattr(sc, "meta", None), "name", None) or ""
    return str(name), res.kpis


def pick_kpis(kpis: pd.DataFrame, n: int = N_KPIS) -> pd.DataFrame:
    """The preferred KPIs (OVERVIEW_KPI_KEYS) first, then the others in order; at most ``n`` rows."""
    preferred = [k for k in OVERVIEW_KPI_KEYS if k in set(kpis["key"])]
    first = kpis.set_index("key").loc[preferred].reset_index() if preferred else kpis.iloc[:0]
    rest = kpis[~kpis["key"].isin(preferred)]
    return pd.concat([first, rest], ignore_index=True).head(n)


def sim_available() -> bool:
    """True once the sim package exposes the load_scenario / run API."""
    import sim  # a broken sim package must fail loudly, not be hidden

    return hasattr(sim, "load_scenario") and hasattr(sim, "run")


lang = st.session_state.get("lang", DEFAULT_LANG)

st.title(t("overview.title", lang))
st.write(t("overview.intro", lang))

if not sim_available():
    st.info(t("overview.sim_unavailable", lang))
else:
    name, kpis = scenario_kpis(str(DEFAULT_SCENARIO), DEFAULT_SCENARIO.read_text(encoding="utf-8"))
    st.subheader(t("overview.kpis", lang, name=name) if name else t("overview.kpis_unnamed", lang))
    shown = pick_kpis(kpis)
    if shown.empty:
        st.info(t("overview.no_kpis", lang))
    else:
        label_col = "label_ja" if lang == "ja" else "label_en"
        for col, row in zip(st.columns(len(shown)), shown.itertuples(index=False)):
            col.metric(getattr(row, label_col), format_value(row.value, row.unit, lang))
