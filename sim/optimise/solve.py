"""The search: scipy.optimize.differential_evolution over the problem's integer grid, one engine call per
generation (vectorized=True), seeded and reproducible; then the plan, its normal run, the built-in
scenarios for the same town, and, when no plan meets the constraints, what binds.

Constraint handling: a penalty in the form of Deb's feasibility rule rather than NonlinearConstraint.
The fitness of a candidate that meets the constraints is its cost (relative to the starting scenario's);
of one that misses them, PENALTY plus how far it misses them. So a plan that meets the constraints always
beats one that does not, two that miss them compare by how far they miss (the search then finds the best
gap reachable), and two that meet them by cost. NonlinearConstraint would evaluate the constraints in
calls of their own (a second engine run per generation), and its trial-acceptance rule is the same.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from scipy.optimize import differential_evolution
from scipy.stats import qmc

from sim.optimise.evaluate import OBJECTIVE, Evaluation, assess, common_draws, evaluate
from sim.optimise.problem import (HIRES_KEY, LEVER_SCALE, ON, PARAM_KEYS, Constraints, Problem, build_problem,
                                  horizon_to, plan_scenario)
from sim.results import Results
from sim.scenario import Scenario, ScenarioError, load_scenario, to_dict

PENALTY = 1e6
ROOT = Path(__file__).resolve().parents[2]
BUILTIN_DIR = ROOT / "scenarios"


@dataclass(frozen=True)
class Settings:
    """Differential-evolution settings. pop_per_variable × variables candidates per generation."""
    maxiter: int = 400
    pop_per_variable: int = 8
    tol: float = 1e-4
    mutation: tuple[float, float] = (0.5, 1.0)
    recombination: float = 0.9


DETERMINISTIC = Settings()
CONFIDENCE = Settings(maxiter=60, pop_per_variable=3)


@dataclass
class Outcome:
    problem: Problem
    x: np.ndarray                 # grid indices of the plan
    plan: Scenario
    results: Results              # the plan run normally (its figures are the reported ones)
    figures: Evaluation           # objective and constraints of the normal run
    feasible: bool
    generations: int
    evaluations: int              # candidates evaluated
    seconds: float
    cancelled: bool = False
    binding: list[str] = field(default_factory=list)   # BINDING codes, when no plan meets the constraints
    population: np.ndarray | None = None               # the last generation (a warm start for a related search)
    source: str = "optimiser"     # "optimiser", or the id of a built-in scenario that did better

    @property
    def candidates_per_second(self) -> float:
        return self.evaluations / self.seconds if self.seconds > 0 else float("nan")


def fitness(ev: Evaluation, scale: float) -> np.ndarray:
    return np.where(ev.violation > 0, PENALTY + ev.violation, ev.cost / scale)


def encode_scenario(problem: Problem, sc: Scenario, res: Results) -> np.ndarray:
    """The grid point nearest to a scenario's plan (a warm start): hires wanted at the knot years (its
    run's desired non-digital hires), the levers of the same kind in the same order, the parameters."""
    years = problem.years
    desired = res.by_category["desired"][0, :2].sum(axis=0)
    values: dict[str, float] = {f"{HIRES_KEY}@{y}": float(desired[int(y - years[0])]) for y in problem.knots}
    for i in problem.menu:
        kind = problem.base.levers[i].kind
        nth = sum(lev.kind == kind for lev in problem.base.levers[:i])
        same = [lev for lev in sc.levers if lev.kind == kind]
        lev = same[nth] if nth < len(same) else None
        on = lev is not None and lev.enabled
        values[f"levers[{i}].{ON}"] = 1.0 if on else 0.0
        values[f"levers[{i}].start_year"] = float(lev.value("start_year")) if on else float(years[0])
        values[f"levers[{i}].{LEVER_SCALE}"] = float(lev.value(LEVER_SCALE)) if on else 1.0
    for key in PARAM_KEYS:
        val = sc.value(key)
        values[key] = float(np.mean(list(val.values()))) if isinstance(val, dict) else float(val)
    return problem.encode({v.name: values.get(v.name, v.low) for v in problem.variables})


def builtin_for_town(start: Scenario) -> dict[str, Scenario]:
    """id -> each built-in scenario's policy for the starting scenario's town (those that fit its horizon)."""
    from sim.municipal import with_profile

    town = to_dict(start)["municipality"]
    out = {}
    for path in sorted(BUILTIN_DIR.glob("*.toml")):
        try:
            policy = horizon_to(load_scenario(path), int(start.value("simulation.end_year")))
            out[f"builtin:{path.stem}"] = with_profile(policy, town)
        except ScenarioError:
            continue
    return out


def initial_population(problem: Problem, size: int, seeds: list[np.ndarray]) -> np.ndarray:
    """A Latin hypercube over the grid (seeded), its first rows replaced by the given warm starts."""
    n = len(problem.variables)
    hi = np.array([b[1] for b in problem.bounds], dtype=float)
    pop = qmc.LatinHypercube(n, rng=problem.seed).random(size) * hi
    for j, row in enumerate(seeds[:size]):
        pop[j] = np.clip(row, 0, hi)
    return pop


def optimise(problem: Problem, settings: Settings | None = None, *, warm: list[np.ndarray] | None = None,
             builtins: dict[str, Scenario] | None = None,
             progress: Callable[[int, int, float], None] | None = None,
             should_stop: Callable[[], bool] | None = None, guard: bool = True) -> Outcome:
    """The least-cost plan meeting the problem's constraints.

    warm: extra starting candidates (grid index rows). builtins: scenarios to start from and to guard
    against (default: the built-in scenarios for the town); the plan returned is never worse than the
    cheapest of them that meets the constraints (guard). progress(generation, maxiter, best fitness) is
    called after each generation; should_stop() returning True stops the search after the generation
    (cancel): the best plan so far is returned, marked cancelled.
    """
    settings = settings or (DETERMINISTIC if problem.constraints.confidence is None else CONFIDENCE)
    t0 = time.perf_counter()
    draws = common_draws(problem)
    start_ev, start_res = assess(problem.start, problem.constraints, problem.seed)
    scale = max(abs(float(start_ev.cost[0])), 1.0)
    builtins = builtin_for_town(problem.start) if builtins is None else builtins
    seeds = [encode_scenario(problem, problem.start, start_res)]
    for sc in builtins.values():
        seeds.append(encode_scenario(problem, sc, assess(sc, problem.constraints, problem.seed)[1]))
    seeds += list(warm or [])
    n = len(problem.variables)
    pop = initial_population(problem, max(settings.pop_per_variable * n, len(seeds) + 5), seeds)
    counter = {"evaluations": 0, "generations": 0, "cancelled": False}

    def func(xt: np.ndarray) -> np.ndarray:
        X = np.rint(xt.T)
        counter["evaluations"] += X.shape[0]
        return fitness(evaluate(problem, X, draws), scale)

    def callback(intermediate_result) -> bool:
        counter["generations"] += 1
        if progress is not None:
            progress(counter["generations"], settings.maxiter, float(intermediate_result.fun))
        if should_stop is not None and should_stop():
            counter["cancelled"] = True
            return True
        return False

    res = differential_evolution(
        func, problem.bounds, maxiter=settings.maxiter, init=pop, rng=problem.seed, polish=False,
        vectorized=True, updating="deferred", integrality=np.ones(n, dtype=bool), callback=callback,
        tol=settings.tol, mutation=settings.mutation, recombination=settings.recombination)
    x = np.rint(res.x)
    plan = plan_scenario(problem, x, name=_plan_name(problem.start), description=_plan_description(problem))
    figures, results = assess(plan, problem.constraints, problem.seed)
    outcome = Outcome(problem=problem, x=x, plan=plan, results=results, figures=figures,
                      feasible=bool(figures.violation[0] <= 0), generations=counter["generations"],
                      evaluations=counter["evaluations"], seconds=time.perf_counter() - t0,
                      cancelled=counter["cancelled"], population=np.rint(res.population))
    if guard:
        outcome = _never_worse(outcome, builtins)
    if not outcome.feasible:
        outcome.binding = binding(outcome)
    outcome.seconds = time.perf_counter() - t0
    return outcome


def _plan_name(start: Scenario) -> str:
    return f"{start.name}（最適化した計画）"


def _plan_description(problem: Problem) -> str:
    c = problem.constraints
    parts = [f"Least-cost plan from '{problem.start.name}': staff gap at most {c.max_gap:.1%} in every year "
             f"to FY{c.until}"]
    if c.budget_cap is not None:
        parts.append(f"DX plan cost at most {c.budget_cap / 1e8:g} 億円 a year")
    if c.confidence is not None:
        parts.append(f"in at least {c.confidence:.0%} of {c.draws} Monte-Carlo draws (seed {problem.seed})")
    return ", ".join(parts) + " (sim.optimise)."


def _never_worse(outcome: Outcome, builtins: dict[str, Scenario]) -> Outcome:
    """The plan, or a built-in scenario for the town that meets the constraints at a lower cost."""
    c, seed = outcome.problem.constraints, outcome.problem.seed
    best = outcome
    for sid, sc in builtins.items():
        ev, res = assess(sc, c, seed)
        met = ev.violation[0] <= 0
        if met and (not best.feasible or ev.cost[0] < best.figures.cost[0]):
            best = Outcome(problem=outcome.problem, x=outcome.x, plan=sc, results=res, figures=ev, feasible=True,
                           generations=outcome.generations, evaluations=outcome.evaluations,
                           seconds=outcome.seconds, cancelled=outcome.cancelled, population=outcome.population,
                           source=sid)
    return best


# --- when nothing meets the constraints ---------------------------------------------------------

BINDING = ("applicant_cap", "budget_cap", "lever_ceilings", "hire_range", "horizon")


def binding(outcome: Outcome) -> list[str]:
    """Which limits hold the best plan back (codes of BINDING), read from its normal run:
    applicant_cap: hires wanted were left unfilled for lack of applicants in a constrained year;
    budget_cap: the DX plan's cost reaches the cap (within 1%) in some year;
    lever_ceilings: every lever of the menu is on at its highest adoption ceiling;
    hire_range: a hire knot is at the top of its search range;
    horizon: nothing else binds (the gap of the first years cannot be changed by hires a year later)."""
    p, res, c = outcome.problem, outcome.results, outcome.problem.constraints
    years = res.years
    mask = (years > years[0]) & (years <= c.until)
    out = []
    if (res.series["unfilled"][:, mask] > 0.5).any():
        out.append("applicant_cap")
    if c.budget_cap is not None and (res.dx_cost.max(axis=1) >= 0.99 * c.budget_cap).any():
        out.append("budget_cap")
    values = p.decode(outcome.x)
    tops = {v.name: v.high for v in p.variables}
    if p.menu and all(values[f"levers[{i}].{ON}"][0] >= 0.5
                      and values[f"levers[{i}].{LEVER_SCALE}"][0] >= tops[f"levers[{i}].{LEVER_SCALE}"] - 1e-9
                      for i in p.menu):
        out.append("lever_ceilings")
    if any(values[f"{HIRES_KEY}@{y}"][0] >= tops[f"{HIRES_KEY}@{y}"] - 1e-9 for y in p.knots):
        out.append("hire_range")
    return out or ["horizon"]


# --- several searches ---------------------------------------------------------------------------

FRONTIER_LIMITS = tuple(round(0.01 * k, 2) for k in range(11))   # 0%, 1%, …, 10%
FRONTIER = Settings(maxiter=120)


def frontier(sc: Scenario, until: int, limits=FRONTIER_LIMITS, *, budget_cap: float | None = None,
             seed: int | None = None, settings: Settings = FRONTIER,
             progress: Callable[[int, int], None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> pd.DataFrame:
    """Least cost for each gap limit (deterministic), loosest first, each search warm-started from the
    previous one's last generation. Columns: max_gap_limit, feasible, cash_outlay_cumulative (yen),
    max_gap (the plan's worst gap to `until`), hires_mean (hires a year to `until`), levers_on."""
    rows = []
    warm: list[np.ndarray] = []
    builtins = builtin_for_town(sc)
    for j, limit in enumerate(sorted(limits, reverse=True)):
        if should_stop is not None and should_stop():
            break
        problem = build_problem(sc, Constraints(max_gap=limit, until=until, budget_cap=budget_cap), seed=seed)
        out = optimise(problem, settings, warm=warm, builtins=builtins, should_stop=should_stop)
        warm = list(out.population[: len(out.population) // 2]) if out.population is not None else []
        res = out.results
        years = res.years
        rows.append({"max_gap_limit": limit, "feasible": out.feasible,
                     OBJECTIVE: float(out.figures.cost[0]), "max_gap": float(out.figures.max_gap[0]),
                     "hires_mean": float(res.series["hires"][0, years <= until].mean()),
                     "levers_on": sum(lev.enabled and lev.value("statutory") == "no" for lev in out.plan.levers),
                     "source": out.source})
        if progress is not None:
            progress(j + 1, len(limits))
    return pd.DataFrame(rows).sort_values("max_gap_limit", ignore_index=True)


def comparison(outcome: Outcome) -> pd.DataFrame:
    """The plan beside the starting scenario and the built-in scenarios for the same town
    (sim.compare.kpi_table: KPIs side by side, differences to the plan), with two rows of the constraint:
    the worst gap to `until` and whether every constraint holds."""
    from sim.compare import kpi_table

    c, seed = outcome.problem.constraints, outcome.problem.seed
    runs = {"plan": (outcome.figures, outcome.results),
            "start": assess(outcome.problem.start, c, seed)}
    for sid, sc in builtin_for_town(outcome.problem.start).items():
        runs[sid] = assess(sc, c, seed)
    names = list(runs)
    table = kpi_table([res for _, res in runs.values()], names)
    extra = pd.DataFrame([
        {"key": "constraint_max_gap", "label_ja": f"不足率の最大（{c.until}年度まで）",
         "label_en": f"Worst staff gap to FY{c.until}", "unit": "share",
         **{n: float(ev.max_gap[0]) for n, (ev, _) in runs.items()}},
        {"key": "constraint_met", "label_ja": "制約を満たす", "label_en": "Meets the constraints", "unit": "flag",
         **{n: bool(ev.violation[0] <= 0) for n, (ev, _) in runs.items()}},
    ])
    for n in names[1:]:
        extra[f"Δ {n}"] = [extra.loc[0, n] - extra.loc[0, names[0]], None]
    return pd.concat([table, extra], ignore_index=True)
