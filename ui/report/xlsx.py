"""The 定員管理計画 workbook: the plan table (Japanese headers, number formats, frozen headers, widths,
A4 landscape), a native Excel line chart of staff against required staff, the 前提条件 (assumptions)
and the KPI summary. Written with openpyxl; no user text becomes a formula (sim.export.no_formulas).
"""

from __future__ import annotations

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sim.export import assumptions_table, no_formulas
from sim.model.kpis import KPI
from sim.plan import KEYS, UNIT, column_label, plan_note, staffing_plan_frame, year_label
from sim.town_label import town_label
from sim.units import format_value, unit_name
from ui.i18n import t

HEADER_ROW = 4  # rows 1-2: title and note; the table's header on row 4, data below it
FIRST_DATA = HEADER_ROW + 1
NUMBER = "#,##0.0"
SIGNED = "+#,##0.0;[Red]-#,##0.0;0.0"
FORMATS = {"persons": NUMBER, "fte": NUMBER, "year": "0"}
SIGNED_COLUMNS = ("net_change", "balance_required", "balance_target")
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
THIN = Side(style="thin", color="9AA5B1")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHEET_NAME_MAX = 31  # Excel's limit


def _cell(value):
    """A value for a cell: NaN as an empty cell, numpy numbers as Python numbers."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _print_setup(ws: Worksheet, title_rows: str | None = None) -> None:
    """A4 landscape, one page wide, the header rows repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4


def _header(ws: Worksheet, row: int, labels) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _title(ws: Worksheet, title: str, note: str = "", width: int = 1) -> None:
    """The title on row 1; a note on row 2, wrapped over `width` columns."""
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    if note:
        ws.cell(row=2, column=1, value=note).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.row_dimensions[2].height = 45


def plan_sheet(ws: Worksheet, frame: pd.DataFrame, lang: str, title: str, reiwa: bool, draws: int) -> None:
    _title(ws, title, plan_note(lang, draws), width=len(KEYS))
    _header(ws, HEADER_ROW, [column_label(k, lang) for k in KEYS])
    ws.row_dimensions[HEADER_ROW].height = 48
    for r, row in enumerate(frame.itertuples(index=False), start=FIRST_DATA):
        for c, key in enumerate(KEYS, start=1):
            value = _cell(getattr(row, key))
            if key == "year" and reiwa:
                value = year_label(int(value), lang, reiwa=True)
            cell = ws.cell(row=r, column=c, value=value)
            cell.border = BOX
            cell.number_format = SIGNED if key in SIGNED_COLUMNS else FORMATS[UNIT[key]]
    for c, key in enumerate(KEYS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = 12 if key == "year" else 11
    ws.freeze_panes = ws.cell(row=FIRST_DATA, column=2)  # header rows and the year column stay in view
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def supply_chart(ws: Worksheet, plan: Worksheet, rows: int, lang: str, title: str, with_target: bool) -> None:
    """A native line chart of staff (re-employed in FTE), required staff and (with_target) the town's
    定員 target by year, from the plan sheet."""
    chart = LineChart()
    chart.title = title
    chart.y_axis.title = t("unit.fte", lang)
    chart.x_axis.title = t("export.col.year", lang)
    chart.height, chart.width = 11, 24
    last = HEADER_ROW + rows
    for key in ("supply_fte", "required_fte", "staff_target")[:3 if with_target else 2]:
        col = KEYS.index(key) + 1
        chart.add_data(Reference(plan, min_col=col, min_row=HEADER_ROW, max_row=last), titles_from_data=True)
    for series in chart.series:
        series.smooth = False  # the yearly figures as they are, no curve between them
    chart.set_categories(Reference(plan, min_col=1, min_row=FIRST_DATA, max_row=last))
    ws.add_chart(chart, "A3")
    _title(ws, title)
    _print_setup(ws)


def table_sheet(ws: Worksheet, table: pd.DataFrame, title: str, widths: dict[int, int], formats: dict[int, str]) -> None:
    """A plain table under a title: bold header, boxed cells, widths and number formats by column index."""
    _title(ws, title)
    _header(ws, 3, list(table.columns))
    for r, row in enumerate(table.itertuples(index=False), start=4):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=_cell(value))
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if c in formats:
                cell.number_format = formats[c]
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A4"
    _print_setup(ws, "3:3")


def kpi_sheet(results, lang: str, mc=None) -> pd.DataFrame:
    """KPI, value (number), unit, value as shown; with a Monte Carlo also its P10 and P90 as shown."""
    rows = []
    mc_table = mc.kpis.set_index("key") if mc is not None else None
    for row in results.kpis.itertuples():
        kpi = KPI[row.key]
        out = {t("export.col.kpi", lang): kpi.label(lang), t("export.col.value", lang): row.value,
               t("export.col.unit", lang): unit_name(row.unit, lang),
               t("report.kpi.col.shown", lang): format_value(row.value, row.unit, lang)}
        if mc_table is not None:
            out[t("report.kpi.col.p10", lang)] = format_value(mc_table.loc[row.key, "p10"], row.unit, lang)
            out[t("report.kpi.col.p90", lang)] = format_value(mc_table.loc[row.key, "p90"], row.unit, lang)
        rows.append(out)
    return pd.DataFrame(rows)


def sheet_name(key: str, lang: str) -> str:
    name = t(key, lang)
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:SHEET_NAME_MAX]


def workbook_bytes(scenario, results, lang: str = "ja", mc=None, reiwa: bool = False) -> bytes:
    """The workbook as xlsx bytes: 定員管理計画, its chart, 前提条件, KPI."""
    town = town_label(scenario, lang)
    book = Workbook()
    plan = book.active
    plan.title = sheet_name("plan.title", lang)
    frame = staffing_plan_frame(results)
    plan_sheet(plan, frame, lang, t("report.xlsx.plan_title", lang, town=town, scenario=scenario.name), reiwa,
               results.draws)
    supply_chart(book.create_sheet(sheet_name("report.sheet.chart", lang)), plan, len(frame), lang,
                 t("results.chart.supply_demand", lang), bool(frame["staff_target"].notna().any()))
    table_sheet(book.create_sheet(sheet_name("sheet.assumptions", lang)), assumptions_table(scenario, lang),
                t("report.xlsx.assumptions_title", lang, town=town, scenario=scenario.name),
                {1: 40, 2: 36, 3: 10, 4: 24, 5: 24}, {})
    kpis = kpi_sheet(results, lang, mc)
    table_sheet(book.create_sheet(sheet_name("report.sheet.kpis", lang)), kpis,
                t("report.xlsx.kpi_title", lang, town=town, scenario=scenario.name),
                {1: 48, 2: 16, 3: 10, 4: 18, 5: 18, 6: 18}, {2: "#,##0.00"})
    no_formulas(book)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
