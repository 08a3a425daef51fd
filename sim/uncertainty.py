"""Monte Carlo through the one engine in bounded-memory chunks: MonteCarlo, the one result of many
draws. The sampling of inputs and the designs are in sim.sampling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from sim import export, i18n
from sim.engine import run, run_in_chunks, sampled_inputs, simulate
from sim.model.metrics import METRIC_UNITS
from sim.model.workforce import CATEGORIES
from sim.results import FLOWS, YEAR_KPIS, Results, never_share
from sim.sampling import PERCENTILES, design, sorted_percentiles


# --- Monte Carlo ---------------------------------------------------------------------------------

# The metrics of the uncertainty page's fans (and of the "bands" table), by their path in the result.
BAND_SERIES = ("staff_regular", "supply_fte", "required_fte", "gap_fte", "gap_pct",
               "l1_gap", "l2_gap", "l3_gap", "hours_saved")
BAND_PATHS = {**{m: m for m in BAND_SERIES}, "dx_cost": "line.dx_cost", "benefit": "line.capacity_freed",
              "net_benefit_cumulative": "line.capacity_net_of_cost_cumulative"}
BAND_METRICS = tuple(BAND_PATHS)


@dataclass
class MonteCarlo(Results):
    """A Results summarised over its draws: every path (Results.paths) holds its percentiles P5 ... P95 per
    year, so tables and exports have a column per percentile and charts show the P50; the KPIs are kept
    per draw (kpi_table: P50, the P5–P95 summary, never_share). Its arrays (series, by_category, budget
    lines, levers) hold the P50 of each, one row, for readers of a single run. Besides the KPIs only the
    staff gap % is kept per draw (the probability cards), so it stays small enough to cache and to send
    between processes (about 410 kB pickled at 1,000 draws, 2.8 MB at 10,000)."""
    method: str = "random"
    percentiles_by_path: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # path -> {"p5": (years,) ...}
    gap_pct_draws: np.ndarray | None = None  # (draws, years) float32

    def values(self, path: str) -> dict[str, np.ndarray]:
        return self.percentiles_by_path[path]

    def bands(self) -> dict[str, np.ndarray]:
        """BAND_METRICS -> (5, years): P5, P10, P50, P90, P95 per year (NaN-aware)."""
        return {m: np.stack([self.percentiles_by_path[path][f"p{q}"] for q in PERCENTILES])
                for m, path in BAND_PATHS.items()}

    def band_table(self, lang: str = "ja") -> pd.DataFrame:
        """Tidy table [metric, year, p5, p10, p50, p90, p95, label, unit] of BAND_METRICS."""
        frames = []
        for m, b in self.bands().items():
            t = pd.DataFrame({"metric": m, "year": self.years,
                              **{f"p{p}": b[i] for i, p in enumerate(PERCENTILES)}})
            t["label"] = i18n.t(f"metric.{m}", lang)
            t["unit"] = METRIC_UNITS.get(m, "")
            frames.append(t)
        return pd.concat(frames, ignore_index=True)

    def never_share(self, key: str) -> float:
        """Share of draws in which a year KPI's event never happens within the horizon."""
        if key not in YEAR_KPIS:
            raise KeyError(f"{key!r} is not a year KPI ({', '.join(YEAR_KPIS)})")
        return never_share(self.kpi_samples(key))

    def prob_gap_exceeds(self, share: float, year: int) -> float:
        """Share of draws whose staff gap % in `year` exceeds `share` (0.1 = 10%)."""
        t = int(year) - int(self.years[0])
        if not 0 <= t < self.years.size:
            raise ValueError(f"year {year} is outside {self.years[0]}–{self.years[-1]}")
        gap = self.gap_pct_draws[:, t]
        return float(np.mean(gap > share))

    def kpi_samples(self, key: str) -> np.ndarray:
        if key not in self.kpi_values:
            raise KeyError(f"unknown KPI {key!r}; keys: {', '.join(self.kpi_values)}")
        return self.kpi_values[key]

    # --- export: Results' tables, each with a column per percentile, and the bands of the fans ---------
    def tables(self) -> dict[str, pd.DataFrame]:
        return {**super().tables(), "bands": self.band_table()}

    def export_tables(self, lang: str = "ja", scenario=None) -> dict[str, pd.DataFrame]:
        bands = [(i18n.t(f"metric.{m}", lang), METRIC_UNITS[m], self.values(path)) for m, path in BAND_PATHS.items()]
        tables = super().export_tables(lang)
        tables["bands"] = export.year_table(self.years, bands, lang)
        if scenario is not None:  # the assumptions last, as in every workbook
            tables["assumptions"] = export.assumptions_table(scenario, lang)
        return tables

    def json_payload(self, lang: str = "ja") -> dict:
        return {**super().json_payload(lang), "method": self.method, "bands": export.records(self.band_table(lang))}


# Per-draw values kept at once (float32). Paths beyond it are summarised in further passes over the same
# draws (the design is fixed, so a pass gives the same values): one pass up to about 55,000 draws of the
# standard scenario, two at the CLI's 100,000.
STACK_BYTES = 512 * 2**20


def monte_carlo(sc, draws: int, seed: int | None = None, method: str = "random", chunk_size: int = 5000,
                progress: Callable[[int, int], None] | None = None, stack_bytes: int = STACK_BYTES) -> MonteCarlo:
    """N draws through the one engine, chunk by chunk. The design is built once for all draws, so the
    result does not depend on chunk_size (nor on stack_bytes). Per draw only the KPIs and the staff gap %
    are kept; every path is kept (float32) until its exact percentiles are taken, as many paths at once as
    fit in stack_bytes, so memory stays bounded by the chunk's engine arrays plus stack_bytes.
    progress(done, total) is called after each chunk (total: draws × passes)."""
    draws = int(draws)
    if draws < 1:
        raise ValueError("draws must be at least 1")
    seed = sc.seed if seed is None else int(seed)
    full = design(sc, draws, seed, method)
    inputs_for = sampled_inputs(sc, full, seed)
    probe = simulate(inputs_for(0, 1))  # the result's shape: years, paths, KPIs
    shape, paths, T = _shape(probe), probe.paths(), probe.years.size
    size = max(1, int(stack_bytes) // (draws * T * 4))
    groups = [paths[i:i + size] for i in range(0, len(paths), size)]
    kpis = {k: np.empty(draws) for k in probe.kpi_values}
    age_sum, gap_pct = np.zeros_like(probe.age_profile), np.empty((draws, T), dtype=np.float32)
    by_path: dict[str, dict[str, np.ndarray]] = {}
    for n, group in enumerate(groups):
        report = None if progress is None else (lambda done, _, n=n: progress(n * draws + done, len(groups) * draws))
        stack = np.empty((len(group), T, draws), dtype=np.float32)  # draws last: the sort runs on contiguous rows
        for start, stop, res in run_in_chunks(draws, chunk_size, inputs_for, report):
            for j, path in enumerate(group):
                stack[j, :, start:stop] = res.values(path).T
            if n == 0:
                for k, a in res.kpi_values.items():
                    kpis[k][start:stop] = a
                age_sum += res.age_profile * (stop - start)
                gap_pct[start:stop] = res.values("gap_pct")
            del res
        pct = sorted_percentiles(stack)  # (5, paths of the group, years)
        del stack
        by_path.update({path: {f"p{q}": pct[i, j] for i, q in enumerate(PERCENTILES)} for j, path in enumerate(group)})
    return _summary(shape, by_path, kpis, age_sum / draws, draws, seed, method, gap_pct)


def scenario_result(sc, draws: int | None = None, seed: int | None = None, method: str = "random",
                    progress: Callable[[int, int], None] | None = None) -> Results:
    """A scenario's result as the CLI, every page and the documents report it: one run, or with several
    draws (its own, or `draws`) the Monte Carlo."""
    n = sc.draws if draws is None else int(draws)
    return monte_carlo(sc, n, seed=seed, method=method, progress=progress) if n > 1 else run(sc, draws=1, seed=seed)


def _shape(res: Results) -> dict:
    """What a chunk's Results says of the result's shape (not of its draws)."""
    return {"years": res.years, "scenario_name": res.scenario_name, "series": list(res.series),
            "budget_lines": list(res.budget_lines), "appraisal_rows": list(res.appraisal_rows),
            "lever_names": res.lever_names, "lever_kinds": res.lever_kinds, "sampled": list(res.sampled)}


def _summary(shape: dict, by_path, kpis, age_profile, draws, seed, method, gap_pct) -> MonteCarlo:
    """The MonteCarlo of the percentiles; its arrays hold the P50 of each path, one row."""
    p50 = {path: v["p50"][None] for path, v in by_path.items()}
    levers = [p50[f"lever.{i}"] for i in range(len(shape["lever_names"]))]
    return MonteCarlo(
        years=shape["years"], draws=draws, seed=seed, scenario_name=shape["scenario_name"],
        series={m: p50[m] for m in shape["series"]},
        by_category={flow: np.stack([p50[f"{flow}.{cat}"] for cat in CATEGORIES], axis=1) for flow in FLOWS},
        budget_lines={k: p50[f"line.{k}"] for k in shape["budget_lines"]},
        benefit=p50["line.capacity_freed"], dx_cost=p50["line.dx_cost"], kpi_values=kpis,
        age_profile=age_profile, lever_names=shape["lever_names"], lever_kinds=shape["lever_kinds"],
        saved_by_lever=np.stack(levers, axis=1) if levers else np.zeros((1, 0, shape["years"].size)),
        sampled=shape["sampled"], appraisal_rows={k: p50[f"line.{k}"] for k in shape["appraisal_rows"]},
        method=method, percentiles_by_path=by_path, gap_pct_draws=gap_pct)
