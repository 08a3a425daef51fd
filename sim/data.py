"""Loaders for the bundled reference tables in ``data/`` (sources in ``data/SOURCES.md``).

Everything is read once and cached; public functions hand out copies or read-only arrays so no
caller can change what the next caller sees. No streamlit, no printing; the per-municipality
files in data/municipal/ are read by sim.municipal.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from sim.model.workforce import AGE_MAX, AGE_MIN, CATEGORIES

DATA_DIR: Path = Path(__file__).resolve().parent.parent / "data"
BUILTIN_SCENARIOS: Path = DATA_DIR.parent / "scenarios"  # the built-in scenario files

AGES = range(AGE_MIN, AGE_MAX + 1)  # single ages of the workforce model, 18..70 inclusive
_YEARS = range(2020, 2071)  # annual horizon of the population paths

_AGE_COLS = ("pop_0_14", "pop_15_64", "pop_65plus")
_SOURCE_ID = re.compile(r"^- \*\*([A-Za-z0-9_]+)\*\*:", re.MULTILINE)


def _read(name: str, **kwargs) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / name, encoding="utf-8", **kwargs)


def _readonly(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


# ------------------------------------------------------------------------------ presets


@lru_cache(maxsize=1)
def _presets() -> pd.DataFrame:
    return _read("presets.csv").set_index("key")


def presets() -> pd.DataFrame:
    """Size-class municipality presets (12 rows), indexed by ``key``; columns as in presets.csv."""
    return _presets().copy()


# ------------------------------------------------------------------- national projection


@lru_cache(maxsize=1)
def _national_projection() -> pd.DataFrame:
    raw = _read("population_national_ipss2023.csv").set_index("year").sort_index()
    years = np.array(_YEARS)
    known = raw.index.to_numpy()
    total = np.interp(years, known, raw["population"].to_numpy(dtype=float))
    out = pd.DataFrame({"population": total}, index=pd.Index(years, name="year"))

    for col in _AGE_COLS:
        have = raw[col].notna().to_numpy()
        kyears = known[have]
        kcounts = raw[col].to_numpy(dtype=float)[have]
        if kyears[0] > years[0] or kyears[-1] < years[-1]:
            raise ValueError(f"{col}: known values must cover {years[0]}..{years[-1]}")
        kshares = kcounts / raw["population"].to_numpy(dtype=float)[have]
        # Counts are linear between known points only when those are adjacent table rows; across a
        # total-only anchor (2056, 2065) the share is interpolated instead, so the group follows
        # the total through that anchor. At known points both paths give the known count.
        adjacent = np.diff(np.searchsorted(known, kyears)) == 1
        segment = np.clip(np.searchsorted(kyears, years, side="right") - 1, 0, len(kyears) - 2)
        by_count = np.interp(years, kyears, kcounts)
        by_share = total * np.interp(years, kyears, kshares)
        out[col] = np.where(adjacent[segment], by_count, by_share)
    return out


def national_projection() -> pd.DataFrame:
    """Japan's population, IPSS 2023 medium variant, every year 2020..2070 (float persons).

    Index ``year`` (int); columns population, pop_0_14, pop_15_64, pop_65plus.

    Known points: 2020–2050 every 5 years (sum of the 47 prefectures of the regional projection,
    source D02) and the verified national anchors 2056, 2065 and 2070 (S21). Interpolation rule:

    - the total is interpolated linearly between known points;
    - an age group is interpolated linearly in *counts* between two consecutive table rows that
      both carry it (2020..2050 every 5 years);
    - where rows in between give only the total (2056, 2065), the group's *share* of the total is
      interpolated linearly between its last and next known share and multiplied by the total
      (e.g. 65+ from 37.1% in 2050 to the verified 38.7% in 2070).

    Because the shares at both ends add up to 1, the age groups still add up to the total.
    """
    return _national_projection().copy()


# ------------------------------------------------------------------ size-class projection


@lru_cache(maxsize=1)
def _size_class_table() -> pd.DataFrame:
    return _read("population_size_class_ipss2023.csv")


@lru_cache(maxsize=None)
def _size_class_projection(projection_class: str) -> pd.DataFrame:
    table = _size_class_table()
    rows = table[table["size_class"] == projection_class].sort_values("year")
    if rows.empty:
        valid = ", ".join(dict.fromkeys(table.sort_values("class_order")["size_class"]))
        raise KeyError(f"unknown projection class {projection_class!r}; valid: {valid}")
    known = rows["year"].to_numpy()
    last = int(known[-1])
    years = np.array(_YEARS)
    inside = years <= last
    index = np.interp(years[inside], known, rows["median_index"].to_numpy(dtype=float))
    share = np.interp(years[inside], known, rows["median_share_65plus"].to_numpy(dtype=float))
    kids_known = 1.0 - rows["median_share_65plus"].to_numpy(dtype=float) - rows["median_share_15_64"].to_numpy(dtype=float)
    kids = np.interp(years[inside], known, kids_known)

    # Past the regional series (2050) the class follows the national path: the same relative
    # change of the total and the same change in percentage points of the 65+ share.
    nat = _national_projection()
    later = years[~inside]
    nat_total = nat["population"]
    nat_share = nat["pop_65plus"] / nat_total
    index_later = index[-1] * (nat_total.loc[later] / nat_total.loc[last]).to_numpy()
    share_later = share[-1] + (nat_share.loc[later] - nat_share.loc[last]).to_numpy()
    nat_kids = nat["pop_0_14"] / nat_total
    kids_later = kids[-1] + (nat_kids.loc[later] - nat_kids.loc[last]).to_numpy()
    return pd.DataFrame(
        {
            "population_index": np.concatenate([index, index_later]),
            "share_65plus": np.concatenate([share, share_later]),
            "share_0_14": np.concatenate([kids, kids_later]),
        },
        index=pd.Index(years, name="year"),
    )


def size_class_projection(projection_class: str) -> pd.DataFrame:
    """Population path of a size class, every year 2020..2070 (source D02, extended by S21).

    Columns: population_index (median over the class of pop_t / pop_2020, 1.0 in 2020),
    share_65plus (median 65+ share) and share_0_14 (1 − the median 65+ and 15–64 shares). Linear interpolation between the 5-year points to 2050; after
    2050: index(t) = index(2050) × national(t) / national(2050) and
    share(t) = share(2050) + national_share(t) − national_share(2050).
    Raises KeyError (listing the valid names) for an unknown class.
    """
    return _size_class_projection(projection_class).copy()


# ------------------------------------------------------------------------------ births

BIRTH_TO_APPLICANT = 22  # the applicant cohort: new graduates aged 22


@lru_cache(maxsize=1)
def _births() -> pd.Series:
    table = _read("births_japan.csv").set_index("year").sort_index()
    return table["births"].astype(float)


def births() -> pd.Series:
    """Live births in Japan by calendar year (人口動態統計, 確定数), indexed by year."""
    return _births().copy()


@lru_cache(maxsize=None)
def _national_youth(first: int, last: int) -> np.ndarray:
    b = _births()
    nat = _national_projection()["pop_0_14"]
    last_birth = int(b.index.max())
    out = []
    for y in range(first, last + 1):
        born = y - BIRTH_TO_APPLICANT
        if born <= last_birth:
            out.append(b.loc[max(born, int(b.index.min()))])
        else:
            # After the last recorded year: births follow the projected 0-14 group, read 7 years
            # later (its mid-age), relative to the same reading for the last recorded year.
            ref, at = min(last_birth + 7, nat.index.max()), min(born + 7, nat.index.max())
            out.append(b.loc[last_birth] * nat.loc[at] / nat.loc[ref])
    return _readonly(np.array(out))


def national_youth(years: np.ndarray) -> np.ndarray:
    """22-year-olds in each fiscal year, as the births 22 years earlier (read-only, persons)."""
    return _national_youth(int(years[0]), int(years[-1]))


# ---------------------------------------------------------------------- workforce tables


@lru_cache(maxsize=1)
def _exit_rates() -> np.ndarray:
    table = _read("exit_rates_fy2018.csv")
    rates = np.full(len(AGES), np.nan)
    ages = np.array(AGES)
    for r in table.itertuples():
        rates[(ages >= r.age_from) & (ages <= r.age_to)] = r.rate
    if np.isnan(rates).any():
        missing = ages[np.isnan(rates)].tolist()
        raise ValueError(f"exit_rates_fy2018.csv does not cover ages {missing}")
    return _readonly(rates)


def exit_rates_by_age() -> np.ndarray:
    """Voluntary exit (普通退職) rate per year for ages 18..70, shape (53,), fractions; read-only."""
    return _exit_rates()


@lru_cache(maxsize=1)
def retirement_schedule() -> tuple[tuple[int, int], ...]:
    """General 定年 by fiscal year: ((first_fiscal_year, age), ...) ascending.

    The age applies from first_fiscal_year until the next entry's year; 1900 stands for "before".
    """
    table = _read("retirement_age_schedule.csv").sort_values("first_fiscal_year")
    return tuple(
        (int(y), int(a)) for y, a in zip(table["first_fiscal_year"], table["retirement_age"])
    )


@lru_cache(maxsize=1)
def _default_age_profile() -> pd.DataFrame:
    table = _read("default_age_profile.csv").set_index("age")
    return table.loc[list(AGES), list(CATEGORIES)].astype(float)


def default_age_profile() -> pd.DataFrame:
    """Bundled default age shape per category (an assumption), index age 18..70, columns sum to 1."""
    return _default_age_profile().copy()


# ------------------------------------------------------------------------------ sources


@lru_cache(maxsize=1)
def source_ids() -> frozenset[str]:
    """Source ids defined in data/SOURCES.md (bullets ``- **ID**:``), plus ``assumption``."""
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    return frozenset(_SOURCE_ID.findall(text)) | {"assumption"}


@lru_cache(maxsize=1)
def source_entries() -> dict[str, str]:
    """Source id -> its entry in data/SOURCES.md (the bullet's first line, markdown emphasis removed)."""
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2).replace("**", "").strip()
            for m in re.finditer(r"^- \*\*([A-Za-z0-9_]+)\*\*:\s*(.+)$", text, flags=re.MULTILINE)}


@lru_cache(maxsize=1)
def credit_lines() -> tuple[str, ...]:
    """The credit lines data/SOURCES.md requires for the bundled and derived data (「出典：…を加工して作成」)."""
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    return tuple(dict.fromkeys(re.findall(r"Credit: 「(出典：.+?)」\s*$", text, flags=re.MULTILINE)))
