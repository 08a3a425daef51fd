"""Cheap reruns (issue 15 point 2): the results page builds its files only when a button is clicked, and
a rerun with an unchanged scenario draws its charts from the cache instead of building them again."""

from __future__ import annotations

import io

import openpyxl

from tests.app_helpers import open_page
from tests.test_town_policy import _download, media  # noqa: F401  (the fixture)
from ui import chart_cache
from ui.i18n import CATALOG

RESULTS = "ui/pages/results.py"
JA = CATALOG["ja"]


def test_results_files_are_built_when_clicked(app_test, media):  # noqa: F811
    at = open_page(app_test, RESULTS)
    buttons = at.main.get("download_button")
    assert len(buttons) == 8  # a CSV under each of the seven charts, and the Excel workbook
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons)  # nothing built yet
    name, raw = _download(at, media, "download_excel")
    assert name.endswith(".xlsx")
    assert openpyxl.load_workbook(io.BytesIO(raw)).sheetnames
    name, raw = _download(at, media, "download_flows")
    assert name.endswith("_flows.csv") and raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].decode("utf-8").splitlines()[0]
    assert header.startswith(JA["results.col.year"]) and "（人）" in header


def test_unchanged_rerun_draws_charts_from_the_cache(app_test, monkeypatch):
    calls = []
    for name, build in list(chart_cache.BUILDERS.items()):
        def counted(*args, _name=name, _build=build, **kwargs):
            calls.append(_name)
            return _build(*args, **kwargs)
        monkeypatch.setitem(chart_cache.BUILDERS, name, counted)
    at = open_page(app_test, RESULTS)
    assert set(calls) == set(chart_cache.BUILDERS)  # each chart built (supply/demand on the overview too)
    n_charts = len(at.get("vega_lite_chart"))
    calls.clear()
    at.run()
    assert not at.exception
    assert calls == [] and len(at.get("vega_lite_chart")) == n_charts  # replayed, not built
    at.toggle(key="results_budget_pay").set_value(True).run()
    assert calls == ["budget"]  # the pay toggle builds the one chart it changes
