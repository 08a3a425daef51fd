"""Data & sources page through AppTest: model, parameter table, bundled tables with credits, sources."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sim import data
from sim.parameters import REGISTRY
from tests.app_helpers import open_page, open_tab
from ui.i18n import t

PAGE = "ui/pages/data.py"
D01 = "出典：独立行政法人統計センター「SSDSE（教育用標準データセット）」を加工して作成"
D02 = "出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5（2023）年推計）」を加工して作成"
BUNDLED = sorted(p.relative_to(data.DATA_DIR).as_posix() for p in data.DATA_DIR.rglob("*.csv"))
DOCS = Path(__file__).resolve().parents[1] / "docs"
FILE_ROW_JA = re.compile(r"^\| `([^`]+\.csv)` \| ([^|]+) \|$", re.MULTILINE)  # the 内容 table of SOURCES.md


def _open(app_test, lang="ja", tab="model"):
    """The page with one tab open (only the open tab is built), as after a click on that tab."""
    at = open_page(app_test, PAGE, lang)
    if tab != "model":
        open_tab(at, tab, lang)
    return at


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _tables_by_file(at):
    """Bundled file name -> its displayed DataFrame (one per file, on the data tab)."""
    files = [h.value for h in at.subheader if h.value.endswith(".csv")]
    return dict(zip(files, [d.value for d in at.dataframe]))


def test_tabs_model_parameters_and_sources(app_test):
    at = _open(app_test)
    assert [tab.label for tab in at.tabs] == [t(f"data.tab.{n}", "ja")
                                              for n in ("model", "validation", "parameters", "data", "sources")]
    markdown = _markdown(at)
    assert "# dx-sim モデル説明" in markdown and "## 1. 職員" in markdown  # docs/model.ja.md
    assert "# dx-sim model" not in markdown and "## 1. Workforce" not in markdown
    markdown = _markdown(open_tab(at, "validation"))
    assert "# Validation" in markdown and "## 2. The national gap path, before and after" in markdown  # docs/validation.md
    markdown = _markdown(open_tab(at, "sources"))
    assert "## Source list" in markdown and "**S01**" in markdown      # data/SOURCES.md
    params = open_tab(at, "parameters").dataframe[0].value
    assert len(params) == len(REGISTRY)
    assert list(params.columns) == ["キー", "区分", "項目", "単位", "既定値", "範囲", "年度別", "不確実性", "出典"]
    assert set(params["キー"]) == set(REGISTRY)
    sources = params.set_index("キー")["出典"]
    assert sources["simulation.base_year"] == "仮定"
    assert sources["recruitment.competition_ratio"] == "R11"
    # an assumption informed by sources shows them as context (1.5 is not what S34 says)
    assert sources["lever.standardisation.cloud_cost_multiplier"] == "仮定（参考：S33、S34）"


def test_every_bundled_table_with_description_credit_and_unverified_label(app_test):
    at = _open(app_test, tab="data")
    tables = _tables_by_file(at)
    assert sorted(tables) == BUNDLED
    for name, table in tables.items():
        n_rows = len(table)
        assert n_rows == len(pd.read_csv(data.DATA_DIR / name)), name
    captions = [c.value for c in at.caption]
    assert D01 in captions and D02 in captions
    # presets, national and size-class population tables, and the bundled IPSS file (imported files section)
    assert captions.count(D02) == 4
    markdown = [m.value for m in at.markdown]
    assert any(m.startswith("規模区分別の自治体プリセット") for m in markdown)
    assert not any(m.startswith("Size-class municipality presets") for m in markdown)
    staff = tables["national/local_gov_staff_by_year.csv"]
    check = staff[t("data.check_column", "ja")]
    assert (check == "未検証（記憶による値）").sum() == 8
    assert set(staff.loc[check != "", "year"]) == {2010, 2013, 2014, 2015, 2018, 2019, 2020, 2021}
    assert [w.value for w in at.warning] == [t("data.unverified_note", "ja", n=8)]


def test_english(app_test):
    at = _open(app_test, "en", tab="parameters")
    assert at.title[0].value == "Data & sources: model town (City, population 50k–100k) / 標準DX計画"
    assert [tab.label for tab in at.tabs] == ["Model", "Validation", "Parameters", "Data", "Sources"]
    params = at.dataframe[0].value
    assert len(params) == len(REGISTRY) and params.columns[0] == "Key"
    assert params.set_index("Key").loc["simulation.base_year", "Source"] == "assumption"
    staff = _tables_by_file(open_tab(at, "data", "en"))["national/local_gov_staff_by_year.csv"]
    assert (staff["Check"] == "unverified (from memory)").sum() == 8


def test_english_model_doc_and_descriptions(app_test):
    at = _open(app_test, "en")
    markdown = _markdown(at)
    assert "# dx-sim model" in markdown and "## 1. Workforce" in markdown  # docs/model.md
    assert "# dx-sim モデル説明" not in markdown and "## 1. 職員" not in markdown
    assert at.caption[0].value == t("data.model_note", "en")
    open_tab(at, "data", "en")
    assert any(m.value.startswith("Size-class municipality presets") for m in at.markdown)
    assert not any(m.value.startswith("規模区分別の自治体プリセット") for m in at.markdown)


def test_model_doc_ja_has_the_structure_formulas_and_keys_of_model_md():
    en = (DOCS / "model.md").read_text(encoding="utf-8")
    ja = (DOCS / "model.ja.md").read_text(encoding="utf-8")
    heading = re.compile(r"^(#+) ", re.MULTILINE)
    assert heading.findall(ja) == heading.findall(en)
    code = re.compile(r"`([^`]+)`")
    # every parameter key, file name and symbol of the English text appears in the Japanese one
    # (formulas with English words inside, such as `Req − (regular + …)`, are translated)
    assert {c for c in code.findall(en) if " " not in c} - {"code"} <= set(code.findall(ja))
    assert "python -m sim params" in code.findall(ja)
    table_rows = re.compile(r"^\| (\w+) \|", re.MULTILINE)
    assert table_rows.findall(ja) == table_rows.findall(en)  # the lever table, kind by kind
    for link in ("(parameters.ja.md)", "(../data/SOURCES.md)"):
        assert link in ja
    assert (DOCS / "parameters.ja.md").is_file()


def test_every_bundled_table_has_a_japanese_description(app_test):
    sources = (data.DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    ja = {name: desc.strip() for name, desc in FILE_ROW_JA.findall(sources)}
    assert sorted(ja) == BUNDLED  # one Japanese row per bundled file, no orphans
    for name, desc in ja.items():
        assert desc and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", desc), name
    markdown = [m.value for m in _open(app_test, tab="data").markdown]
    for name, desc in ja.items():
        assert desc in markdown, name  # shown on the data tab in Japanese


# ------------------------------------------------------------------ linked documents inside the app

RELATIVE_MD_LINK = re.compile(r"\]\((?!https?:|\?|#)[^)]*\.md[^)]*\)")


def test_links_between_documents_lead_to_their_tab_on_this_page(app_test):
    from ui.doc_links import in_app_links

    assert in_app_links("see [validation.md](validation.md).", "ja") == "see [validation.md](?doc=validation)."
    assert in_app_links("[x](../data/SOURCES.md#s01) [y](https://e.org/a.md)", "en") == \
        "[x](?doc=sources&lang=en) [y](https://e.org/a.md)"
    at = _open(app_test)
    for tab, targets in (("model", {"?doc=parameters", "?doc=sources", "?doc=validation"}),
                         ("validation", set()), ("sources", set())):
        markdown = _markdown(open_tab(at, tab))
        assert not RELATIVE_MD_LINK.search(markdown), RELATIVE_MD_LINK.search(markdown)  # no link to a file path
        assert targets <= set(re.findall(r"\]\((\?doc=\w+)\)", markdown)), tab
    for doc in ("model", "validation", "parameters", "data", "sources"):  # every link target is a tab
        assert t(f"data.tab.{doc}", "ja") in [tab.label for tab in at.tabs]


def test_a_link_opens_the_page_on_the_linked_document(app_test):
    at = app_test()
    at.query_params["doc"] = "validation"
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    markdown = _markdown(at)
    assert "# Validation" in markdown and "# dx-sim model" not in markdown
    assert "doc" not in at.query_params  # read once: the page is not stuck on that tab


def test_the_open_document_stays_open_across_page_switches_and_languages(app_test):
    at = open_tab(_open(app_test), "sources")
    assert "## Source list" in _markdown(at)
    at.switch_page("ui/pages/overview.py").run()
    at.switch_page(PAGE).run()
    assert "## Source list" in _markdown(at) and "# dx-sim モデル説明" not in _markdown(at)
    at.radio(key="lang").set_value("en").run()
    assert "## Source list" in _markdown(at)
    open_tab(at, "model", "en")
    assert "# dx-sim model" in _markdown(at) and "## Source list" not in _markdown(at)
