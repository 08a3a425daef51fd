"""Real municipalities in the app (AppTest): data folder or uploads, the sidebar picker, the staff
benchmark on the overview, the imported files on the data page. Without DXSIM_DATA_DIR the app uses the
copies bundled in data/municipal/; with it, the files of ../shared/data through symlinks in a temporary
folder."""

from __future__ import annotations


import pandas as pd
import pytest

from sim import data
from sim.scenario import loads
from ui.i18n import t
from tests.shared_data import IPSS, SSDSE, data_dir  # noqa: F401 (data_dir: a fixture)
from tests.app_helpers import open_tab

CAVEAT = "現在の職員数の水準を示すもので、必要な職員数を示すものではありません"


@pytest.fixture
def no_folder(monkeypatch):
    monkeypatch.delenv("DXSIM_DATA_DIR", raising=False)


def working(at):
    return loads(at.session_state["scenario_text"])


def keys(elements) -> set:
    return {e.key for e in elements}


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "error", "warning", "code")
             for e in getattr(at, kind)]
    return "\n".join(map(str, parts))


def test_sidebar_offers_47_prefectures_and_their_municipalities(app_test, data_dir):
    at = app_test().run()
    assert not at.exception, [e.message for e in at.exception]
    prefs = at.selectbox(key="muni_prefecture").options
    assert len(prefs) == 47 and prefs[0] == "北海道" and prefs[-1] == "沖縄県"
    assert "札幌市" in at.selectbox(key="muni_pick").options
    at.selectbox(key="muni_prefecture").select("鳥取県").run()
    options = at.selectbox(key="muni_pick").options
    assert len(options) == 19 and "鳥取市" in options and "札幌市" not in options


def test_choosing_sapporo_fills_the_profile_and_shows_the_benchmark(app_test, data_dir):
    at = app_test().run()
    before = at.metric[0].value
    at.selectbox(key="muni_pick").select("札幌市").run()
    assert not at.exception, [e.message for e in at.exception]
    m = working(at).municipality
    assert "札幌市" in m.name
    assert str(m.code) == "01100"
    assert m.population_path == "explicit"
    ipss = pd.read_csv(IPSS, dtype={"code": str})
    pop_2025 = ipss[(ipss["code"] == "01100") & (ipss["year"] == 2025)]["population"].iloc[0]
    assert m.population_series[2025] == pytest.approx(pop_2025)
    assert at.metric[0].value != before  # the results follow the new profile
    shown = texts(at)
    assert CAVEAT in shown
    labels = [x.label for x in at.metric]
    assert "人口1万人当たり一般行政職員数" in labels and "同規模の団体の中央値" in labels
    assert at.selectbox(key="muni_pick").value == "札幌市"  # the picker shows the chosen one
    label = next(o for o in at.selectbox(key="scenario_picker").options if o.startswith("現状維持"))
    at.selectbox(key="scenario_picker").select(label).run()  # another scenario (issue 12 point 2): the town stays
    assert not at.exception
    assert at.selectbox(key="muni_pick").value == "札幌市" and working(at).municipality.code == "01100"
    assert working(at).name.startswith("現状維持")
    assert CAVEAT in texts(at)


def test_typing_part_of_a_name_filters_the_whole_country(app_test, data_dir):
    at = app_test().run()
    at.text_input(key="muni_search").input("府中").run()
    assert not at.exception
    options = at.selectbox(key="muni_pick").options
    assert options and all("府中" in o for o in options)
    assert {"東京都 府中市", "広島県 府中市"} <= set(options)  # same name, two prefectures
    at.selectbox(key="muni_pick").select("広島県 府中市").run()
    assert not at.exception
    assert "府中市" in working(at).municipality.name


def test_english_picker_and_benchmark(app_test, data_dir):
    at = app_test().run()
    at.radio(key="lang").set_value("en").run()
    at.selectbox(key="muni_pick").select("札幌市").run()
    assert not at.exception
    assert "not the number of staff needed" in texts(at)


def test_an_empty_data_folder_gives_no_picker_and_the_presets_still_work(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("DXSIM_DATA_DIR", str(tmp_path))  # a folder replaces the bundled files entirely
    at = app_test().run()
    assert not at.exception
    assert "muni_pick" not in keys(at.selectbox) and "muni_prefecture" not in keys(at.selectbox)
    assert "start_pick" not in keys(at.selectbox)
    assert t("start.no_data", "ja") in texts(at)  # the first step says how to get the data
    assert any("SSDSE-A" in w.value for w in at.sidebar.warning)
    label = data.presets().loc["town_village_pop_5k_10k", "label_ja"]
    at.selectbox(key="preset_ja@0").select(label).run()
    assert not at.exception
    assert working(at).municipality.preset == "town_village_pop_5k_10k"


def test_utf8_ssdse_upload_is_refused_and_changes_nothing(app_test, no_folder):
    at = app_test().run()
    before = at.session_state["scenario_text"]
    utf8 = SSDSE.read_bytes().decode("cp932").encode("utf-8")
    at.file_uploader(key="muni_upload_ssdse").set_value(("ssdse_a_utf8.csv", utf8, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["scenario_text"] == before
    errors = " ".join(e.value for e in at.sidebar.error)
    assert "ssdse\\_a\\_utf8\\.csv" in errors or "ssdse_a_utf8.csv" in errors
    assert at.sidebar.code, "the reason is shown"
    assert len(at.selectbox(key="muni_prefecture").options) == 47  # the bundled file is still in use
    at.switch_page("ui/pages/data.py").run()
    assert "同梱データ" in texts(at) and "アップロード" not in texts(at)


def test_an_uploaded_ssdse_edition_replaces_the_bundled_one(app_test, no_folder):
    """A newer SSDSE-A edition (here: the 2025 file with one name changed) is read through the same
    importer and replaces the bundled file; the bundled IPSS projection stays in use."""
    text = SSDSE.read_bytes().decode("cp932")
    assert text.count(",岩見沢市,") == 1
    edited = text.replace(",岩見沢市,", ",新岩見沢市,").encode("cp932")
    at = app_test().run()
    at.file_uploader(key="muni_upload_ssdse").set_value(("ssdse_a_2026.csv", edited, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    options = at.selectbox(key="muni_pick").options
    assert "新岩見沢市" in options and "岩見沢市" not in options
    at.selectbox(key="muni_pick").select("新岩見沢市").run()
    assert not at.exception
    m = working(at).municipality
    assert m.code == "01210" and "新岩見沢市" in m.name
    assert m.population_path == "explicit"  # with the bundled IPSS projection
    assert CAVEAT in texts(at)
    at.switch_page("ui/pages/data.py").run()
    shown = texts(open_tab(at, "data"))
    assert "ssdse\\_a\\_2026\\.csv" in shown and "アップロード" in shown and "同梱データ" in shown


def test_data_page_lists_the_loaded_files_with_credit_lines(app_test, data_dir):
    at = app_test().run()
    at.switch_page("ui/pages/data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(open_tab(at, "data"))
    assert "独立行政法人統計センター「SSDSE（教育用標準データセット）」を加工して作成" in shown
    assert "国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5（2023）年推計）」を加工して作成" in shown
    assert "1,741" in shown and "SSDSE\\-A\\-2025" in shown  # edition (markdown-escaped) and reference years
    assert "人口 2020年、職員数 2023年" in shown


def test_a_town_without_residents_gives_a_message_and_one_without_projection_the_size_class_path(app_test, data_dir):
    at = app_test().run()
    at.selectbox(key="muni_prefecture").select("福島県").run()
    before = at.session_state["scenario_text"]
    at.selectbox(key="muni_pick").select("双葉町").run()  # evacuation area: no residents in the 2020 census
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["scenario_text"] == before
    assert "2020年国勢調査の人口が0です" in " ".join(c.value for c in at.sidebar.code)  # in Japanese
    assert at.selectbox(key="muni_pick").value is None  # not shown as chosen
    at.selectbox(key="muni_pick").select("浪江町").run()  # IPSS gives no projection for it
    assert not at.exception
    m = working(at).municipality
    assert "浪江町" in m.name and m.population_path == "size_class"
    assert "規模区分の標準的な推移" in " ".join(c.value for c in at.sidebar.caption)
