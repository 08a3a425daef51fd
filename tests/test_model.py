"""Model blocks: invariants, the 定年 gap years, reality checks, levers and the single engine path."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import data
from sim.engine import run, simulate
from sim.inputs import resolve
from sim.model import workforce
from sim.model.levers import ramp
from sim.parameters import REGISTRY, lever_fields, samplable_params
from sim.scenario import ScenarioError, from_dict, load_scenario, to_dict

SCENARIOS = "scenarios"


def scenario(parameters: dict | None = None, levers: list | None = None, municipality: dict | None = None,
             draws: int = 1, seed: int = 7):
    data_ = {"schema_version": 1, "metadata": {"name": "test", "draws": draws, "seed": seed},
             "municipality": {"preset": "city_pop_50k_100k", **(municipality or {})}}
    nested: dict = {}
    for key, val in (parameters or {}).items():
        group, rest = key.split(".", 1)
        nested.setdefault(group, {})[rest] = val
    if nested:
        data_["parameters"] = nested
    if levers:
        data_["levers"] = levers
    return from_dict(data_)


ALL_LEVERS = [{"kind": k} for k in ("standardisation", "frontyard", "eltax", "mynumber", "security", "rpa_ai",
                                     "genai", "telework")] + [{"kind": "custom", "hours_saved": 5000}]


def stock_by_year(res):
    return res.by_category["headcount"]  # (draws, categories, years)


# --- 定年 schedule ---------------------------------------------------------------------------------

def test_retirement_age_schedule():
    sched = data.retirement_schedule()
    ages = {y: workforce.retirement_age(y, sched) for y in range(2021, 2034)}
    assert ages == {2021: 60, 2022: 60, 2023: 61, 2024: 61, 2025: 62, 2026: 62, 2027: 63, 2028: 63,
                    2029: 64, 2030: 64, 2031: 65, 2032: 65, 2033: 65}


def test_max_age_in_post_follows_the_rule():
    sched = data.retirement_schedule()
    assert [workforce.max_age_in_post(y, sched) for y in range(2022, 2034)] == \
           [59, 59, 60, 60, 61, 61, 62, 62, 63, 63, 64, 64]


@pytest.mark.parametrize("policy", ["replacement", "smoothed", "target", "fixed"])
def test_gap_years_have_no_teinen_retirements(policy):
    sc = scenario({"simulation.base_year": 2022, "workforce.hiring_policy": policy,
                   "workforce.fixed_hires": 10})
    res = run(sc)
    teinen = dict(zip(res.years.tolist(), res.series["teinen"][0]))
    for y in (2023, 2025, 2027, 2029, 2031):
        assert teinen[y] == 0.0, y
    for y in (2022, 2024, 2026, 2028, 2030, 2032, 2033, 2040):
        assert teinen[y] > 1.0, y


def test_no_one_older_than_the_rule_allows_in_the_initial_stock():
    sched = data.retirement_schedule()
    for base in (2022, 2025, 2030):
        inp = resolve(scenario({"simulation.base_year": base}))
        oldest = workforce.max_age_in_post(base, sched)
        assert inp.staff0[:, workforce.AGES > oldest].sum() == 0
        assert inp.staff0[:, workforce.AGES == oldest].sum() > 0


# --- invariants ----------------------------------------------------------------------------------

@pytest.mark.parametrize("policy", ["replacement", "smoothed", "target", "fixed"])
def test_headcount_is_conserved_for_every_category_and_draw(policy):
    sc = scenario({"workforce.hiring_policy": policy, "workforce.fixed_hires": 12}, ALL_LEVERS, draws=20)
    res = run(sc)
    stock = stock_by_year(res)
    rec = res.by_category
    expected_next = stock[:, :, :-1] - rec["teinen"][:, :, :-1] - rec["other_exits"][:, :, :-1] + rec["hires"][:, :, :-1]
    np.testing.assert_allclose(stock[:, :, 1:], expected_next, rtol=1e-10, atol=1e-9)


@pytest.mark.parametrize("path", ["scenarios/standard_dx.toml", "scenarios/dx_accelerated.toml",
                                  "scenarios/small_town.toml", "scenarios/core_city.toml",
                                  "scenarios/status_quo.toml"])
def test_nothing_negative_and_no_nan(path):
    res = run(load_scenario(path), draws=30)
    never_negative = ("staff_regular", "staff_admin", "staff_technical", "staff_digital", "rehired_fte",
                      "external_fte", "supply_fte", "required_fte", "hires", "teinen", "other_exits", "unfilled",
                      "applicant_pool", "hire_capacity", "l1_available", "l2_available", "l3_available")
    for key, arr in res.series.items():
        assert not np.isnan(arr).any(), key
        if key in never_negative:
            assert (arr >= -1e-9).all(), key
    for key, arr in res.by_category.items():
        assert (arr >= -1e-9).all(), key
    assert (res.age_profile >= 0).all()
    for line, arr in res.budget_lines.items():
        assert not np.isnan(arr).any(), line


def test_same_seed_same_results_and_other_seed_differs():
    sc = load_scenario("scenarios/standard_dx.toml")
    a, b, c = run(sc, draws=50, seed=1), run(sc, draws=50, seed=1), run(sc, draws=50, seed=2)
    for key in a.series:
        np.testing.assert_array_equal(a.series[key], b.series[key])
    assert not np.array_equal(a.series["gap_fte"], c.series["gap_fte"])
    assert a.kpis.equals(b.kpis)


def test_vectorised_run_equals_single_runs_of_each_draw():
    inp = resolve(load_scenario("scenarios/dx_accelerated.toml"), draws=8, seed=3)
    assert len(inp.sampled) > 10
    many = simulate(inp)
    for d in range(inp.draws):
        one = simulate(inp.draw(d))
        for key in many.series:
            np.testing.assert_allclose(many.series[key][d], one.series[key][0], rtol=1e-12, atol=1e-9, err_msg=key)
        for key in many.kpi_values:
            np.testing.assert_allclose(many.kpi_values[key][d], one.kpi_values[key][0], rtol=1e-12, err_msg=key)


def _small_distribution(p, centre: float) -> dict:
    """A uniform distribution around a parameter's point value, inside its range."""
    if p.unit == "year":
        width = 3.0
    elif p.step:
        width = max(0.2 * abs(centre), 5 * p.step)
    else:
        width = max(0.2 * abs(centre), 0.05 * (p.max - p.min))
    low, high = max(p.min, centre - width), min(p.max, centre + width)
    if p.integer:
        low, high = math.ceil(low), math.floor(high)
    assert low < high, p.key
    return {"dist": "uniform", "low": low, "high": high}


def _every_input_uncertain(policy: str):
    """A scenario with one lever of each kind and a distribution on every samplable input."""
    from sim.inputs import _municipality_value
    base = scenario({"workforce.hiring_policy": policy}, levers=ALL_LEVERS)
    preset = data.presets().loc[base.municipality.preset]
    unc = {}
    for key, p in samplable_params().items():
        if key.startswith("lever."):
            kind, name = key.split(".")[1:]
            centre = next(lev for lev in base.levers if lev.kind == kind).value(name)
        elif p.group == "municipality":
            centre = _municipality_value(base, key, preset)
        else:
            centre = base.value(key)
        unc[key] = _small_distribution(p, float(centre))
    d = to_dict(base)
    d["uncertainty"] = unc
    return from_dict(d)


def _single_run_of_draw(sc, inp, d: int):
    """A deterministic run of the scenario with draw d's sampled values set as plain values."""
    plain = to_dict(sc)
    plain.pop("uncertainty")
    plain["metadata"]["draws"] = 1
    changes = {}
    for name in inp.sampled:
        x = float(inp.values[name][d, 0]) if name in inp.values else None
        if name.startswith("levers["):
            i, field_name = int(name[7:name.index("]")]), name.split(".", 1)[1]
            lev = next(lev for lev in inp.levers if lev.name == sc.levers[i].name)
            plain["levers"][i][field_name] = float(lev.fields[field_name][d])
        else:
            changes[name] = x
    one = from_dict(plain).with_changes(changes)
    return run(one, draws=1)


@pytest.mark.parametrize("policy", ["replacement", "smoothed", "target", "fixed"])
def test_every_samplable_input_is_sampled_per_draw_and_each_draw_equals_its_single_run(policy):
    """Issue 10, point 7: for EVERY samplable parameter (registry keys and lever fields), draw i of a
    vectorised run equals a deterministic run given draw i's values. An engine that read draw 0's
    value of any of them (as it did for the smoothing window) fails here."""
    sc = _every_input_uncertain(policy)
    draws = 6
    inp = resolve(sc, draws=draws, seed=11)
    expected = {k for k in samplable_params() if not k.startswith("lever.")}
    expected |= {f"levers[{i}].{name}" for i, lev in enumerate(sc.levers)
                 for name, p in lever_fields(lev.kind).items() if p.samplable}
    assert set(inp.sampled) == expected
    assert len(expected) > 100
    for name in inp.sampled:  # every input really differs between draws
        if name in inp.values:
            x = inp.values[name][:, 0]
        else:
            i, field_name = int(name[7:name.index("]")]), name.split(".", 1)[1]
            x = inp.levers[i].fields[field_name]
        assert np.unique(x).size > 1, name
    many = simulate(inp)
    for d in range(draws):
        one = _single_run_of_draw(sc, inp, d)
        for key in many.series:
            np.testing.assert_allclose(many.series[key][d], one.series[key][0], rtol=1e-9, atol=1e-6,
                                       err_msg=f"{policy}, draw {d}: {key}")
        for key in many.kpi_values:
            np.testing.assert_allclose(many.kpi_values[key][d], one.kpi_values[key][0], rtol=1e-9, atol=1e-6,
                                       err_msg=f"{policy}, draw {d}: {key}")


def test_structural_parameters_are_not_samplable_and_refused_in_samples():
    structural = {k for k, p in REGISTRY.items() if p.numeric and not p.samplable}
    assert structural == {"simulation.base_year", "simulation.end_year", "simulation.target_year",
                          "workforce.smoothing_years"}
    assert all(not p.samplable for p in REGISTRY.values() if not p.numeric)
    sc = scenario({"workforce.hiring_policy": "smoothed"})
    with pytest.raises(ValueError, match="workforce.smoothing_years is not samplable"):
        resolve(sc, draws=3, samples={"workforce.smoothing_years": np.array([2.0, 6.0, 10.0])})


# --- reality checks ------------------------------------------------------------------------------

def test_zero_hiring_leaves_only_survivors():
    sc = scenario({"workforce.hiring_policy": "fixed", "workforce.fixed_hires": 0, "talent.digital_fill_rate": 0.0,
                   "workforce.exit_rate_multiplier": 1.3})
    inp = resolve(sc)
    res = simulate(inp)
    assert res.series["hires"].max() == 0
    # Independent re-implementation: age the regular stock with survival rates (the retiring cohort
    # too, during its last year) and the 定年 rule. The regular stock is the stated staff less the
    # re-employed share carved out of it.
    S = inp.staff0 * res.series["staff_regular"][0, 0] / inp.staff0.sum()
    q = workforce.exit_rates(inp.exit_base, np.array([1.3]), inp.s("workforce.exit_rate_60plus"))[0]
    for t, year in enumerate(res.years):
        np.testing.assert_allclose(res.by_category["headcount"][0, :, t], S.sum(axis=1), rtol=1e-12)
        R = workforce.retirement_age(int(year), inp.schedule)
        survive = np.where(workforce.AGES >= R - 1, 0.0, 1.0 - q)
        assert res.series["teinen"][0, t] == pytest.approx((S * (1 - q))[:, workforce.AGES >= R - 1].sum(), abs=1e-9)
        S = np.concatenate([np.zeros((3, 1)), (S * survive)[:, :-1]], axis=1)
    assert res.series["staff_regular"][0, -1] < 0.6 * res.series["staff_regular"][0, 0]


@pytest.mark.parametrize("policy", ["replacement", "smoothed"])
def test_policies_keeping_teiin_replace_the_re_employed_who_leave(policy):
    """定員 = the stated staff: as the re-employed pool runs off (no re-employment once 定年 reaches
    the re-employment age), regular hires replace it and supply stays at the stated staff."""
    sc = scenario({"workforce.hiring_policy": policy, "recruitment.applicant_cap": "off",
                   "talent.digital_fill_rate": 1.0, "workforce.adjustment_years": 1})
    res = run(sc)
    stated = sum(resolve(sc).staff0.sum(axis=1))
    supply = res.series["supply_fte"][0]
    assert res.series["rehired"][0, 0] > 10 and res.series["rehired"][0, -1] == 0  # the pool runs off
    assert res.series["staff_regular"][0, -1] > res.series["staff_regular"][0, 0]  # … and is replaced
    if policy == "replacement":
        np.testing.assert_allclose(supply, stated, rtol=1e-10)
    else:  # the smoothed policy reaches 定員 with a lag and may overshoot it (MIC's advice)
        assert abs(supply[-1] - stated) < 0.01 * stated
    assert res.series["unfilled"].max() < 1e-9
    digital = res.by_category["headcount"][0, 2]
    np.testing.assert_allclose(digital, digital[0], rtol=1e-10)


def test_base_year_supply_is_the_stated_staff_with_the_re_employed_inside():
    sc = scenario()
    res, inp = run(sc), resolve(sc)
    stated = inp.staff0.sum()
    s = res.series
    assert s["supply_fte"][0, 0] == pytest.approx(stated, rel=1e-12)
    assert s["staff_regular"][0, 0] + s["rehired_fte"][0, 0] == pytest.approx(stated, rel=1e-12)
    assert s["rehired_fte"][0, 0] > 0.02 * stated  # the estimated pool is carved out, not added
    no_rehire = run(scenario({"workforce.rehire_share": 0.0}))
    assert no_rehire.series["supply_fte"][0, 0] == pytest.approx(stated, rel=1e-12)
    assert no_rehire.series["staff_regular"][0, 0] == pytest.approx(stated, rel=1e-12)


@pytest.mark.parametrize("policy", ["replacement", "smoothed", "target"])
def test_base_year_vacancies_are_filled_under_every_policy_that_keeps_teiin(policy):
    base = run(scenario({"workforce.hiring_policy": policy, "recruitment.applicant_cap": "off"}))
    vac = run(scenario({"workforce.hiring_policy": policy, "recruitment.applicant_cap": "off"},
                       municipality={"vacancies": 20}))
    assert vac.series["gap_fte"][0, 0] == pytest.approx(base.series["gap_fte"][0, 0] + 20)
    # Within a few years the extra posts are filled: the gap is back near the run without vacancies.
    assert abs(vac.series["gap_fte"][0, 6] - base.series["gap_fte"][0, 6]) < 2.0


def test_replacement_with_a_tight_pool_reports_unfilled_posts():
    sc = scenario({"workforce.hiring_policy": "replacement", "recruitment.pool_headroom": 0.5})
    res = run(sc)
    assert res.series["unfilled"][0].max() > 1
    assert res.series["staff_regular"][0, -1] < res.series["staff_regular"][0, 0]
    regular_hires = res.by_category["hires"][0, :2].sum(axis=0)  # digital posts have their own fill rate
    np.testing.assert_array_less(regular_hires, res.series["hire_capacity"][0] + 1e-9)


@pytest.mark.parametrize("key,line", [
    ("talent.external_fulltime_cost", "external_talent"),
    ("budget.loaded_cost_per_fte", "pay_regular"),
    ("budget.recruiting_cost_per_hire", "recruiting"),
])
def test_doubling_a_unit_cost_doubles_its_line(key, line):
    base = scenario({"talent.external_fulltime": 2})
    from sim.parameters import REGISTRY
    doubled = base.with_changes({key: REGISTRY[key].default * 2})
    a, b = run(base), run(doubled)
    assert a.budget_lines[line].sum() > 0
    np.testing.assert_allclose(b.budget_lines[line], 2 * a.budget_lines[line], rtol=1e-12)


def test_doubling_training_costs_doubles_training():
    base = scenario()
    doubled = base.with_changes({"talent.training_cost_l1": 60_000, "talent.training_cost_l2": 400_000})
    np.testing.assert_allclose(run(doubled).budget_lines["training"], 2 * run(base).budget_lines["training"])


def test_discount_rate_zero_gives_npv_equal_to_sum_of_net_flows():
    sc = load_scenario("scenarios/standard_dx.toml").with_changes({"budget.discount_rate": 0.0})
    res = run(sc)
    net = (res.benefit - res.dx_cost).sum() + res.appraisal_rows["residual_value"].sum()
    assert res.appraisal_rows["residual_value"].sum() > 0
    assert res.kpi("npv") == pytest.approx(net, rel=1e-12)
    positive = run(load_scenario("scenarios/standard_dx.toml"))
    assert positive.kpi("npv") != pytest.approx(net)


def test_base_year_gap_equals_vacancies_without_levers():
    res = run(scenario(municipality={"vacancies": 7}))
    assert res.series["gap_fte"][0, 0] == pytest.approx(7.0)
    assert res.series["required_fte"][0, 0] == pytest.approx(res.series["supply_fte"][0, 0] + 7)


# --- demand and population -------------------------------------------------------------------------

def test_population_paths():
    nat = data.national_projection()
    res = run(scenario(municipality={"population_path": "national", "population": 50_000}))
    pop = res.series["population"][0]
    assert pop[0] == 50_000
    assert pop[-1] / pop[0] == pytest.approx(nat.loc[2050, "population"] / nat.loc[2025, "population"])
    res = run(scenario(municipality={"population_path": "explicit",
                                     "population_series": {"2025": 10_000, "2035": 8_000, "2050": 5_000}}))
    pop = res.series["population"][0]
    assert pop[0] == 10_000 and pop[10] == 8_000 and pop[-1] == 5_000 and pop[5] == pytest.approx(9_000)


def test_workload_follows_population_with_elasticity():
    flat = run(scenario({"demand.new_duty_growth": 0.0, "demand.elasticity_population": 1.0,
                         "demand.elasticity_elderly": 1.0}, municipality={
        "population_path": "explicit", "population_series": {"2025": 10_000, "2050": 5_000},
        "elderly_series": {"2025": 3_000, "2050": 1_500}, "children_series": {"2025": 1_000, "2050": 500}}))
    req = flat.series["required_fte"][0]
    assert req[-1] / req[0] == pytest.approx(0.5)


# --- levers --------------------------------------------------------------------------------------

def test_ramp_shapes():
    years = np.arange(2025, 2036)
    lin = ramp(years, np.array([2027.0]), np.array([4.0]), "linear")[0]
    assert lin[:2].tolist() == [0, 0] and lin[2] == 0.25 and lin[5] == 1 and lin[-1] == 1
    log = ramp(years, np.array([2027.0]), np.array([4.0]), "logistic")[0]
    assert log[1] == 0 and log[5] == pytest.approx(1) and (np.diff(log) >= 0).all() and 0 < log[2] < 0.25


def test_levers_save_hours_only_from_their_start_year():
    res = run(scenario(levers=[{"kind": "rpa_ai", "start_year": 2030, "ramp_years": 5}]))
    saved = res.levers_table.set_index("year")["value"]
    assert (saved.loc[:2029] == 0).all() and saved.loc[2034] > saved.loc[2030] > 0
    tasks = 0.02 * res.series["supply_fte"][0, 0]  # per staff member as stated (re-employed included)
    assert saved.loc[2040] == pytest.approx(tasks * 100 * 0.6)  # tasks × hours per task × realisation


def test_frontyard_online_share_is_capped_by_card_holders_and_counter_users():
    res = run(scenario(levers=[{"kind": "frontyard", "ceiling": 1.0, "counter_loyal_share": 0.5}],
                       parameters={"dx.mynumber_holding_rate": 0.6}))
    base = run(scenario(levers=[{"kind": "frontyard", "ceiling": 0.3, "counter_loyal_share": 0.0}],
                        parameters={"dx.mynumber_holding_rate": 0.6}))
    # Both reach an online share of 0.3 = min(ceiling, 0.6 × (1 − loyal)): the same saving.
    np.testing.assert_allclose(res.series["hours_saved"], base.series["hours_saved"])


def test_card_roll_out_adds_counter_work_and_lifts_the_online_cap():
    none = run(scenario())
    card = run(scenario(levers=[{"kind": "mynumber", "ceiling": 0.95}]))
    assert card.series["required_fte_counter"][0, 2] > none.series["required_fte_counter"][0, 2]
    assert card.series["card_holding_rate"][0, -1] == pytest.approx(0.95)
    online = [{"kind": "frontyard", "ceiling": 0.9, "counter_loyal_share": 0.0}]
    with_card = run(scenario(levers=online + [{"kind": "mynumber", "ceiling": 0.95}]))
    without = run(scenario(levers=online))
    assert with_card.series["hours_saved"][0, -1] > without.series["hours_saved"][0, -1]


def test_telework_lowers_voluntary_exits():
    a = run(scenario())
    b = run(scenario(levers=[{"kind": "telework", "ceiling": 1.0, "exit_reduction": 0.5}]))
    assert b.series["other_exits"][0, 5:].sum() < a.series["other_exits"][0, 5:].sum()


def test_custom_lever_with_extra_work_raises_required_staff():
    a = run(scenario())
    b = run(scenario(levers=[{"kind": "custom", "hours_saved": -18600, "work_group": "planning"}]))
    assert b.series["required_fte"][0, -1] - a.series["required_fte"][0, -1] == pytest.approx(10, rel=1e-9)


def test_standardisation_cost_multiplier_scales_system_running_cost():
    one = run(scenario(levers=[{"kind": "standardisation", "cloud_cost_multiplier": 1.0}]))
    two = run(scenario(levers=[{"kind": "standardisation", "cloud_cost_multiplier": 2.0}]))
    base = one.budget_lines["system_running"][0, -1]
    assert two.budget_lines["system_running"][0, -1] == pytest.approx(base * 1.5)  # core share 0.5 doubles


def test_disabled_lever_has_no_effect():
    a = run(scenario())
    b = run(scenario(levers=[{"kind": "rpa_ai", "enabled": False}]))
    np.testing.assert_array_equal(a.series["required_fte"], b.series["required_fte"])


# --- digital talent ------------------------------------------------------------------------------

def test_training_closes_the_l1_gap_and_leavers_take_skills():
    trained = run(scenario({"talent.training_coverage": 0.5}))
    untrained = run(scenario({"talent.training_coverage": 0.0}))
    assert trained.series["l1_gap"][0, -1] < untrained.series["l1_gap"][0, -1]
    # Without training, the trained stock only shrinks as trained staff leave.
    avail = untrained.series["l1_available"][0] - untrained.series["staff_digital"][0]
    assert (np.diff(avail) <= 1e-9).all() and avail[-1] < avail[0]


def test_external_talent_counts_once_in_l3_and_not_in_supply():
    a = run(scenario())
    b = run(scenario({"talent.external_fulltime": 2, "talent.sidejob_experts": 1}))
    extra = 2 + 48 / (1860 / 7.75)
    assert b.series["l3_available"][0, 0] - a.series["l3_available"][0, 0] == pytest.approx(extra)
    assert b.series["external_fte"][0, 0] == pytest.approx(extra)
    np.testing.assert_allclose(b.series["supply_fte"], a.series["supply_fte"], rtol=1e-12)
    np.testing.assert_allclose(b.series["required_fte"], a.series["required_fte"], rtol=1e-12)


# --- age profile CSV ------------------------------------------------------------------------------

def test_age_profile_csv_sets_the_initial_stock(tmp_path):
    rows = ["age,admin,technical,digital"] + [f"{a},{2 if a < 60 else 0},1,{1 if a == 30 else 0}" for a in range(18, 71)]
    (tmp_path / "ages.csv").write_text("\n".join(rows), encoding="utf-8")
    (tmp_path / "s.toml").write_text('schema_version = 1\n[metadata]\nname = "x"\n[municipality]\n'
                                     'age_profile_csv = "ages.csv"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="定年"):
        run(load_scenario(tmp_path / "s.toml"))  # technical staff aged 61+ cannot be in post in FY2025
    rows = ["age,admin,technical,digital"] + [f"{a},{2 if a <= 60 else 0},{1 if a <= 60 else 0},{1 if a == 30 else 0}"
                                              for a in range(18, 71)]
    (tmp_path / "ages.csv").write_text("\n".join(rows), encoding="utf-8")
    inp = resolve(load_scenario(tmp_path / "s.toml"))
    assert inp.staff0.sum(axis=1).tolist() == [86, 43, 1]


# --- recruitment: an applicant pool of its own -----------------------------------------------------

def test_competition_ratio_and_acceptance_move_hiring_capacity():
    base = run(scenario())
    lower_ratio = run(scenario({"recruitment.competition_ratio": 4.0}))
    more_accept = run(scenario({"recruitment.acceptance_rate": 0.85}))
    cap = base.series["hire_capacity"][0]
    np.testing.assert_allclose(lower_ratio.series["hire_capacity"][0], cap * 5.2 / 4.0, rtol=1e-12)
    np.testing.assert_allclose(more_accept.series["hire_capacity"][0], cap * 0.85 / 0.73, rtol=1e-12)
    # The applicants themselves do not depend on how they are selected.
    np.testing.assert_allclose(lower_ratio.series["applicant_pool"], base.series["applicant_pool"], rtol=1e-12)


def test_tornado_gives_ratio_and_acceptance_a_swing_when_the_cap_binds():
    from sim.sensitivity import tornado
    sc = scenario()
    assert run(sc).series["unfilled"][0, 15] > 1  # the cap binds by the target year
    t = tornado(sc, "staff_gap_target").set_index("name")
    for key in ("recruitment.competition_ratio", "recruitment.acceptance_rate", "recruitment.pool_headroom"):
        assert t.loc[key, "swing"] > 0.5, key
    # a lower ratio (more passers) narrows the gap; a higher acceptance rate too
    assert t.loc["recruitment.competition_ratio", "kpi_low"] < t.loc["recruitment.competition_ratio", "kpi_high"]
    assert t.loc["recruitment.acceptance_rate", "kpi_high"] < t.loc["recruitment.acceptance_rate", "kpi_low"]


@pytest.mark.parametrize("key,values", [("workforce.exit_rate_60plus", (0.0, 0.1, 0.3)),
                                        ("workforce.exit_rate_multiplier", (0.5, 1.0, 2.5)),
                                        ("workforce.rehire_share", (0.0, 0.8, 1.0))])
def test_no_exit_input_enlarges_the_applicant_pool(key, values):
    pools = [run(scenario({key: x})).series["applicant_pool"][0] for x in values]
    for p in pools[1:]:
        np.testing.assert_allclose(p, pools[0], rtol=1e-12)
    if key == "workforce.exit_rate_multiplier":  # more leavers never lower the gap
        gaps = [run(scenario({key: x})).series["gap_fte"][0, 15] for x in values]
        assert gaps[0] <= gaps[1] + 1e-9 <= gaps[2] + 2e-9


def test_the_applicant_pool_follows_births_and_the_towns_children():
    nat = run(scenario(municipality={"population_path": "national", "population": 68_925}))
    b = data.births()
    youth = nat.series["applicant_pool"][0] / nat.series["applicant_pool"][0, 0]
    assert youth[15] == pytest.approx(b.loc[2040 - 22] / b.loc[2025 - 22], rel=1e-12)  # births 2018 vs 2003
    # A town whose children fall by half relative to the nation sees half the applicants.
    nat_kids = data.national_projection()["pop_0_14"]
    kids = {str(y): float(nat_kids.loc[y]) / 1000 * (1.0 if y == 2025 else 0.5) for y in range(2025, 2051)}
    half = run(scenario(municipality={"population_path": "explicit",
                                      "population_series": {"2025": 68_925, "2050": 68_925},
                                      "children_series": kids}))
    ratio = half.series["applicant_pool"][0, 15] / half.series["applicant_pool"][0, 0]
    assert ratio == pytest.approx(0.5 * b.loc[2018] / b.loc[2003], rel=1e-9)


# --- appraisal: payback and the other year KPIs are undefined, never a year, when nothing happens -----

def test_payback_year_only_after_a_net_investment_that_is_paid_back():
    from sim.model.budget import appraisal
    years = np.arange(2025, 2031)
    zero = np.zeros(6)
    cost = np.array([[100.0, 50, 0, 0, 0, 0],     # invested, paid back from 2029 on
                     [0.0, 0, 0, 0, 0, 0],        # nothing at all: no net investment
                     [10.0, 10, 10, 10, 10, 10],  # invested, never paid back
                     [5.0, 5, 5, 5, 5, 5],        # benefits cover the cost every year: no net investment
                     [0.0, 0, 200, 0, 0, 0]])     # pays back, dips below zero again, recovers in 2030
    benefit = np.array([[0.0, 0, 40, 40, 80, 40],
                        zero,
                        [5.0, 5, 5, 5, 5, 5],
                        [5.0, 6, 7, 8, 9, 10],
                        [50.0, 50, 0, 40, 40, 30]])
    out = appraisal(benefit, cost, np.zeros(5), years)
    np.testing.assert_array_equal(out["payback_year"], [2029, np.nan, np.nan, np.nan, 2030])
    np.testing.assert_array_equal(out["invested"], [True, False, True, False, True])
    assert out["npv"][1] == 0


def test_a_run_without_levers_or_training_has_no_payback_year_and_no_base_year():
    sc = scenario({"talent.training_coverage": 0.0, "talent.l2_training_rate": 0.0})
    res = run(sc)
    assert res.kpi_values["npv"][0] == 0
    assert np.isnan(res.kpi_values["payback_year"][0])  # was FY2025, the base year
    assert res.kpi_values["net_investment"][0] == 0
    assert np.isnan(res.kpi("payback_year"))


def test_first_gap_year_is_undefined_when_the_threshold_is_never_passed():
    res = run(scenario({"simulation.gap_threshold": 0.5}))
    assert np.isnan(res.kpi_values["first_gap_year"][0])


@settings(max_examples=40, deadline=None)
@given(mult=st.floats(0.0, 3.0), p60=st.floats(0.0, 0.5), share=st.floats(0.0, 1.0), fte=st.floats(0.2, 1.0))
def test_property_no_exit_or_re_employment_input_changes_the_applicant_pool(mult, p60, share, fte):
    base = run(scenario()).series["applicant_pool"][0]
    pool = run(scenario({"workforce.exit_rate_multiplier": mult, "workforce.exit_rate_60plus": p60,
                         "workforce.rehire_share": share, "workforce.rehire_fte": fte})).series["applicant_pool"][0]
    np.testing.assert_allclose(pool, base, rtol=1e-12)
