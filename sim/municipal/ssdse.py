"""Importer of the official SSDSE-A CSV (統計センター 教育用標準データセット, one row per municipality)."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pandas as pd

from sim.i18n import Message, message_of
from sim.municipal.codes import code5, kind_of
from sim.municipal.sources import SSDSE_CREDIT, DataImportError, gunzip, read_source

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
    raw, label = read_source(source, name)
    if raw[:2] == b"\x1f\x8b":  # gzip (the bundled copy is the published file, compressed)
        raw = gunzip(raw, label)
    if not raw.strip():
        raise DataImportError(Message("municipal.file_empty_expected_ssdse", a0=label))
    if raw.startswith(b"\xef\xbb\xbf") or (not raw.isascii() and _is_utf8(raw)):
        head = raw[:400].decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[0]
        if "SSDSE-A" not in head.upper() and "A1101" not in head:
            raise DataImportError(
                Message("municipal.not_ssdse_file_utf", a0=label, a1=repr(head[:60])))
        raise DataImportError(
            Message("municipal.file_utf_8_text", a0=label))
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 2:
            raise DataImportError(Message("municipal.file_ends_in_middle", a0=label)) from None
        raise DataImportError(Message("municipal.not_cp932_shift_jis", a0=label, a1=exc.start)) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataImportError(Message("municipal.not_readable_csv_expected_", a0=label, a1=exc)) from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 4:
        raise DataImportError(Message("municipal.non_empty_line_s", a0=label, a1=len(rows)))
    codes, years, labels = rows[0], rows[1], rows[2]
    first = codes[0].strip().lstrip("\ufeff")
    if first.upper().startswith("SSDSE-") and not first.upper().startswith("SSDSE-A"):
        raise DataImportError(Message("municipal.this_another_ssdse_dataset", a0=label, a1=first))
    items = {c.strip(): j for j, c in enumerate(codes)}
    missing = [c for c in SSDSE_ITEMS if c not in items]
    if not first.upper().startswith("SSDSE-A") and len(missing) == len(SSDSE_ITEMS):
        raise DataImportError(Message("municipal.not_ssdse_file_first", a0=label, a1=', '.join((repr(c) for c in codes[:4]))))
    if missing:
        what = ", ".join(f"{c} ({SSDSE_ITEMS[c][1]})" for c in missing)
        raise DataImportError(Message("municipal.item_code_not_found", a0=label, a1='s' if len(missing) > 1 else '', a2=what))
    code_col = 0
    pref_col = items.get("Prefecture", _find(labels, "都道府県"))
    muni_col = items.get("Municipality", _find(labels, "市区町村"))
    if pref_col is None or muni_col is None:
        raise DataImportError(Message("municipal.no_prefecture_municipality_columns", a0=label))
    width = len(codes)
    body = rows[3:]
    for i, r in enumerate(body):
        if len(r) != width:
            raise DataImportError(Message("municipal.data_row_line_has", a0=label, a1=i + 1, a2=i + 4, a3=len(r), a4=width))
    if not raw.endswith((b"\n", b"\r")):
        raise DataImportError(Message("municipal.file_does_not_end", a0=label))
    if len(body) < MIN_SSDSE_ROWS:
        raise DataImportError(Message("municipal.only_data_rows_ssdse", a0=label, a1=format(len(body), ','), a2=format(MIN_SSDSE_ROWS, ',')))
    out: dict[str, list] = {"code": [], "prefecture": [], "name": [], "kind": []}
    for i, r in enumerate(body):
        code = code5(r[code_col])
        if code is None:
            raise DataImportError(Message("municipal.line_not_municipality_code", a0=label, a1=i + 4, a2=repr(r[code_col])))
        out["code"].append(code)
        out["prefecture"].append(r[pref_col].strip())
        out["name"].append(r[muni_col].strip())
        try:
            out["kind"].append(kind_of(code, r[muni_col].strip()))
        except ValueError as exc:
            raise DataImportError(Message("municipal.line", a0=label, a1=i + 4, a2=message_of(exc))) from None
    df = pd.DataFrame(out)
    for item, (col, ja) in SSDSE_ITEMS.items():
        j = items[item]
        vals = np.empty(len(body))
        for i, r in enumerate(body):
            cell = r[j].strip().replace(",", "")
            if cell in _MISSING_MARKS:
                if item in _POPULATION_ITEMS:
                    raise DataImportError(Message("municipal.line_missing_expected_number", a0=label, a1=i + 4, a2=out['name'][i], a3=item, a4=ja))
                vals[i] = np.nan
                continue
            try:
                vals[i] = float(cell)
            except ValueError:
                raise DataImportError(Message("municipal.line_not_number_expected", a0=label, a1=i + 4, a2=out['name'][i], a3=item, a4=ja, a5=repr(r[j]))) from None
            if not math.isfinite(vals[i]) or vals[i] < 0:
                raise DataImportError(Message("municipal.line_expected_finite_number", a0=label, a1=i + 4, a2=out['name'][i], a3=item, a4=ja, a5=repr(r[j])))
        if col == "area_km2":
            vals = vals / HECTARES_PER_KM2
        df[col] = vals
    for col in ("population", "pop_0_14", "pop_15_64", "pop_65plus", "pop_75plus"):
        df[col] = df[col].astype("int64")
    if df["code"].duplicated().any():
        dup = df.loc[df["code"].duplicated(), "code"].iloc[0]
        raise DataImportError(Message("municipal.municipality_code_appears_twice", a0=label, a1=dup))
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
