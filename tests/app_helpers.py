"""Helpers shared by the AppTest page tests."""

from __future__ import annotations

import json

import pyarrow as pa

from ui.i18n import t


def open_page(app_test, page: str, lang: str = "ja"):
    """Run the app, switch the language if asked, open `page` (e.g. "ui/pages/results.py")."""
    at = app_test().run()
    if lang != "ja":
        at.radio(key="lang").set_value(lang).run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_tab(at, tab: str, lang: str = "ja"):
    """The data page with one tab open (only the open tab is built), as after a click on that tab."""
    at.session_state[f"data_tabs_{lang}"] = t(f"data.tab.{tab}", lang)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart_data(at, i: int = 0):
    """The i-th altair chart's Vega-Lite spec and its first dataset as a DataFrame."""
    c = at.get("vega_lite_chart")[i]
    return json.loads(c.proto.spec), pa.ipc.open_stream(c.proto.datasets[0].data.data).read_pandas()
