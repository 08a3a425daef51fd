"""The plan optimiser's problem as data: decision variables, constraints, and the plan they make.

Every decision variable is an integer k in [0, n] on a grid: value = low + k × step, the grid of the
registry parameter it sets (its step, and bounds inside the registry's min and max). A plan is
therefore exactly what the scenario file holds, and start years and on/off switches are honest integers.

- hires per year: `workforce.fixed_hires` under the hiring policy "fixed", a value at each of a few
  knot years (base … until − 1), linearly interpolated in between and flat after the last (the scenario's
  own rule for a time-varying value, sim.inputs.interpolate);
- each DX lever of a menu (the starting scenario's levers that are not statutory, plus one lever of every
  other kind with the registry defaults, the custom kind excepted): on/off, start year, adoption ceiling
  (its scale); statutory levers are the law and stay as they are;
- L1 training coverage, external full-time talent and extra digital hires (constant over the horizon).

The constraints: the staff gap in every year to `until`, optionally a yearly DX budget cap, and the digital
gaps (L1, L2, L3, persons): by default no larger in any year to `until` than the starting scenario's
(KEEP, within half a person), or at most a given number of persons, or not constrained. Without the
digital constraint the least-cost plan drops training and external talent (they cost cash and do nothing
for the staff gap).

A search range can be narrower than the registry's (5,000 hires a year is a valid value, never a sensible
search for a town of 700): the defaults are stated in `default_ranges` and a Problem can be built with
others. The objective and the constraints are in sim.optimise.evaluate.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from sim.engine import run
from sim.i18n import Message
from sim.inputs import interpolate, municipality_inputs
from sim.parameters import LEVER_KINDS, REGISTRY, lever_fields
from sim.scenario import POPULATION_SERIES, Scenario

HIRES_KEY = "workforce.fixed_hires"
PARAM_KEYS = ("talent.training_coverage", "talent.external_fulltime", "talent.digital_hires")
LEVER_SCALE = "ceiling"        # the lever field that scales it: its adoption ceiling
ON = "on"                      # a lever's switch (1 = on, 0 = off)
MENU_EXCLUDED = ("custom",)    # a custom lever has no effect until its hours are entered
HIRES_FACTOR = 3.0             # search hires up to this many times a typical year's hires
KNOTS = 4                      # hire knots from the first plan year to the year `until`
OKU = 1e8                      # yen per 億円: the budget cap's unit for planners (CLI, page, the plan's description)
KEEP = "keep"                  # Constraints.max_digital_gap: the starting scenario's digital gaps, year by year
KEEP_SLACK = 0.5               # persons: with KEEP a digital gap may exceed the starting scenario's by under one person
DIGITAL_LEVELS = ("l1", "l2", "l3")  # the digital gaps constrained: engine series f"{level}_gap" (persons)


@dataclass(frozen=True)
class Constraints:
    """max_gap: the staff gap (share of required FTE) allowed in every year from the first year the plan
    can change (base + 1) to `until`; budget_cap: yen per year for the DX plan's cost (the appraisal row
    dx_cost: levers, external talent and training net of subsidies), None = no cap; confidence: the share
    of Monte-Carlo draws in which every constraint must hold (None = the deterministic run); draws: draws
    per candidate when confidence is given (the same draws for every candidate); max_digital_gap: the
    digital gaps (L1, L2, L3, persons) allowed in the same years as the staff gap: KEEP = no larger than the
    starting scenario's in that year (in that draw, with a confidence level; see digital_limit), a number =
    at most that many persons at every level, None = no digital constraint."""

    max_gap: float
    until: int
    budget_cap: float | None = None
    confidence: float | None = None
    draws: int = 200
    max_digital_gap: float | str | None = KEEP

    def __post_init__(self):
        if not 0.0 <= self.max_gap < 1.0:
            raise ValueError(f"max_gap must be a share in [0, 1), got {self.max_gap}")
        if self.budget_cap is not None and not self.budget_cap > 0:
            raise ValueError(f"budget_cap must be a positive amount of yen per year, got {self.budget_cap}")
        if self.confidence is not None and not 0.0 < self.confidence <= 1.0:
            raise ValueError(f"confidence must be in (0, 1], got {self.confidence}")
        if self.confidence is not None and int(self.draws) < 2:
            raise ValueError(f"a confidence level needs at least 2 draws, got {self.draws}")
        d = self.max_digital_gap
        if not (d is None or d == KEEP or (isinstance(d, (int, float)) and not isinstance(d, bool) and d >= 0)):
            raise ValueError(f"max_digital_gap must be {KEEP!r}, None or a number of persons from 0, got {d!r}")

    @property
    def draws_per_candidate(self) -> int:
        return 1 if self.confidence is None else int(self.draws)


@dataclass(frozen=True)
class Variable:
    name: str          # "workforce.fixed_hires@2030", "levers[3].start_year", "levers[3].on", "talent.digital_hires"
    key: str           # the registry key whose grid it uses
    low: float
    step: float
    n: int             # k in 0..n

    def value(self, k) -> np.ndarray:
        """Grid values, rounded as a plan file writes them (0.6, not 0.6000000000000001)."""
        return np.round(self.low + np.asarray(k, dtype=float) * self.step, 10)

    def index(self, value: float) -> int:
        """The grid point nearest to a value, within the range."""
        return int(np.clip(round((float(value) - self.low) / self.step), 0, self.n))

    @property
    def high(self) -> float:
        return float(self.value(self.n))


@dataclass(frozen=True)
class Problem:
    start: Scenario                 # the starting scenario (town and policy), its horizon ending in `until`
    base: Scenario                  # start + the menu's extra levers, hiring "fixed": every candidate is base + x
    variables: tuple[Variable, ...]
    constraints: Constraints
    knots: tuple[int, ...]
    menu: tuple[int, ...]           # indices (in base.levers) of the levers decided
    seed: int = 0
    ranges: dict = field(default_factory=dict)
    # (draws, levels, years) the most each digital gap may be (persons; draws 1 or the constraint's), over
    # `years`; None without a digital constraint. See digital_limit.
    digital_limit: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def years(self) -> np.ndarray:
        return np.arange(int(self.base.value("simulation.base_year")), int(self.base.value("simulation.end_year")) + 1)

    @property
    def bounds(self) -> list[tuple[int, int]]:
        return [(0, v.n) for v in self.variables]

    def position(self, name: str) -> int:
        return [v.name for v in self.variables].index(name)

    def decode(self, x) -> dict[str, np.ndarray]:
        """name -> values of a population (rows of candidates) or one candidate, from grid indices."""
        x = np.atleast_2d(np.rint(np.asarray(x, dtype=float)))
        return {v.name: v.value(x[:, j]) for j, v in enumerate(self.variables)}

    def encode(self, values: dict[str, float]) -> np.ndarray:
        """Grid indices of named values (each snapped to its grid and range)."""
        return np.array([v.index(values[v.name]) for v in self.variables], dtype=float)


def _grid(key: str, low: float, high: float) -> tuple[float, float, int]:
    """(low, step, n) of a registry parameter's grid within [low, high] ∩ [min, max]."""
    p = REGISTRY[key]
    step = float(p.step or 1.0)
    lo = max(low, p.min if p.min is not None else low)
    hi = min(high, p.max if p.max is not None else high)
    lo = math.ceil(lo / step - 1e-9) * step
    n = max(0, int(math.floor((hi - lo) / step + 1e-9)))
    return lo, step, n


def _staff(sc: Scenario) -> float:
    scalars, *_ = municipality_inputs(sc)
    return sum(scalars[f"municipality.staff_{c}"] for c in ("admin", "technical", "digital"))


def default_ranges(sc: Scenario) -> dict[str, tuple[float, float]]:
    """Search ranges (inside the registry's bounds) for a town: hires up to HIRES_FACTOR × a typical
    year's (staff × the reference hire rate), external full-time talent up to one per 100 staff (at least 2),
    extra digital hires up to one per 200 staff a year (at least 2), training coverage over its whole range."""
    staff = _staff(sc)
    typical = staff * float(sc.value("recruitment.reference_hire_rate"))
    return {HIRES_KEY: (0.0, math.ceil(HIRES_FACTOR * typical)),
            "talent.training_coverage": (0.0, 1.0),
            "talent.external_fulltime": (0.0, max(2.0, math.ceil(staff / 100))),
            "talent.digital_hires": (0.0, max(2.0, math.ceil(staff / 200)))}


def knot_years(sc: Scenario, until: int, n: int = KNOTS) -> tuple[int, ...]:
    """n years from the base year to until − 1, the last year whose hires (who start on 1 April of the next
    year) reach a constrained year; the hires of that knot go on after it (flat), so the plan keeps the
    staff it needs after `until` instead of stopping hiring where the constraint ends."""
    base = int(sc.value("simulation.base_year"))
    last = max(base, min(int(until), int(sc.value("simulation.end_year"))) - 1)
    return tuple(sorted({int(round(y)) for y in np.linspace(base, last, n)}))


def horizon_to(sc: Scenario, until: int) -> Scenario:
    """The scenario with its horizon ending in `until` (through Scenario.with_changes): year-by-year values
    and population series are cut there, with the value at `until` interpolated as the engine would; the
    KPI target year is moved to `until` when it lies beyond. The optimiser's question is asked over this
    horizon, so that the cost is counted over the same years as the constraint: over a longer horizon the
    cheapest plan would stop hiring after `until`, where nothing constrains the gap."""
    if int(sc.value("simulation.end_year")) == int(until):
        return sc

    def cut(series: dict) -> dict:
        kept = {int(y): x for y, x in series.items() if int(y) <= until}
        if len(kept) < len(series):
            kept[int(until)] = float(interpolate({int(y): x for y, x in series.items()}, np.array([until]))[0])
        return kept

    changes: dict = {"simulation.end_year": int(until)}
    if int(sc.value("simulation.target_year")) > until:
        changes["simulation.target_year"] = int(until)
    for key, val in sc.parameters.items():
        if isinstance(val, dict):
            changes[key] = cut(val)
    for name in POPULATION_SERIES:
        series = getattr(sc.municipality, name)
        if series:
            changes[f"municipality.{name}"] = cut(series)
    return sc.with_changes(changes)


def build_problem(sc: Scenario, constraints: Constraints, *, seed: int | None = None, knots: int = KNOTS,
                  ranges: dict[str, tuple[float, float]] | None = None, add_levers: bool = True) -> Problem:
    """The problem for a starting scenario (its town and policy). Raises ValueError for an `until` outside
    the horizon."""
    base_year = int(sc.value("simulation.base_year"))
    end = int(sc.value("simulation.end_year"))
    shortest = int(REGISTRY["simulation.end_year"].min)  # the horizon is cut at `until`
    if not max(base_year + 1, shortest) <= constraints.until <= end:
        raise ValueError(Message("optimise.bad_until", base=base_year, shortest=shortest, end=end,
                                 until=constraints.until))
    sc = horizon_to(sc, constraints.until)
    rng = {**default_ranges(sc), **(ranges or {})}
    base = sc
    if add_levers:
        present = {lev.kind for lev in sc.levers}
        for kind in LEVER_KINDS:
            if kind not in present and kind not in MENU_EXCLUDED and lever_fields(kind)["statutory"].default == "no":
                base = base.with_lever_added(kind)
    years = knot_years(sc, constraints.until, knots)
    grids = {key: _grid(key, *rng[key]) for key in PARAM_KEYS if key not in sc.uncertainty}
    # a year-by-year value becomes one number per candidate; a range of one point is that value, not a variable
    fixed = {key: 0.0 for key in grids if isinstance(sc.value(key), dict)}
    fixed.update({key: _clean(lo) for key, (lo, _, n) in grids.items() if n == 0})
    base = base.with_changes({"workforce.hiring_policy": "fixed", HIRES_KEY: 0.0, **fixed})
    variables = []
    lo, step, n = _grid(HIRES_KEY, *rng[HIRES_KEY])
    variables += [Variable(f"{HIRES_KEY}@{y}", HIRES_KEY, lo, step, n) for y in years]
    menu = []
    for i, lev in enumerate(base.levers):
        specs = lever_fields(lev.kind)
        if lev.value("statutory") == "yes":
            continue
        if any(specs[f].key in sc.uncertainty for f in ("start_year", LEVER_SCALE)):
            continue  # a decision cannot also be uncertain: the scenario's [uncertainty] keeps this lever as it is
        menu.append(i)
        variables.append(Variable(f"levers[{i}].{ON}", "", 0.0, 1.0, 1))
        variables.append(Variable(f"levers[{i}].start_year", specs["start_year"].key,
                                  *_grid(specs["start_year"].key, base_year, constraints.until)))
        scale = specs[LEVER_SCALE]
        s_lo, s_step, s_n = _grid(scale.key, scale.step or 0.0, scale.max)  # a lever that is on has some adoption
        variables.append(Variable(f"levers[{i}].{LEVER_SCALE}", scale.key, s_lo, s_step, s_n))
    variables += [Variable(key, key, *grid) for key, grid in grids.items() if grid[2] > 0]
    for i in menu:  # every lever decided is in the engine's inputs; a candidate switches one off by its start year
        if not base.levers[i].enabled:
            base = base.with_lever_changed(i, enabled=True)
    seed = sc.seed if seed is None else int(seed)
    return Problem(start=sc, base=base, variables=tuple(variables), constraints=constraints, knots=years,
                   menu=tuple(menu), seed=seed, ranges=rng, digital_limit=digital_limit(sc, constraints, seed))


def digital_limit(start: Scenario, c: Constraints, seed: int) -> np.ndarray | None:
    """(draws, levels, years) the most each digital gap (DIGITAL_LEVELS) may be in each year of the
    starting scenario's horizon. With KEEP: the starting scenario's own gaps where positive, plus KEEP_SLACK,
    from its normal run with the constraint's draws and seed (a candidate's draw m is compared with its draw
    m, which has the same random numbers, sim.sampling). The slack because gaps are fractions of persons
    and a plan with a few more staff needs a fraction of a person more L2 in every year; a surplus (a
    negative gap) is not a limit to keep. With a number: that many persons (one row for every draw).
    None without a digital constraint."""
    if c.max_digital_gap is None:
        return None
    if c.max_digital_gap == KEEP:
        res = run(start, draws=c.draws_per_candidate, seed=seed)
        gaps = np.stack([res.series[f"{level}_gap"] for level in DIGITAL_LEVELS], axis=1)
        return np.maximum(gaps, 0.0) + KEEP_SLACK
    years = int(start.value("simulation.end_year")) - int(start.value("simulation.base_year")) + 1
    return np.full((1, len(DIGITAL_LEVELS), years), float(c.max_digital_gap))


def hires_path(problem: Problem, values: dict[str, np.ndarray], row: int) -> dict[int, float]:
    return {y: float(values[f"{HIRES_KEY}@{y}"][row]) for y in problem.knots}


def plan_scenario(problem: Problem, x, name: str | None = None, description: str = "") -> Scenario:
    """The plan of one candidate as a validated Scenario, built from the problem's base through
    Scenario.with_changes and with_lever_changed: hiring "fixed" with the hire knots, the decided lever
    fields and switches (a lever the plan leaves off stays in the file, switched off), the parameters.
    Seed and draws are those of the optimisation, so that a normal run reproduces its figures."""
    values = problem.decode(x)
    changes: dict = {HIRES_KEY: hires_path(problem, values, 0)}
    for i in problem.menu:  # a lever left off keeps its fields as they were
        if values[f"levers[{i}].{ON}"][0] >= 0.5:
            changes[f"levers[{i}].start_year"] = int(values[f"levers[{i}].start_year"][0])
            changes[f"levers[{i}].{LEVER_SCALE}"] = _clean(values[f"levers[{i}].{LEVER_SCALE}"][0])
    for key in PARAM_KEYS:
        if key in values:
            changes[key] = _clean(values[key][0])
    sc = problem.base.with_changes(changes)
    for i in problem.menu:
        sc = sc.with_lever_changed(i, enabled=bool(values[f"levers[{i}].{ON}"][0] >= 0.5))
    data_changes = {"seed": problem.seed, "draws": problem.constraints.draws_per_candidate}
    return _with_metadata(sc, name=name or sc.name, description=description or sc.description, **data_changes)


def _clean(x: float) -> float | int:
    """A grid value as written in a file: whole numbers as int, others rounded to 10 decimals (no 0.30000000000000004)."""
    r = round(float(x), 10)
    return int(r) if r.is_integer() else r


def _with_metadata(sc: Scenario, **meta) -> Scenario:
    return dataclasses.replace(sc, **{k: v for k, v in meta.items() if v is not None})
