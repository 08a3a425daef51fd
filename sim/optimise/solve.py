"""The search: scipy.optimize.differential_evolution over the problem's integer grid, one engine call per
generation (vectorized=True), seeded and reproducible; then the plan, its normal run, the built-in
scenarios for the same town, and, when no plan meets the constraints, what binds.

Ties: beyond what the applicant pool can fill, more hires wanted cost nothing (they are not hired), so
many plans cost the same; a tie-break of TIE_BREAK × a year's pay per post left unfilled prefers the plan
that does not ask for them (and lets the search see a slope where the cost is flat).

Constraint handling: a penalty in the form of Deb's feasibility rule rather than NonlinearConstraint.
The fitness of a candidate that meets the constraints is its cost (relative to the starting scenario's);
of one that misses them, PENALTY × (1 + how far it misses them). So a plan that meets the constraints
always beats one that does not, two that miss them compare by how far they miss (the search then finds the
best gap reachable), and two that meet them by cost. (× rather than PENALTY + miss: differential evolution
stops when the spread of the energies falls below tol × their mean, which PENALTY + a miss makes true at
once in a generation where no candidate meets the constraints.) NonlinearConstraint would evaluate the
constraints in calls of their own (a second engine run per generation), and its trial-acceptance rule is
the same.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy.optimize import differential_evolution
from scipy.stats import qmc

from sim.i18n import DEFAULT_LANG, LANGS, in_each_lang, t
from sim.optimise.evaluate import OBJECTIVE, Evaluation, assess, common_draws, evaluate
from sim.optimise.problem import (DIGITAL_LEVELS, HIRES_KEY, KEEP, LEVER_SCALE, OKU, ON, PARAM_KEYS,
                                  Constraints, Problem, build_problem, horizon_to, plan_scenario)
from sim.data import BUILTIN_SCENARIOS
from sim.municipal import with_profile
from sim.results import Results
from sim.scenario import Scenario, ScenarioError, load_scenario, to_dict
from sim.units import format_value

PENALTY = 1e6
TIE_BREAK = 0.01


@dataclass(frozen=True)
class Settings:
    """Differential-evolution settings. pop_per_variable × variables candidates per generation."""
    maxiter: int = 400
    pop_per_variable: int = 8
    tol: float = 1e-6
    mutation: tuple[float, float] = (0.5, 1.0)
    recombination: float = 0.9


DETERMINISTIC = Settings()
CONFIDENCE = Settings(maxiter=25, pop_per_variable=2)


@dataclass
class Outcome:
    problem: Problem
    x: np.ndarray                 # grid indices of the plan
    plan: Scenario
    results: Results              # the plan run normally (its figures are the reported ones)
    figures: Evaluation           # objective and constraints of the normal run
    feasible: bool
    generations: int
    evaluations: int              # distinct candidates run through the engine (a repeated one is not run again)
    seconds: float
    cancelled: bool = False
    binding: list[str] = field(default_factory=list)   # BINDING codes, when no plan meets the constraints
    population: np.ndarray | None = None               # the last generation, best first (a warm start for a related search)
    better_builtins: list[str] = field(default_factory=list)  # built-ins meeting the constraints for less (none expected)
    best_reachable: float | None = None  # when infeasible: the smallest worst-gap the variables reach (no budget cap)
    best_digital_excess: float | None = None  # when infeasible: the smallest excess over a digital limit found (persons)

    @property
    def candidates_per_second(self) -> float:
        return self.evaluations / self.seconds if self.seconds > 0 else float("nan")


def fitness(ev: Evaluation, scale: float, post_cost: float) -> np.ndarray:
    """scale: the starting scenario's cost; post_cost: a year's pay of one post (the tie-break's unit)."""
    return np.where(ev.violation > 0, PENALTY * (1.0 + ev.violation),
                    (ev.cost + TIE_BREAK * post_cost * ev.unfilled) / scale)


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
    town = to_dict(start)["municipality"]
    out = {}
    for path in sorted(BUILTIN_SCENARIOS.glob("*.toml")):
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
             progress: Callable[[int, int, np.ndarray], None] | None = None,
             should_stop: Callable[[], bool] | None = None, check_builtins: bool = True) -> Outcome:
    """The least-cost plan meeting the problem's constraints.

    The first generation holds the starting scenario, the most the variables can do for the gap
    (max_effort), the built-in scenarios and `warm`, the rest a Latin hypercube.
    warm: extra starting candidates (grid index rows). builtins: scenarios to start from and to check the
    plan against (default: the built-in scenarios for the town): those that meet the constraints at a lower
    cost are listed in better_builtins (check_builtins). progress(generation, maxiter, best candidate's
    grid indices) is called after each generation; should_stop() returning True stops the search after the generation
    (cancel): the best plan so far is returned, marked cancelled.
    """
    settings = settings or (DETERMINISTIC if problem.constraints.confidence is None else CONFIDENCE)
    t0 = time.perf_counter()
    draws = common_draws(problem)
    start_ev, start_res = assess(problem.start, problem)
    scale = max(abs(float(start_ev.cost[0])), 1.0)
    post_cost = float(problem.base.value("budget.loaded_cost_per_fte"))
    builtins = builtin_for_town(problem.start) if builtins is None else builtins
    seeds = [encode_scenario(problem, problem.start, start_res), max_effort(problem)]
    for sc in builtins.values():
        seeds.append(encode_scenario(problem, sc, assess(sc, problem)[1]))
    seeds += list(warm or [])
    n = len(problem.variables)
    pop = initial_population(problem, max(settings.pop_per_variable * n, len(seeds) + 5), seeds)
    counter = {"evaluations": 0, "generations": 0, "cancelled": False}

    memo: dict[bytes, float] = {}  # a candidate's fitness never changes (common random numbers): each is run once

    def func(xt: np.ndarray) -> np.ndarray:
        X = np.rint(xt.T)
        keys = [row.tobytes() for row in X]
        new = {k: row for k, row in zip(keys, X) if k not in memo}
        if new:
            memo.update(zip(new, fitness(evaluate(problem, np.stack(list(new.values())), draws), scale, post_cost)))
            counter["evaluations"] += len(new)
        return np.array([memo[k] for k in keys])

    def callback(intermediate_result) -> bool:
        counter["generations"] += 1
        if progress is not None:
            progress(counter["generations"], settings.maxiter, np.rint(intermediate_result.x))
        if should_stop is not None and should_stop():
            counter["cancelled"] = True
            return True
        return False

    res = differential_evolution(
        func, problem.bounds, maxiter=settings.maxiter, init=pop, rng=problem.seed, polish=False,
        vectorized=True, updating="deferred", integrality=np.ones(n, dtype=bool), callback=callback,
        tol=settings.tol, mutation=settings.mutation, recombination=settings.recombination)
    search = {"generations": counter["generations"], "evaluations": counter["evaluations"],
              "cancelled": counter["cancelled"],
              "population": np.rint(res.population[np.argsort(res.population_energies, kind="stable")])}
    outcome = outcome_for(problem, res.x, **search)
    if not outcome.feasible and not outcome.cancelled and problem.digital_limit is not None:
        # training, external talent and digital hires only ever lower a digital gap and never raise the staff
        # gap: when they alone close what the search left open, that plan meets the constraints
        repaired = outcome_for(problem, most_talent(problem, outcome.x), **search)
        if repaired.feasible:
            outcome = repaired
    if check_builtins:
        outcome.better_builtins = _better_builtins(outcome, builtins)
    if not outcome.feasible:
        outcome.binding = binding(outcome)
    outcome.seconds = time.perf_counter() - t0
    return outcome


def outcome_for(problem: Problem, x, **progress) -> Outcome:
    """The Outcome of one candidate: its plan (named and described after the problem), run normally.
    progress: generations, evaluations, cancelled, population of the search that found it."""
    x = np.rint(np.asarray(x, dtype=float))
    plan = plan_scenario(problem, x, name=_plan_name(problem.start), description=_plan_description(problem))
    figures, results = assess(plan, problem)
    return Outcome(problem=problem, x=x, plan=plan, results=results, figures=figures,
                   feasible=bool(figures.violation[0] <= 0), generations=progress.pop("generations", 0),
                   evaluations=progress.pop("evaluations", 0), seconds=0.0, **progress)


def most_talent(problem: Problem, x) -> np.ndarray:
    """Candidate x with its talent variables (training coverage, external talent, digital hires) at the top
    of their ranges: each digital gap as small as the rest of the plan allows."""
    x = np.array(x, dtype=float)
    for j, v in enumerate(problem.variables):
        if v.name in PARAM_KEYS:
            x[j] = v.n
    return x


def _plan_name(start: Scenario) -> str:
    """The plan's name, in the default language (a scenario's name is data, as the built-ins' are)."""
    return t("optimise.plan.name", DEFAULT_LANG, name=start.name)


def _plan_description(problem: Problem) -> str:
    """What the plan answers, one line in each language (as the built-in scenarios describe themselves)."""
    c = problem.constraints

    def line(lang: str) -> str:
        parts = [t("optimise.plan.goal", lang, start=problem.start.name, until=c.until,
                   max_gap=format_value(c.max_gap, "share", lang))]
        if c.max_digital_gap == KEEP:
            parts.append(t("optimise.plan.digital_keep", lang))
        elif c.max_digital_gap is not None:
            parts.append(t("optimise.plan.digital_persons", lang, n=f"{c.max_digital_gap:g}"))
        if c.budget_cap is not None:
            parts.append(t("optimise.plan.budget", lang, cap=f"{c.budget_cap / OKU:g}"))
        if c.confidence is not None:
            parts.append(t("optimise.plan.confidence", lang, draws=c.draws, seed=problem.seed,
                           share=f"{c.confidence:.0%}"))
        return t("optimise.plan.sep", lang).join(parts) + t("optimise.plan.end", lang)

    return "\n".join(line(lang) for lang in LANGS)


def _better_builtins(outcome: Outcome, builtins: dict[str, Scenario]) -> list[str]:
    """Built-in scenarios for the town that meet the constraints at a lower cost than the plan (the search
    starts from them, so this list should stay empty; a built-in keeps its own assumptions besides the town,
    which is why it is reported, never swapped in for the plan)."""
    out = []
    for sid, sc in builtins.items():
        ev, _ = assess(sc, outcome.problem)
        if ev.violation[0] <= 0 and (not outcome.feasible or ev.cost[0] < outcome.figures.cost[0]):
            out.append(sid)
    return out


def warm_start(outcome: Outcome, share: float = 0.5) -> list[np.ndarray]:
    """The best `share` of a search's last generation, to start a related search from."""
    if outcome.population is None:
        return [outcome.x]
    return [outcome.x] + list(outcome.population[: max(1, int(len(outcome.population) * share))])


def optimise_scenario(sc: Scenario, constraints: Constraints, seed: int | None = None,
                      progress: Callable[[int, int, np.ndarray], None] | None = None,
                      should_stop: Callable[[], bool] | None = None) -> Outcome:
    """The least-cost plan for a starting scenario (what the CLI and the page run). With a confidence
    level, the deterministic search runs first and the Monte-Carlo search starts from its last generation
    (a few generations on population × draws then suffice); progress counts the generations of both."""
    problem = build_problem(sc, constraints, seed=seed)
    if constraints.confidence is None:
        return optimise(problem, progress=progress, should_stop=should_stop)
    import dataclasses

    det_problem = build_problem(sc, dataclasses.replace(constraints, confidence=None), seed=seed)
    total = DETERMINISTIC.maxiter + CONFIDENCE.maxiter
    first = optimise(det_problem, progress=None if progress is None else (lambda g, m, x: progress(g, total, x)),
                     should_stop=should_stop, check_builtins=False)
    if first.cancelled:  # the best plan so far, measured without the confidence level (none was searched)
        return first
    done = first.generations
    out = optimise(problem, warm=warm_start(first), should_stop=should_stop,
                   progress=None if progress is None else (lambda g, m, x: progress(done + g, done + m, x)))
    out.seconds += first.seconds
    out.generations += first.generations
    out.evaluations += first.evaluations
    return out


# --- when nothing meets the constraints ---------------------------------------------------------

# What can bind a plan that meets no conditions (texts: optimise.binding.<code> in sim/text/optimise.py).
BINDING = ("applicant_cap", "budget_cap", "lever_ceilings", "hire_range", "digital_gap", "horizon")


def binding_text(code: str, lang: str) -> str:
    return t(f"optimise.binding.{code}", lang)


def max_effort(problem: Problem) -> np.ndarray:
    """The candidate that does the most for the gap: every hire knot and talent variable at the top of
    its range, every lever of the menu on from the base year at its highest ceiling."""
    return np.array([float(v.n) if not v.name.endswith(".start_year") else 0.0 for v in problem.variables])


def binding(outcome: Outcome) -> list[str]:
    """Why no plan meets the constraints (codes of BINDING), run normally without the budget cap.
    When the best plan misses the staff gap, from the most the plan variables can do for it (max_effort):
    budget_cap: that candidate reaches a smaller gap than the best plan, and costs more than the cap;
    applicant_cap: it wants hires the applicant pool cannot fill in a constrained year;
    lever_ceilings: even it misses the gap limit: the levers at their ceilings (with every hire the pool
    gives) are not enough;
    hire_range: it misses the limit with no hire left unfilled: the hire search range is too narrow.
    When the best plan misses a digital limit, from the best plan with the talent variables at the top of
    their ranges (most_talent):
    digital_gap: even that misses the digital limit;
    budget_cap: that meets it but costs more than the cap.
    horizon: none of these (the gap of the first year cannot be changed by hires who start a year later)."""
    import dataclasses

    p = outcome.problem
    c = p.constraints
    free = dataclasses.replace(c, budget_cap=None)
    out = []
    if outcome.figures.max_gap[0] > c.max_gap:
        ev, res = assess(plan_scenario(p, max_effort(p)), p, free)
        mask = (res.years > res.years[0]) & (res.years <= free.until)
        if c.budget_cap is not None and ev.max_gap[0] < outcome.figures.max_gap[0] - 1e-4 \
                and ev.max_dx_cost[0] > c.budget_cap:
            out.append("budget_cap")
        unfilled = (res.by_category["unfilled"][:, :2].sum(axis=1)[:, mask] > 0.5).any()
        if unfilled:
            out.append("applicant_cap")
        if ev.max_gap[0] > c.max_gap:
            out.append("lever_ceilings" if unfilled or not p.menu else "hire_range")
        outcome.best_reachable = float(min(ev.max_gap[0], outcome.figures.max_gap[0]))
    if p.digital_limit is not None and outcome.figures.digital_excess[0] > 0:
        ev, _ = assess(plan_scenario(p, most_talent(p, outcome.x)), p, free)
        if ev.digital_excess[0] > 0:
            out.append("digital_gap")
        elif c.budget_cap is not None and ev.max_dx_cost[0] > c.budget_cap and "budget_cap" not in out:
            out.append("budget_cap")
        outcome.best_digital_excess = float(min(ev.digital_excess[0], outcome.figures.digital_excess[0]))
    return out or ["horizon"]


# --- several searches ---------------------------------------------------------------------------

FRONTIER_LIMITS = tuple(round(0.01 * k, 2) for k in range(11))   # 0%, 1%, …, 10%
FRONTIER = Settings(maxiter=120)


def frontier(sc: Scenario, until: int, limits=FRONTIER_LIMITS, *, budget_cap: float | None = None,
             max_digital_gap: float | str | None = KEEP, seed: int | None = None, settings: Settings = FRONTIER,
             progress: Callable[[int, int], None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> pd.DataFrame:
    """Least cost for each gap limit (deterministic; the same budget cap and digital constraint for each),
    loosest first, each search warm-started from the previous one's last generation. Columns:
    max_gap_limit, feasible, cash_outlay_cumulative (yen), max_gap (the plan's worst gap to `until`),
    hires_mean (hires a year to `until`), levers_on, l1_gap, l2_gap, l3_gap (the plan's digital gaps in
    the year `until`, persons)."""
    rows = []
    warm: list[np.ndarray] = []
    builtins = builtin_for_town(sc)
    for j, limit in enumerate(sorted(limits, reverse=True)):
        if should_stop is not None and should_stop():
            break
        problem = build_problem(sc, Constraints(max_gap=limit, until=until, budget_cap=budget_cap,
                                                max_digital_gap=max_digital_gap), seed=seed)
        out = optimise(problem, settings, warm=warm, builtins=builtins, should_stop=should_stop, check_builtins=False)
        warm = list(out.population[: len(out.population) // 2]) if out.population is not None else []
        res = out.results
        years = res.years
        rows.append({"max_gap_limit": limit, "feasible": out.feasible,
                     OBJECTIVE: float(out.figures.cost[0]), "max_gap": float(out.figures.max_gap[0]),
                     "hires_mean": float(res.series["hires"][0, years <= until].mean()),
                     "levers_on": sum(lev.enabled and lev.value("statutory") == "no" for lev in out.plan.levers),
                     **{f"{level}_gap": float(res.series[f"{level}_gap"][0, years == until][0])
                        for level in DIGITAL_LEVELS}})
        if progress is not None:
            progress(j + 1, len(limits))
    return pd.DataFrame(rows).sort_values("max_gap_limit", ignore_index=True)


def comparison(outcome: Outcome) -> pd.DataFrame:
    """The plan beside the starting scenario and the built-in scenarios for the same town
    (sim.compare.kpi_table: KPIs side by side, differences to the plan), with rows of the constraints: the
    worst gap to `until`, with a digital constraint the most a digital gap exceeds its limit (persons, 0 when
    within it), and whether every constraint holds."""
    from sim.compare import kpi_table

    problem = outcome.problem
    c = problem.constraints
    runs = {"plan": (outcome.figures, outcome.results), "start": assess(problem.start, problem)}
    for sid, sc in builtin_for_town(problem.start).items():
        runs[sid] = assess(sc, problem)
    names = list(runs)
    table = kpi_table([res for _, res in runs.values()], names)
    def row(key: str, unit: str, values: dict) -> dict:
        return {"key": key, **in_each_lang(lambda lang: t(f"optimise.row.{key}", lang, until=c.until)), "unit": unit,
                **values}

    rows = [row("constraint_max_gap", "share", {n: float(ev.max_gap[0]) for n, (ev, _) in runs.items()})]
    if problem.digital_limit is not None:
        rows.append(row("constraint_digital_excess", "persons",
                        {n: max(float(ev.digital_excess[0]), 0.0) for n, (ev, _) in runs.items()}))
    rows.append(row("constraint_met", "flag", {n: bool(ev.violation[0] <= 0) for n, (ev, _) in runs.items()}))
    extra = pd.DataFrame(rows)
    for n in names[1:]:
        extra[f"Δ {n}"] = [extra.loc[i, n] - extra.loc[i, names[0]] if r["unit"] != "flag" else None
                           for i, r in enumerate(rows)]
    return pd.concat([table, extra], ignore_index=True)
