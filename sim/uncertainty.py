"""Monte Carlo through the one engine in bounded-memory chunks, with percentile bands and KPI
percentiles. The sampling of inputs and the designs are in sim.sampling.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from sim import export, i18n
from sim.engine import run_in_chunks, sampled_inputs
from sim.model.metrics import METRIC_UNITS
from sim.results import YEAR_KPIS, kpi_table, never_share
from sim.sampling import PERCENTILES, design, percentiles


# --- Monte Carlo ---------------------------------------------------------------------------------

BAND_SERIES = ("staff_regular", "supply_fte", "required_fte", "gap_fte", "gap_pct",
               "l1_gap", "l2_gap", "l3_gap", "hours_saved")
BAND_METRICS = BAND_SERIES + ("dx_cost", "benefit", "net_benefit_cumulative")

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
    kpi_values: dict[str, np.ndarray]  # KPI key -> (draws,), as Results.kpi_values
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
            t = pd.DataFrame({"metric": m, "year": self.years,
                              **{f"p{p}": b[i] for i, p in enumerate(PERCENTILES)}})
            t["label"] = i18n.t(f"metric.{m}", lang)
            t["unit"] = METRIC_UNITS.get(m, "")
            frames.append(t)
        return pd.concat(frames, ignore_index=True)

    @cached_property
    def kpis(self) -> pd.DataFrame:
        """The KPIs across the draws: the same table as Results.kpis (sim.results.kpi_table: value = P50,
        then kpi_summary's P5–P95 with P80, mean, never_share)."""
        return kpi_table(self.kpi_values)

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
        gap = self.per_draw["gap_pct"][:, t]
        return float(np.mean(gap > share))

    def kpi_samples(self, key: str) -> np.ndarray:
        if key not in self.kpi_values:
            raise KeyError(f"unknown KPI {key!r}; keys: {', '.join(self.kpi_values)}")
        return self.kpi_values[key]

    # --- export (the same conventions as Results: CSV in UTF-8 with BOM) -------------------------
    def tables(self, lang: str = "ja") -> dict[str, pd.DataFrame]:
        """The machine form: KPI keys, raw values, fractions (JSON)."""
        return {"kpis": self.kpis, "bands": self.band_table(lang)}

    def export_tables(self, lang: str = "ja", scenario=None) -> dict[str, pd.DataFrame]:
        """The tables for people (CSV files, Excel sheets; the conventions of Results.export_tables): the
        KPI percentiles, and per fiscal year the P5 ... P95 band of each metric."""
        bands = [(i18n.t(f"metric.{m}", lang), METRIC_UNITS[m], {f"p{p}": b[i] for i, p in enumerate(PERCENTILES)})
                 for m, b in self.bands().items()]
        tables = {"kpis": export.kpi_table(self.kpis, lang), "bands": export.year_table(self.years, bands, lang)}
        if scenario is not None:
            tables["assumptions"] = export.assumptions_table(scenario, lang)
        return tables

    def to_json(self, lang: str = "ja") -> str:
        return export.json_text({"scenario": self.scenario_name, "draws": self.draws, "seed": self.seed,
                                 "method": self.method, "kpis": export.records(self.kpis),
                                 "bands": export.records(self.band_table(lang))})

    def write(self, out_dir: str | Path, fmt: str = "csv", lang: str = "ja", scenario=None) -> list[Path]:
        """CSV files or a workbook for people (export_tables), or the machine form as JSON."""
        if fmt == "json":
            return export.write_tables({}, self.to_json(lang), out_dir, fmt)
        return export.write_tables(self.export_tables(lang, scenario), "", out_dir, fmt, lang)


def monte_carlo(sc, draws: int, seed: int | None = None, method: str = "random", chunk_size: int = 5000,
                progress: Callable[[int, int], None] | None = None) -> MonteCarlo:
    """N draws through the one engine, chunk by chunk. The design is built once for all draws, so
    the result does not depend on chunk_size; only the KPIs and BAND_METRICS (float32) are kept per
    draw, so memory stays bounded. progress(done, total) is called after each chunk."""
    draws = int(draws)
    if draws < 1:
        raise ValueError("draws must be at least 1")
    seed = sc.seed if seed is None else int(seed)
    full = design(sc, draws, seed, method)
    kpis: dict[str, np.ndarray] = {}
    per_draw: dict[str, np.ndarray] = {}
    years = None
    for start, stop, res in run_in_chunks(draws, chunk_size, sampled_inputs(sc, full, seed), progress):
        if years is None:
            years = res.years
            kpis = {k: np.empty(draws) for k in res.kpi_values}
            per_draw = {m: np.empty((draws, years.size), dtype=np.float32) for m in BAND_METRICS}
        for k, a in res.kpi_values.items():
            kpis[k][start:stop] = a
        for m, a in band_arrays(res).items():
            per_draw[m][start:stop] = a
        del res
    return MonteCarlo(years=years, draws=draws, seed=seed, method=method, scenario_name=sc.name,
                      kpi_values=kpis, per_draw=per_draw, sampled=list(full))
