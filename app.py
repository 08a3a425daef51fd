"""dx-sim Streamlit entry point: page config, shared sidebar, navigation.

Run from the project root (``bash scripts/run-app.sh``), so that .streamlit/config.toml applies.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # `streamlit run` without an installed package
    sys.path.insert(0, str(ROOT))

from sim import pool  # noqa: E402
from ui import bindings, heap, persistence, query, reproduce, runner, sidebar, state, streamlit_patch  # noqa: E402
from ui.i18n import t  # noqa: E402

pool.not_a_worker_main(globals())  # a worker process started during this run must not run the app again

heap.freeze_once()  # the libraries out of the full GC pass Streamlit runs after every rerun
streamlit_patch.install()  # a newer request no longer drops widget values the browser has sent
st.set_page_config(page_title=t("app.page_title", state.lang()), layout="wide")
state.init()
bindings.apply_pending()  # widget changes of the last request (also one a stopped run left unapplied)
persistence.load_folder()  # the library folder's scenarios, once per session, before the picker is drawn
query.restore()
lang = sidebar.render()

PAGES = ("overview", "parameters", "results", "staffing_plan", "uncertainty", "compare", "optimise", "batch", "data")
ICONS = {"overview": "dashboard", "parameters": "tune", "results": "monitoring", "staffing_plan": "groups",
         "uncertainty": "ssid_chart", "compare": "compare_arrows", "optimise": "auto_graph", "batch": "table_view",
         "data": "menu_book"}
pages = {name: st.Page(f"ui/pages/{name}.py", title=t(f"nav.{name}", lang), icon=f":material/{ICONS[name]}:",
                       default=name == query.DEFAULT_PAGE, url_path=name) for name in PAGES}
current = st.navigation(list(pages.values()))
runner.draws_notice(state.scenario(), lang)  # a link or upload asking for more draws than the app runs
start = st.session_state.pop(query.START_PAGE, None)  # a shared link's page (?p=…), first run only
if start in pages and current.url_path in ("", query.DEFAULT_PAGE) and start != query.DEFAULT_PAGE:
    st.switch_page(pages[start])
current.run()
reproduce.render(lang)
query.sync(page=current.url_path or query.DEFAULT_PAGE)
