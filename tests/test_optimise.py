"""The plan optimiser (sim.optimise, issue 14): a known optimum, the built-in scenarios, seeds, the saved
plan, the population evaluation against normal runs, and what binds when nothing is feasible."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.engine import run
from sim.optimise import Constraints, Settings, assess, build_problem, comparison, evaluate, optimise, plan_scenario
from sim.optimise.evaluate import OBJECTIVE, common_draws
from sim.optimise.problem import DIGITAL_LEVELS, HIRES_KEY, KEEP, KEEP_SLACK, PARAM_KEYS
from sim.scenario import dumps, load_scenario, save_scenario

ROOT = Path(__file__).resolve().parents[1]
STANDARD = ROOT / "scenarios" / "standard_dx.toml"
QUICK = Settings(maxiter=60, pop_per_variable=6)
FIXED_PARAMS = {key: (0.0, 0.0) for key in PARAM_KEYS}  # no talent variables: a grid of one point each


@pytest.fixture(scope="module")
def standard():
    return load_scenario(STANDARD)


@pytest.fixture(scope="module")
def standard_plan(standard):
    return optimise(build_problem(standard, Constraints(max_gap=0.05, until=2040)))


def _hires_only(sc, knots: int, max_gap: float = 0.03):
    """Only hire knots free: no levers (the statutory one stays), no talent variables, no applicant cap and
    no digital constraint, so that every hire costs its pay and lowers the gap (a cost linear in the hires)."""
    policy = sc.with_changes({"recruitment.applicant_cap": "off"}).with_lever_removed(len(sc.levers) - 1)
    while len(policy.levers) > 1:
        policy = policy.with_lever_removed(len(policy.levers) - 1)
    return build_problem(policy, Constraints(max_gap=max_gap, until=2040, max_digital_gap=None), knots=knots,
                         ranges=FIXED_PARAMS, add_levers=False)


@pytest.mark.parametrize("knots", [1, 2])
def test_known_optimum_hires_only(standard, knots):
    """Cost grows with every hire and the gap falls: the optimum is the cheapest hire path meeting the gap,
    found here by evaluating every grid point; differential evolution must find the same point."""
    problem = _hires_only(standard, knots)
    assert [v.key for v in problem.variables] == [HIRES_KEY] * knots
    grid = np.array(list(itertools.product(*[range(v.n + 1) for v in problem.variables])), dtype=float)
    ev = evaluate(problem, grid)
    ok = ev.violation <= 0
    assert ok.any() and not ok.all()
    best = grid[ok][np.argmin(ev.cost[ok])]
    out = optimise(problem, Settings(maxiter=300, pop_per_variable=15), builtins={})
    assert out.feasible
    np.testing.assert_array_equal(out.x, best)
    assert out.figures.cost[0] == pytest.approx(ev.cost[ok].min(), rel=1e-12)


def test_population_evaluation_equals_normal_runs(standard):
    """Candidates evaluated together on the draw axis give the figures each plan gives run alone
    (a lever left off is exactly a lever switched off; one the starting scenario switched off can be on)."""
    problem = build_problem(standard.with_lever_changed(2, enabled=False), Constraints(max_gap=0.05, until=2040))
    assert problem.base.levers[2].enabled and 2 in problem.menu
    rng = np.random.default_rng(7)
    X = np.stack([rng.integers(0, v.n + 1, size=6) for v in problem.variables], axis=1).astype(float)
    X[:3, problem.position("levers[2].on")] = [0, 1, 1]
    together = evaluate(problem, X)
    for s in range(X.shape[0]):
        alone, _ = assess(plan_scenario(problem, X[s]), problem)
        assert together.cost[s] == alone.cost[0]  # the same number: candidates do not disturb each other
        assert together.max_gap[s] == alone.max_gap[0]
        assert together.digital_excess[s] == alone.digital_excess[0]
        assert together.violation[s] == alone.violation[0]


def test_confidence_evaluation_uses_the_plans_own_draws(standard):
    """With a confidence level the M draws of every candidate are those a normal Monte-Carlo run of its
    plan makes (common random numbers): the quantile constraint and the mean cost agree."""
    c = Constraints(max_gap=0.05, until=2040, confidence=0.8, draws=16)
    problem = build_problem(standard, c)
    rng = np.random.default_rng(3)
    X = np.stack([rng.integers(0, v.n + 1, size=3) for v in problem.variables], axis=1).astype(float)
    together = evaluate(problem, X, common_draws(problem))
    for s in range(X.shape[0]):
        alone, res = assess(plan_scenario(problem, X[s]), problem)
        assert res.draws == 16
        assert together.cost[s] == alone.cost[0]
        assert together.max_gap[s] == alone.max_gap[0]
        assert together.share_met[s] == alone.share_met[0]
        assert together.digital_excess[s] == alone.digital_excess[0]


def test_plan_never_worse_than_the_builtins(standard, standard_plan):
    """Cheaper than every built-in scenario (for the same town) that meets the constraint."""
    out = standard_plan
    assert out.feasible and out.better_builtins == []
    table = comparison(out).set_index("key")
    met = [col for col in table.columns if col.startswith("builtin:") and table.loc["constraint_met", col]]
    assert met, "some built-in scenario meets a 5% gap"
    assert all(out.figures.cost[0] <= table.loc[OBJECTIVE, col] for col in met)
    assert out.figures.max_gap[0] <= 0.05


def test_plan_reproduces_its_figures(tmp_path, standard_plan):
    """The saved plan validates and, run normally (python -m sim run), gives the reported KPIs exactly."""
    path = save_scenario(standard_plan.plan, tmp_path / "plan.toml")
    again = load_scenario(path)
    assert dumps(again) == dumps(standard_plan.plan)
    res = run(again)
    for key, a in standard_plan.results.kpi_values.items():
        np.testing.assert_array_equal(res.kpi_values[key], a)
    out = subprocess.run([sys.executable, "-m", "sim", "run", str(path), "--out", str(tmp_path / "out"),
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    payload = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))  # full precision
    kpis = pd.DataFrame(payload["kpis"]).set_index("key")["value"]
    assert kpis[OBJECTIVE] == pytest.approx(float(standard_plan.figures.cost[0]), rel=1e-12)
    assert kpis["staff_gap_target_pct"] == pytest.approx(standard_plan.results.kpi("staff_gap_target_pct"), rel=1e-12)


def test_plan_is_built_from_the_problem(standard_plan):
    plan = standard_plan.plan
    assert plan.value("workforce.hiring_policy") == "fixed"
    assert sorted(plan.value(HIRES_KEY)) == list(standard_plan.problem.knots)
    assert plan.value("simulation.end_year") == 2040
    assert [lev.kind for lev in plan.levers][:len(load_scenario(STANDARD).levers)] == \
        [lev.kind for lev in load_scenario(STANDARD).levers]


def test_same_seed_same_plan(standard):
    problem = build_problem(standard, Constraints(max_gap=0.04, until=2035))
    a = optimise(problem, QUICK)
    b = optimise(problem, QUICK)
    assert dumps(a.plan) == dumps(b.plan)
    np.testing.assert_array_equal(a.population, b.population)


def test_infeasible_names_the_applicant_cap(standard):
    """With a tenth of the applicants the gap cannot be closed, not even by every lever at its ceiling:
    the best reachable gap and the limits that bind."""
    sc = standard.with_changes({"recruitment.attractiveness": 0.1})
    out = optimise(build_problem(sc, Constraints(max_gap=0.02, until=2040)), QUICK)
    assert not out.feasible
    assert out.binding == ["applicant_cap", "lever_ceilings"]
    assert 0.02 < out.best_reachable <= out.figures.max_gap[0]


def test_budget_cap_binds(standard):
    """Fewer applicants: only the levers close a 3% gap, and a cap of ¥10M a year cannot pay for them."""
    sc = standard.with_changes({"recruitment.attractiveness": 0.8})
    free = optimise(build_problem(sc, Constraints(max_gap=0.03, until=2040)), QUICK)
    assert free.feasible, "without a cap the levers close the gap"
    out = optimise(build_problem(sc, Constraints(max_gap=0.03, until=2040, budget_cap=1e7)), QUICK)
    assert not out.feasible
    assert out.binding == ["budget_cap", "applicant_cap"]
    assert out.best_reachable < out.figures.max_gap[0]
    assert out.results.dx_cost.max() <= 1e7


def test_search_goes_on_when_no_first_candidate_meets_the_constraints(standard):
    """A cap of ¥30M a year: a plan meets it. No candidate of the first generation does, and a penalty of
    PENALTY + miss made differential evolution see that generation as converged: the search stopped there
    and said the cap binds (PENALTY × (1 + miss) does not)."""
    sc = standard.with_changes({"recruitment.attractiveness": 0.8})
    out = optimise(build_problem(sc, Constraints(max_gap=0.03, until=2040, budget_cap=3e7)), QUICK)
    assert out.feasible and out.generations == QUICK.maxiter
    assert out.results.dx_cost.max() <= 3e7 and out.figures.max_gap[0] <= 0.03


def _gaps(res, until: int) -> np.ndarray:
    """(levels, years) the digital gaps of a deterministic run from base + 1 to `until`."""
    years = res.years
    return np.stack([res.series[f"{level}_gap"][0, (years > years[0]) & (years <= until)] for level in DIGITAL_LEVELS])


def test_digital_gaps_kept_by_default(standard, standard_plan):
    """By default no digital gap (L1, L2, L3) of the plan exceeds the starting scenario's in any year to
    `until` (within half a person; a surplus need not last). Without the constraint the least-cost plan drops
    training and the L1 gap in 2040 is a hundred times the starting scenario's."""
    assert standard_plan.problem.constraints.max_digital_gap == KEEP
    start = run(standard_plan.problem.start)
    keep = _gaps(standard_plan.results, 2040)
    assert (keep <= np.maximum(_gaps(start, 2040), 0.0) + KEEP_SLACK + 1e-9).all()
    assert standard_plan.figures.digital_excess[0] <= 0
    off = optimise(build_problem(standard, Constraints(max_gap=0.05, until=2040, max_digital_gap=None)))
    assert off.feasible and np.isnan(off.figures.digital_excess[0])
    assert _gaps(off.results, 2040)[0, -1] > 100 > 3 > keep[0, -1]
    assert off.figures.cost[0] < standard_plan.figures.cost[0]  # the digital constraint has a price
    table = comparison(standard_plan).set_index("key")
    assert table.loc["constraint_digital_excess", "plan"] == 0.0
    assert table.loc["constraint_digital_excess", "start"] == 0.0 and table.loc["constraint_met", "start"]


def test_digital_limit_in_persons_binds(standard):
    """At most 10 persons short at each level in every year: the L2 gap of the first years (over 50) cannot
    fall that fast; the search says the digital limit binds and how close it came."""
    out = optimise(build_problem(standard, Constraints(max_gap=0.05, until=2040, max_digital_gap=10)), QUICK)
    assert not out.feasible
    assert out.binding == ["digital_gap"]
    assert 0 < out.best_digital_excess <= out.figures.digital_excess[0]
    assert out.best_reachable is None  # the staff gap is met


def test_digital_limit_in_persons_is_met(standard):
    out = optimise(build_problem(standard, Constraints(max_gap=0.05, until=2040, max_digital_gap=60)), QUICK)
    assert out.feasible
    assert (_gaps(out.results, 2040) <= 60).all()


def test_budget_cap_binds_the_digital_gap(standard):
    """A loose gap limit, a cap of ¥1M a year: the training and external talent that would keep the digital
    gaps cost more than the cap."""
    out = optimise(build_problem(standard, Constraints(max_gap=0.10, until=2040, budget_cap=1e6)), QUICK)
    assert not out.feasible
    assert out.binding == ["budget_cap"]
    assert out.best_digital_excess <= 0 < out.figures.digital_excess[0]


def test_cancel_stops_after_a_generation(standard):
    seen = []
    out = optimise(build_problem(standard, Constraints(max_gap=0.05, until=2040)), QUICK,
                   progress=lambda g, m, f: seen.append(g), should_stop=lambda: len(seen) >= 2)
    assert out.cancelled and out.generations == 2 and seen == [1, 2]


def test_bad_constraints_are_refused(standard):
    with pytest.raises(ValueError, match="until"):
        build_problem(standard, Constraints(max_gap=0.05, until=2060))
    with pytest.raises(ValueError, match="max_gap"):
        Constraints(max_gap=1.5, until=2040)
    with pytest.raises(ValueError, match="confidence"):
        Constraints(max_gap=0.05, until=2040, confidence=0.0)
    for bad in ("start", -1, True):
        with pytest.raises(ValueError, match="max_digital_gap"):
            Constraints(max_gap=0.05, until=2040, max_digital_gap=bad)


def test_horizon_is_cut_at_until_with_the_engines_values(standard):
    """The question is asked to `until`: year-by-year values are cut there with the value the engine
    would interpolate, and every year up to it runs as in the full horizon."""
    from sim.optimise.problem import horizon_to

    sc = standard.with_changes({"talent.digital_hires": {2025: 0, 2045: 4},
                                "municipality.population_path": "explicit",
                                "municipality.population_series": {2025: 80_000, 2050: 60_000}})
    cut = horizon_to(sc, 2040)
    assert cut.value("simulation.end_year") == 2040 and cut.value("simulation.target_year") == 2040
    assert cut.value("talent.digital_hires") == {2025: 0, 2040: 3.0}
    assert cut.municipality.population_series == {2025: 80_000, 2040: 68_000.0}
    full, short = run(sc), run(cut)
    for key in ("gap_pct", "required_fte", "supply_fte", "population"):
        np.testing.assert_allclose(short.series[key][0], full.series[key][0, :16], rtol=1e-12, err_msg=key)
    assert horizon_to(sc, 2050) is sc


@pytest.mark.parametrize("town", ["small_town", "core_city"])
def test_plan_never_worse_than_the_builtins_in_other_towns(town):
    sc = load_scenario(ROOT / "scenarios" / f"{town}.toml")
    out = optimise(build_problem(sc, Constraints(max_gap=0.03, until=2040)))
    assert out.feasible and out.better_builtins == []
    assert out.figures.digital_excess[0] <= 0


def test_plan_never_worse_than_the_builtins_without_the_digital_constraint(standard):
    out = optimise(build_problem(standard, Constraints(max_gap=0.05, until=2040, max_digital_gap=None)))
    assert out.feasible and out.better_builtins == []
    table = comparison(out).set_index("key")
    assert "constraint_digital_excess" not in table.index
    met = [col for col in table.columns if col.startswith("builtin:") and table.loc["constraint_met", col]]
    assert met and all(out.figures.cost[0] <= table.loc[OBJECTIVE, col] for col in met)
