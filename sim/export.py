"""Export of tables: CSV (UTF-8 with BOM, formula-safe), xlsx (formula-safe) and JSON, and one
writer for a set of tables (Results, MonteCarlo, the CLI's files and the app's downloads all go through it).

The tables written for people (CSV and xlsx) have headers in the language with the unit in the
header, values rounded to their display precision (shares in %), and the 前提条件 sheet
(assumptions_table); JSON keeps the machine form (codes, raw values).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from sim.i18n import has, label_column, t
from sim.model.kpis import KPI
from sim.sampling import percentiles
from sim.units import YEARLY_TABLE_SCALES, Column, column_format, rounded

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
        safe[col] = pd.Series([formula_safe(v) for v in safe[col]], index=safe.index, dtype=object)  # no re-typing
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_name(name: str, lang: str | None) -> str:
    """A table's sheet name: sheet.<name> in the language when the catalogue has it, else the name."""
    return t(f"sheet.{name}", lang) if lang is not None and has(f"sheet.{name}", lang) else name


def excel_bytes(tables: dict[str, pd.DataFrame], lang: str | None = None) -> bytes:
    """Tables as sheets of one xlsx workbook, named in the language (lang None: by their keys). Every
    cell openpyxl would store as a formula (a text starting with '=') is stored as a plain string
    instead, its text unchanged; text (a municipality code "01210") stays a text cell."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, table in tables.items():
            table.to_excel(xw, sheet_name=sheet_name(name, lang), index=False)
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
    """A table as JSON-ready records (NaN -> null, numpy numbers -> Python numbers) at full precision: a float
    is written as its shortest exact repr, so the machine form reads back the same number (the CSV and xlsx
    files for people are rounded)."""
    def plain(v):
        v = v.item() if isinstance(v, np.generic) else v
        return None if isinstance(v, float) and not np.isfinite(v) else v
    return [{str(k): plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def json_text(payload: dict) -> str:
    """The JSON text of an export: Japanese kept as characters (not \\u escapes), indented."""
    return json.dumps(payload, ensure_ascii=False, indent=1)


def write_tables(tables: dict[str, pd.DataFrame], json_text: str, out_dir: str | Path, fmt: str = "csv",
                 lang: str | None = None) -> list[Path]:
    """Write tables into out_dir: one CSV per table (named by its key), one results.xlsx (sheets named
    in the language), or results.json (json_text)."""
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
        p.write_bytes(excel_bytes(tables, lang))
    else:
        p.write_text(json_text, encoding="utf-8")
    return [p]


# --- tables for people (Excel users): headers in the language, units in the header, display precision -----


def _frame(columns: dict[str, list] | list[dict]) -> pd.DataFrame:
    """A table of cells as given: ints stay ints (a CSV shows 2037, not 2037.0), None an empty cell."""
    if isinstance(columns, list):
        names = list(dict.fromkeys(k for row in columns for k in row))
        columns = {k: [row.get(k) for row in columns] for k in names}
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})


def header(label: str, unit_text: str, lang: str) -> str:
    """A column header naming its unit: 「職員不足（人年）」, "Staff gap (FTE)"."""
    return t("export.header_unit", lang, label=label, unit=unit_text) if unit_text else label


def _cells(values, col: Column) -> list:
    """Rounded values as cells: whole numbers as int (a CSV shows 2037, not 2037.0), NaN as an empty cell."""
    out = rounded(values, col)
    return [None if not np.isfinite(x) else int(x) if col.decimals == 0 else float(x) for x in np.atleast_1d(out)]


def year_table(years, entries: list[tuple[str, str, np.ndarray | dict]], lang: str) -> pd.DataFrame:
    """One row per fiscal year; entries: (label, unit, values) with values a (draws, years) array or
    percentiles already taken ({"p5": (years,), ...}). With one draw one column per entry, otherwise one
    per entry and percentile (P5 ... P95 over the draws). All columns of one unit share a scale (a
    table never mixes 億円 and 万円); yen are in 億円 only from 10億円 (sim.units.YEARLY_TABLE_SCALES)."""
    by_unit: dict[str, list] = {}
    for _, unit, a in entries:
        parts = a.values() if isinstance(a, dict) else [a]
        by_unit.setdefault(unit, []).extend(np.asarray(x, dtype=float).ravel() for x in parts)
    fmt = {unit: column_format(np.concatenate(parts), unit, lang, YEARLY_TABLE_SCALES)
           for unit, parts in by_unit.items()}
    out: dict[str, list] = {t("export.col.year", lang): [int(y) for y in years]}
    for label, unit, a in entries:
        col = fmt[unit]
        name = base = header(label, col.unit_text, lang)
        n = 2
        while name in out:  # two levers with the same name and kind: both kept
            name, n = f"{base} #{n}", n + 1
        if not isinstance(a, dict) and np.shape(a)[0] == 1:
            out[name] = _cells(np.asarray(a, dtype=float)[0], col)
            continue
        stats = a if isinstance(a, dict) else percentiles(np.asarray(a, dtype=float), axis=0)
        for p, v in stats.items():
            out[t("export.header_pct", lang, header=name, p=p.upper())] = _cells(v, col)
    return _frame(out)


def unit_table(frame: pd.DataFrame, unit: str, labels: dict[str, str], lang: str,
               index_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A table of one unit for people (a chart's data): the index columns (fiscal year, age) as they are,
    the others in the unit's display scale and precision — one scale for the whole table, as in
    year_table — with the unit in their headers. labels: column -> header label."""
    values = [c for c in frame.columns if c not in index_columns]
    col = column_format(frame[values].to_numpy(dtype=float).ravel(), unit, lang, YEARLY_TABLE_SCALES)
    return _frame({labels[c]: frame[c].tolist() for c in frame.columns if c in index_columns}
                  | {header(labels[c], col.unit_text, lang): _cells(frame[c].to_numpy(dtype=float), col) for c in values})


def _kpi_rows(rows: pd.DataFrame, value_headers: dict[str, str], lang: str) -> list[dict]:
    """One record per KPI row: its label, its unit and the figures of value_headers (column -> header),
    rounded together in the row's display scale."""
    records = []
    for _, r in rows.iterrows():
        cols = list(value_headers)
        col = column_format([r[c] for c in cols], r["unit"], lang)
        rec = {t("export.col.metric", lang): KPI[r["key"]].label(lang), t("export.col.unit", lang): col.unit_text}
        rec.update(zip(value_headers.values(), _cells([r[c] for c in cols], col)))
        records.append(rec)
    return records


def _share_cells(values) -> list:
    """Shares of draws as % with one decimal (NaN: empty)."""
    return [None if v != v else round(float(v) * 100, 1) + 0.0 for v in values]


def kpi_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A KPI table (key, unit, value and/or percentiles, mean, draws_with_value, never_share) for people:
    the label, each row's figures in its unit's display scale and the unit named beside them; shares in %."""
    stats = [c for c in rows.columns if c == "value" or (c[0] == "p" and c[1:].isdigit()) or c == "mean"]
    names = {"value": t("export.col.value", lang), "mean": t("export.col.mean", lang)}
    records = _kpi_rows(rows, {c: names.get(c, c.upper()) for c in stats}, lang)
    if "draws_with_value" in rows:
        for rec, n, share in zip(records, rows["draws_with_value"], _share_cells(rows["never_share"])):
            rec[t("export.col.draws_with_value", lang)] = int(n)
            rec[t("export.col.never_share", lang)] = share
    return _frame(records)


def compare_kpi_table(table: pd.DataFrame, names: list[str], lang: str) -> pd.DataFrame:
    """KPIs side by side (sim.compare.kpi_table) for people: label, unit, one column per scenario and
    'Δ <name>' against the first, in each KPI's display scale; with draws, the share of draws in which a
    year KPI is never reached (%)."""
    cols = {n: n for n in names} | {f"Δ {n}": f"Δ {n}" for n in names[1:]}
    records = _kpi_rows(table, cols, lang)
    if len(names) > 1:  # a difference of shares is in points, of years a number of years: said beside the unit
        unit = t("export.col.unit", lang)
        records = [_after(rec, unit, t("export.col.delta_unit", lang),
                          t(DELTA_UNITS[u], lang) if u in DELTA_UNITS else rec[unit])
                   for rec, u in zip(records, table["unit"])]
    for n in names:
        if f"never_share {n}" in table:
            for rec, share in zip(records, _share_cells(table[f"never_share {n}"])):
                rec[t("export.col.never_share_of", lang, name=n)] = share
    return _frame(records)


DELTA_UNITS = {"share": "header.delta.share", "year": "unit.years"}  # units whose differences have a unit of their own


def _after(record: dict, key: str, new_key: str, value) -> dict:
    """record with new_key: value inserted right after key."""
    out = {}
    for k, v in record.items():
        out[k] = v
        if k == key:
            out[new_key] = value
    return out


def _number_cell(value, unit: str, col: Column):
    if isinstance(value, dict):  # a time-varying value {year: value}
        pairs = sorted((int(y), v) for y, v in value.items())
        return ", ".join(f"{y}={_number_cell(v, unit, col)}" for y, v in pairs)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return _cells([value], col)[0]


def _numbers(*values) -> list[float]:
    out: list[float] = []
    for v in values:
        if isinstance(v, dict):
            out += [float(x) for x in v.values()]
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(float(v))
    return out


def assumptions_table(scenario, lang: str) -> pd.DataFrame:
    """The 前提条件 of a run, for people: the municipality (name, 5-digit code as text, size class),
    the scenario's name, then every input that differs from its default — parameters, the town's own
    figures, each lever and its changed fields, uncertainty overrides — with its value and unit, the
    default and the default's source. Values in their display units (shares in %, yen in 万円/億円).
    Columns: 項目, 値, 単位, 既定値, 出典（既定値）."""
    from sim import data
    from sim.labels import lever_title_kind
    from sim.parameters import REGISTRY, lever_fields

    cols = [t(f"export.col.{c}", lang) for c in ("item", "value", "unit", "default", "default_source")]
    rows: list[list] = []

    def param_row(label: str, p, value, default) -> None:
        if p.unit == "choice":
            rows.append([label, p.choice_label(value, lang), "", p.choice_label(default, lang), p.source_text(lang)])
            return
        col = column_format(_numbers(value, default), p.unit, lang)
        shown_default = t("registry.preset", lang) if default is None else _number_cell(default, p.unit, col)
        rows.append([label, _number_cell(value, p.unit, col), col.unit_text, shown_default, p.source_text(lang)])

    m = scenario.municipality
    presets = data.presets()
    size_class = presets.loc[m.preset, label_column(lang)] if m.preset in presets.index else m.preset
    rows.append([t("assumptions.municipality", lang), m.name or size_class, "", "", ""])
    if m.code:
        rows.append([t("export.batch.code", lang), str(m.code).zfill(5), "", "", ""])
    rows.append([t("input.municipality.preset", lang), size_class, "", "", ""])
    rows.append([t("assumptions.scenario", lang), scenario.name, "", "", ""])
    first_input = len(rows)

    for key, value in m.values.items():
        p = REGISTRY[key]
        param_row(p.label(lang), p, value, p.default)
    for key, unit in (("population_series", "persons"), ("elderly_series", "persons")):
        series = getattr(m, key)
        if series:
            col = column_format(_numbers(series), unit, lang)
            rows.append([t(f"input.municipality.{key}", lang), _number_cell(series, unit, col), col.unit_text, "", ""])
    for key, p in REGISTRY.items():
        if key in scenario.parameters and scenario.parameters[key] != p.default:
            param_row(p.label(lang), p, scenario.parameters[key], p.default)
    for lev in scenario.levers:
        kind = lever_title_kind(lev.name, lev.kind, lang)  # None: the name already says the kind
        title = t("assumptions.lever", lang, name=lev.name, kind=kind) if kind else t("assumptions.lever_plain", lang, name=lev.name)
        state = "" if lev.enabled else t("assumptions.lever_disabled", lang)
        rows.append([title, state, "", "", ""])
        fields = lever_fields(lev.kind)
        for f, value in lev.fields.items():
            p = fields[f]
            param_row(t("assumptions.lever_field", lang, lever=lev.name, label=p.label(lang)), p, value,
                      scenario.value(p.key))
    for key, u in scenario.uncertainty.items():
        p = REGISTRY.get(key)
        spec = ", ".join(f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in u.as_dict().items())
        rows.append([t("input.uncertainty", lang, label=p.label(lang) if p else key), spec, "", "",
                     u.source])
    if len(rows) == first_input:
        rows.append([t("assumptions.none", lang), "", "", "", ""])
    return _frame({c: [r[i] for r in rows] for i, c in enumerate(cols)})


def tornado_table(table: pd.DataFrame, kpi: str, lang: str) -> pd.DataFrame:
    """A tornado table (sim.sensitivity.tornado) for people: each input with its low and high value in
    its own unit, and the KPI at each, at the base and the swing, in the KPI's unit."""
    k = KPI[kpi]
    kcol = column_format(table[["kpi_low", "kpi_high", "base", "swing"]].to_numpy(dtype=float), k.unit, lang)
    name = k.label(lang)
    out = []
    for _, r in table.iterrows():
        col = column_format([r["low"], r["high"]], r["unit"], lang)
        low, high = _cells([r["low"], r["high"]], col)
        kl, kh, base, swing = _cells([r["kpi_low"], r["kpi_high"], r["base"], r["swing"]], kcol)
        out.append({t("export.col.input", lang): r[label_column(lang)], t("export.col.unit", lang): col.unit_text,
                    t("export.col.low", lang): low, t("export.col.high", lang): high,
                    header(t("export.col.kpi_at_low", lang, kpi=name), kcol.unit_text, lang): kl,
                    header(t("export.col.kpi_at_high", lang, kpi=name), kcol.unit_text, lang): kh,
                    header(t("export.col.kpi_base", lang, kpi=name), kcol.unit_text, lang): base,
                    header(t("export.col.swing", lang, kpi=name), kcol.unit_text, lang): swing})
    return _frame(out)


SOBOL_DECIMALS = 3


def sobol_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sobol' indices (sim.sensitivity.sobol) for people: each input's first-order and total index with
    their confidence bounds, as shares of the KPI's variance (three decimals)."""
    cols = {t("export.col.input", lang): table[label_column(lang)]}
    for c in ("S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"):
        cols[t(f"export.col.{c.lower()}", lang)] = [None if not np.isfinite(x) else round(float(x), SOBOL_DECIMALS) + 0.0
                                                     for x in table[c].to_numpy(dtype=float)]
    return _frame({k: list(v) for k, v in cols.items()})


# Units of the batch table's columns that are not KPIs (sim.municipal.batch); text columns are kept as text.
BATCH_UNITS = {"population": "persons", "population_2020": "persons", "staff": "persons",
               "staff_per_10k": "persons_per_10k", "scale": "multiplier", "required_target": "fte",
               "supply_target": "fte", "count": "municipalities", "n_gap_above_threshold": "municipalities"}
# Columns of the batch summary that hold percentages already (× 100): shown as shares in %.
SUMMARY_PERCENT = ("gap_pct_weighted", "gap_pct_median", "threshold_pct")


def batch_table(batch: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A batch over municipalities (sim.municipal.batch or batch_summary) for people: headers in the
    language with the unit, codes as 5-character text (the leading zero kept), kinds, presets and
    projections by name, values rounded to their display precision (shares in %, yen in 億円/万円)."""
    from sim import data
    presets = data.presets()
    out: dict[str, list] = {}
    for c in batch.columns:
        values = batch[c]
        if c == "code":
            out[t("export.batch.code", lang)] = [str(v).zfill(5) for v in values]
        elif c == "kind":
            out[t("export.batch.kind", lang)] = [t(f"muni.kind.{k}", lang) if has(f"muni.kind.{k}", lang) else k
                                                 for k in values]
        elif c == "preset":
            out[t("input.municipality.preset", lang)] = [presets.loc[v, label_column(lang)] if v in presets.index
                                                         else v for v in values]
        elif c == "projection":
            out[t("export.batch.projection", lang)] = [t(f"export.projection.{v}", lang)
                                                       if has(f"export.projection.{v}", lang) else v for v in values]
        elif c in KPI or c in BATCH_UNITS or c in SUMMARY_PERCENT:
            unit = KPI[c].unit if c in KPI else BATCH_UNITS.get(c, "share")
            numbers = values.to_numpy(dtype=float) / (100 if c in SUMMARY_PERCENT else 1)
            col = column_format(numbers, unit, lang)
            label = KPI[c].label(lang) if c in KPI else t(f"export.batch.{c}", lang)
            out[header(label, col.unit_text, lang)] = _cells(numbers, col)
        elif has(f"export.batch.{c}", lang):
            out[t(f"export.batch.{c}", lang)] = list(values)
        else:
            out[c] = list(values)
    return _frame(out)
