"""The 定員管理計画 table (sim.plan) and the town's 定員 target path (workforce.staff_target)."""

import io

import numpy as np
import pandas as pd
import pytest

from sim import dumps, load_scenario, loads, run
from sim.plan import KEYS, staffing_plan_frame, staffing_plan_table, year_label
from tests.golden.update import PLAN_GOLDEN, PLAN_SCENARIO, ROOT, plan_golden

SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="module")
def small():
    return run(load_scenario(SCENARIOS / "small_town.toml"))


def test_one_row_per_year_and_the_numbers_of_the_results(small):
    frame = staffing_plan_frame(small)
    assert tuple(frame.columns) == KEYS
    assert frame["year"].tolist() == small.years.tolist()
    for key in ("staff_admin", "staff_regular", "teinen", "other_exits", "rehired", "rehired_fte", "hires",
                "supply_fte", "required_fte"):
        np.testing.assert_allclose(frame[key], small.series[key][0], err_msg=key)
    np.testing.assert_allclose(frame["balance_required"], -small.series["gap_fte"][0])


def test_net_change_carries_one_april_to_the_next(small):
    frame = staffing_plan_frame(small)
    np.testing.assert_allclose(frame["staff_regular"].to_numpy()[1:],
                               (frame["staff_regular"] + frame["net_change"]).to_numpy()[:-1])


def test_the_teinen_gap_years_show_in_the_exits_column(small):
    teinen = staffing_plan_frame(small).set_index("year")["teinen"]
    for year in (2025, 2027, 2029, 2031):
        assert teinen[year] == 0.0, year
    for year in (2026, 2028, 2030, 2032):
        assert teinen[year] > 0.0, year


def test_headers_in_the_language_and_reiwa_years(small):
    ja = staffing_plan_table(small, "ja", reiwa=True)
    assert ja.columns[0] == "年度" and "定年退職" in ja.columns and "普通退職" in ja.columns
    assert ja.iloc[1, 0] == "令和8年度"  # FY2026
    assert year_label(2026, "ja", reiwa=True) == "令和8年度"
    assert year_label(2019, "en", reiwa=True) == "FY2019 (Reiwa 1)"
    en = staffing_plan_table(small, "en")
    assert en.iloc[0, 0] == 2025 and "Hires" in en.columns


def test_without_a_target_the_target_columns_are_empty(small):
    frame = staffing_plan_frame(small)
    assert frame["staff_target"].isna().all() and frame["balance_target"].isna().all()


def test_golden_staffing_plan_table():
    want = pd.read_csv(PLAN_GOLDEN)
    got = pd.read_csv(io.StringIO(plan_golden(SCENARIOS / f"{PLAN_SCENARIO}.toml")))
    assert list(got.columns) == list(want.columns) and len(got) == len(want)
    pd.testing.assert_frame_equal(got, want, rtol=1e-6, atol=1e-6)


def test_median_over_draws():
    res = run(load_scenario(SCENARIOS / "small_town.toml"), draws=20, seed=3)
    frame = staffing_plan_frame(res)
    np.testing.assert_allclose(frame["required_fte"], np.median(res.series["required_fte"], axis=0))


# --- the 定員 target path ---------------------------------------------------------------------

def _target_scenario(target):
    sc = load_scenario(SCENARIOS / "dx_accelerated.toml")
    assert sc.value("workforce.hiring_policy") == "target"
    return sc.with_changes({"workforce.staff_target": target, "recruitment.applicant_cap": "off"})


def test_hiring_follows_the_target_under_the_target_policy():
    base = run(_target_scenario(0))
    higher = run(_target_scenario({2025: 0, 2029: 0, 2030: 450}))  # values between keys are interpolated
    frame = staffing_plan_frame(higher).set_index("year")
    assert np.isnan(frame.loc[2026, "staff_target"]) and frame.loc[2035, "staff_target"] == 450
    # Without a target the policy follows required staff; with a target well above it, supply climbs to it.
    assert abs(staffing_plan_frame(base).set_index("year").loc[2040, "balance_required"]) < 40
    assert abs(frame.loc[2040, "balance_target"]) < 5
    assert frame.loc[2040, "balance_required"] > 60


def test_the_target_is_ignored_by_other_policies():
    sc = _target_scenario({2025: 0, 2030: 450})
    replace = run(sc.with_changes({"workforce.hiring_policy": "replacement"}))
    plain = run(sc.with_changes({"workforce.hiring_policy": "replacement", "workforce.staff_target": 0}))
    np.testing.assert_allclose(replace.series["supply_fte"], plain.series["supply_fte"])


def test_the_target_path_is_saved_in_the_scenario_file():
    sc = _target_scenario({2025: 0, 2030: 450, 2040: 420})
    text = dumps(sc)
    assert "staff_target" in text
    again = loads(text)
    assert again.value("workforce.staff_target") == sc.value("workforce.staff_target")
    assert dumps(again) == text


def test_a_negative_target_is_refused_with_its_key():
    from sim import ScenarioError
    sc = load_scenario(SCENARIOS / "dx_accelerated.toml")
    with pytest.raises(ScenarioError) as err:
        sc.with_changes({"workforce.staff_target": {2030: -5}})
    assert "workforce.staff_target" in str(err.value)


def test_one_year_of_a_path_changes_and_the_others_stay():
    from sim.inputs import with_year_value, year_path
    years = np.arange(2025, 2051)
    path = with_year_value(0, 2030, 450, years)
    assert path == {2025: 0, 2029: 0, 2030: 450, 2031: 0, 2050: 0}
    before = year_path({2025: 0, 2030: 450}, years)  # interpolated between its years
    after = year_path(with_year_value({2025: 0, 2030: 450}, 2027, 100, years), years)
    changed = years == 2027
    np.testing.assert_allclose(after[~changed], before[~changed])
    assert after[changed] == 100
    assert with_year_value(path, 2030, 0, years) == 0  # back to one number
