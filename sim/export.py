"""Export of tables: CSV (UTF-8 with BOM, formula-safe), xlsx (formula-safe) and JSON, and one
writer for a set of tables (Results, MonteCarlo, the CLI's files and the app's downloads all go through it).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

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


def records(table: pd.DataFrame) -> list[dict]:
    """A table as JSON-ready records, as pandas writes them (NaN -> null, numpy numbers -> JSON numbers)."""
    return json.loads(table.to_json(orient="records"))


def json_text(payload: dict) -> str:
    """The JSON text of an export: Japanese kept as characters (not \\u escapes), indented."""
    return json.dumps(payload, ensure_ascii=False, indent=1)


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
