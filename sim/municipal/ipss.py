"""Importer of the IPSS 2023 municipal population projection (tidy CSV), and its single-year paths."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from sim.i18n import Message
from sim import data
from sim.municipal.codes import DESIGNATED_CITIES, code5
from sim.municipal.sources import IPSS_CREDIT, DataImportError, gunzip, read_source

IPSS_REQUIRED = ("code", "year", "population", "pop_0_14", "pop_15_64", "pop_65plus")
IPSS_NUMERIC = ("year", "population", "pop_0_14", "pop_15_64", "pop_65plus")
IPSS_LAST_YEAR = 2050
PROJECTION_FIRST_YEAR = 2020
PROJECTION_LAST_YEAR = 2070


def read_ipss(source, name: str | None = None) -> pd.DataFrame:
    """Read the IPSS 2023 municipal projection in the tidy CSV layout (see README, "Real municipalities").

    Columns: code (5-digit 全国地方公共団体コード, text), year, population, pop_0_14, pop_15_64,
    pop_65plus (persons); optional: kind, record_level, prefecture, municipality, lon, lat.
    UTF-8 (with or without BOM), optionally gzip-compressed (.csv.gz). Returns municipality rows only — record_level == "municipality"
    when that column is present; else prefectures (xx000), designated-city wards, the Fukushima
    07999 aggregate (and kind a / 0 / 9 when kind is given) are dropped — with columns code,
    prefecture, name, year, population, pop_0_14, pop_15_64, pop_65plus, sorted by code and year.
    """
    raw, label = read_source(source, name)
    if raw[:2] == b"\x1f\x8b":  # gzip: lets the nationwide file (1.2 MB) pass a 1 MB upload limit
        raw = gunzip(raw, label)
    if not raw.strip():
        raise DataImportError(Message("municipal.file_empty_expected_ipss", a0=label, a1=', '.join(IPSS_REQUIRED)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataImportError(Message("municipal.not_utf_8_text", a0=label, a1=exc.start)) from None
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataImportError(Message("municipal.not_readable_csv_expected", a0=label, a1=exc)) from None
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in IPSS_REQUIRED if c not in df.columns]
    if missing:
        raise DataImportError(Message("municipal.missing_column_expected_tidy", a0=label, a1='s' if len(missing) > 1 else '', a2=', '.join(missing), a3=', '.join(IPSS_REQUIRED)))
    if df.empty:
        raise DataImportError(Message("municipal.no_data_rows_expected", a0=label))
    codes = df["code"].map(lambda c: code5(c) if isinstance(c, str) else None)
    bad = codes.isna()
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise DataImportError(Message("municipal.line_code_not_municipality", a0=label, a1=i + 2, a2=repr(df['code'].iloc[i])))
    df["code"] = codes
    for col in IPSS_NUMERIC:
        vals = pd.to_numeric(df[col].str.strip().str.replace(",", "", regex=False), errors="coerce")
        bad = vals.isna() | ~np.isfinite(vals.to_numpy(dtype=float)) | (vals < 0)
        if bad.any():
            i = int(np.argmax(bad.to_numpy()))
            raise DataImportError(Message("municipal.line_not_number_0", a0=label, a1=i + 2, a2=col, a3=repr(df[col].iloc[i]), a4=', '.join(IPSS_NUMERIC)))
        df[col] = vals.astype(float)
    df["year"] = df["year"].astype(int)
    if "record_level" in df.columns:
        keep = df["record_level"].str.strip() == "municipality"
    else:
        keep = ~df["code"].map(_is_aggregate_or_ward)
        if "kind" in df.columns:
            k = df["kind"].str.strip()
            keep &= ~k.isin(["a", "9"]) & ~((k == "0") & ~df["code"].str.startswith("131"))
    df = df[keep]
    if df.empty:
        raise DataImportError(Message("municipal.no_municipality_rows_record", a0=label))
    if df.duplicated(["code", "year"]).any():
        row = df[df.duplicated(["code", "year"])].iloc[0]
        raise DataImportError(Message("municipal.code_has_year_twice", a0=label, a1=row['code'], a2=row['year']))
    out = pd.DataFrame({
        "code": df["code"].astype(object),
        "prefecture": df["prefecture"].astype(object) if "prefecture" in df.columns else "",
        "name": df["municipality"].astype(object) if "municipality" in df.columns else "",
        "year": df["year"],
    })
    for col in ("population", "pop_0_14", "pop_15_64", "pop_65plus"):
        x = df[col]
        out[col] = x.astype("int64") if (x == np.round(x)).all() else x
    out = out.sort_values(["code", "year"]).reset_index(drop=True)
    out.attrs.update(source=label, credit=IPSS_CREDIT)
    return out


def _is_aggregate_or_ward(code: str) -> bool:
    """Prefectures (xx000), the 07999 aggregate and designated-city wards (a code just above its city's)."""
    if code.endswith("000") or code == "07999":
        return True
    if code in DESIGNATED_CITIES:
        return False
    n = int(code)
    cities = sorted(int(c) for c in DESIGNATED_CITIES)
    for i, c in enumerate(cities):
        nxt = cities[i + 1] if i + 1 < len(cities) else c + 100
        if c < n < min(c + 30, nxt):
            return True
    return False


def annual_projection(ipss: pd.DataFrame, code: str, end_year: int = PROJECTION_LAST_YEAR) -> pd.DataFrame:
    """Single-year population path of one municipality, index year 2020..end_year.

    Columns population, pop_65plus (persons, float) and share_65plus.

    Rule: between the IPSS 5-year points (2020–2050) the counts (total and 65+) are interpolated
    linearly. After the last IPSS year (2050) the municipality follows the national path
    (sim.data.national_projection(), IPSS 2023 medium variant): population(t) = population(2050) ×
    national(t) / national(2050), and the 65+ share moves by the same percentage points as the
    national share: share(t) = share(2050) + national_share(t) − national_share(2050) (clipped to
    0–1); pop_65plus = population × share.
    """
    end_year = int(end_year)
    if not PROJECTION_FIRST_YEAR <= end_year <= PROJECTION_LAST_YEAR:
        raise ValueError(f"end_year {end_year} is outside {PROJECTION_FIRST_YEAR}–{PROJECTION_LAST_YEAR}")
    rows = ipss[ipss["code"] == code]
    if rows.empty:
        raise KeyError(f"municipality code {code!r} has no projection in the IPSS table")
    return annual_path(rows, code, end_year)


def annual_path(rows: pd.DataFrame, code: str, end_year: int) -> pd.DataFrame:
    """annual_projection of the IPSS rows of one municipality (rows already selected, not empty)."""
    rows = rows.sort_values("year")
    known = rows["year"].to_numpy(dtype=int)
    if known[0] > PROJECTION_FIRST_YEAR:
        raise ValueError(f"the projection of {code} starts in {known[0]}; expected values from {PROJECTION_FIRST_YEAR}")
    last = int(known[-1])
    years = np.arange(PROJECTION_FIRST_YEAR, end_year + 1)
    inside = years <= last
    pop = np.interp(years[inside], known, rows["population"].to_numpy(dtype=float))
    groups = {g: np.interp(years[inside], known, rows[g].to_numpy(dtype=float)) for g in ("pop_65plus", "pop_0_14")}
    later = years[~inside]
    if later.size:
        # Past the series the town follows the national path: the same relative change of the
        # total and the same change in percentage points of each age group's share.
        nat = data.national_projection()
        nat_total = nat["population"]
        pop_later = pop[-1] * (nat_total.loc[later] / nat_total.loc[last]).to_numpy()
        for g, counts in groups.items():
            nat_share = nat[g] / nat_total
            share_last = counts[-1] / pop[-1] if pop[-1] > 0 else 0.0
            share_later = np.clip(share_last + (nat_share.loc[later] - nat_share.loc[last]).to_numpy(), 0.0, 1.0)
            groups[g] = np.concatenate([counts, pop_later * share_later])
        pop = np.concatenate([pop, pop_later])
    share = np.divide(groups["pop_65plus"], pop, out=np.zeros_like(pop), where=pop > 0)
    return pd.DataFrame({"population": pop, **groups, "share_65plus": share},
                        index=pd.Index(years, name="year"))
