"""Issue 12 point 2 (AppTest): the municipality (town) and the scenario (policy) are separate choices.

- choosing another library scenario (built-in, uploaded, session, folder) in the picker keeps the current
  town: a picked municipality with its profile, own figures, an uploaded age profile;
- loading a scenario file takes it whole, with its own town, and offers 「この自治体で使う」 for the town
  current before; an entry saved for another town offers its own town the same way;
- the compare page runs every chosen scenario for the current town, and says so;
- headings name the town and the scenario; a modified working scenario is marked 「（変更あり）」 in the
  picker and the headings, and the mark goes when the entry is chosen again;
- downloads are named after the scenario and the town.
The bundled SSDSE-A / IPSS data are used (no DXSIM_DATA_DIR)."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from sim import run
from sim.municipal import with_profile
from sim.scenario import dumps, load_scenario, loads, to_dict
from tests.app_helpers import chart_data
from ui.i18n import t

OVERVIEW = "自治体DX・人員計画シミュレーター"
SQ, STD, CORE = "現状維持（新たなDXなし）（標準）", "標準DX計画（標準）", "中核市規模の市（人口約33万人）（標準）"
CSV = "age,admin,technical,digital\n" + "\n".join(f"{a},{4 if a <= 60 else 0},1,{1 if a == 35 else 0}"
                                                  for a in range(18, 61))


@pytest.fixture(autouse=True)
def bundled_data(monkeypatch, tmp_path):
    monkeypatch.delenv("DXSIM_DATA_DIR", raising=False)
    monkeypatch.setenv("DXSIM_LIBRARY_DIR", str(tmp_path / "library"))
    return tmp_path / "library"


def working(at):
    return loads(at.session_state["scenario_text"])


def town(at) -> dict:
    return to_dict(working(at))["municipality"]


def picker(at):
    return at.selectbox(key="scenario_picker")


def choose(at, label: str):
    picker(at).select(label).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown(at) -> str:
    """The picker's label and value, with 「（変更あり）」 when the sidebar marks the scenario as modified."""
    box = picker(at)
    marks = [c.value for c in at.sidebar.caption if c.value in (t("sidebar.modified_caption", "ja"),
                                                                 t("sidebar.modified_caption", "en"))]
    mark = ("（変更あり）" if marks[0].startswith("（") else " (modified)") if marks else ""
    return f"{box.label}{mark}: {box.value}"


def pick_town(at, pref: str, name: str):
    at.selectbox(key="muni_prefecture").select(pref).run()
    at.selectbox(key="muni_pick").select(name).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def builtin(stem: str):
    return load_scenario(f"scenarios/{stem}.toml")


def test_a_picked_town_stays_when_the_scenario_changes(app_test):
    at = pick_town(app_test().run(), "北海道", "岩見沢市")
    iwamizawa = town(at)
    assert iwamizawa["code"] == "01210" and iwamizawa["population_path"] == "explicit"
    assert at.title[0].value == f"{OVERVIEW}：北海道 岩見沢市 ／ 標準DX計画"
    gap_standard = at.metric[0].value

    choose(at, SQ)
    sc = working(at)
    assert sc.name == "現状維持（新たなDXなし）" and town(at) == iwamizawa  # the town, series and all
    assert sc.parameters == builtin("status_quo").parameters and sc.levers == builtin("status_quo").levers
    assert at.title[0].value == f"{OVERVIEW}：北海道 岩見沢市 ／ 現状維持（新たなDXなし）"
    assert at.selectbox(key="muni_pick").value == "岩見沢市"
    assert "対象の自治体：北海道 岩見沢市" in captions(at)
    assert shown(at) == f"シナリオ: {SQ}"  # not modified: only the town differs from the built-in
    assert at.metric[0].value != gap_standard  # another policy, other results
    assert at.session_state["scenario_text"] == dumps(with_profile(loads(at.session_state["scenario_library"]
                                                                         ["builtin:status_quo"]["text"]), iwamizawa))

    # a built-in with an example town of its own: the current town stays, the example is offered
    choose(at, CORE)
    assert town(at) == iwamizawa and working(at).name.startswith("中核市規模の市")
    button = at.button(key="use_entry_town")
    assert button.label.startswith("この自治体で使う：モデル自治体")
    button.click().run()
    assert not at.exception
    assert town(at) == {"preset": "city_pop_ge_200k_non_designated"}
    assert shown(at) == f"シナリオ: {CORE}"  # the entry itself again: not modified
    assert "北海道 岩見沢市" not in at.title[0].value
    assert not [b for b in at.button if b.key == "use_entry_town"]


def test_own_figures_and_an_age_profile_stay_when_the_scenario_changes(app_test):
    at = app_test().run()
    at.toggle(key="own_figures@0").set_value(True).run()
    at.number_input(key="muni_population@0").set_value(55_555).run()
    choose(at, SQ)
    values = working(at).municipality.values
    assert values["municipality.population"] == 55_555
    assert at.title[0].value == f"{OVERVIEW}：自団体の数値（市 人口5万以上10万未満） ／ 現状維持（新たなDXなし）"

    rev = at.session_state["widget_revision"]
    at.file_uploader(key=f"age_csv@{rev}").set_value(("ages.csv", CSV.encode(), "text/csv")).run()
    profile = working(at).municipality.age_profile
    assert profile is not None
    choose(at, next(o for o in picker(at).options if o.startswith("DX加速")))
    assert working(at).name == "DX加速"
    assert working(at).municipality.age_profile == profile
    assert working(at).municipality.values["municipality.population"] == 55_555


def test_preset_and_named_towns_in_the_heading(app_test):
    at = app_test().run()
    assert at.title[0].value == f"{OVERVIEW}：モデル自治体（市 人口5万以上10万未満） ／ 標準DX計画"
    choose(at, next(o for o in picker(at).options if o.startswith("小規模町")))
    # the built-in's example town is not imposed: the preset stays, and its own town is one click away
    assert at.title[0].value.startswith(f"{OVERVIEW}：モデル自治体（市 人口5万以上10万未満） ／ 小規模町")
    at.button(key="use_entry_town").click().run()
    assert at.title[0].value.startswith(f"{OVERVIEW}：小規模町（例） ／ 小規模町")
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value.startswith("Municipal DX & Staffing Planning Simulator: 小規模町（例） / 小規模町")


def test_a_loaded_file_keeps_its_town_and_offers_the_current_one(app_test, bundled_data):
    folder = bundled_data
    folder.mkdir()
    saved = dataclasses.replace(builtin("dx_accelerated"), name="フォルダ案")
    (folder / "folder_plan.toml").write_text(dumps(saved), encoding="utf-8")
    at = pick_town(app_test().run(), "北海道", "岩見沢市")
    iwamizawa = town(at)

    other = builtin("standard_dx").with_changes({"workforce.exit_rate_multiplier": 1.4,
                                                 "municipality.preset": "town_village_pop_5k_10k",
                                                 "municipality.name": "よその町"})
    upload = dumps(dataclasses.replace(other, name="アップロード案")).encode()
    at.file_uploader(key="persistence_upload").set_value(("plan.toml", upload, "application/toml")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert working(at).name == "アップロード案" and working(at).municipality.name == "よその町"  # the file's town
    button = at.button(key="use_town_before")
    assert button.label == "この自治体で使う：北海道 岩見沢市"
    button.click().run()
    assert not at.exception
    assert town(at) == iwamizawa and working(at).value("workforce.exit_rate_multiplier") == 1.4
    assert shown(at) == "シナリオ: アップロード案（アップロード）"  # its policy unchanged: not modified
    assert at.button(key="use_entry_town").label == "この自治体で使う：よその町"  # and back, if wanted

    choose(at, SQ)
    assert town(at) == iwamizawa
    choose(at, "アップロード案（アップロード）")  # the uploaded entry chosen in the picker: the town stays
    assert town(at) == iwamizawa and working(at).value("workforce.exit_rate_multiplier") == 1.4
    choose(at, "folder_plan（ライブラリ）")  # folder entries are named by their file
    assert town(at) == iwamizawa and working(at).name == "フォルダ案"
    assert working(at).parameters == saved.parameters
    at.button(key="persistence_keep").click().run()
    choose(at, SQ)
    choose(at, "フォルダ案（このセッション）")
    assert town(at) == iwamizawa and working(at).name == "フォルダ案"


def _change_a_parameter(at, value: float):
    at.session_state["parameters_open"] = {"workforce": True}
    at.switch_page("ui/pages/parameters.py").run()
    base = f"param:workforce.exit_rate_multiplier@{at.session_state['widget_revision']}"
    (slider,) = [s for s in at.slider if s.key == base or s.key.startswith(base + "~")]
    slider.set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]


def test_the_modified_marker_comes_with_a_change_and_goes_when_the_entry_is_chosen_again(app_test):
    at = pick_town(app_test().run(), "北海道", "岩見沢市")
    choose(at, SQ)
    assert shown(at) == f"シナリオ: {SQ}" and "（変更あり）" not in at.title[0].value  # a town alone is no change
    assert not [b for b in at.button if b.key == "reload_entry"]
    options = picker(at).options
    _change_a_parameter(at, 1.5)
    assert shown(at) == f"シナリオ（変更あり）: {SQ}"
    assert picker(at).options == options  # the options never change with the mark
    assert at.title[0].value == f"{t('parameters.title')}：北海道 岩見沢市 ／ 現状維持（新たなDXなし）（変更あり）"
    at.radio(key="lang").set_value("en").run()
    assert shown(at) == "Scenario (modified): 現状維持（新たなDXなし） (built-in)"
    assert at.title[0].value.endswith(" / 現状維持（新たなDXなし） (modified)")
    at.radio(key="lang").set_value("ja").run()

    at.button(key="reload_entry").click().run()  # the library entry again: loaded afresh for the current town
    assert not at.exception
    assert working(at).value("workforce.exit_rate_multiplier") == 1.0
    assert working(at).municipality.code == "01210"
    assert shown(at) == f"シナリオ: {SQ}" and "（変更あり）" not in at.title[0].value

    _change_a_parameter(at, 1.5)
    choose(at, STD)  # another entry: its policy, unmodified, for the same town
    assert shown(at) == f"シナリオ: {STD}" and working(at).municipality.code == "01210"
    assert working(at).value("workforce.exit_rate_multiplier") == 1.0
    choose(at, SQ)
    pick_town(at, "北海道", "札幌市")  # another town alone is no modification of the scenario
    assert shown(at) == f"シナリオ: {SQ}" and "（変更あり）" not in at.title[0].value
    assert "北海道 札幌市" in at.title[0].value


def test_compare_runs_every_scenario_for_the_current_town(app_test):
    at = pick_town(app_test().run(), "北海道", "岩見沢市")
    iwamizawa = town(at)
    at.switch_page("ui/pages/compare.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert t("compare.for_town", "ja", town="北海道 岩見沢市") in captions(at)
    _, frame = chart_data(at, 0)
    shown = frame[(frame["scenario"] == SQ) & (frame["metric"] == "required_fte")].sort_values("year")
    assert len(shown) > 20

    def required(sc) -> np.ndarray:
        return np.median(run(sc).series["required_fte"], axis=0)

    for_town = required(with_profile(builtin("status_quo"), iwamizawa))
    own_town = required(builtin("status_quo"))
    assert np.allclose(shown["value"].to_numpy(), for_town)
    assert not np.allclose(for_town, own_town)  # the test would see a run with the built-in's own town


@pytest.fixture
def media(monkeypatch):
    """The media storage and file manager of each AppTest run (AppTest makes new ones per run and drops
    them): the real MemoryMediaFileStorage and MediaFileManager, only remembered, so a test can read the
    file name and bytes a download button serves (AppTest does not expose them on the element), also
    of a button that builds its file when clicked (a callable: run here as a click would)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test as app_test_module

    runs = SimpleNamespace(storages=[], managers=[])

    class KeptStorage(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            runs.storages.append(self)

    class KeptManager(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            runs.managers.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", KeptStorage)
    monkeypatch.setattr(app_test_module, "MediaFileManager", KeptManager)
    return runs


def _download(at, media, key: str) -> tuple[str, bytes]:
    """The file name and bytes served by the download button `key` in the last run."""
    (button,) = [b for b in at.get("download_button") if b.proto.id.endswith(f"-{key}")]
    url = button.proto.url
    if button.proto.deferred_file_id:  # built when clicked
        assert not url
        url = media.managers[-1].execute_deferred(button.proto.deferred_file_id)
    stored = media.storages[-1].get_file(url.rsplit("/", 1)[1])
    return stored.filename, stored.content


def test_downloads_are_named_after_the_scenario_and_the_town(app_test, media):
    at = app_test().run()
    name, raw = _download(at, media, "persistence_download")
    assert name == "標準DX計画_市_人口5万以上10万未満.toml"
    pick_town(at, "北海道", "岩見沢市")
    choose(at, SQ)
    name, raw = _download(at, media, "persistence_download")
    assert name == "現状維持_新たなDXなし_岩見沢市.toml"
    assert loads(raw).municipality.code == "01210"
    at.switch_page("ui/pages/results.py").run()
    assert not at.exception
    name, raw = _download(at, media, "download_excel")
    assert name == "現状維持_新たなDXなし_岩見沢市.xlsx" and raw[:2] == b"PK"
    name, _ = _download(at, media, "download_budget")
    assert name == "現状維持_新たなDXなし_岩見沢市_budget.csv"
    at.radio(key="lang").set_value("en").run()
    at.switch_page("ui/pages/overview.py").run()
    at.toggle(key=f"own_figures@{at.session_state['widget_revision']}").set_value(True).run()
    name, _ = _download(at, media, "persistence_download")
    assert name == "現状維持_新たなDXなし_岩見沢市.toml"  # a named town keeps its name with own figures


def test_download_stem_is_safe_and_keeps_the_town():
    from ui.municipal import file_stem
    from ui.persistence import MAX_STEM_BYTES, download_stem

    assert download_stem("標準DX計画", "岩見沢市") == "標準DX計画_岩見沢市"
    assert download_stem("../../etc/passwd", "a/b\\c") == "etc_passwd_a_b_c"
    long = download_stem("長" * 200, "岩見沢市")
    assert long.endswith("_岩見沢市") and len(long.encode()) <= MAX_STEM_BYTES
    assert download_stem("", "") == "scenario" and download_stem("名前", "") == "名前"
    sc = builtin("standard_dx")
    assert file_stem(sc, "ja") == "標準DX計画_市_人口5万以上10万未満"
    assert file_stem(sc, "en") == "標準DX計画_City_population_50k_100k"
    own = sc.with_changes({"municipality.population": 50_000})
    assert file_stem(own, "ja") == "標準DX計画_自団体_市_人口5万以上10万未満"
    town_sc = sc.with_changes({"municipality.name": "北海道 岩見沢市", "municipality.code": "01210"})
    assert file_stem(town_sc, "ja") == "標準DX計画_岩見沢市"

