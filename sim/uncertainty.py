"""Sampling of uncertain parameters (scipy.stats, scipy.stats.qmc), seeded and reproducible, and
Monte Carlo through the one engine in bounded-memory chunks, with percentile bands.

Each parameter draws from its own stream, seeded by (scenario seed, parameter key), so adding a
lever or a parameter does not reshuffle the others, and two scenarios with the same seed share
their random numbers (common random numbers make comparisons less noisy).
"""

from __future__ import annotations

import dataclasses

import json
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import qmc

from sim.parameters import REGISTRY, Param, Uncertainty, lever_fields


def frozen(u: Uncertainty):
    """The scipy.stats frozen distribution of an Uncertainty (lognormal is clipped afterwards)."""
    lo, hi = u.low, u.high
    if u.dist == "uniform":
        return stats.uniform(loc=lo, scale=hi - lo)
    if u.dist == "triangular":
        return stats.triang(c=(u.mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    if u.dist == "pert":
        a = 1 + 4 * (u.mode - lo) / (hi - lo)
        b = 1 + 4 * (hi - u.mode) / (hi - lo)
        return stats.beta(a, b, loc=lo, scale=hi - lo)
    if u.dist == "truncnormal":
        return stats.truncnorm((lo - u.mode) / u.sd, (hi - u.mode) / u.sd, loc=u.mode, scale=u.sd)
    if u.dist == "lognormal":
        return stats.lognorm(s=u.sd, scale=u.mode)
    raise ValueError(f"unknown distribution {u.dist}")


def stream(seed: int, key: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(key.encode())])


def sample(u: Uncertainty, n: int, seed: int, key: str) -> np.ndarray:
    """n draws of one parameter by inverse transform of uniform numbers."""
    q = stream(seed, key).random(n)
    x = frozen(u).ppf(q)
    return np.clip(x, u.low, u.high)


def uncertain_inputs(sc) -> list[tuple[str, Param, Uncertainty]]:
    """The scalar inputs of a scenario that vary across draws, in a fixed order: (name, param,
    distribution). Names are registry keys, or "levers[i].field" for a field of the scenario's i-th
    lever. A registry default distribution applies while the scenario leaves the value at its
    default; a value the scenario sets is fixed unless its [uncertainty] table names the key.
    Only samplable parameters (Param.samplable) are ever listed: validation refuses an [uncertainty]
    entry on the others, and on a value given as a year-by-year path."""
    out = []
    for key, p in REGISTRY.items():
        if key.startswith("lever.") or not p.samplable:
            continue
        if p.group == "municipality":
            is_set = key in sc.municipality.values
        else:
            if isinstance(sc.value(key), dict):
                continue  # a year-by-year path is taken as given
            is_set = key in sc.parameters
        u = sc.uncertainty.get(key) or (p.uncertainty if not is_set else None)
        if u is not None:
            out.append((key, p, u.around(sc.value(key))))
    for i, lev in enumerate(sc.levers):
        if not lev.enabled:
            continue
        for name, p in lever_fields(lev.kind).items():
            if not p.samplable:
                continue
            u = sc.uncertainty.get(p.key) or (p.uncertainty if name not in lev.fields else None)
            if u is not None:
                out.append((f"levers[{i}].{name}", p, u))
    return out


def as_valid(p: Param, x: np.ndarray) -> np.ndarray:
    """Sampled values of a parameter as values it can take: whole numbers for an integer parameter
    (a start year, a number of staff), so that every draw is a value a single run could be given."""
    return np.rint(x) if p.integer else x


def sample_random(dims, draws: int, seed: int) -> dict[str, np.ndarray]:
    """Independent draws of each input from its own stream (see the module docstring)."""
    return {name: as_valid(p, sample(u, draws, seed, name)) for name, p, u in dims}


PERCENTILES = (5, 10, 50, 90, 95)
KPI_PERCENTILES = (5, 10, 50, 80, 90, 95)  # budgets are read at P50 and P80


def percentiles(a: np.ndarray, axis: int = 0, qs=PERCENTILES) -> dict[str, np.ndarray]:
    """P5/P10/P50/P90/P95 (or the percentiles qs) along the draw axis, NaN-aware (e.g. a payback
    year never reached)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "All-NaN slice": stays NaN, shown as a dash
        vals = np.nanpercentile(a, qs, axis=axis) if np.isnan(a).any() else np.percentile(a, qs, axis=axis)
    return {f"p{p}": v for p, v in zip(qs, vals)}


# --- designs -------------------------------------------------------------------------------------

METHODS = ("random", "lhs", "sobol")


def from_unit(dims, u01: np.ndarray) -> dict[str, np.ndarray]:
    """A (draws, d) matrix of uniform numbers -> per-draw values by inverse transform, clipped to bounds."""
    out = {}
    for j, (name, p, u) in enumerate(dims):
        out[name] = as_valid(p, np.clip(frozen(u).ppf(u01[:, j]), u.low, u.high))
    return out


def design(sc, draws: int, seed: int | None = None, method: str = "random") -> dict[str, np.ndarray]:
    """Per-draw values, name -> (draws,) array, for every input of uncertain_inputs(sc).

    random: each input from its own stream (see the module docstring); lhs: a Latin hypercube
    (each input stratified into `draws` equal-probability bins); sobol: a scrambled Sobol' sequence.
    The same seed gives identical arrays."""
    if method not in METHODS:
        raise ValueError(f"unknown sampling method {method!r}; choose one of {', '.join(METHODS)}")
    draws = int(draws)
    seed = sc.seed if seed is None else int(seed)
    dims = uncertain_inputs(sc)
    if method == "random" or not dims:
        return sample_random(dims, draws, seed)
    d = len(dims)
    if method == "lhs":
        u01 = qmc.LatinHypercube(d, rng=seed).random(draws)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # balance properties need a power of two: fine here
            u01 = qmc.Sobol(d, scramble=True, rng=seed).random(draws)
    return from_unit(dims, u01)


# --- Monte Carlo ---------------------------------------------------------------------------------

BAND_SERIES = ("staff_regular", "supply_fte", "required_fte", "gap_fte", "gap_pct",
               "l1_gap", "l2_gap", "l3_gap", "hours_saved")
BAND_METRICS = BAND_SERIES + ("dx_cost", "benefit", "net_benefit_cumulative")
BAND_LABELS = {
    "staff_regular": ("正規職員数", "Regular staff"),
    "supply_fte": ("供給人員", "Supply (FTE)"),
    "required_fte": ("必要人員", "Required FTE"),
    "gap_fte": ("職員不足", "Staff gap (FTE)"),
    "gap_pct": ("不足率", "Staff gap %"),
    "l1_gap": ("デジタル人材不足 L1", "Digital gap L1"),
    "l2_gap": ("デジタル人材不足 L2", "Digital gap L2"),
    "l3_gap": ("デジタル人材不足 L3", "Digital gap L3"),
    "hours_saved": ("削減時間", "Hours saved"),
    "dx_cost": ("DX計画費用（補助控除後・法定分を除く）", "DX plan cost (net of subsidies, statutory excluded)"),
    "benefit": ("業務余力（削減時間×人件費単価・現金ではない）", "Capacity freed (hours × loaded cost; not cash)"),
    "net_benefit_cumulative": ("累計純便益（業務余力ベース）", "Cumulative net benefit (on capacity)"),
}
BAND_UNITS = {"staff_regular": "persons", "supply_fte": "fte", "required_fte": "fte", "gap_fte": "fte",
              "gap_pct": "share", "l1_gap": "persons", "l2_gap": "persons", "l3_gap": "persons",
              "hours_saved": "hours", "dx_cost": "yen", "benefit": "yen", "net_benefit_cumulative": "yen"}


def band_arrays(res) -> dict[str, np.ndarray]:
    """The (draws, years) arrays of BAND_METRICS from a Results."""
    out = {m: res.series[m] for m in BAND_SERIES}
    out["dx_cost"] = res.dx_cost
    out["benefit"] = res.benefit
    out["net_benefit_cumulative"] = np.cumsum(res.benefit - res.dx_cost, axis=1)
    return out


@dataclass
class MonteCarlo:
    years: np.ndarray
    draws: int
    seed: int
    method: str
    scenario_name: str
    kpis: dict[str, np.ndarray]       # KPI key -> (draws,)
    per_draw: dict[str, np.ndarray]   # BAND_METRICS -> (draws, years) float32
    sampled: list[str] = field(default_factory=list)
    band_values: dict[str, np.ndarray] | None = None  # bands computed once, kept by compact()

    def bands(self) -> dict[str, np.ndarray]:
        """metric -> (5, years): P5, P10, P50, P90, P95 per year (NaN-aware)."""
        if self.band_values is not None:
            return self.band_values
        return {m: np.stack([np.asarray(v, dtype=float) for v in percentiles(a, axis=0).values()])
                for m, a in self.per_draw.items()}

    def compact(self) -> "MonteCarlo":
        """A copy that keeps the bands but, per draw, only the KPIs and the staff gap % (what the
        probability cards need): about 30× smaller, for caching in the app."""
        return dataclasses.replace(self, band_values=self.bands(), per_draw={"gap_pct": self.per_draw["gap_pct"]})

    def band_table(self, lang: str = "ja") -> pd.DataFrame:
        """Tidy table [metric, year, p5, p10, p50, p90, p95, label, unit]."""
        frames = []
        for m, b in self.bands().items():
            ja, en = BAND_LABELS.get(m, (m, m))
            t = pd.DataFrame({"metric": m, "year": self.years,
                              **{f"p{p}": b[i] for i, p in enumerate(PERCENTILES)}})
            t["label"] = ja if lang == "ja" else en
            t["unit"] = BAND_UNITS.get(m, "")
            frames.append(t)
        return pd.concat(frames, ignore_index=True)

    def kpi_table(self) -> pd.DataFrame:
        """[key, label_ja, label_en, unit, p5, p10, p50, p80, p90, p95, mean, draws_with_value,
        never_share] (NaN-aware: percentiles and mean over the draws where the KPI is defined). For a
        year KPI (first_gap_year, payback_year) the percentiles are over the draws where the event
        happens, and never_share is the share of draws where it never happens within the horizon;
        never_share is NaN for the other KPIs."""
        from sim.results import KPI_SPECS, year_kpi_columns
        rows = []
        for key, unit, ja, en in KPI_SPECS:
            a = np.asarray(self.kpis[key], dtype=float)
            row = {"key": key, "label_ja": ja, "label_en": en, "unit": unit}
            row.update({k: float(v) for k, v in percentiles(a, qs=KPI_PERCENTILES).items()})
            ok = ~np.isnan(a)
            row["mean"] = float(a[ok].mean()) if ok.any() else float("nan")
            row.update(year_kpi_columns(key, a))
            rows.append(row)
        return pd.DataFrame(rows)

    def never_share(self, key: str) -> float:
        """Share of draws in which a year KPI's event never happens within the horizon."""
        from sim.results import YEAR_KPIS, never_share
        if key not in YEAR_KPIS:
            raise KeyError(f"{key!r} is not a year KPI ({', '.join(YEAR_KPIS)})")
        return never_share(self.kpi_samples(key))

    def prob_gap_exceeds(self, share: float, year: int) -> float:
        """Share of draws whose staff gap % in `year` exceeds `share` (0.1 = 10%)."""
        t = int(year) - int(self.years[0])
        if not 0 <= t < self.years.size:
            raise ValueError(f"year {year} is outside {self.years[0]}–{self.years[-1]}")
        gap = self.per_draw["gap_pct"][:, t]
        return float(np.mean(gap > share))

    def kpi_samples(self, key: str) -> np.ndarray:
        if key not in self.kpis:
            raise KeyError(f"unknown KPI {key!r}; keys: {', '.join(self.kpis)}")
        return self.kpis[key]

    # --- export (the same conventions as Results: CSV in UTF-8 with BOM) -------------------------
    def tables(self, lang: str = "ja") -> dict[str, pd.DataFrame]:
        return {"kpis": self.kpi_table(), "bands": self.band_table(lang)}

    def to_json(self, lang: str = "ja") -> str:
        bands = json.loads(self.band_table(lang).to_json(orient="records"))
        payload = {"scenario": self.scenario_name, "draws": self.draws, "seed": self.seed, "method": self.method,
                   "kpis": json.loads(self.kpi_table().to_json(orient="records")),
                   "bands": bands}
        return json.dumps(payload, ensure_ascii=False, indent=1)

    def write(self, out_dir: str | Path, fmt: str = "csv", lang: str = "ja") -> list[Path]:
        from sim.results import csv_bytes, excel_bytes  # formula-safe export (sim.results imports this module)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        tables = self.tables(lang)
        if fmt == "csv":
            paths = []
            for name, table in tables.items():
                p = out / f"{name}.csv"
                p.write_bytes(csv_bytes(table))
                paths.append(p)
            return paths
        if fmt == "xlsx":
            p = out / "results.xlsx"
            p.write_bytes(excel_bytes(tables))
            return [p]
        if fmt == "json":
            p = out / "results.json"
            p.write_text(self.to_json(lang), encoding="utf-8")
            return [p]
        raise ValueError(f"unknown format {fmt!r} (csv, xlsx, json)")


def monte_carlo(sc, draws: int, seed: int | None = None, method: str = "random", chunk_size: int = 5000,
                progress: Callable[[int, int], None] | None = None) -> MonteCarlo:
    """N draws through the one engine, chunk by chunk. The design is built once for all draws, so
    the result does not depend on chunk_size; only the KPIs and BAND_METRICS (float32) are kept per
    draw, so memory stays bounded. progress(done, total) is called after each chunk."""
    from sim.engine import simulate
    from sim.inputs import resolve
    draws = int(draws)
    if draws < 1:
        raise ValueError("draws must be at least 1")
    chunk_size = max(1, int(chunk_size))
    seed = sc.seed if seed is None else int(seed)
    full = design(sc, draws, seed, method)
    kpis: dict[str, np.ndarray] = {}
    per_draw: dict[str, np.ndarray] = {}
    years = None
    for start in range(0, draws, chunk_size):
        stop = min(start + chunk_size, draws)
        res = simulate(resolve(sc, stop - start, seed, samples={k: v[start:stop] for k, v in full.items()}))
        if years is None:
            years = res.years
            kpis = {k: np.empty(draws) for k in res.kpi_values}
            per_draw = {m: np.empty((draws, years.size), dtype=np.float32) for m in BAND_METRICS}
        for k, a in res.kpi_values.items():
            kpis[k][start:stop] = a
        for m, a in band_arrays(res).items():
            per_draw[m][start:stop] = a
        del res
        if progress is not None:
            progress(stop, draws)
    return MonteCarlo(years=years, draws=draws, seed=seed, method=method, scenario_name=sc.name,
                      kpis=kpis, per_draw=per_draw, sampled=list(full))
