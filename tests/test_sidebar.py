"""Sidebar (AppTest): scenario picker, size-class preset, own figures, age × category CSV upload."""

from sim import data
from sim.scenario import loads

CSV = "age,admin,technical,digital\n" + "\n".join(f"{a},{4 if a <= 60 else 0},1,{1 if a == 35 else 0}"
                                                  for a in range(18, 61))


def working(at):
    return loads(at.session_state["scenario_text"])


def gap_metric(at) -> str:
    return at.metric[0].value


def test_picker_loads_another_scenario(app_test):
    at = app_test().run()
    assert working(at).name == "標準DX計画"
    before = gap_metric(at)
    label = next(o for o in at.selectbox(key="scenario_picker").options if o.startswith("現状維持"))
    at.selectbox(key="scenario_picker").select(label).run()
    assert not at.exception
    assert working(at).name.startswith("現状維持")
    assert gap_metric(at) != before


def test_preset_changes_the_profile_and_the_results(app_test):
    at = app_test().run()
    before = gap_metric(at)
    label = data.presets().loc["town_village_pop_5k_10k", "label_ja"]
    at.selectbox(key="preset_ja@0").select(label).run()
    assert not at.exception
    assert working(at).municipality.preset == "town_village_pop_5k_10k"
    assert gap_metric(at) != before


def test_own_figures_set_population_and_staff(app_test):
    at = app_test().run()
    at.toggle(key="own_figures@0").set_value(True).run()
    at.number_input(key="muni_population@0").set_value(55_555).run()
    at.number_input(key="muni_staff_digital@0").set_value(6).run()
    assert not at.exception
    values = working(at).municipality.values
    assert values["municipality.population"] == 55_555 and values["municipality.staff_digital"] == 6


def test_age_csv_upload_sets_an_inline_profile_and_a_bad_one_changes_nothing(app_test):
    at = app_test().run()
    at.toggle(key="own_figures@0").set_value(True).run()
    bad = "age,admin,technical,digital\n20,1,1,x\n15,1,1,1\n"
    text_before = at.session_state["scenario_text"]
    at.file_uploader(key="age_csv@0").set_value(("bad.csv", bad.encode(), "text/csv")).run()
    assert not at.exception
    assert at.session_state["scenario_text"] == text_before
    shown = " ".join(c.value for c in at.sidebar.code)
    assert "digital の 'x' は数値ではありません" in shown and "15歳は18〜70歳の範囲外です" in shown  # in Japanese
    at.file_uploader(key="age_csv@0").set_value(("ages.csv", CSV.encode("utf-8-sig"), "text/csv")).run()
    assert not at.exception
    profile = working(at).municipality.age_profile
    assert profile is not None and sum(map(sum, profile)) == 4 * 43 + 43 + 1


def test_language_switch_keeps_the_working_scenario(app_test):
    at = app_test().run()
    at.toggle(key="own_figures@0").set_value(True).run()
    at.number_input(key="muni_population@0").set_value(44_444).run()
    text = at.session_state["scenario_text"]
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.session_state["scenario_text"] == text
    assert at.title[0].value.startswith("Municipal DX & Staffing Planning Simulator: ")  # + town / scenario
