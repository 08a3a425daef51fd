"""Data & sources page through AppTest: model, parameter table, bundled tables with credits, sources."""

from __future__ import annotations

import pandas as pd

from sim import data
from sim.parameters import REGISTRY
from ui.i18n import t

PAGE = "ui/pages/data.py"
D01 = "出典：独立行政法人統計センター「SSDSE（教育用標準データセット）」を加工して作成"
D02 = "出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5（2023）年推計）」を加工して作成"
BUNDLED = sorted(p.relative_to(data.DATA_DIR).as_posix() for p in data.DATA_DIR.rglob("*.csv"))


def _open(app_test, lang="ja"):
    at = app_test().run()
    if lang != "ja":
        at.radio(key="lang").set_value(lang).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _tables_by_file(at):
    """Bundled file name -> its displayed DataFrame (one per file, after the parameter table)."""
    files = [h.value for h in at.subheader if h.value.endswith(".csv")]
    return dict(zip(files, [d.value for d in at.dataframe][1:]))


def test_tabs_model_parameters_and_sources(app_test):
    at = _open(app_test)
    assert [tab.label for tab in at.tabs] == [t(f"data.tab.{n}", "ja") for n in ("model", "parameters", "data", "sources")]
    markdown = "\n".join(m.value for m in at.markdown)
    assert "# dx-sim model" in markdown and "## 1. Workforce" in markdown  # docs/model.md
    assert "## Source list" in markdown and "**S01**" in markdown      # data/SOURCES.md
    params = at.dataframe[0].value
    assert len(params) == len(REGISTRY)
    assert list(params.columns) == ["キー", "区分", "項目", "単位", "既定値", "範囲", "年度別", "不確実性", "出典"]
    assert set(params["キー"]) == set(REGISTRY)
    sources = params.set_index("キー")["出典"]
    assert sources["simulation.base_year"] == "仮定"
    assert sources["lever.standardisation.cloud_cost_multiplier"] == "S34"


def test_every_bundled_table_with_description_credit_and_unverified_label(app_test):
    at = _open(app_test)
    tables = _tables_by_file(at)
    assert sorted(tables) == BUNDLED
    for name, table in tables.items():
        n_rows = len(table)
        assert n_rows == len(pd.read_csv(data.DATA_DIR / name)), name
    captions = [c.value for c in at.caption]
    assert D01 in captions and D02 in captions
    assert captions.count(D02) == 3  # presets, national and size-class population tables
    markdown = [m.value for m in at.markdown]
    assert any(m.startswith("Size-class municipality presets") for m in markdown)
    staff = tables["national/local_gov_staff_by_year.csv"]
    check = staff[t("data.check_column", "ja")]
    assert (check == "未検証（記憶による値）").sum() == 8
    assert set(staff.loc[check != "", "year"]) == {2010, 2013, 2014, 2015, 2018, 2019, 2020, 2021}
    assert [w.value for w in at.warning] == [t("data.unverified_note", "ja", n=8)]


def test_english(app_test):
    at = _open(app_test, "en")
    assert at.title[0].value == "Data & sources"
    assert [tab.label for tab in at.tabs] == ["Model", "Parameters", "Data", "Sources"]
    params = at.dataframe[0].value
    assert len(params) == len(REGISTRY) and params.columns[0] == "Key"
    assert params.set_index("Key").loc["simulation.base_year", "Source"] == "assumption"
    staff = _tables_by_file(at)["national/local_gov_staff_by_year.csv"]
    assert (staff["Check"] == "unverified (from memory)").sum() == 8
