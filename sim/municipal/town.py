"""One municipality as a scenario's [municipality] table: find it by code or name, build its profile from
SSDSE-A and IPSS, apply it to a scenario, and scale the scenario's absolute amounts to the town."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.i18n import Message
from sim import data
from sim.inputs import municipality_inputs
from sim.model.workforce import TECHNICAL_SHARE
from sim.municipal.codes import KINDS, code5
from sim.municipal.ipss import PROJECTION_FIRST_YEAR, PROJECTION_LAST_YEAR, annual_path, read_ipss
from sim.municipal.sources import BUNDLED_DIR, ENV_DIR, DataImportError, data_dir, default_files
from sim.municipal.ssdse import read_ssdse_a
from sim.parameters import REGISTRY, lever_fields
from sim.scenario import POPULATION_SERIES

DIGITAL_SHARE = 0.005    # digital specialists: max(1, round(0.5% of staff))


def load_default() -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(SSDSE-A table, IPSS table or None) from default_files(). Raises DataImportError when there is
    no SSDSE-A file there or a file does not parse."""
    files, origin = default_files()
    where = f"{ENV_DIR}={data_dir()}" if origin == "folder" else str(BUNDLED_DIR)
    if files["ssdse"] is None:
        raise DataImportError(Message("municipal.no_ssdse_file_ssdse", a0=where))
    ssdse = read_ssdse_a(files["ssdse"])
    ipss = read_ipss(files["ipss"]) if files["ipss"] is not None else None
    return ssdse, ipss


def _plain(text: str) -> str:
    return "".join(str(text).split())


def find_code(ssdse: pd.DataFrame, query: str) -> str:
    """The municipality code for a code or a name.

    Accepted: a code of 5 digits (01210), 6 digits with the check digit (012106) or 'R01210'; a
    name (岩見沢市), or prefecture and name with or without a space (北海道岩見沢市, 北海道 岩見沢市).
    Raises ValueError naming the query: unknown code or name (with names that contain it, if any),
    or a name shared by several municipalities (listing each as 'prefecture name (code)').
    """
    q = _plain(query)
    if not q:
        raise ValueError(Message("municipal.empty_municipality_expected_code"))
    code = code5(q)
    if code is not None:
        if code not in ssdse.index:
            raise ValueError(Message("municipal.municipality_code_not_in", a0=q, a1=format(len(ssdse), ',')))
        return code
    names = ssdse["name"].map(_plain)
    full = (ssdse["prefecture"].map(_plain) + names)
    hits = ssdse.index[(names == q) | (full == q)]
    if len(hits) == 1:
        return str(hits[0])

    def listing(codes) -> str:
        return ", ".join(f"{ssdse.loc[c, 'prefecture']}{ssdse.loc[c, 'name']} ({c})" for c in codes)
    if len(hits) > 1:
        first = hits[0]
        raise ValueError(Message("municipal.matches_municipalities_give_prefecture", a0=repr(query), a1=len(hits), a2=listing(hits), a3=ssdse.loc[first, 'prefecture'], a4=ssdse.loc[first, 'name']))
    near = ssdse.index[full.str.contains(q, regex=False)]
    hint = (Message("municipal.did_you_mean", names=listing(near[:10]), more=" …" if len(near) > 10 else "")
            if len(near) else "")
    raise ValueError(Message("municipal.no_municipality_named_in", a0=repr(query), a1=hint))


def size_class(population: float, kind: str) -> str:
    """Preset key of data/presets.csv for a municipality (bands as in the preset labels, 以上…未満)."""
    if kind == "政令市":
        return "designated_city"
    if kind == "特別区":
        return "special_ward"
    if kind == "市":
        for lo, key in ((200_000, "city_pop_ge_200k_non_designated"), (150_000, "city_pop_150k_200k"),
                        (100_000, "city_pop_100k_150k"), (50_000, "city_pop_50k_100k")):
            if population >= lo:
                return key
        return "city_pop_lt_50k"
    if kind in ("町", "村"):
        for lo, key in ((20_000, "town_village_pop_ge_20k"), (15_000, "town_village_pop_15k_20k"),
                        (10_000, "town_village_pop_10k_15k"), (5_000, "town_village_pop_5k_10k")):
            if population >= lo:
                return key
        return "town_village_pop_lt_5k"
    raise ValueError(Message("municipal.unknown_kind_expected_one", a0=repr(kind), a1=', '.join(KINDS)))


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def split_staff(total: float) -> dict[str, int]:
    """General-administration staff split like the presets: technical 24%, digital max(1, 0.5%)."""
    total = _round_half_up(total)
    technical = _round_half_up(TECHNICAL_SHARE * total)
    digital = max(1, _round_half_up(DIGITAL_SHARE * total))
    return {"staff_admin": max(total - technical - digital, 0), "staff_technical": technical, "staff_digital": digital}


def _series_years(base: int, end: int) -> list[int]:
    mids = [y for y in range(base - base % 5 + 5, end, 5) if base < y < end]
    return [base, *mids, end]


def profile(code: str, ssdse: pd.DataFrame, ipss: pd.DataFrame | None = None, base_year: int = 2025,
            end_year: int = 2050) -> dict:
    """The [municipality] table of a scenario for one municipality.

    Keys: preset (size class), name ("北海道 札幌市"), code, area_km2, population (IPSS projection at
    base_year when ipss has the code, else the 2020 census), share_65plus (same source; raw census
    share of the persons with known age), staff_admin / staff_technical / staff_digital (SSDSE D1202
    split like the presets), and with a projection population_path = "explicit" plus
    population_series / elderly_series / children_series {year: persons} at base_year, every 5th
    year and end_year.
    Without one (the 13 Fukushima 浜通り municipalities, or no ipss) the size-class path is used and
    the extra key ``note`` says so; ``note`` is not part of the table (with_profile drops it).
    """
    code = str(code)
    if code not in ssdse.index:
        raise KeyError(f"municipality code {code!r} is not in the SSDSE-A table")
    base_year, end_year = int(base_year), int(end_year)
    if not PROJECTION_FIRST_YEAR <= base_year < end_year <= PROJECTION_LAST_YEAR:
        raise ValueError(Message("municipal.base_year_end_year", a0=base_year, a1=end_year, a2=PROJECTION_FIRST_YEAR, a3=PROJECTION_LAST_YEAR))
    row = ssdse.loc[code]
    if not row["population"] > 0:
        raise ValueError(Message("municipal.had_no_residents_in", a0=row['prefecture'], a1=row['name'], a2=code))
    preset = size_class(row["population"], row["kind"])
    out: dict = {"preset": preset, "name": f"{row['prefecture']} {row['name']}", "code": code}
    if pd.notna(row["area_km2"]) and row["area_km2"] > 0:
        out["area_km2"] = round(float(row["area_km2"]), 2)
    rows = ipss[ipss["code"] == code] if ipss is not None else None
    if rows is not None and not rows.empty:
        proj = annual_path(rows, code, end_year)
        population = proj["population"].loc[base_year]
        share = proj["share_65plus"].loc[base_year]
        years = _series_years(base_year, end_year)
        out["population"] = _round_half_up(population)
        out["share_65plus"] = _clip_share(share)
        out.update(_staff(row, preset))
        out["population_path"] = "explicit"
        out["population_series"] = {y: _round_half_up(proj["population"].loc[y]) for y in years}
        out["elderly_series"] = {y: _round_half_up(proj["pop_65plus"].loc[y]) for y in years}
        out["children_series"] = {y: max(_round_half_up(proj["pop_0_14"].loc[y]), 1) for y in years}
    else:
        known = row["pop_0_14"] + row["pop_15_64"] + row["pop_65plus"]
        out["population"] = int(row["population"])
        out["share_65plus"] = _clip_share(row["pop_65plus"] / known if known > 0 else 0.0)
        out.update(_staff(row, preset))
        out["population_path"] = "size_class"
        why = ("IPSS gives no projection for this municipality (Fukushima 浜通り: only the 07999 aggregate)"
               if ipss is not None else "no projection file given")
        out["note"] = (f"{why}; the population follows the size-class path of {preset} from the 2020 census "
                       f"population {int(row['population']):,}.")
    return out


def _clip_share(x: float) -> float:
    p = REGISTRY["municipality.share_65plus"]
    return round(float(min(max(x, p.min), p.max)), 4)


def _staff(row, preset: str) -> dict[str, int]:
    staff = row["general_admin_staff"]
    if pd.isna(staff):
        pr = data.presets().loc[preset]
        return {k: int(pr[k]) for k in ("staff_admin", "staff_technical", "staff_digital")}
    return split_staff(staff)


def _fit_series(series: dict, base: int, end: int) -> dict:
    """Series points within base..end; the ends added by linear interpolation when missing."""
    xs = np.array(sorted(series), dtype=float)
    ys = np.array([series[int(x)] for x in xs], dtype=float)
    out = {int(y): series[int(y)] for y in xs if base <= y <= end}
    for y in (base, end):
        if y not in out:
            out[y] = _round_half_up(float(np.interp(y, xs, ys)))
    return dict(sorted(out.items()))


def with_profile(sc, prof: dict):
    """The scenario with its [municipality] table replaced by a profile (Scenario.with_municipality).

    Series are cut to the scenario's horizon (ends interpolated linearly when missing). The
    informational key ``note`` is dropped. Raises ScenarioError on an invalid profile.
    """
    base = int(sc.value("simulation.base_year"))
    end = int(sc.value("simulation.end_year"))
    muni = {}
    for key, val in prof.items():
        if key == "note":
            continue
        if key in POPULATION_SERIES and val:
            val = {str(y): x for y, x in _fit_series({int(y): x for y, x in val.items()}, base, end).items()}
        muni[key] = val
    return sc.with_municipality(muni)


def stated_staff(sc) -> float:
    """The scenario's stated base-year staff (regular and re-employed): the sum of its staff figures."""
    scalars = municipality_inputs(sc)[0]
    return sum(scalars[f"municipality.staff_{c}"] for c in ("admin", "technical", "digital"))


def scale_to_town(sc, ratio: float):
    """The scenario with its absolute amounts (registry parameters and lever fields marked per_town:
    posts, people, hours or yen a year for its own town) multiplied by `ratio`, each clipped to its
    allowed range, through Scenario.with_changes. Used by batch with ratio = a town's staff ÷ the
    scenario's own staff."""

    def scaled(p, val):
        if isinstance(val, dict):
            return {y: scaled(p, x) for y, x in val.items()}
        x = float(val) * ratio
        return min(x, p.max) if p.max is not None else x

    changes = {}
    for key, p in REGISTRY.items():
        if p.per_town and not p.group.startswith("lever.") and p.group != "municipality" and sc.value(key):
            changes[key] = scaled(p, sc.value(key))
    for i, lev in enumerate(sc.levers):
        for name, p in lever_fields(lev.kind).items():
            if p.per_town and lev.value(name):
                changes[f"levers[{i}].{name}"] = scaled(p, lev.value(name))
    return sc.with_changes(changes) if changes else sc


def for_town(sc, prof: dict, own_staff: float | None = None):
    """(the scenario fitted to a town, the scale applied): with_profile, then its absolute amounts
    scaled by the town's stated staff ÷ the scenario's own (own_staff, computed when not given)."""
    own_staff = stated_staff(sc) if own_staff is None else own_staff
    sc_m = with_profile(sc, prof)
    ratio = stated_staff(sc_m) / own_staff if own_staff > 0 else 1.0
    return scale_to_town(sc_m, ratio), ratio
