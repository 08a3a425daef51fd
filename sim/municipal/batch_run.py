"""Batch runs: one scenario for every municipality of an SSDSE-A table (or one prefecture), through the
engine's draw axis, and their summary by kind."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.engine import run_in_chunks
from sim.inputs import interpolate, municipality_inputs, resolve
from sim.model.kpis import KPIS
from sim.municipal.codes import KINDS
from sim.municipal.town import for_town, profile, stated_staff
from sim.parameters import REGISTRY, lever_fields

BATCH_CHUNK = 256  # municipalities (= draws) per engine call


def prefectures(ssdse: pd.DataFrame) -> list[str]:
    """Prefectures in code order."""
    return list(dict.fromkeys(ssdse.sort_index()["prefecture"]))


def _absolute_names(sc) -> list[str]:
    """Names of the scenario's per-town inputs as resolve() knows them (registry keys, levers[i].f)."""
    names = [k for k, p in REGISTRY.items() if p.per_town and not p.group.startswith("lever.")]
    for i, lev in enumerate(sc.levers):
        names += [f"levers[{i}].{n}" for n, p in lever_fields(lev.kind).items() if p.per_town]
    return names


def batch(sc, ssdse: pd.DataFrame, ipss: pd.DataFrame | None = None, prefecture: str | None = None,
          progress=None) -> pd.DataFrame:
    """Run one scenario for every selected municipality (population > 0), deterministically.

    Each municipality gets for_town(sc, profile(code, ssdse, ipss, base, end)) — the scenario's
    point values, one draw, with its absolute amounts scaled to the town — and the runs go through
    the engine's draw axis (sim.engine.run_in_chunks): one vectorised call per chunk of BATCH_CHUNK
    municipalities, each draw being one municipality. A row therefore equals a single run of that
    town's scaled scenario. progress(done, total) is called after each chunk.

    Columns: code, prefecture, name, kind, preset, projection (ipss / size_class), population (base
    year), population_2020, staff (general-administration staff, D1202), staff_per_10k (2020
    population), scale (the ratio applied to absolute amounts), required_target and supply_target
    (FTE in the target year, so that a national sum can be read), then every KPI of
    sim.model.kpis.KPIS.
    """
    sel = ssdse[ssdse["population"] > 0]
    if prefecture is not None:
        valid = prefectures(ssdse)
        if prefecture not in valid:
            raise ValueError(f"unknown prefecture {prefecture!r}; expected one of {', '.join(valid)}")
        sel = sel[sel["prefecture"] == prefecture]
    sel = sel.sort_index()
    base = int(sc.value("simulation.base_year"))
    end = int(sc.value("simulation.end_year"))
    years = np.arange(base, end + 1)
    own_staff = stated_staff(sc)
    absolute = _absolute_names(sc)
    by_code = {c: g for c, g in ipss.groupby("code", sort=False)} if ipss is not None else {}
    codes = list(sel.index)
    total = len(codes)
    kpi_keys = [k.key for k in KPIS]
    meta = {k: [] for k in ("preset", "projection", "population", "scale", "required_target", "supply_target")}
    tt = int(sc.value("simulation.target_year")) - base
    kpis = {k: [] for k in kpi_keys}
    def inputs_for(start: int, stop: int):
        """The engine inputs of towns start..stop, one town per draw."""
        scalars, pops, olds, kids, staffs = [], [], [], [], []
        paths: dict[str, list] = {}
        template = None
        for code in codes[start:stop]:
            # the code's own rows (or none): same result as the whole table, without scanning it
            rows = by_code.get(code, ipss.iloc[:0] if ipss is not None else None)
            prof = profile(code, ssdse, rows, base, end)
            sc_m, ratio = for_town(sc, prof, own_staff)
            template = template or sc_m
            vals, pop, old, child, st0 = municipality_inputs(sc_m)
            for name in absolute:
                val = sc_m.named_value(name)
                if isinstance(val, dict):
                    paths.setdefault(name, []).append(interpolate(val, years))
                else:
                    vals[name] = float(val)
            scalars.append(vals)
            pops.append(pop)
            olds.append(old)
            kids.append(child)
            staffs.append(st0)
            meta["preset"].append(prof["preset"])
            meta["projection"].append("ipss" if prof["population_path"] == "explicit" else "size_class")
            meta["population"].append(prof["population"])
            meta["scale"].append(ratio)
        samples = {k: np.array([v[k] for v in scalars]) for k in scalars[0]}
        inp = resolve(template, draws=stop - start, samples=samples, population=np.stack(pops),
                      elderly=np.stack(olds), children=np.stack(kids), staff0=np.stack(staffs))
        for name, rows_ in paths.items():
            inp.values[name] = np.stack(rows_)  # a time-varying amount, scaled per town
        return inp

    for _, _, res in run_in_chunks(total, BATCH_CHUNK, inputs_for, progress):
        meta["required_target"].extend(res.series["required_fte"][:, tt].tolist())
        meta["supply_target"].extend(res.series["supply_fte"][:, tt].tolist())
        for k in kpi_keys:
            kpis[k].extend(np.asarray(res.kpi_values[k], dtype=float).tolist())
    out = pd.DataFrame({
        "code": codes,
        "prefecture": sel["prefecture"].to_list(),
        "name": sel["name"].to_list(),
        "kind": sel["kind"].to_list(),
        "preset": meta["preset"],
        "projection": meta["projection"],
        "population": meta["population"],
        "population_2020": sel["population"].astype(int).to_list(),
        "staff": sel["general_admin_staff"].to_list(),
        "staff_per_10k": (sel["general_admin_staff"] / sel["population"] * 10_000).to_list(),
        "scale": meta["scale"],
        "required_target": meta["required_target"],
        "supply_target": meta["supply_target"],
        **kpis,
    })
    out.attrs.update(scenario=sc.name, base_year=base, end_year=end,
                     target_year=int(sc.value("simulation.target_year")),
                     gap_threshold=float(sc.value("simulation.gap_threshold")))
    return out


def batch_summary(table: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """By kind (政令市, 特別区, 市, 町, 村) and for all: count, population, population-weighted and
    median staff gap % in the target year (percent), and how many municipalities exceed the
    threshold (a share, e.g. 0.05)."""
    rows = []
    groups = [(k, table[table["kind"] == k]) for k in KINDS if (table["kind"] == k).any()]
    groups.append(("全体", table))
    for kind, g in groups:
        gap = g["staff_gap_target_pct"]
        ok = gap.notna()
        pop = g["population"].where(ok, 0).astype(float)
        weighted = float((gap.fillna(0) * pop).sum() / pop.sum()) * 100 if pop.sum() > 0 else float("nan")
        rows.append({
            "kind": kind, "count": int(len(g)),  # kinds are named in the catalogue (muni.kind.*)
            "population": int(g["population"].sum()),
            "gap_pct_weighted": weighted,
            "gap_pct_median": float(gap.median()) * 100 if ok.any() else float("nan"),
            "n_gap_above_threshold": int((gap > threshold).sum()),
            "threshold_pct": threshold * 100,
        })
    return pd.DataFrame(rows)
