"""Cheap reruns (issue 15 point 2): the results and compare pages build their files only when a button is
clicked, a rerun with an unchanged scenario draws their charts from the cache instead of building them
again, and the charts sent without altair's schema validation are valid and as altair makes them."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pandas as pd

from sim import export, run
from sim.compare import kpi_table
from sim.scenario import load_scenario, loads
from tests.app_helpers import open_page
from tests.conftest import ROOT
from tests.test_town_policy import _download, media  # noqa: F401  (the fixture)
from ui import chart_cache, compare_cache, municipal, state
from ui.charts import compare as compare_charts
from ui.i18n import CATALOG

RESULTS = "ui/pages/results.py"
COMPARE = "ui/pages/compare.py"
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
    assert header.startswith(JA["export.col.year"]) and "（人）" in header


def counted_builds(monkeypatch, builders: dict) -> list[str]:
    """The names of the charts built from now on (each builder of `builders` records its name)."""
    calls = []
    for name, build in list(builders.items()):
        def counted(*args, _name=name, _build=build, **kwargs):
            calls.append(_name)
            return _build(*args, **kwargs)
        monkeypatch.setitem(builders, name, counted)
    return calls


def test_unchanged_rerun_draws_charts_from_the_cache(app_test, monkeypatch):
    calls = counted_builds(monkeypatch, chart_cache.BUILDERS)
    at = open_page(app_test, RESULTS)
    assert set(calls) == set(chart_cache.BUILDERS)  # each chart built (supply/demand on the overview too)
    n_charts = len(at.get("vega_lite_chart"))
    calls.clear()
    at.run()
    assert not at.exception
    assert calls == [] and len(at.get("vega_lite_chart")) == n_charts  # replayed, not built
    at.toggle(key="results_budget_pay").set_value(True).run()
    assert calls == ["budget"]  # the pay toggle builds the one chart it changes


# ------------------------------------------------------- charts sent without altair's validation


def _normalised(spec: dict) -> str:
    """A spec with its datasets left out, dataset names replaced by their order of appearance and
    altair's default-theme view size (which Streamlit leaves out) removed."""
    spec = json.loads(json.dumps({k: v for k, v in spec.items() if k != "datasets"}, default=str))
    view = spec.get("config", {}).get("view", {})
    for key in chart_cache.THEME_VIEW:
        view.pop(key, None)
    if "view" in spec.get("config", {}) and not view:
        del spec["config"]["view"]
    if "config" in spec and not spec["config"]:
        del spec["config"]
    text = json.dumps(spec, sort_keys=True)
    for i, name in enumerate(dict.fromkeys(re.findall(r'"name": "(data-[0-9a-f]+)"', text))):
        text = text.replace(name, f"dataset-{i}")
    return text


def _every_chart():
    sq, dx = (run(load_scenario(ROOT / "scenarios" / f"{name}.toml")) for name in ("status_quo", "standard_dx"))
    for res in (sq, dx):
        for name, build in chart_cache.BUILDERS.items():
            options = {"kinds": res.lever_kinds} if name == "hours_by_lever" else {}
            frame = chart_cache.chart_frame(res, name, int(res.years[5]))
            for lang in ("ja", "en"):
                yield name, build(frame, lang, **options)
    frame = compare_charts.series_frame({"A": sq, "B": dx})
    for name, build in compare_cache.CHARTS.items():
        yield name, build(frame, ["A", "B"], "ja")
    yield from _uncertainty_charts()


def _uncertainty_charts():
    """The uncertainty page's charts (sent through chart_cache.show as well)."""
    from sim.sensitivity import tornado
    from sim.uncertainty import monte_carlo
    from ui.charts import uncertainty as unc

    sc = load_scenario(ROOT / "scenarios" / "standard_dx.toml")
    mc = monte_carlo(sc, 200, seed=3)
    bands = mc.band_table()
    for series, unit, _title, zero_rule in unc.FANS:
        yield f"fan {series}", unc.fan_chart(unc.fan_frame(bands, series, unit, "ja"), "ja", "t", unit,
                                             zero_rule=zero_rule)
    samples = mc.kpi_samples("staff_gap_target")
    yield "distribution", unc.distribution_chart(unc.histogram_frame(samples, "fte", "ja"),
                                                 unc.percentile_marks(samples, "fte", "ja"), "fte", "ja", "t")
    frame = unc.tornado_frame(tornado(sc, "staff_gap_target"), "fte", "ja")
    yield "tornado", unc.tornado_chart(frame, "fte", "ja", "t")


def test_every_chart_is_valid_and_sent_as_altair_would_make_it():
    """The app skips altair's schema validation (ui/chart_cache.vega_spec): here every chart is validated,
    and the spec sent is the one altair makes, with each DataFrame as a named dataset."""
    for name, chart in _every_chart():
        full = chart.to_dict()  # validates: raises altair's SchemaValidationError for an invalid spec
        sent = chart_cache.vega_spec(chart)
        assert _normalised(sent) == _normalised(full), name
        assert all(isinstance(d, pd.DataFrame) for d in sent["datasets"].values()), name
        rows = sorted(len(d) for d in sent["datasets"].values())
        assert rows == sorted(len(v) for v in full["datasets"].values()), name
        assert "$schema" in sent and "continuousWidth" not in sent.get("config", {}).get("view", {})  # as Streamlit


# -------------------------------------------------------------------------------- compare page


def test_compare_files_are_built_when_clicked_and_charts_replayed(app_test, media, monkeypatch):  # noqa: F811
    calls = counted_builds(monkeypatch, compare_cache.CHARTS)
    at = open_page(app_test, COMPARE)
    assert calls == ["fte", "gap", "benefit"]
    buttons = at.main.get("download_button")
    assert len(buttons) == 5  # a CSV under each chart, the KPI table, the differing inputs
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons)
    name, raw = _download(at, media, "compare_dl_kpis")
    assert name == "compare_kpis.csv" and raw.startswith(b"\xef\xbb\xbf")
    names = at.multiselect[0].value
    compared = [at.session_state[state.LIBRARY]["builtin:status_quo"]["text"], at.session_state[state.TEXT]]
    table = kpi_table([run(loads(text)) for text in compared], names)
    assert raw == compare_charts.csv_bytes(export.compare_kpi_table(table, names, "ja"))  # as the page made it
    name, raw = _download(at, media, "compare_dl_gap")
    assert name == "compare_gap.csv" and raw[3:].decode("utf-8").startswith(JA["export.col.year"])
    calls.clear()
    at.run()
    assert not at.exception
    assert calls == [] and len(at.get("vega_lite_chart")) == 3  # replayed, not built


# ------------------------------------------------------------------------ the sidebar's municipal data


def test_municipal_tables_are_shared_not_copied_per_rerun(app_test, monkeypatch):
    """The sidebar reads the bundled SSDSE-A and IPSS tables on every rerun: the same objects each time
    (parsed once per server, never copied), with the picker's directory made once per table; what the
    module hands out for changing (directory()) is a copy."""
    monkeypatch.delenv(municipal.ENV_DIR, raising=False)
    at = app_test().run()
    assert not at.exception
    first, second = municipal.load(), municipal.load()
    assert first.ssdse is second.ssdse and first.ipss is second.ipss
    assert [f.rows for f in first.files] == [len(first.ssdse), first.ipss["code"].nunique()]
    d = municipal.directory(first.ssdse)
    d["name"] = "x"
    assert (municipal.directory(first.ssdse)["name"] != "x").all()
    assert municipal.locate(first.ssdse, "01210")["name"] == "岩見沢市"
    assert municipal.prefectures(first.ssdse)[0] == "北海道" and len(municipal.prefectures(first.ssdse)) == 47


# -------------------------------------------------------------------------------- uncertainty page


def test_uncertainty_files_are_built_when_clicked_and_fans_replayed(app_test, media, monkeypatch):  # noqa: F811
    from ui.charts import uncertainty as unc

    built = []
    real = unc.fan_chart
    monkeypatch.setattr(unc, "fan_chart", lambda *a, **k: built.append(a[2]) or real(*a, **k))
    at = open_page(app_test, "ui/pages/uncertainty.py")
    at.number_input(key="unc_draws").set_value(200)
    at.button(key="unc_run").click().run()
    assert not at.exception
    assert len(built) == len(unc.FANS)
    buttons = at.main.get("download_button")
    assert len(buttons) == 4  # bands, workbook, KPI table, tornado (Sobol not run)
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons)  # nothing built yet
    at.slider(key="unc_gap_x").set_value(30).run()  # a rerun on the same run: the fans come from the cache
    assert not at.exception and len(built) == len(unc.FANS)
    assert len(at.get("vega_lite_chart")) == len(unc.FANS) + 2  # and are drawn: fans, distribution, tornado
    name, raw = _download(at, media, "unc_dl_bands")
    assert name.endswith("_mc_bands.csv") and raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").splitlines()[0].startswith(JA["export.col.year"])
    name, raw = _download(at, media, "unc_dl_workbook")  # every table of the run, with its percentiles
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert name.endswith("_mc.xlsx") and len(book.sheetnames) == 8
    assert book.sheetnames[-1] == JA["sheet.assumptions"]
    series = book.worksheets[1]
    assert any(str(c.value).endswith(" P90") for c in series[1])
