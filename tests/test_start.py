"""The first step of a fresh session (AppTest): choose a municipality — prefecture then municipality, or
part of a name — from the bundled data with no DXSIM_DATA_DIR set, or continue with a size-class model
town; the chosen town's name then heads every page."""

from __future__ import annotations

import pytest

from sim import data
from sim.scenario import loads
from ui.i18n import t


@pytest.fixture(autouse=True)
def fresh_clone(monkeypatch):
    """No data folder configured: what a fresh clone sees."""
    monkeypatch.delenv("DXSIM_DATA_DIR", raising=False)


def working(at):
    return loads(at.session_state["scenario_text"])


def keys(elements) -> set:
    return {e.key for e in elements}


def step_shown(at) -> bool:
    return any(s.value == t("start.title", "ja") for s in at.subheader) and "start_pick" in keys(at.selectbox)


def test_a_fresh_session_opens_with_the_first_step(app_test):
    at = app_test().run()
    assert not at.exception, [e.message for e in at.exception]
    assert step_shown(at)
    # no town chosen yet: the default scenario's model town of its size class
    assert at.title[0].value == "自治体DX・人員計画シミュレーター：モデル自治体（市 人口5万以上10万未満） ／ 標準DX計画"
    assert len(at.selectbox(key="start_prefecture").options) == 47
    assert "札幌市" in at.selectbox(key="start_pick").options
    presets = data.presets()
    assert at.selectbox(key="start_preset").options == list(presets["label_ja"])
    assert at.button(key="start_continue").label == t("start.model_button", "ja")
    assert at.metric, "the results are shown below the first step"


def test_picking_prefecture_then_town_fills_the_profile_and_the_heading(app_test):
    at = app_test().run()
    at.selectbox(key="start_prefecture").select("北海道").run()
    at.selectbox(key="start_pick").select("岩見沢市").run()
    assert not at.exception, [e.message for e in at.exception]
    m = working(at).municipality
    assert m.code == "01210" and m.name == "北海道 岩見沢市" and m.population_path == "explicit"
    assert not step_shown(at)
    assert at.title[0].value == "自治体DX・人員計画シミュレーター：北海道 岩見沢市 ／ 標準DX計画"
    assert at.selectbox(key="muni_pick").value == "岩見沢市"  # the sidebar picker agrees
    for page, key in [("ui/pages/results.py", "results.title"), ("ui/pages/parameters.py", "parameters.title")]:
        at.switch_page(page).run()
        assert not at.exception
        assert at.title[0].value == f"{t(key, 'ja')}：北海道 岩見沢市 ／ 標準DX計画"
    at.switch_page("ui/pages/overview.py").run()
    assert not step_shown(at)  # done for this session


def test_a_name_search_finds_the_town_across_prefectures(app_test):
    at = app_test().run()
    at.text_input(key="start_search").input("岩見沢").run()
    assert at.selectbox(key="start_pick").options == ["北海道 岩見沢市"]
    at.selectbox(key="start_pick").select("北海道 岩見沢市").run()
    assert not at.exception
    assert working(at).municipality.code == "01210"


def test_continuing_with_a_model_town_sets_the_preset_and_closes_the_step(app_test):
    at = app_test().run()
    label = data.presets().loc["town_village_pop_5k_10k", "label_ja"]
    at.selectbox(key="start_preset").select(label).run()
    at.button(key="start_continue").click().run()
    assert not at.exception, [e.message for e in at.exception]
    m = working(at).municipality
    assert m.preset == "town_village_pop_5k_10k" and not m.code
    assert not step_shown(at)
    assert at.title[0].value == "自治体DX・人員計画シミュレーター：モデル自治体（町村 人口5千以上1万未満） ／ 標準DX計画"
    assert at.selectbox(key="preset_ja@1").value == label  # the sidebar shows the same preset


def test_a_town_that_cannot_be_applied_says_why_beside_the_step(app_test):
    at = app_test().run()
    at.selectbox(key="start_prefecture").select("福島県").run()
    at.selectbox(key="start_pick").select("双葉町").run()  # no residents in the 2020 census
    assert not at.exception
    assert step_shown(at) and not working(at).municipality.code
    assert any(e.value == t("muni.pick.failed", "ja") for e in at.main.error)
    assert "2020年国勢調査の人口が0です" in " ".join(c.value for c in at.main.code)  # in Japanese, beside the step


def test_english_first_step(app_test):
    at = app_test().run()
    at.radio(key="lang").set_value("en").run()
    assert any(s.value == t("start.title", "en") for s in at.subheader)
    at.selectbox(key="start_pick").select("札幌市").run()
    assert not at.exception
    assert at.title[0].value == "Municipal DX & Staffing Planning Simulator: 北海道 札幌市 / 標準DX計画"


def test_no_first_step_once_another_scenario_is_chosen(app_test):
    at = app_test().run()
    label = next(o for o in at.selectbox(key="scenario_picker").options if o.startswith("現状維持"))
    at.selectbox(key="scenario_picker").select(label).run()
    assert not at.exception
    assert not step_shown(at)
