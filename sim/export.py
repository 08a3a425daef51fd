"""Export of tables: CSV (UTF-8 with BOM, formula-safe), xlsx (formula-safe) and JSON, and one
writer for a set of tables (Results and MonteCarlo both write through it).

The tables written for people (CSV and xlsx) have headers in the language with the unit in the
header, values rounded to their display precision (shares in %), and the 前提条件 sheet
(assumptions_table); JSON keeps the machine form (codes, raw values).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from sim.i18n import t
from sim.model.kpis import KPI
from sim.sampling import percentiles
from sim.units import Column, column_format, rounded

FORMATS = ("csv", "xlsx", "json")

# User text never becomes a spreadsheet formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel / LibreOffice read a text cell as a formula


def formula_safe(value):
    """A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
    apostrophe (the OWASP advice for CSV); numbers and other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with BOM (Japanese Excel opens it correctly), its text cells and column
    names made formula-safe: scenario and lever names are user text. Lines end in CRLF (RFC 4180), so a
    CR or LF inside a text is quoted and never splits a row."""
    safe = table.rename(columns=formula_safe)
    for col in safe.columns[[dt == object or isinstance(dt, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dt)
                             for dt in safe.dtypes]]:
        safe[col] = safe[col].astype(object).map(formula_safe)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def excel_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """Tables as sheets of one xlsx workbook. Every cell openpyxl would store as a formula (a text
    starting with '=') is stored as a plain string instead, its text unchanged."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, table in tables.items():
            table.to_excel(xw, sheet_name=name, index=False)
        for ws in xw.book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    return buf.getvalue()


def write_tables(tables: dict[str, pd.DataFrame], json_text: str, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write tables into out_dir: one CSV per table, one results.xlsx, or results.json (json_text)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} ({', '.join(FORMATS)})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        paths = [out / f"{name}.csv" for name in tables]
        for p, table in zip(paths, tables.values()):
            p.write_bytes(csv_bytes(table))
        return paths
    p = out / f"results.{fmt}"
    if fmt == "xlsx":
        p.write_bytes(excel_bytes(tables))
    else:
        p.write_text(json_text, encoding="utf-8")
    return [p]


# --- tables for people (Excel users): headers in the language, units in the header, display precision -----


def header(label: str, unit_text: str, lang: str) -> str:
    """A column header naming its unit: 「職員不足（人年）」, "Staff gap (FTE)"."""
    return t("export.header_unit", lang, label=label, unit=unit_text) if unit_text else label


def _cells(values, col: Column) -> list:
    """Rounded values as cells: whole numbers as int (a CSV shows 2037, not 2037.0), NaN as an empty cell."""
    out = rounded(values, col)
    return [None if not np.isfinite(x) else int(x) if col.decimals == 0 else float(x) for x in np.atleast_1d(out)]


def year_table(years, entries: list[tuple[str, str, np.ndarray]], lang: str) -> pd.DataFrame:
    """One row per fiscal year; entries: (label, unit, (draws, years) array). With one draw one column per
    entry, otherwise one per entry and percentile (P5 ... P95 over the draws). All columns of one unit
    share a scale (a table never mixes 億円 and 万円)."""
    by_unit: dict[str, list] = {}
    for _, unit, a in entries:
        by_unit.setdefault(unit, []).append(np.asarray(a, dtype=float).ravel())
    fmt = {unit: column_format(np.concatenate(parts), unit, lang) for unit, parts in by_unit.items()}
    out: dict[str, list] = {t("export.col.year", lang): [int(y) for y in years]}
    for label, unit, a in entries:
        a = np.asarray(a, dtype=float)
        col = fmt[unit]
        name = header(label, col.unit_text, lang)
        if a.shape[0] == 1:
            out[name] = _cells(a[0], col)
        else:
            for p, v in percentiles(a, axis=0).items():
                out[t("export.header_pct", lang, header=name, p=p.upper())] = _cells(v, col)
    return pd.DataFrame(out)


def kpi_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A KPI table (key, unit, value and/or percentiles, mean, draws_with_value, never_share) for people:
    the label, each row's figures in its unit's display scale and the unit named beside them; shares in %."""
    stats = [c for c in rows.columns if c == "value" or (c[0] == "p" and c[1:].isdigit()) or c == "mean"]
    names = {"value": t("export.col.value", lang), "mean": t("export.col.mean", lang)}
    records = []
    for _, r in rows.iterrows():
        col = column_format([r[c] for c in stats], r["unit"], lang)
        rec = {t("export.col.metric", lang): KPI[r["key"]].label(lang), t("export.col.unit", lang): col.unit_text}
        for c in stats:
            rec[names.get(c, c.upper())] = _cells([r[c]], col)[0]
        if "draws_with_value" in rows:
            rec[t("export.col.draws_with_value", lang)] = int(r["draws_with_value"])
            share = r["never_share"]
            rec[t("export.col.never_share", lang)] = None if share != share else round(float(share) * 100, 1)
        records.append(rec)
    return pd.DataFrame(records)
