"""The council report (庁議・議会向け報告) as a Word document, written with python-docx: title with the
town and the date, a one-page summary in plain language, the charts as images, the 定員管理計画 table
(on a landscape page), the assumptions that differ from the defaults, and the sources and credit lines."""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from sim import data
from sim.export import assumptions_table
from sim.plan import KEYS, column_label, plan_note, staffing_plan_frame, year_label
from ui.report.charts import ChartImage, report_charts
from ui.report.summary import summary_paragraphs
from sim.town_label import town_label
from sim.units import format_value
from ui.i18n import t

EAST_ASIA_FONT = "Yu Gothic"  # Word's Japanese UI font; LibreOffice substitutes a CJK font it has
IMAGE_WIDTH = Cm(16)
SOURCE_ID = re.compile(r"\b[A-Z]+\d+[a-z]?\b")  # R7, S13, D01 in a source text such as 「仮定（参考：R27）」


def _japanese_font(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        style = doc.styles[name]
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIA_FONT)
    doc.styles["Normal"].font.size = Pt(10.5)


def _table(doc, header: list[str], rows: list[list[str]], size: float, widths: list | None = None,
           numeric_from: int | None = None) -> None:
    """A grid table: bold header, text in `size` pt, column widths (Length) when given, and the columns
    from `numeric_from` on aligned right."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = width  # the grid (LibreOffice reads it); each cell's width below (Word reads those)
    for values, bold in [(header, True)] + [(r, False) for r in rows]:
        cells = table.rows[0].cells if bold else table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values)):
            cell.text = text
            if widths:
                cell.width = widths[i]
            paragraph = cell.paragraphs[0]
            if numeric_from is not None and i >= numeric_from and not bold:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in paragraph.runs:
                run.font.bold = bold
                run.font.size = Pt(size)


def plan_rows(results, lang: str, reiwa: bool) -> tuple[list[str], list[list[str]]]:
    """The 定員管理計画 as text: headers and one row per year (one decimal, a dash where empty)."""
    frame = staffing_plan_frame(results)
    rows = []
    for row in frame.itertuples(index=False):
        values = [year_label(int(row.year), lang, reiwa)]
        for key in KEYS[1:]:
            x = getattr(row, key)
            values.append("—" if x != x else f"{x:,.1f}")
        rows.append(values)
    return [column_label(k, lang) for k in KEYS], rows


def _new_section(doc, orientation):
    """A new section (from a new page) turned to `orientation`, A4 as the first."""
    section = doc.add_section()
    if section.orientation != orientation:
        section.orientation = orientation
        section.page_width, section.page_height = section.page_height, section.page_width
    return section


def sources(scenario, lang: str) -> list[str]:
    """Entries of data/SOURCES.md cited by the scenario's non-default inputs (their source, or the sources
    an assumption draws on), then the credit lines."""
    entries = data.source_entries()
    sources_column = assumptions_table(scenario, lang).iloc[:, -1]
    cited = sorted({s for text in sources_column for s in SOURCE_ID.findall(str(text)) if s in entries})
    return [f"{s}: {entries[s]}" for s in cited] + list(data.credit_lines())


def document_bytes(scenario, results, lang: str = "ja", mc=None, reiwa: bool = False,
                   today: dt.date | None = None, charts: list[ChartImage] | None = None) -> bytes:
    """The council report as docx bytes. charts: the images (report_charts) when already made."""
    today = today or dt.date.today()
    town = town_label(scenario, lang)
    doc = Document()
    _japanese_font(doc)
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(21.0), Cm(29.7)  # A4
    page.left_margin = page.right_margin = Cm(2.2)

    doc.add_heading(t("report.docx.title", lang, town=town), level=0)
    doc.add_paragraph(t("report.docx.subtitle", lang, scenario=scenario.name,
                        date=t("report.date", lang, y=today.year, m=today.month, d=today.day),
                        target=format_value(int(scenario.value("simulation.target_year")), "year", lang)))
    doc.add_heading(t("report.docx.summary", lang), level=1)
    for text in summary_paragraphs(scenario, results, lang, mc):
        doc.add_paragraph(text)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(t("report.docx.charts", lang), level=1)
    for image in charts if charts is not None else report_charts(results, lang, mc):
        doc.add_picture(io.BytesIO(image.png), width=IMAGE_WIDTH)
        doc.add_paragraph(image.title, style="Caption")

    section = _new_section(doc, WD_ORIENT.LANDSCAPE)
    doc.add_heading(t("plan.title", lang), level=1)
    header, rows = plan_rows(results, lang, reiwa)
    usable = section.page_width - section.left_margin - section.right_margin
    first = Cm(2.4)
    _table(doc, header, rows, size=6.5, widths=[first] + [int((usable - first) / (len(header) - 1))] * (len(header) - 1),
           numeric_from=1)
    doc.add_paragraph(plan_note(lang, results.draws))

    _new_section(doc, WD_ORIENT.PORTRAIT)
    doc.add_heading(t("report.docx.assumptions", lang), level=1)
    table = assumptions_table(scenario, lang)
    _table(doc, list(table.columns), table.astype(str).values.tolist(), size=8)

    doc.add_heading(t("report.docx.sources", lang), level=1)
    for line in sources(scenario, lang):
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph(t("report.docx.defaults_note", lang))

    doc.core_properties.title = t("report.docx.title", lang, town=town)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
