"""Export of tables: CSV (UTF-8 with BOM, formula-safe), xlsx (formula-safe) and JSON, and one
writer for a set of tables (Results, MonteCarlo, the CLI's files and the app's downloads all go through it).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from sim.parameters import LEVER_KINDS, REGISTRY, lever_fields
from sim.town_label import town_label
from sim.units import format_value, unit_name
from ui.i18n import has, t

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
        no_formulas(xw.book)
    return buf.getvalue()


def no_formulas(book) -> None:
    """Every cell of an openpyxl workbook that would be stored as a formula (a text starting with '=')
    is stored as a plain string instead, its text unchanged: user text never becomes a formula."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


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


# --- the assumptions of a scenario (前提条件) ----------------------------------------------------

ASSUMPTION_COLUMNS = ("item", "value", "unit", "default", "source")


def _shown(value, p, lang: str) -> str:
    """A parameter value for people: numbers by unit, a series as 「2025年度: 0、2030年度: 450」."""
    if isinstance(value, dict):
        sep = "、" if lang == "ja" else ", "
        return sep.join(f"{format_value(y, 'year', lang)}: {format_value(v, p.unit, lang)}" for y, v in value.items())
    if not p.numeric:
        key = f"parameters.choice.{p.key.rsplit('.', 1)[1]}.{value}"
        return t(key, lang) if has(key, lang) else str(value)
    return format_value(value, p.unit, lang)


def assumptions_table(scenario, lang: str) -> pd.DataFrame:
    """The 前提条件 of a scenario: the municipality, the scenario, then every input that differs from the
    registry defaults (the town's own figures, parameters, levers and their changed fields, uncertainty
    overrides), each with its value, unit, default and source. Columns ASSUMPTION_COLUMNS, headed in the
    language (report.assume.col.*)."""
    sc = scenario

    def param_row(label: str, p, value, default) -> tuple:
        return (label, _shown(value, p, lang), unit_name(p.unit, lang),
                "" if default is None else _shown(default, p, lang), p.source_text(lang))

    rows = [(t("report.assume.town", lang), town_label(sc, lang), "", "", "")]
    if sc.municipality.code:
        rows.append((t("report.assume.code", lang), sc.municipality.code, "", "", ""))
    rows.append((t("report.assume.scenario", lang), sc.name, "", "", ""))
    rows += [param_row(REGISTRY[key].label(lang), REGISTRY[key], value, None)
             for key, value in sc.municipality.values.items()]
    rows += [param_row(REGISTRY[key].label(lang), REGISTRY[key], value, sc.default(key))
             for key, value in sc.parameters.items()]
    for lev in sc.levers:
        kind = LEVER_KINDS[lev.kind][0 if lang == "ja" else 1]
        state = t("report.assume.enabled" if lev.enabled else "report.assume.disabled", lang)
        rows.append((lev.name, t("report.assume.lever", lang, kind=kind, state=state), "", "", ""))
        fields = lever_fields(lev.kind)
        rows += [param_row(t("report.assume.lever_field", lang, lever=lev.name, field=fields[name].label(lang)),
                           fields[name], value, fields[name].default) for name, value in lev.fields.items()]
    for key, u in sc.uncertainty.items():
        p = REGISTRY.get(key)
        rows.append((t("report.assume.uncertainty", lang, label=p.label(lang) if p else key),
                     ", ".join(f"{k}={v}" for k, v in u.as_dict().items()), unit_name(p.unit, lang) if p else "", "",
                     u.source))
    return pd.DataFrame(rows, columns=[t(f"report.assume.col.{c}", lang) for c in ASSUMPTION_COLUMNS])
