"""Resolve a Scenario into the arrays the engine takes.

Every numeric parameter becomes an array of shape (draws, years): a scalar is broadcast, a
time-varying value `{2025 = 10, 2030 = 20}` is interpolated linearly (flat outside the given
years), and an uncertain parameter is sampled per draw when draws > 1. Registry defaults carry
their uncertainty only while the scenario leaves them at the default; a value the scenario sets
is taken as given unless the scenario's [uncertainty] table names it too.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import math

import numpy as np

from sim import data
from sim.i18n import Message
from sim.model.workforce import AGES, CATEGORIES, max_age_in_post, retirement_ages
from sim.parameters import REGISTRY, lever_fields
from sim.scenario import Scenario, ScenarioError
from sim.sampling import sample_random, uncertain_inputs


@dataclass
class LeverInput:
    kind: str
    name: str
    fields: dict  # field -> (draws,) array, or str for choices


@dataclass
class Inputs:
    years: np.ndarray
    draws: int
    seed: int
    values: dict[str, np.ndarray]   # key -> (draws, years), read-only
    choices: dict[str, str]
    levers: list[LeverInput]
    population: np.ndarray          # (draws, years)
    elderly: np.ndarray             # (draws, years) aged 65+
    children: np.ndarray            # (draws, years) aged 0-14
    youth_index: np.ndarray         # (draws, years) the applicant cohort relative to the base year
    staff0: np.ndarray              # (categories, ages), or (draws, categories, ages) in a batch: staff on 1 April of the base year
    staff0_includes_rehired: bool   # True when staff0 is the stated staff (re-employed inside it), False for a roster
    exit_base: np.ndarray           # (ages,) FY2018 voluntary exit rates
    schedule: tuple
    retirement_age: np.ndarray      # (years,)
    scenario_name: str = ""
    sampled: list[str] = field(default_factory=list)

    def v(self, key: str) -> np.ndarray:
        return self.values[key]

    def s(self, key: str) -> np.ndarray:
        """Per-draw value of a parameter that does not vary by year."""
        return self.values[key][:, 0]

    def draw(self, d: int) -> "Inputs":
        """The inputs of draw d alone, as a single-draw run (every per-draw array sliced)."""
        def one(a: np.ndarray) -> np.ndarray:
            return a[d:d + 1]
        return dataclasses.replace(
            self, draws=1, values={k: one(a) for k, a in self.values.items()},
            levers=[LeverInput(lev.kind, lev.name, {f: (x if isinstance(x, str) else one(x)) for f, x in lev.fields.items()})
                    for lev in self.levers],
            population=one(self.population), elderly=one(self.elderly), children=one(self.children),
            youth_index=one(self.youth_index), staff0=one(self.staff0) if self.staff0.ndim == 3 else self.staff0)


def interpolate(series: dict[int, float], years: np.ndarray) -> np.ndarray:
    xs = np.array(sorted(series), dtype=float)
    ys = np.array([series[int(x)] for x in xs], dtype=float)
    return np.interp(years, xs, ys)


def year_path(value, years: np.ndarray) -> np.ndarray:
    """A parameter value for each of `years`: a series interpolated between its years, a number repeated."""
    years = np.asarray(years)
    return interpolate(value, years) if isinstance(value, dict) else np.full(years.size, float(value))


def with_year_value(value, year: int, new: float, years: np.ndarray):
    """A time-varying value with one year set to `new` and every other year of `years` kept as it was
    (values between the given years are interpolated): the path is taken year by year, changed, and
    stored back with only the years where its slope changes (a constant path becomes a number)."""
    path = year_path(value, years)
    path[years == int(year)] = float(new)
    if np.allclose(path, path[0], rtol=0, atol=1e-12):
        return _number(path[0])
    keep = [0] + [i for i in range(1, years.size - 1)
                  if not math.isclose(path[i] - path[i - 1], path[i + 1] - path[i], abs_tol=1e-9)] + [years.size - 1]
    return {int(years[i]): _number(path[i]) for i in keep}


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def resolve(sc: Scenario, draws: int | None = None, seed: int | None = None,
            overrides: dict | None = None, samples: dict[str, np.ndarray] | None = None,
            population: np.ndarray | None = None, elderly: np.ndarray | None = None,
            children: np.ndarray | None = None, staff0: np.ndarray | None = None) -> Inputs:
    """Arrays for the engine.

    overrides: registry key -> value, applied on top of the scenario (validated).
    samples: per-draw values, name -> (draws,) array, for names of `uncertain_inputs(sc)` (registry
    keys, or "levers[i].field"); given by Monte-Carlo designs and sensitivity analyses. Without it,
    a run with draws > 1 samples every uncertain input from its own seeded stream. A batch over
    municipalities passes the municipality.* keys here too (one municipality per draw).
    population, elderly, children: (draws, years) paths replacing the scenario's; staff0: (draws,
    categories, ages) or (categories, ages) base-year staff replacing the scenario's. Used by batch
    runs, where each draw is one municipality (see `municipality_inputs` and sim.municipal.batch).
    """
    if overrides:
        sc = sc.with_changes(overrides)
    draws = sc.draws if draws is None else int(draws)
    seed = sc.seed if seed is None else int(seed)
    if samples is None:
        samples = sample_random(uncertain_inputs(sc), draws, seed) if draws > 1 else {}
    for name in samples:
        p = REGISTRY.get(name)
        if p is not None and not p.samplable:
            raise ValueError(f"{name} is not samplable (structural: one value holds for every draw)")
    preset = data.presets().loc[sc.municipality.preset]
    base = int(sc.value("simulation.base_year"))
    end = int(sc.value("simulation.end_year"))
    years = np.arange(base, end + 1)
    T = years.size

    def per_draw(name: str, val) -> np.ndarray:
        """(draws,) values of a scalar input: its samples, or the point value."""
        if name in samples:
            x = np.asarray(samples[name], dtype=float)
            if x.shape != (draws,):
                raise ValueError(f"samples[{name!r}] has shape {x.shape}, expected ({draws},)")
            return x
        return np.full(draws, float(val))

    values: dict[str, np.ndarray] = {}
    choices: dict[str, str] = {}
    for key, p in REGISTRY.items():
        if key.startswith("lever."):
            continue
        if p.group == "municipality" or p.preset_field:
            val = _municipality_value(sc, key, preset)
        else:
            val = sc.value(key)
            if p.unit == "choice":
                choices[key] = val
                continue
        if isinstance(val, dict):
            values[key] = np.broadcast_to(interpolate(val, years), (draws, T))
        else:
            values[key] = np.broadcast_to(per_draw(key, val)[:, None], (draws, T))

    levers = []
    for i, lev in enumerate(sc.levers):
        if not lev.enabled:
            continue
        fields = {name: (lev.value(name) if p.unit == "choice" else per_draw(f"levers[{i}].{name}", lev.value(name)))
                  for name, p in lever_fields(lev.kind).items()}
        levers.append(LeverInput(lev.kind, lev.name, fields))

    schedule = data.retirement_schedule()
    own = _population(sc, preset, years, values, draws)
    population = own[0] if population is None else _override(population, (draws, T), "population")
    elderly = own[1] if elderly is None else _override(elderly, (draws, T), "elderly")
    children = own[2] if children is None else _override(children, (draws, T), "children")
    if staff0 is None:
        staff0 = _initial_staff(sc, values, base, schedule)
    else:
        staff0 = np.asarray(staff0, dtype=float)
        if staff0.shape not in ((len(CATEGORIES), AGES.size), (draws, len(CATEGORIES), AGES.size)):
            raise ValueError(f"staff0 has shape {staff0.shape}, expected ({draws}, {len(CATEGORIES)}, {AGES.size}) "
                             f"or ({len(CATEGORIES)}, {AGES.size})")
    return Inputs(years=years, draws=draws, seed=seed, values=values, choices=choices, levers=levers,
                  population=population, elderly=elderly, children=children,
                  youth_index=youth_index(years, children), staff0=staff0,
                  staff0_includes_rehired=sc.municipality.age_profile is None,
                  exit_base=data.exit_rates_by_age(), schedule=schedule,
                  retirement_age=retirement_ages(years, schedule), scenario_name=sc.name, sampled=list(samples))


def _override(a, shape: tuple[int, int], name: str) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    if a.shape != shape:
        raise ValueError(f"{name} has shape {a.shape}, expected {shape}")
    return a


def _municipality_value(sc: Scenario, key: str, preset):
    """A municipality.* registry value, or one whose default depends on the size class: set in the
    scenario, else the preset's column, else the default."""
    p = REGISTRY[key]
    val = sc.municipality.values.get(key) if p.group == "municipality" else sc.parameters.get(key)
    if val is None:
        val = p.default if p.preset_field is None else float(preset[p.preset_field])
    return val


def municipality_inputs(sc: Scenario) -> tuple[dict[str, float], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The municipality part of `resolve(sc, draws=1)` without the rest, for batch runs.

    Returns (the registry values that depend on the municipality: municipality.* and those whose
    default comes from the size class, population (years,), elderly (years,), children (years,),
    staff0 (categories, ages)) computed exactly as resolve() does, so a batch that stacks these per
    draw reproduces single runs.
    """
    preset = data.presets().loc[sc.municipality.preset]
    base = int(sc.value("simulation.base_year"))
    end = int(sc.value("simulation.end_year"))
    years = np.arange(base, end + 1)
    keys = [k for k, p in REGISTRY.items() if p.group == "municipality" or p.preset_field]
    scalars = {k: float(_municipality_value(sc, k, preset)) for k in keys}
    values = {k: np.full((1, 1), x) for k, x in scalars.items()}
    population, elderly, children = _population(sc, preset, years, values, 1)
    staff0 = _initial_staff(sc, values, base, data.retirement_schedule())
    return scalars, population[0], elderly[0], children[0], staff0


def _population(sc: Scenario, preset, years: np.ndarray, values: dict, draws: int):
    """(draws, years) total, 65+ and 0-14 population for the chosen path.

    Age groups without a series of their own keep the base-year share times the change of that
    share in the national path (explicit and national paths) or in the size class (default path).
    """
    m = sc.municipality
    pop0 = values["municipality.population"][:, :1]     # (draws, 1): sampled per draw, or the same value
    old0 = values["municipality.share_65plus"][:, :1]
    kids0 = float(preset["share_0_14"])
    nat = data.national_projection().reindex(years)
    if m.population_path == "size_class":
        proj = data.size_class_projection(preset["projection_class"]).reindex(years)
        idx = proj["population_index"].to_numpy()
        pop = pop0 * idx / idx[0]
        old_path, kids_path = proj["share_65plus"].to_numpy(), proj["share_0_14"].to_numpy()
    else:
        total = nat["population"].to_numpy()
        pop = (np.broadcast_to(interpolate(m.population_series, years), (pop0.shape[0], years.size))
               if m.population_path == "explicit" else pop0 * total / total[0])
        old_path, kids_path = (nat["pop_65plus"] / nat["population"]).to_numpy(), (nat["pop_0_14"] / nat["population"]).to_numpy()
    elderly = (interpolate(m.elderly_series, years) if m.elderly_series
               else pop * np.clip(old0 * old_path / old_path[0], 0.0, 1.0))
    children = (interpolate(m.children_series, years) if m.children_series
                else pop * np.clip(kids0 * kids_path / kids_path[0], 0.0, 1.0))
    shape = (draws, years.size)
    return np.broadcast_to(pop, shape), np.broadcast_to(elderly, shape), np.broadcast_to(children, shape)


def youth_index(years: np.ndarray, children: np.ndarray) -> np.ndarray:
    """(draws, years) the applicant cohort relative to the base year.

    Nationally it is the 22-year-olds, i.e. the births 22 years earlier (sim.data.national_youth);
    locally it moves with the town's 0-14 population relative to the nation's, so a town whose
    children decline faster than the national average also sees its applicants decline faster:
    youth_t = births(t−22)/births(t0−22) × (Kids_t/Kids_t0) / (NatKids_t/NatKids_t0).
    """
    nat_youth = data.national_youth(years)
    nat_kids = data.national_projection()["pop_0_14"].reindex(years).to_numpy()
    local = (children / children[:, :1]) / (nat_kids / nat_kids[0])[None, :]
    return (nat_youth / nat_youth[0])[None, :] * local


def _initial_staff(sc: Scenario, values: dict, base: int, schedule) -> np.ndarray:
    """(categories, ages) staff on 1 April of the base year, or (draws, categories, ages) when the
    staff counts differ by draw (sampled)."""
    oldest = max_age_in_post(base, schedule)
    in_post = AGES <= oldest
    if sc.municipality.age_profile is not None:
        counts = np.array(sc.municipality.age_profile, dtype=float)
        too_old = counts[:, ~in_post].sum()
        if too_old > 0:
            ages = sorted({int(a) for c in range(3) for a in AGES[~in_post][counts[c, ~in_post] > 0]})
            raise ScenarioError([("municipality.age_profile_csv",
                                  Message("scenario.staff_too_old", age=ages[0], year=base, oldest=oldest))])
        return counts
    shape = data.default_age_profile()[list(CATEGORIES)].to_numpy().T  # (categories, ages)
    shape = np.where(in_post[None, :], shape, 0.0)
    shape = shape / shape.sum(axis=1, keepdims=True)
    totals = np.stack([values[f"municipality.staff_{c}"][:, 0] for c in CATEGORIES], axis=1)  # (draws, categories)
    if (totals == totals[:1]).all():
        return shape * totals[0][:, None]
    return shape[None, :, :] * totals[:, :, None]
