"""Results of a run: arrays with a leading draw axis, tidy DataFrames on demand, KPIs, export.

Every per-year quantity has a path (Results.paths): the series by metric, the flows by category, the
budget lines, the levers, and the few per-draw combinations the pages show. Tables and exports read
a path through `values` (the draws' array, or percentiles already taken) and charts through `shown`
(the run itself, or the P50 over the draws). MonteCarlo (sim.uncertainty) is the one result of many
draws for people: a Results whose paths hold the percentiles over all draws, so every page, table and
export reads it like one run.

With one draw the tables hold that run. With several draws the time-series tables hold the
percentiles P5/P10/P50/P90/P95 per metric and year, and the KPI table reports P50 as its value beside
the columns of kpi_summary, the one KPI summary across draws. kpi_table is the one KPI table of a
result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from sim import export
from sim.i18n import labels, t
from sim.labels import lever_title_kind
from sim.model.metrics import METRIC_UNITS
from sim.units import column_format, rounded
from sim.model import kpis as kpi_formulas
from sim.model.kpis import KPIS
from sim.model.workforce import AGES, CATEGORIES
from sim.sampling import KPI_PERCENTILES, percentiles

# KPIs that are the year of an event (the gap first passes the threshold, the investment is paid
# back). A draw in which the event does not happen within the horizon has NaN, never a year; across
# draws their percentiles are over the draws where it happens, reported with the share where it
# does not (`never_share`).
YEAR_KPIS = tuple(k.key for k in KPIS if k.unit == "year")


def never_share(a) -> float:
    """Share of draws in which a year KPI's event never happens within the horizon (its NaNs)."""
    a = np.asarray(a, dtype=float)
    return float(np.isnan(a).mean()) if a.size else float("nan")


def year_kpi_columns(key: str, a) -> dict:
    """The columns that qualify a KPI's percentiles across draws: draws_with_value (how many draws
    the percentiles are taken over) and never_share (year KPIs only: the share of draws in which
    the event never happens; NaN for other KPIs)."""
    a = np.asarray(a, dtype=float)
    return {"draws_with_value": int((~np.isnan(a)).sum()),
            "never_share": never_share(a) if key in YEAR_KPIS else float("nan")}



def kpi_summary(kpi_values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Every KPI across draws — the one summary of a multi-draw result (a run with draws > 1 and
    MonteCarlo alike): [key, label_ja, label_en, unit, p5, p10, p50, p80, p90, p95, mean,
    draws_with_value, never_share], NaN-aware (percentiles and mean over the draws where the KPI is
    defined). For a year KPI (first_gap_year, payback_year) the percentiles are over the draws where
    the event happens, and never_share is the share of draws where it never happens within the
    horizon; never_share is NaN for the other KPIs."""
    rows = []
    for k in KPIS:
        a = np.asarray(kpi_values[k.key], dtype=float)
        row = {"key": k.key, **labels(f"kpi.{k.key}"), "unit": k.unit}
        row.update({q: float(v) for q, v in percentiles(a, qs=KPI_PERCENTILES).items()})
        ok = ~np.isnan(a)
        row["mean"] = float(a[ok].mean()) if ok.any() else float("nan")
        row.update(year_kpi_columns(k.key, a))
        rows.append(row)
    return pd.DataFrame(rows)


def kpi_table(kpi_values: dict[str, np.ndarray]) -> pd.DataFrame:
    """The KPI table of a result, one run or many draws (Results.kpis and MonteCarlo.kpis alike):
    [key, label_ja, label_en, unit, value]; with several draws value is the P50, followed by the columns
    of kpi_summary."""
    if len(next(iter(kpi_values.values()))) > 1:
        table = kpi_summary(kpi_values)
        table.insert(4, "value", table["p50"])
        return table
    return pd.DataFrame([{"key": k.key, **labels(f"kpi.{k.key}"), "unit": k.unit,
                          "value": float(kpi_values[k.key][0])} for k in KPIS])


# The cash lines of the budget (labels: line.<key> in sim/text/budget.py).
BUDGET_LINES = ("pay_regular", "pay_rehired", "allowance_teinen", "allowance_voluntary", "external_talent", "lever_capex",
                "lever_opex", "system_running", "training", "recruiting", "subsidies")
# Rows of the appraisal of the DX plan (what it adds to the status quo), kept apart from the cash lines above.
APPRAISAL_ROWS = ("dx_cost", "cash_saved", "net_cash_cost", "capacity_freed", "residual_value")
# The flows by category in the tables and exports (Results.by_category holds two more: headcount, desired).
FLOWS = ("hires", "teinen", "other_exits", "unfilled")
# Per-draw combinations the pages show, whose P50 is not a combination of P50s: the net change in regular
# staff (hires − 定年 − other exits) and the capacity freed over the years so far.
DERIVED = ("net_change", "capacity_freed_cumulative")
# Budget rows summed over the years so far (of net_cash_cost and of capacity_freed − dx_cost).
CUMULATIVE_LINES = ("net_cash_cost_cumulative", "capacity_net_of_cost_cumulative")


def _lever_title(name: str, kind: str, lang: str) -> str:
    """A lever's name, with its kind when the name does not already say it."""
    kind_label = lever_title_kind(name, kind, lang)
    return t("export.lever_kind", lang, name=name, kind=kind_label) if kind_label else name


@dataclass
class Results:
    years: np.ndarray
    draws: int
    seed: int
    scenario_name: str
    series: dict[str, np.ndarray]              # metric -> (draws, years)
    by_category: dict[str, np.ndarray]         # flow/stock -> (draws, categories, years)
    budget_lines: dict[str, np.ndarray]        # cash line -> (draws, years) yen
    benefit: np.ndarray                        # (draws, years) yen: capacity freed by the DX plan (not cash)
    dx_cost: np.ndarray                        # (draws, years) yen: cost of the DX plan net of subsidies
    kpi_values: dict[str, np.ndarray]          # key -> (draws,)
    age_profile: np.ndarray                    # (years, categories, ages), mean over draws
    lever_names: list[str]
    lever_kinds: list[str]
    saved_by_lever: np.ndarray                 # (draws, levers, years) realised hours
    sampled: list[str] = field(default_factory=list)
    appraisal_rows: dict[str, np.ndarray] = field(default_factory=dict)  # APPRAISAL_ROWS key -> (draws, years)

    @classmethod
    def build(cls, inp, series, rec, bud, age_profile, lever_names, lever_kinds, saved_by_lever) -> "Results":
        """bud: sim.model.budget.budget() output (cash lines, appraisal rows, appraisal KPIs)."""
        lines, rows, appraisal = bud["lines"], bud["appraisal"], bud["kpis"]
        benefit, dx_cost = rows["capacity_freed"], rows["dx_cost"]
        years = inp.years
        target = int(inp.s("simulation.target_year")[0])  # structural (not samplable): the same in every draw
        kpis = kpi_formulas.kpis(years, target, inp.s("simulation.gap_threshold"), series, dx_cost, appraisal)
        return cls(years=years, draws=inp.draws, seed=inp.seed, scenario_name=inp.scenario_name, series=series,
                   by_category=rec, budget_lines=lines, benefit=benefit, dx_cost=dx_cost, kpi_values=kpis,
                   age_profile=age_profile, lever_names=lever_names, lever_kinds=lever_kinds,
                   saved_by_lever=saved_by_lever, sampled=list(inp.sampled), appraisal_rows=rows)

    # --- per-year quantities by path -----------------------------------------------------------
    def paths(self) -> list[str]:
        """Every per-year quantity: the series ("<metric>"), the flows by category ("<flow>.<category>"),
        the budget ("line.<key>": cash lines, appraisal rows, two cumulative rows), the levers
        ("lever.<i>") and DERIVED. MonteCarlo summarises exactly these."""
        return [*self.series, *(f"{flow}.{cat}" for flow in FLOWS for cat in CATEGORIES),
                *(f"line.{k}" for k in (*self.budget_lines, *self.appraisal_rows, *CUMULATIVE_LINES)),
                *(f"lever.{i}" for i in range(len(self.lever_names))), *DERIVED]

    def values(self, path: str):
        """A path's values for tables and exports: the (draws, years) array (MonteCarlo: its percentiles,
        {"p5": (years,), ...})."""
        if path in self.series:
            return self.series[path]
        head, _, rest = path.partition(".")
        if head == "line":
            if rest == "net_cash_cost_cumulative":
                return np.cumsum(self.appraisal_rows["net_cash_cost"], axis=1)
            if rest == "capacity_net_of_cost_cumulative":
                return np.cumsum(self.benefit - self.dx_cost, axis=1)
            return self.budget_lines[rest] if rest in self.budget_lines else self.appraisal_rows[rest]
        if head == "lever":
            return self.saved_by_lever[:, int(rest)]
        if head in FLOWS:
            return self.by_category[head][:, CATEGORIES.index(rest)]
        if path == "net_change":
            return self.series["hires"] - self.series["teinen"] - self.series["other_exits"]
        if path == "capacity_freed_cumulative":
            return np.cumsum(self.benefit, axis=1)
        raise KeyError(f"unknown path {path!r}")

    def shown(self, path: str) -> np.ndarray:
        """(years,) what a chart or a plan shows of a path: the run itself, or the P50 over the draws."""
        a = self.values(path)
        if isinstance(a, dict):
            return a["p50"]
        return a[0] if a.shape[0] == 1 else percentiles(a, axis=0, qs=(50,))["p50"]

    # --- tidy tables -------------------------------------------------------------------------
    def _long(self, paths: dict[str, str], name: str = "metric") -> pd.DataFrame:
        """{name: path} -> long table: one run (value), or percentiles across draws."""
        frames = []
        for key, path in paths.items():
            a = self.values(path)
            if isinstance(a, dict):
                frames.append(pd.DataFrame({name: key, "year": self.years, **a}))
            elif a.shape[0] == 1:
                frames.append(pd.DataFrame({name: key, "year": self.years, "value": a[0]}))
            else:
                frames.append(pd.DataFrame({name: key, "year": self.years, **percentiles(a, axis=0)}))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    @cached_property
    def kpis(self) -> pd.DataFrame:
        """The KPI table (kpi_table; MonteCarlo.kpis is the same table)."""
        return kpi_table(self.kpi_values)

    def kpi(self, key: str) -> float:
        return float(self.kpis.set_index("key").loc[key, "value"])

    @cached_property
    def series_table(self) -> pd.DataFrame:
        return self._long({m: m for m in self.series})

    @cached_property
    def flows_table(self) -> pd.DataFrame:
        """Hires, 定年, other exits and unfilled posts by category and year."""
        frames = []
        for flow in FLOWS:
            for cat in CATEGORIES:
                t = self._long({flow: f"{flow}.{cat}"}, name="flow")
                t.insert(1, "category", cat)
                frames.append(t)
        return pd.concat(frames, ignore_index=True)

    def _budget_paths(self) -> dict[str, str]:
        return {k: f"line.{k}" for k in (*self.budget_lines, *self.appraisal_rows, *CUMULATIVE_LINES)}

    @cached_property
    def budget_table(self) -> pd.DataFrame:
        """Cash lines (BUDGET_LINES), then the appraisal rows of the DX plan (APPRAISAL_ROWS) and two cumulative rows."""
        return self._long(self._budget_paths(), name="line")

    @cached_property
    def levers_table(self) -> pd.DataFrame:
        """Realised hours saved per lever and year (negative = extra work)."""
        table = self._long({f"{i}:{name}": f"lever.{i}" for i, name in enumerate(self.lever_names)}, name="lever")
        if not table.empty:
            idx = table["lever"].str.split(":", n=1)
            table["lever"] = idx.str[1]
            table.insert(1, "kind", [self.lever_kinds[int(i)] for i in idx.str[0]])
        return table

    @cached_property
    def age_table(self) -> pd.DataFrame:
        """Staff by year, category and age (mean over draws)."""
        T, C, A = self.age_profile.shape
        return pd.DataFrame({
            "year": np.repeat(self.years, C * A),
            "category": np.tile(np.repeat(CATEGORIES, A), T),
            "age": np.tile(AGES, T * C),
            "staff": self.age_profile.reshape(-1),
        })

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"kpis": self.kpis, "series": self.series_table, "flows": self.flows_table,
                "budget": self.budget_table, "levers": self.levers_table, "age_profile": self.age_table}

    def export_tables(self, lang: str = "ja", scenario=None) -> dict[str, pd.DataFrame]:
        """The tables for people (CSV files, Excel sheets): headers in the language with the unit, one row
        per fiscal year, values rounded to their display precision (shares in %, yen in 億円/万円); with
        several draws a column per percentile. With the scenario, also its 前提条件 (assumptions_table)."""
        years = self.years
        tables = {
            "kpis": export.kpi_table(self.kpis, lang),
            "series": export.year_table(years, [(t(f"metric.{m}", lang), METRIC_UNITS[m], self.values(m))
                                                for m in self.series], lang),
            "flows": export.year_table(years, [
                (t("export.flow_category", lang, flow=t(f"metric.{flow}", lang), category=t(f"category.{cat}", lang)),
                 METRIC_UNITS[flow], self.values(f"{flow}.{cat}")) for flow in FLOWS for cat in CATEGORIES], lang),
            "budget": export.year_table(years, [(t(f"line.{k}", lang), "yen", self.values(path))
                                                for k, path in self._budget_paths().items()], lang),
            "levers": export.year_table(years, [
                (_lever_title(name, kind, lang), "hours", self.values(f"lever.{i}"))
                for i, (name, kind) in enumerate(zip(self.lever_names, self.lever_kinds))], lang),
            "age_profile": self._age_export(lang),
        }
        if scenario is not None:
            tables["assumptions"] = export.assumptions_table(scenario, lang)
        return tables

    def _age_export(self, lang: str) -> pd.DataFrame:
        age = self.age_table
        col = column_format(age["staff"], "persons", lang)
        return pd.DataFrame({
            t("export.col.year", lang): age["year"].astype(int),
            t("export.col.category", lang): [t(f"category.{c}", lang) for c in age["category"]],
            t("export.col.age", lang): age["age"].astype(int),
            export.header(t("metric.staff", lang), col.unit_text, lang): rounded(age["staff"], col),
        })

    # --- export ------------------------------------------------------------------------------
    def to_csv_bytes(self, name: str, lang: str = "ja") -> bytes:
        """One table for people as CSV in UTF-8 with BOM, so Japanese Excel opens it correctly."""
        return export.csv_bytes(self.export_tables(lang)[name])

    def to_excel_bytes(self, lang: str = "ja", scenario=None) -> bytes:
        """The workbook for people: every table as a sheet named in the language, and 前提条件 with the scenario."""
        return export.excel_bytes(self.export_tables(lang, scenario), lang)

    def json_payload(self, lang: str = "ja") -> dict:
        """The machine form: KPI keys, raw values, fractions."""
        return {"scenario": self.scenario_name, "draws": self.draws, "seed": self.seed,
                "kpis": export.records(self.kpis), "series": export.records(self.series_table)}

    def to_json(self, lang: str = "ja") -> str:
        return export.json_text(self.json_payload(lang))

    def write(self, out_dir: str | Path, fmt: str = "csv", lang: str = "ja", scenario=None) -> list[Path]:
        """CSV files or a workbook for people (export_tables), or the machine form as JSON."""
        if fmt == "json":
            return export.write_tables({}, self.to_json(lang), out_dir, fmt)
        return export.write_tables(self.export_tables(lang, scenario), "", out_dir, fmt, lang)
