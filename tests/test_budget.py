"""Budget and appraisal: asset life and renewal, residual value, cash apart from capacity, 退職手当,
statutory levers in the status quo (issue 10, points 1, 2, 3, 6)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine import run
from sim.i18n import t
from sim.model import budget
from sim.model.kpis import KPIS
from sim.results import APPRAISAL_ROWS, BUDGET_LINES
from sim.scenario import from_dict, load_scenario, to_dict
from tests.test_model import scenario


def _years(res, *years):
    return [int(np.nonzero(res.years == y)[0][0]) for y in years]


# --- 1. asset life, renewal, residual value -----------------------------------------------------------

def test_renewal_timing_and_residual_value_by_hand():
    # Ten years; a two-year roll-out buys 100 then 60. Life 4: bought again in years 4/5 and 8/9.
    first = np.zeros((3, 10))
    first[:, 0], first[:, 1] = 100.0, 60.0
    life = np.array([4.0, 3.0, 0.0])  # one draw each
    capex = budget.with_renewals(first, life)
    np.testing.assert_array_equal(capex[0], [100, 60, 0, 0, 100, 60, 0, 0, 100, 60])
    np.testing.assert_array_equal(capex[1], [100, 60, 0, 100, 60, 0, 100, 60, 0, 100])
    np.testing.assert_array_equal(capex[2], first[2])  # life 0: a one-off, never renewed
    residual = budget.residual_value(capex, life)
    # life 4: the year-8 purchase served 2 of 4 years (50 left), the year-9 one 1 of 4 (45 left)
    # life 3: the year-9 purchase served 1 of 3 years (2/3 of 100 left); the year-7 one (60) is used up
    # life 0: nothing left
    np.testing.assert_allclose(residual, [50 + 45, 100 * 2 / 3, 0.0])


def test_lever_capex_recurs_every_asset_life_and_the_final_year_credits_the_residual():
    lever = {"kind": "custom", "start_year": 2026, "ramp_years": 1, "capex": 1_000_000, "hours_saved": 1000,
             "asset_life": 5, "subsidy_share": 0.5}
    res = run(scenario({"budget.optimism_bias": 0.0, "simulation.end_year": 2048}, levers=[lever]))
    capex = res.budget_lines["lever_capex"][0]
    bought = res.years[capex > 0].tolist()
    assert bought == [2026, 2031, 2036, 2041, 2046]
    np.testing.assert_allclose(capex[capex > 0], 1_000_000)
    # grants fund the first purchase only
    subsidies = res.budget_lines["subsidies"][0]
    assert subsidies[_years(res, 2026)[0]] == pytest.approx(-500_000)
    assert np.count_nonzero(subsidies) == 1
    # the 2046 renewal (town-paid) has served 3 of 5 years at the end of FY2048: 2/5 is left
    residual = res.appraisal_rows["residual_value"][0]
    assert residual[-1] == pytest.approx(400_000)
    assert np.count_nonzero(residual) == 1


def test_whole_life_cycles_give_proportional_npv():
    """A steady lever appraised over one and over two asset lives: the second cycle repeats the first,
    discounted. Before renewals the longer horizon got a second cycle of benefits for free."""
    lever = {"kind": "custom", "start_year": 2025, "ramp_years": 1, "capex": 50_000_000, "opex": 1_000_000,
             "hours_saved": 5000, "asset_life": 5}
    npv = {}
    for end in (2034, 2044):  # two and four life cycles from FY2025
        sc = scenario({"simulation.end_year": end, "simulation.target_year": 2034, "talent.training_cost_l1": 0,
                       "talent.training_cost_l2": 0}, levers=[lever])
        npv[end] = run(sc).kpi("npv")
    assert npv[2034] < 0  # the capex outweighs the capacity at these figures
    assert npv[2044] == pytest.approx(npv[2034] * (1 + 1.04 ** -10), rel=1e-9)


@pytest.mark.parametrize("key", ["npv", "npv_cash"])
def test_standard_dx_npv_keeps_its_sign_from_2035_to_2050(key):
    sc = load_scenario("scenarios/standard_dx.toml")
    short = run(sc.with_changes({"simulation.end_year": 2035, "simulation.target_year": 2035})).kpi(key)
    long = run(sc.with_changes({"simulation.end_year": 2050})).kpi(key)
    assert np.sign(short) == np.sign(long) != 0


# --- 2. cash apart from capacity --------------------------------------------------------------------

def test_capacity_is_not_cash_when_hiring_does_not_respond():
    res = run(scenario({"workforce.hiring_policy": "replacement"}, levers=[{"kind": "rpa_ai"}]))
    assert res.appraisal_rows["capacity_freed"].sum() > 0
    np.testing.assert_array_equal(res.appraisal_rows["cash_saved"], 0.0)
    assert res.kpi("npv_cash") < res.kpi("npv")
    np.testing.assert_allclose(res.appraisal_rows["net_cash_cost"], res.dx_cost)


def test_cash_saved_is_the_workforce_budget_against_the_same_scenario_without_the_levers():
    params = {"workforce.hiring_policy": "target"}
    with_plan = run(scenario(params, levers=[{"kind": "standardisation"}, {"kind": "rpa_ai"}, {"kind": "genai"}]))
    without = run(scenario(params, levers=[{"kind": "standardisation"}]))
    assert with_plan.series["hires"].sum() < without.series["hires"].sum()  # hiring falls: pay saved is cash
    expected = sum(without.budget_lines[k] - with_plan.budget_lines[k] for k in budget.WORKFORCE_LINES)
    np.testing.assert_allclose(with_plan.appraisal_rows["cash_saved"], expected, rtol=1e-12, atol=1e-6)
    assert expected.sum() > 0


@pytest.mark.parametrize("policy", ["replacement", "smoothed", "fixed", "target"])
def test_the_counterfactual_is_skipped_only_when_the_workforce_cannot_differ(policy):
    """budget.hiring_follows_levers decides whether the run without the plan's levers is made; without
    exit-rate levers, when it says no, the plan's workforce lines equal that run's (the skipped saving is
    exactly zero)."""
    params = {"workforce.hiring_policy": policy, "workforce.fixed_hires": 12}
    levers = [{"kind": k} for k in ("standardisation", "frontyard", "eltax", "mynumber", "security", "rpa_ai", "genai")]
    plan, without = run(scenario(params, levers=levers)), run(scenario(params, levers=levers[:1]))
    diff = sum(np.abs(without.budget_lines[k] - plan.budget_lines[k]).sum() for k in budget.WORKFORCE_LINES)
    if policy == "target":
        assert diff > 0
    else:
        assert diff == 0.0
        np.testing.assert_array_equal(plan.appraisal_rows["cash_saved"], 0.0)


def test_net_cash_cost_is_cost_minus_cash_saved_under_the_target_policy():
    res = run(load_scenario("scenarios/dx_accelerated.toml"))  # hiring follows required staff
    assert res.appraisal_rows["cash_saved"].sum() > 0
    np.testing.assert_allclose(res.appraisal_rows["net_cash_cost"],
                               res.appraisal_rows["dx_cost"] - res.appraisal_rows["cash_saved"])
    assert res.kpi("net_cash_cost_cumulative") == pytest.approx(res.appraisal_rows["net_cash_cost"].sum())


def test_the_exit_rate_effect_left_out_of_the_cash_view_stays_small():
    """Under smoothed hiring the counterfactual is skipped; telework's effect on pay, 退職手当 and recruiting
    through fewer exits is then not counted as cash. It must stay small against the plan's cost (a 10% guard)."""
    sc = load_scenario("scenarios/standard_dx.toml")
    res = run(sc)
    np.testing.assert_array_equal(res.appraisal_rows["cash_saved"], 0.0)
    without = run(from_dict({**to_dict(sc), "levers": [lv for lv in to_dict(sc)["levers"]
                                                       if lv["kind"] == "standardisation"]}))
    omitted = sum(without.budget_lines[k] - res.budget_lines[k] for k in budget.WORKFORCE_LINES).sum()
    assert omitted != 0.0
    assert abs(omitted) < 0.10 * res.dx_cost.sum()  # 5.5% with model v2 (net ¥86M against ¥1.56bn)


def test_labels_keep_cash_and_capacity_apart():
    labels = {k.key: (k.label("ja"), k.label("en")) for k in KPIS}
    assert "現金" in labels["npv_cash"][0] and "cash" in labels["npv_cash"][1].lower()
    for key in ("npv", "bcr"):
        assert "業務余力" in labels[key][0] and "capacity" in labels[key][1].lower()
    assert "現金ではない" in labels["npv"][0] and "not cash" in labels["npv"][1]
    assert "現金ではない" in t("line.capacity_freed", "ja")
    table = run(load_scenario("scenarios/standard_dx.toml")).budget_table
    assert set(BUDGET_LINES) | set(APPRAISAL_ROWS) <= set(table["line"])


# --- 3. 退職手当 ----------------------------------------------------------------------------------------

def test_teinen_allowance_follows_the_retirement_age_schedule():
    res = run(scenario())
    line = res.budget_lines["allowance_teinen"][0]
    rate = 21_500_000
    for i in _years(res, 2025, 2027, 2029, 2031):
        assert line[i] == 0.0
    for i in _years(res, 2026, 2028, 2030, 2032, 2033):
        assert line[i] > 0
        assert line[i] == pytest.approx(res.series["teinen"][0, i] * rate)


def test_every_voluntary_leaver_is_in_one_age_band_and_60_plus_are_paid_as_teinen():
    same = {f"budget.allowance_voluntary_{b}": 1_000_000 for b, *_ in budget.ALLOWANCE_BANDS}
    res = run(scenario({**same, "budget.allowance_teinen": 1_000_000}))
    np.testing.assert_allclose(res.budget_lines["allowance_voluntary"][0], res.series["other_exits"][0] * 1_000_000)
    zero = {f"budget.allowance_voluntary_{b}": 0 for b, *_ in budget.ALLOWANCE_BANDS}
    only_60 = run(scenario(zero))
    # staff aged 60+ who leave before 定年 still cost the 定年 amount, even in a year without 定年
    assert only_60.budget_lines["allowance_voluntary"][0, _years(only_60, 2025)[0]] > 1_000_000
    off = run(scenario({**zero, "workforce.exit_rate_60plus": 0.0}))
    assert off.budget_lines["allowance_voluntary"][0, :5].sum() < only_60.budget_lines["allowance_voluntary"][0, :5].sum()


# --- 6. statutory levers belong to the status quo --------------------------------------------------

def test_statutory_lever_is_in_the_budget_but_not_in_the_appraisal():
    plan = run(scenario(levers=[{"kind": "rpa_ai"}]))
    both = run(scenario(levers=[{"kind": "rpa_ai"}, {"kind": "standardisation", "cloud_cost_multiplier": 2.0}]))
    assert both.budget_lines["system_running"].sum() > plan.budget_lines["system_running"].sum()
    assert both.budget_lines["lever_capex"].sum() > plan.budget_lines["lever_capex"].sum()
    np.testing.assert_allclose(both.dx_cost, plan.dx_cost)
    np.testing.assert_allclose(both.benefit, plan.benefit)
    assert both.kpi("npv") == pytest.approx(plan.kpi("npv"))
    counted = run(scenario(levers=[{"kind": "rpa_ai"},
                                   {"kind": "standardisation", "cloud_cost_multiplier": 2.0, "statutory": "no"}]))
    assert counted.dx_cost.sum() > plan.dx_cost.sum()


def test_status_quo_carries_the_statutory_standardisation_and_appraises_nothing_else():
    sc = load_scenario("scenarios/status_quo.toml")
    assert [(lev.kind, lev.value("statutory")) for lev in sc.levers] == [("standardisation", "yes")]
    res = run(sc)
    assert res.budget_lines["lever_capex"].sum() > 0
    np.testing.assert_array_equal(res.benefit, 0.0)
    np.testing.assert_array_equal(res.appraisal_rows["cash_saved"], 0.0)
    for path in ("standard_dx", "dx_accelerated", "core_city", "small_town"):
        levers = load_scenario(f"scenarios/{path}.toml").levers
        assert [lev.value("statutory") for lev in levers if lev.kind == "standardisation"] == ["yes"], path


def test_scenario_descriptions_say_the_statutory_standardisation_is_in_the_status_quo():
    for path in ("status_quo", "standard_dx", "dx_accelerated", "core_city", "small_town"):
        text = load_scenario(f"scenarios/{path}.toml").description
        assert "法定" in text and "statutory" in text, path


def test_to_dict_round_trip_keeps_statutory():
    sc = scenario(levers=[{"kind": "custom", "statutory": "yes", "hours_saved": 100}])
    again = from_dict(to_dict(sc))
    assert again.levers[0].value("statutory") == "yes"
