"""Real municipalities: import SSDSE-A and the IPSS municipal projection, build a scenario's
[municipality] table for one municipality, a staff benchmark by size class, and batch runs.

The official files ship gzip-compressed in data/municipal/ (SSDSE-A 2025, IPSS 2023; terms and
checksums in data/SOURCES.md); a folder named by DXSIM_DATA_DIR replaces them, and newer editions
load through the same importers. Credit lines, to be shown wherever the data are used:

- 出典：独立行政法人統計センター「SSDSE（教育用標準データセット）」を加工して作成
- 出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5年推計）」を加工して作成

No streamlit, no printing; errors are DataImportError (a ValueError) naming the file, what is
wrong and what was expected.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import math
import os
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from sim import data
from sim.model.workforce import TECHNICAL_SHARE

SSDSE_CREDIT = "出典：独立行政法人統計センター「SSDSE（教育用標準データセット）」を加工して作成"
IPSS_CREDIT = "出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5年推計）」を加工して作成"

KINDS = ("政令市", "特別区", "市", "町", "村")
KIND_EN = {"政令市": "designated city", "特別区": "special ward", "市": "city", "町": "town", "村": "village"}

# The 20 designated cities (政令指定都市), codes without the check digit (source S20).
DESIGNATED_CITIES = {
    "01100": "札幌市", "04100": "仙台市", "11100": "さいたま市", "12100": "千葉市", "14100": "横浜市",
    "14130": "川崎市", "14150": "相模原市", "15100": "新潟市", "22100": "静岡市", "22130": "浜松市",
    "23100": "名古屋市", "26100": "京都市", "27100": "大阪市", "27140": "堺市", "28100": "神戸市",
    "33100": "岡山市", "34100": "広島市", "40100": "北九州市", "40130": "福岡市", "43100": "熊本市",
}

# SSDSE-A item codes -> output column. B1101 is in hectares in SSDSE (札幌市 112,126 ha =
# 1,121.26 km²) and is converted to km².
SSDSE_ITEMS = {
    "A1101": ("population", "総人口"),
    "A1301": ("pop_0_14", "15歳未満人口"),
    "A1302": ("pop_15_64", "15～64歳人口"),
    "A1303": ("pop_65plus", "65歳以上人口"),
    "A1419": ("pop_75plus", "75歳以上人口"),
    "D1202": ("general_admin_staff", "一般行政部門職員数"),
    "B1101": ("area_km2", "総面積"),
    "D3203": ("expenditure_thousand_yen", "歳出決算総額"),
}
_POPULATION_ITEMS = ("A1101", "A1301", "A1302", "A1303", "A1419")
HECTARES_PER_KM2 = 100.0
MIN_SSDSE_ROWS = 1_000   # SSDSE-A has one row per municipality (1,741 in the 2025 edition)
_MISSING_MARKS = {"", "-", "－", "…", "...", "***", "x", "X", "ｘ", "Ｘ"}

IPSS_REQUIRED = ("code", "year", "population", "pop_0_14", "pop_15_64", "pop_65plus")
IPSS_NUMERIC = ("year", "population", "pop_0_14", "pop_15_64", "pop_65plus")
IPSS_LAST_YEAR = 2050
PROJECTION_FIRST_YEAR = 2020
PROJECTION_LAST_YEAR = 2070

DIGITAL_SHARE = 0.005    # digital specialists: max(1, round(0.5% of staff))

BENCHMARK_CAVEAT_KEY = "benchmark.caveat"
BENCHMARK_CAVEAT = {
    "ja": "一般行政部門職員数（SSDSE-A、2023年）の人口1万人当たりの値を、同じ規模区分の団体と比べたものです。"
          "現在の職員配置の水準を示すもので、必要な職員数を示すものではありません（需要の計算には使いません）。"
          "総務省の類似団体別職員数とは区分の方法が異なります。",
    "en": "General-administration staff (SSDSE-A, 2023) per 10,000 residents against municipalities of the same "
          "size class. It reflects current staffing levels, not need, and never drives demand. The classes are "
          "not MIC's 類似団体 groups.",
}


class DataImportError(ValueError):
    """A file that cannot be imported: the message names the file, the problem and what was expected."""


# --- helpers -------------------------------------------------------------------------------------

def _raw(source, name: str | None) -> tuple[bytes, str]:
    """(bytes, label for messages) of a path or bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "uploaded file"
    from sim.scenario import InputFileError, read_regular_file
    path = Path(os.fspath(source))
    label = name or str(path)
    try:  # a regular file only (a FIFO or a device must not block), at most MAX_FILE_BYTES
        return read_regular_file(path, MAX_FILE_BYTES), label
    except InputFileError as exc:
        raise DataImportError(f"{label}: {exc}") from None


def kind_of(code: str, name: str) -> str:
    """政令市 / 特別区 / 市 / 町 / 村 from the code (designated cities, 131xx) and the name suffix."""
    if code in DESIGNATED_CITIES:
        return "政令市"
    if code.startswith("131"):
        return "特別区"
    for suffix in ("市", "町", "村"):
        if name.endswith(suffix):
            return suffix
    raise ValueError(f"cannot tell the kind of {code} {name!r}: the name ends in none of 市, 町, 村")


def _code5(cell: str) -> str | None:
    """'R01100' / '01100' / '011002' (with check digit) -> '01100'; None if not a code."""
    s = cell.strip()
    if s[:1] in ("R", "r"):
        s = s[1:]
    if s.isascii() and s.isdigit():
        if len(s) == 4:
            s = "0" + s
        if len(s) == 6:
            s = s[:5]
        if len(s) == 5:
            return s
    return None


# --- SSDSE-A -------------------------------------------------------------------------------------

def read_ssdse_a(source, name: str | None = None) -> pd.DataFrame:
    """Read the official SSDSE-A CSV (統計センター 教育用標準データセット, 市区町村).

    Layout as published (optionally gzip-compressed, .csv.gz): CP932 (Shift_JIS) text, three header rows (item code / reference year /
    Japanese label), then one row per municipality. The code, prefecture and municipality columns
    are the ones headed 'SSDSE-A-<edition>' (label 地域コード), 'Prefecture' (都道府県) and
    'Municipality' (市区町村); data columns are found by item code (A1101, A1301–A1303, A1419,
    D1202, B1101, D3203), so other editions load too.

    Returns a DataFrame indexed by ``code`` (5-digit str) with columns prefecture, name, kind,
    population, pop_0_14, pop_15_64, pop_65plus, pop_75plus (2020 census in the 2025 edition; age
    unknown excluded), general_admin_staff (D1202), area_km2 (B1101 hectares / 100),
    expenditure_thousand_yen (D3203). ``attrs`` hold source, edition, reference years and credit.
    """
    raw, label = _raw(source, name)
    if raw[:2] == b"\x1f\x8b":  # gzip (the bundled copy is the published file, compressed)
        raw = _gunzip(raw, label)
    if not raw.strip():
        raise DataImportError(f"{label}: the file is empty; expected the SSDSE-A CSV (CP932, three header rows)")
    if raw.startswith(b"\xef\xbb\xbf") or (not raw.isascii() and _is_utf8(raw)):
        head = raw[:400].decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[0]
        if "SSDSE-A" not in head.upper() and "A1101" not in head:
            raise DataImportError(
                f"{label}: not an SSDSE-A file (UTF-8 text whose first line starts {head[:60]!r}); expected the "
                "official SSDSE-A CSV in CP932 with three header rows ('SSDSE-A-<edition>', 'Prefecture', "
                "'Municipality', item codes such as A1101)")
        raise DataImportError(
            f"{label}: the file is UTF-8 text; expected the official SSDSE-A CSV as published, in CP932 "
            "(Shift_JIS). Use the file downloaded from the 統計センター unchanged (do not re-save it as UTF-8).")
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 2:
            raise DataImportError(f"{label}: the file ends in the middle of a character: it looks truncated; "
                                  "expected the complete SSDSE-A CSV") from None
        raise DataImportError(f"{label}: not CP932 (Shift_JIS) text (invalid byte at position {exc.start}); "
                              "expected the official SSDSE-A CSV in CP932") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataImportError(f"{label}: not a readable CSV ({exc}); expected the SSDSE-A CSV") from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 4:
        raise DataImportError(f"{label}: {len(rows)} non-empty line(s); expected three header rows (item code, "
                              "reference year, label) and one row per municipality")
    codes, years, labels = rows[0], rows[1], rows[2]
    first = codes[0].strip().lstrip("\ufeff")
    if first.upper().startswith("SSDSE-") and not first.upper().startswith("SSDSE-A"):
        raise DataImportError(f"{label}: this is {first}, another SSDSE dataset; expected SSDSE-A "
                              "(市区町村, first header cell 'SSDSE-A-<edition>')")
    items = {c.strip(): j for j, c in enumerate(codes)}
    missing = [c for c in SSDSE_ITEMS if c not in items]
    if not first.upper().startswith("SSDSE-A") and len(missing) == len(SSDSE_ITEMS):
        raise DataImportError(f"{label}: not an SSDSE-A file: the first header row holds no SSDSE item codes "
                              f"(starts with {', '.join(repr(c) for c in codes[:4])}); expected 'SSDSE-A-<edition>', "
                              "'Prefecture', 'Municipality', then item codes such as A1101")
    if missing:
        what = ", ".join(f"{c} ({SSDSE_ITEMS[c][1]})" for c in missing)
        raise DataImportError(f"{label}: item code{'s' if len(missing) > 1 else ''} {what} not found in the first "
                              "header row; expected an SSDSE-A file with these columns")
    code_col = 0
    pref_col = items.get("Prefecture", _find(labels, "都道府県"))
    muni_col = items.get("Municipality", _find(labels, "市区町村"))
    if pref_col is None or muni_col is None:
        raise DataImportError(f"{label}: no 'Prefecture' / 'Municipality' columns in the first header row; "
                              "expected the SSDSE-A layout")
    width = len(codes)
    body = rows[3:]
    for i, r in enumerate(body):
        if len(r) != width:
            raise DataImportError(f"{label}: data row {i + 1} (line {i + 4}) has {len(r)} fields, expected {width}: "
                                  "the file looks truncated or damaged; expected the complete SSDSE-A CSV")
    if not raw.endswith((b"\n", b"\r")):
        raise DataImportError(f"{label}: the file does not end with a line break, so its last row may be cut short: "
                              "it looks truncated; expected the complete SSDSE-A CSV")
    if len(body) < MIN_SSDSE_ROWS:
        raise DataImportError(f"{label}: only {len(body):,} data rows; SSDSE-A has one row per municipality "
                              f"(1,741 in the 2025 edition, at least {MIN_SSDSE_ROWS:,} expected): the file looks truncated")
    out: dict[str, list] = {"code": [], "prefecture": [], "name": [], "kind": []}
    for i, r in enumerate(body):
        code = _code5(r[code_col])
        if code is None:
            raise DataImportError(f"{label}: line {i + 4}: {r[code_col]!r} is not a municipality code; expected "
                                  "'R' and 5 digits (e.g. R01100)")
        out["code"].append(code)
        out["prefecture"].append(r[pref_col].strip())
        out["name"].append(r[muni_col].strip())
        try:
            out["kind"].append(kind_of(code, r[muni_col].strip()))
        except ValueError as exc:
            raise DataImportError(f"{label}: line {i + 4}: {exc}") from None
    df = pd.DataFrame(out)
    for item, (col, ja) in SSDSE_ITEMS.items():
        j = items[item]
        vals = np.empty(len(body))
        for i, r in enumerate(body):
            cell = r[j].strip().replace(",", "")
            if cell in _MISSING_MARKS:
                if item in _POPULATION_ITEMS:
                    raise DataImportError(f"{label}: line {i + 4} ({out['name'][i]}): {item} ({ja}) is missing; "
                                          "expected a number of persons")
                vals[i] = np.nan
                continue
            try:
                vals[i] = float(cell)
            except ValueError:
                raise DataImportError(f"{label}: line {i + 4} ({out['name'][i]}): {item} ({ja}) = {r[j]!r} is not "
                                      "a number; expected numbers in the item columns") from None
            if not math.isfinite(vals[i]) or vals[i] < 0:
                raise DataImportError(f"{label}: line {i + 4} ({out['name'][i]}): {item} ({ja}) = {r[j]!r}; "
                                      "expected a finite number ≥ 0")
        if col == "area_km2":
            vals = vals / HECTARES_PER_KM2
        df[col] = vals
    for col in ("population", "pop_0_14", "pop_15_64", "pop_65plus", "pop_75plus"):
        df[col] = df[col].astype("int64")
    if df["code"].duplicated().any():
        dup = df.loc[df["code"].duplicated(), "code"].iloc[0]
        raise DataImportError(f"{label}: municipality code {dup} appears twice; expected one row per municipality")
    df = df.set_index("code")
    df.attrs.update(source=label, edition=first, credit=SSDSE_CREDIT,
                    reference_years={item: years[items[item]].strip() for item in SSDSE_ITEMS})
    return df


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a UTF-8 file cut inside its last character is still UTF-8
        return exc.start >= len(raw) - 3 and exc.reason == "unexpected end of data"
    return True


def _find(row: list[str], text: str) -> int | None:
    for j, c in enumerate(row):
        if c.strip() == text:
            return j
    return None


# --- IPSS ----------------------------------------------------------------------------------------

# The published files unpack to about 1 MB (SSDSE-A 0.9 MB, the IPSS projection 1.2 MB): a gzip upload is
# refused as soon as it unpacks beyond 8 MB, and a plain file beyond that size is not read at all.
MAX_UNZIPPED = 8 * 2**20
MAX_FILE_BYTES = MAX_UNZIPPED


def _gunzip(raw: bytes, label: str) -> bytes:
    """Unpack gzip data incrementally, stopping one chunk beyond MAX_UNZIPPED (a 400 kB gzip bomb is
    refused after 8 MB of output, not after unpacking it all)."""
    d = zlib.decompressobj(wbits=31)
    chunks, size = [], 0
    data = raw
    try:
        while not d.eof:
            chunk = d.decompress(data, 1 << 20)
            data = d.unconsumed_tail
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_UNZIPPED:
                raise DataImportError(f"{label}: the unpacked file is larger than {MAX_UNZIPPED // 2**20} MB "
                                      "(the published files are about 1 MB)")
            if not chunk and not data:
                break
    except zlib.error as exc:
        raise DataImportError(f"{label}: a damaged gzip file ({exc})") from None
    out = b"".join(chunks)
    if not d.eof:
        raise DataImportError(f"{label}: the gzip file is truncated (it ends before its data does)")
    return out


def read_ipss(source, name: str | None = None) -> pd.DataFrame:
    """Read the IPSS 2023 municipal projection in the tidy CSV layout (see README, "Real municipalities").

    Columns: code (5-digit 全国地方公共団体コード, text), year, population, pop_0_14, pop_15_64,
    pop_65plus (persons); optional: kind, record_level, prefecture, municipality, lon, lat.
    UTF-8 (with or without BOM), optionally gzip-compressed (.csv.gz). Returns municipality rows only — record_level == "municipality"
    when that column is present; else prefectures (xx000), designated-city wards, the Fukushima
    07999 aggregate (and kind a / 0 / 9 when kind is given) are dropped — with columns code,
    prefecture, name, year, population, pop_0_14, pop_15_64, pop_65plus, sorted by code and year.
    """
    raw, label = _raw(source, name)
    if raw[:2] == b"\x1f\x8b":  # gzip: lets the nationwide file (1.2 MB) pass a 1 MB upload limit
        raw = _gunzip(raw, label)
    if not raw.strip():
        raise DataImportError(f"{label}: the file is empty; expected the IPSS projection CSV "
                              f"({', '.join(IPSS_REQUIRED)}, …)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataImportError(f"{label}: not UTF-8 text (invalid byte at position {exc.start}); expected the tidy "
                              "IPSS projection CSV in UTF-8") from None
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataImportError(f"{label}: not a readable CSV ({exc}); expected the tidy IPSS projection CSV") from None
    df.columns = [str(c).strip() for c in df.columns]
    missing = [c for c in IPSS_REQUIRED if c not in df.columns]
    if missing:
        raise DataImportError(f"{label}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                              f"expected the tidy IPSS layout with columns {', '.join(IPSS_REQUIRED)} "
                              "(plus prefecture, municipality, kind, record_level)")
    if df.empty:
        raise DataImportError(f"{label}: no data rows; expected one row per municipality and year")
    codes = df["code"].map(lambda c: _code5(c) if isinstance(c, str) else None)
    bad = codes.isna()
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise DataImportError(f"{label}: line {i + 2}: code {df['code'].iloc[i]!r} is not a municipality code; "
                              "expected 5 digits (read the column as text so leading zeros stay)")
    df["code"] = codes
    for col in IPSS_NUMERIC:
        vals = pd.to_numeric(df[col].str.strip().str.replace(",", "", regex=False), errors="coerce")
        bad = vals.isna() | ~np.isfinite(vals.to_numpy(dtype=float)) | (vals < 0)
        if bad.any():
            i = int(np.argmax(bad.to_numpy()))
            raise DataImportError(f"{label}: line {i + 2}: {col} = {df[col].iloc[i]!r} is not a number ≥ 0; "
                                  f"expected numbers in {', '.join(IPSS_NUMERIC)}")
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
        raise DataImportError(f"{label}: no municipality rows (record_level = municipality); expected the IPSS "
                              "municipal projection")
    if df.duplicated(["code", "year"]).any():
        row = df[df.duplicated(["code", "year"])].iloc[0]
        raise DataImportError(f"{label}: code {row['code']} has year {row['year']} twice; expected one row per "
                              "municipality and year")
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
    return _annual(rows, code, end_year)


def _annual(rows: pd.DataFrame, code: str, end_year: int) -> pd.DataFrame:
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


# --- where the files are ------------------------------------------------------------------------

ENV_DIR = "DXSIM_DATA_DIR"
BUNDLED_DIR: Path = data.DATA_DIR / "municipal"
FILE_KINDS = ("ssdse", "ipss")
FILE_PATTERNS = {"ssdse": "ssdse_a*", "ipss": "ipss*"}  # + .csv or .csv.gz, case-insensitive
# The bundled copies: file -> sha256 of the unpacked bytes (= the files in ../shared/data, documented in
# data/SOURCES.md). A copy may be removed (e.g. if a publisher's terms require it); none may differ.
BUNDLED_SHA256 = {
    "ssdse_a_2025_original_cp932.csv.gz": "b91497de93fd78327490d1e6f54920fb0e7f29d4adc122174b496f7cf55bbeb4",
    "ipss_municipal_projection_2023.csv.gz": "05323fffdc914b68ce0dd06c1179c4e193cce129adb78d95fe708acbab616e12",
}


def data_dir() -> Path | None:
    """The folder named by DXSIM_DATA_DIR, or None when the variable is unset or blank."""
    folder = os.environ.get(ENV_DIR, "").strip()
    return Path(folder) if folder else None


def find_files(folder: Path) -> dict[str, Path | None]:
    """The first file of each kind (ssdse_a*.csv / ipss*.csv, or the same .csv.gz), in the folder or
    one level down; None for a kind not found."""
    out: dict[str, Path | None] = {k: None for k in FILE_KINDS}
    folder = Path(folder)
    try:
        candidates = [p for pattern in ("*", "*/*") for p in sorted(folder.glob(pattern))
                      if p.name.lower().endswith((".csv", ".csv.gz")) and p.is_file()]
    except OSError:
        return out
    for kind, pattern in FILE_PATTERNS.items():
        out[kind] = next((p for p in candidates if fnmatch.fnmatch(p.name.lower(), pattern)), None)
    return out


def default_files() -> tuple[dict[str, Path | None], str]:
    """(files by kind, origin): the DXSIM_DATA_DIR folder's files ("folder") when the variable is set,
    else the copies bundled in data/municipal/ ("bundled")."""
    folder = data_dir()
    if folder is not None:
        return find_files(folder), "folder"
    return find_files(BUNDLED_DIR), "bundled"


def load_default() -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(SSDSE-A table, IPSS table or None) from default_files(). Raises DataImportError when there is
    no SSDSE-A file there or a file does not parse."""
    files, origin = default_files()
    where = f"{ENV_DIR}={data_dir()}" if origin == "folder" else str(BUNDLED_DIR)
    if files["ssdse"] is None:
        raise DataImportError(f"{where}: no SSDSE-A file (ssdse_a*.csv or .csv.gz) found; expected the official "
                              "SSDSE-A CSV there")
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
        raise ValueError("empty municipality: expected a code such as 01210 or a name such as 岩見沢市")
    code = _code5(q)
    if code is not None:
        if code not in ssdse.index:
            raise ValueError(f"municipality code {q} is not in the SSDSE-A table ({len(ssdse):,} municipalities)")
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
        raise ValueError(f"{query!r} matches {len(hits)} municipalities: {listing(hits)}; give the prefecture "
                         f"too (e.g. {ssdse.loc[first, 'prefecture']}{ssdse.loc[first, 'name']}) or the code")
    near = ssdse.index[full.str.contains(q, regex=False)]
    hint = f"; did you mean: {listing(near[:10])}{' …' if len(near) > 10 else ''}" if len(near) else ""
    raise ValueError(f"no municipality named {query!r} in the SSDSE-A table{hint}")


# --- size class, profile -------------------------------------------------------------------------

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
    raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")


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
        raise ValueError(f"base_year {base_year} / end_year {end_year}: expected "
                         f"{PROJECTION_FIRST_YEAR} ≤ base < end ≤ {PROJECTION_LAST_YEAR}")
    row = ssdse.loc[code]
    if not row["population"] > 0:
        raise ValueError(f"{row['prefecture']} {row['name']} ({code}) had no residents in the 2020 census "
                         "(evacuation area); no profile can be built")
    preset = size_class(row["population"], row["kind"])
    out: dict = {"preset": preset, "name": f"{row['prefecture']} {row['name']}", "code": code}
    if pd.notna(row["area_km2"]) and row["area_km2"] > 0:
        out["area_km2"] = round(float(row["area_km2"]), 2)
    rows = ipss[ipss["code"] == code] if ipss is not None else None
    if rows is not None and not rows.empty:
        proj = _annual(rows, code, end_year)
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
    from sim.parameters import REGISTRY
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
    from sim.scenario import POPULATION_SERIES
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


# --- staff benchmark -----------------------------------------------------------------------------

def _with_class(ssdse: pd.DataFrame) -> pd.DataFrame:
    df = ssdse[(ssdse["population"] > 0)].copy()
    df["size_class"] = [size_class(p, k) for p, k in zip(df["population"], df["kind"])]
    df["staff_per_10k"] = df["general_admin_staff"] / df["population"] * 10_000
    return df


def staff_benchmark(ssdse: pd.DataFrame, code: str) -> dict:
    """General-administration staff per 10,000 residents of a municipality against its size class.

    A comparator only (類似団体-style, but not MIC's 類似団体): never used for demand. Keys:
    code, name, staff, population, staff_per_10k, size_class (preset key), label_ja, label_en,
    median, p25, p75 (over the SSDSE rows of the class with population > 0 and staff given), n,
    percentile (share of the class at or below the municipality), caveat_key, caveat_ja, caveat_en.
    """
    code = str(code)
    if code not in ssdse.index:
        raise KeyError(f"municipality code {code!r} is not in the SSDSE-A table")
    row = ssdse.loc[code]
    cls = size_class(row["population"], row["kind"])
    df = _with_class(ssdse)
    peers = df.loc[(df["size_class"] == cls), "staff_per_10k"].dropna().to_numpy()
    own = (float(row["general_admin_staff"] / row["population"] * 10_000)
           if row["population"] > 0 and pd.notna(row["general_admin_staff"]) else float("nan"))
    pr = data.presets().loc[cls]
    return {
        "code": code, "name": f"{row['prefecture']} {row['name']}", "staff": float(row["general_admin_staff"]),
        "population": int(row["population"]), "staff_per_10k": own, "size_class": cls,
        "label_ja": pr["label_ja"], "label_en": pr["label_en"],
        "median": float(np.median(peers)), "p25": float(np.percentile(peers, 25)),
        "p75": float(np.percentile(peers, 75)), "n": int(peers.size),
        "percentile": float((peers <= own).mean()) if math.isfinite(own) else float("nan"),
        "caveat_key": BENCHMARK_CAVEAT_KEY, "caveat_ja": BENCHMARK_CAVEAT["ja"], "caveat_en": BENCHMARK_CAVEAT["en"],
    }


# --- batch ---------------------------------------------------------------------------------------

BATCH_CHUNK = 256  # municipalities (= draws) per engine call


def prefectures(ssdse: pd.DataFrame) -> list[str]:
    """Prefectures in code order."""
    return list(dict.fromkeys(ssdse.sort_index()["prefecture"]))


def stated_staff(sc) -> float:
    """The scenario's stated base-year staff (regular and re-employed): the sum of its staff figures."""
    from sim.inputs import municipality_inputs
    scalars = municipality_inputs(sc)[0]
    return sum(scalars[f"municipality.staff_{c}"] for c in ("admin", "technical", "digital"))


def scale_to_town(sc, ratio: float):
    """The scenario with its absolute amounts (registry parameters and lever fields marked per_town:
    posts, people, hours or yen a year for its own town) multiplied by `ratio`, each clipped to its
    allowed range, through Scenario.with_changes. Used by batch with ratio = a town's staff ÷ the
    scenario's own staff."""
    from sim.parameters import REGISTRY, lever_fields

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


def _absolute_names(sc) -> list[str]:
    """Names of the scenario's per-town inputs as resolve() knows them (registry keys, levers[i].f)."""
    from sim.parameters import REGISTRY, lever_fields
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
    from sim.engine import run_in_chunks
    from sim.inputs import interpolate, municipality_inputs, resolve
    from sim.model.kpis import KPIS
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
            "kind": kind, "kind_en": KIND_EN.get(kind, "all"), "count": int(len(g)),
            "population": int(g["population"].sum()),
            "gap_pct_weighted": weighted,
            "gap_pct_median": float(gap.median()) * 100 if ok.any() else float("nan"),
            "n_gap_above_threshold": int((gap > threshold).sum()),
            "threshold_pct": threshold * 100,
        })
    return pd.DataFrame(rows)
