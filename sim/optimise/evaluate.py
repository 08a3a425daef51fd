"""Evaluation of a population of candidate plans: one engine call over the draw axis (chunked).

Candidate s with M draws per candidate occupies draws s·M … s·M + M − 1 of the call. Its decision
values are repeated over its M draws; the uncertain inputs are the same M draws for every candidate
(common random numbers: sampled once, from the streams a normal Monte-Carlo run of the plan uses, see
sim.sampling), so two candidates differ only by their decisions. A lever that a candidate leaves off
starts after the final year: its ramp is zero in every year, so every effect and cost it has is exactly
zero, as if it were not in the scenario.

The objective is the KPI `cash_outlay_cumulative` (sim.model.kpis: the town's cash outlay over the
horizon, every cash line, pay included), its mean over the draws. A draw meets the constraints when the
staff gap (`gap_pct`) is at most max_gap in every year from base + 1 to `until`, with a cap the DX plan's
cost (appraisal row `dx_cost`) is at most the cap in every year, and with a digital constraint each digital
gap (`l1_gap`, `l2_gap`, `l3_gap`, persons) is at most its limit (Problem.digital_limit) in the same years;
a candidate meets them when at least the share `confidence` of its draws do (all of them without a
confidence level). How far a draw misses them is the sum of how far it misses each (Deb's overall
violation): the gap over the limit (a share of required FTE), the cost over the cap (a share of the cap),
the largest digital gap over its limit (a share of that level's requirement, at least one person).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from sim.engine import run, run_in_chunks
from sim.inputs import Inputs, interpolate, resolve
from sim.optimise.problem import (DIGITAL_LEVELS, HIRES_KEY, LEVER_SCALE, ON, PARAM_KEYS, Constraints, Problem,
                                  hires_path)
from sim.parameters import lever_fields
from sim.sampling import as_valid, sample, sample_random, uncertain_inputs

OBJECTIVE = "cash_outlay_cumulative"   # a key of sim.model.kpis.KPIS
CHUNK_DRAWS = 20_000                    # draws per engine call: bounds memory (about 0.1 GB)
ROUNDING = 1e-9                         # persons: a digital gap equal to its limit but for rounding meets it


@dataclass
class Evaluation:
    cost: np.ndarray        # (S,) the objective: mean cash outlay over the candidate's draws (yen)
    violation: np.ndarray   # (S,) how far the constraints are missed at the confidence level (0 = met)
    max_gap: np.ndarray     # (S,) the worst gap from base + 1 to `until`, at the confidence level
    max_dx_cost: np.ndarray  # (S,) the highest yearly DX plan cost, at the confidence level (yen)
    share_met: np.ndarray   # (S,) share of draws in which every constraint holds
    unfilled: np.ndarray    # (S,) administrative and technical posts left unfilled over the horizon (mean over draws)
    digital_excess: np.ndarray  # (S,) the most a digital gap exceeds its limit in a constrained year (persons;
    #                             0 or less: within it), at the confidence level; NaN without a digital constraint


def gap_years(problem: Problem) -> np.ndarray:
    """Boolean mask over the horizon: the years whose staff gap is constrained (base + 1 … until)."""
    years = problem.years
    return (years > years[0]) & (years <= problem.constraints.until)


def draw_rank(c: Constraints) -> int:
    """Index (0-based) of the order statistic that must meet the constraints: the ceil(P·M)-th smallest."""
    if c.confidence is None:
        return 0
    return max(0, math.ceil(c.confidence * c.draws_per_candidate - 1e-9) - 1)


def common_draws(problem: Problem) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(uncertain inputs that no decision sets: name -> (M,) samples, decision names with a default
    uncertainty: name -> (M,) samples used where the decision equals the default). Empty without a
    confidence level."""
    c = problem.constraints
    if c.confidence is None:
        return {}, {}
    decided = {v.name for v in problem.variables}
    dims = uncertain_inputs(problem.base)
    common = sample_random([d for d in dims if d[0] not in decided], c.draws, problem.seed)
    at_default = {}
    for i in problem.menu:
        lev = problem.base.levers[i]
        p = lever_fields(lev.kind)[LEVER_SCALE]
        if p.uncertainty is not None:
            name = f"levers[{i}].{LEVER_SCALE}"
            at_default[name] = as_valid(p, sample(p.uncertainty, c.draws, problem.seed, name))
    return common, at_default


def candidate_inputs(problem: Problem, X: np.ndarray, draws: tuple[dict, dict]) -> Inputs:
    """Engine inputs of candidates X (rows of grid indices), M draws each."""
    X = np.atleast_2d(X)
    S, M = X.shape[0], problem.constraints.draws_per_candidate
    values = problem.decode(X)
    common, at_default = draws
    end = int(problem.years[-1])
    samples = {name: np.tile(x, S) for name, x in common.items()}
    for i in problem.menu:
        on = values[f"levers[{i}].{ON}"] >= 0.5
        samples[f"levers[{i}].start_year"] = np.repeat(np.where(on, values[f"levers[{i}].start_year"], end + 1), M)
        scale_name = f"levers[{i}].{LEVER_SCALE}"
        scale = np.repeat(values[scale_name], M)
        if scale_name in at_default:  # a ceiling left at its default is uncertain in the plan's own run
            default = lever_fields(problem.base.levers[i].kind)[LEVER_SCALE].default
            scale = np.where(np.isclose(scale, default, rtol=0, atol=1e-12), np.tile(at_default[scale_name], S), scale)
        samples[scale_name] = scale
    for key in PARAM_KEYS:
        if key in values:
            samples[key] = np.repeat(values[key], M)
    inp = resolve(problem.base, draws=S * M, seed=problem.seed, samples=samples)
    paths = np.stack([interpolate(hires_path(problem, values, s), problem.years) for s in range(S)])
    return dataclasses.replace(inp, values={**inp.values, HIRES_KEY: np.repeat(paths, M, axis=0)})


def evaluate(problem: Problem, X: np.ndarray, draws: tuple[dict, dict] | None = None,
             chunk_draws: int = CHUNK_DRAWS) -> Evaluation:
    """Objective and constraints of candidates X (S, n_variables) in as few engine calls as the chunk
    size allows (one for a deterministic generation)."""
    X = np.atleast_2d(X)
    draws = common_draws(problem) if draws is None else draws
    c = problem.constraints
    S, M = X.shape[0], c.draws_per_candidate
    per_chunk = max(1, chunk_draws // M)
    mask = gap_years(problem)
    worst_gap, dx_max, cost, unfilled = np.empty(S * M), np.empty(S * M), np.empty(S * M), np.empty(S * M)
    over_persons, over_share = np.empty(S * M), np.empty(S * M)

    def inputs_for(start: int, stop: int) -> Inputs:
        return candidate_inputs(problem, X[start // M: stop // M], draws)

    for start, stop, res in run_in_chunks(S * M, per_chunk * M, inputs_for):
        worst_gap[start:stop] = np.nanmax(res.series["gap_pct"][:, mask], axis=1)
        dx_max[start:stop] = res.dx_cost.max(axis=1)
        cost[start:stop] = res.kpi_values[OBJECTIVE]
        unfilled[start:stop] = regular_unfilled(res)
        if problem.digital_limit is not None:
            over_persons[start:stop], over_share[start:stop] = digital_over(
                problem.digital_limit, res.series, np.arange(start, stop) % M, mask)
    digital = None if problem.digital_limit is None else (over_persons.reshape(S, M), over_share.reshape(S, M))
    return summarise(c, worst_gap.reshape(S, M), dx_max.reshape(S, M), cost.reshape(S, M), unfilled.reshape(S, M),
                     digital)


def regular_unfilled(res) -> np.ndarray:
    """(draws,) administrative and technical posts wanted but not filled, summed over the horizon."""
    return res.by_category["unfilled"][:, :2].sum(axis=(1, 2))


def digital_over(limit: np.ndarray, series: dict[str, np.ndarray], draw: np.ndarray,
                 mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(persons, share), each (draws,): the most any digital gap exceeds its limit in a constrained year,
    in persons and as a share of that level's requirement in that year (at least one person: the measure
    of a miss, comparable with the staff gap's). draw: each row's draw within its candidate (the row of a
    limit with one row per draw; a limit of one row serves every draw)."""
    gap = np.stack([series[f"{level}_gap"][:, mask] for level in DIGITAL_LEVELS], axis=1)
    required = np.stack([series[f"{level}_required"][:, mask] for level in DIGITAL_LEVELS], axis=1)
    over = gap - limit[draw % limit.shape[0]][:, :, mask] - ROUNDING
    return over.max(axis=(1, 2)), (over / np.maximum(required, 1.0)).max(axis=(1, 2))


def summarise(c: Constraints, worst_gap: np.ndarray, dx_max: np.ndarray, cost: np.ndarray,
              unfilled: np.ndarray, digital: tuple[np.ndarray, np.ndarray] | None = None) -> Evaluation:
    """Per-candidate figures from per-draw ones, each (S, M); digital: (persons, share) from digital_over."""
    over = np.maximum(worst_gap - c.max_gap, 0.0)
    if c.budget_cap is not None:
        over += np.maximum((dx_max - c.budget_cap) / c.budget_cap, 0.0)
    if digital is not None:
        over += np.maximum(digital[1], 0.0)
    k = draw_rank(c)
    excess = np.full(cost.shape[0], np.nan) if digital is None else np.sort(digital[0], axis=1)[:, k]
    return Evaluation(cost=cost.mean(axis=1), violation=np.sort(over, axis=1)[:, k],
                      max_gap=np.sort(worst_gap, axis=1)[:, k], max_dx_cost=np.sort(dx_max, axis=1)[:, k],
                      share_met=(over <= 0).mean(axis=1), unfilled=unfilled.mean(axis=1), digital_excess=excess)


def limit_over(problem: Problem, years: np.ndarray) -> np.ndarray | None:
    """The problem's digital limit over other years (a scenario of another horizon): no limit (inf) in a
    year the problem does not have."""
    limit = problem.digital_limit
    if limit is None or np.array_equal(years, problem.years):
        return limit
    out = np.full(limit.shape[:2] + (len(years),), np.inf)
    out[:, :, np.isin(years, problem.years)] = limit[:, :, np.isin(problem.years, years)]
    return out


def assess(sc, problem: Problem, c: Constraints | None = None):
    """The figures of one scenario run normally (sim.engine.run with the constraint's draws and the
    problem's seed) against the problem's constraints (or c, e.g. without the budget cap): (Evaluation of
    one candidate, Results). How a plan's reported figures and the built-in scenarios' are measured."""
    c = problem.constraints if c is None else c
    years = np.arange(int(sc.value("simulation.base_year")), int(sc.value("simulation.end_year")) + 1)
    mask = (years > years[0]) & (years <= c.until)
    res = run(sc, draws=c.draws_per_candidate, seed=problem.seed)
    limit = limit_over(problem, years) if c.max_digital_gap is not None else None
    digital = None if limit is None else tuple(
        x[None, :] for x in digital_over(limit, res.series, np.arange(res.draws), mask))
    ev = summarise(c, np.nanmax(res.series["gap_pct"][:, mask], axis=1)[None, :], res.dx_cost.max(axis=1)[None, :],
                   res.kpi_values[OBJECTIVE][None, :], regular_unfilled(res)[None, :], digital)
    return ev, res
