"""Report workbooks and documents of the reports app: plain data in, bytes out.

- `build_form_workbook`: the 问题整治情况表 with multi-level merged headers; cells typed by the county
  are shaded and counted in a note, rows with no filing say so in a state column.
- `build_report_document`: a report in GB/T 9704 layout (see `official.py`) with its parts, figure
  tables and attached lists.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from jiandu.documents.official import BODY_FONTS, HEADING_FONTS, OfficialDocument, _set_fonts
from jiandu.documents.xlsx import Filing, print_setup, safe_text

__all__ = ["FormRow", "ReportContent", "ReportTable", "build_form_workbook", "build_report_document"]

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_TYPED_FILL = PatternFill("solid", fgColor="FFF2CC")
_MISSING_FILL = PatternFill("solid", fgColor="F4CCCC")
TABLE_SIZE = Pt(10.5)  # 五号


@dataclass(frozen=True)
class FormRow:
    name: str
    values: Sequence[object]  # one per column; None = no figure (typed cell left empty, or no filing)
    typed: frozenset[int] = frozenset()  # indexes of the cells the county typed
    state: str = ""  # e.g. 已采纳 / 未报送 / 逾期未报送
    missing: bool = False


def _value(value: object) -> object:
    if isinstance(value, str):
        return safe_text(value)
    return float(value) if isinstance(value, Decimal) else value


def build_form_workbook(
    *,
    title: str,
    subtitle: str,
    corner: str,
    headers: Sequence[Sequence[str]],
    money: Sequence[bool],
    rows: Sequence[FormRow],
    total: FormRow | None = None,
    notes: Sequence[str] = (),
    filing: Filing | None = None,
) -> bytes:
    """``headers[i]`` is the header path of column i, top level first (the last item is its label)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "问题整治情况表"
    depth = max((len(h) for h in headers), default=1)
    width = len(headers) + 2
    last = get_column_letter(width)
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name="宋体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([subtitle])
    ws.merge_cells(f"A2:{last}2")
    top = 3
    for level in range(depth):
        for index, path in enumerate(headers):
            text = path[level] if level < len(path) else None
            cell = ws.cell(row=top + level, column=index + 2, value=text)
            cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, text in ((1, corner), (width, "报送状态")):
        ws.cell(row=top, column=column, value=text)
        ws.merge_cells(start_row=top, start_column=column, end_row=top + depth - 1, end_column=column)
        cell = ws.cell(row=top, column=column)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # merge equal neighbours on each level (same path prefix), and short paths downwards
    for level in range(depth):
        start = 0
        while start < len(headers):
            path = headers[start]
            end = start
            if level < len(path) - 1:
                while end + 1 < len(headers) and tuple(headers[end + 1][: level + 1]) == tuple(
                    path[: level + 1]
                ):
                    end += 1
            if level == len(path) - 1 and level < depth - 1:
                ws.merge_cells(
                    start_row=top + level,
                    start_column=start + 2,
                    end_row=top + depth - 1,
                    end_column=start + 2,
                )
            elif end > start:
                ws.merge_cells(
                    start_row=top + level, start_column=start + 2, end_row=top + level, end_column=end + 2
                )
            start = end + 1
    first_data = top + depth
    for row in [*rows, *([total] if total else [])]:
        ws.append([row.name, *[_value(v) for v in row.values], row.state])
        current = ws.max_row
        for index in range(width):
            cell = ws.cell(row=current, column=index + 1)
            cell.border = _BORDER
            if 1 <= index <= len(headers) and money[index - 1]:
                cell.number_format = "#,##0.00"
            if index - 1 in row.typed:
                cell.fill = _TYPED_FILL
            if row.missing:
                cell.fill = _MISSING_FILL
        if total is not None and row is total:
            for index in range(width):
                ws.cell(row=current, column=index + 1).font = Font(bold=True)
    for text in notes:
        ws.append([text])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.column_dimensions["A"].width = 16
    for index in range(2, width + 1):
        ws.column_dimensions[get_column_letter(index)].width = 11
    ws.freeze_panes = ws.cell(row=first_data, column=2)
    print_setup(ws, header_rows=f"{top}:{first_data - 1}", filing=filing or Filing())
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- reports (.docx) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportTable:
    caption: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class ReportSection:
    heading: str
    paragraphs: Sequence[str]
    tables: Sequence[ReportTable] = ()


@dataclass(frozen=True)
class ReportContent:
    title: Sequence[str]
    addressee: str
    opening: Sequence[str]
    sections: Sequence[ReportSection]
    authority: str
    date: dt.date
    attachments: Sequence[ReportTable] = field(default_factory=tuple)
    landscape_attachments: bool = True


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


TABLE_STYLE = "表格文字"


def _table_style(document: OfficialDocument) -> Any:
    styles = document.doc.styles
    if TABLE_STYLE in [s.name for s in styles]:
        return styles[TABLE_STYLE]
    style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    _set_fonts(style, BODY_FONTS, TABLE_SIZE)
    style.paragraph_format.first_line_indent = Pt(0)
    style.paragraph_format.line_spacing = Pt(14)
    return style


def _table(document: OfficialDocument, spec: ReportTable) -> None:
    caption = document.doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_fonts(caption.add_run(spec.caption), HEADING_FONTS, TABLE_SIZE)
    width = len(spec.header)
    table = document.doc.add_table(rows=len(spec.rows) + 1, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = table._cells  # computed once: row.cells walks the whole table each time
    for cell, text in zip(cells[:width], spec.header, strict=True):
        cell.text = ""
        _set_fonts(cell.paragraphs[0].add_run(str(text)), HEADING_FONTS, TABLE_SIZE)
    style_id = _table_style(document).style_id
    for index, values in enumerate(spec.rows, start=1):
        for cell, value in zip(cells[index * width : (index + 1) * width], values, strict=False):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id  # one shared style: per-run fonts cost ~1 ms a cell
            paragraph.add_run(_text(value))
    document.blank()


def build_report_document(content: ReportContent) -> bytes:
    document = OfficialDocument()
    document.title(*content.title)
    document.line(content.addressee)
    document.paragraphs(content.opening)
    for section in content.sections:
        document.heading(section.heading)
        document.paragraphs(section.paragraphs)
        for table in section.tables:
            _table(document, table)
    document.signature(
        content.authority, f"{content.date.year}年{content.date.month}月{content.date.day}日", seal=False
    )
    if content.attachments:
        document.paragraph(
            "附件：" + "；".join(f"{i}.{t.caption}" for i, t in enumerate(content.attachments, 1))
        )
    for index, attachment in enumerate(content.attachments, start=1):
        section = document.doc.add_section()
        if content.landscape_attachments:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        label = document.doc.add_paragraph()
        _set_fonts(label.add_run(f"附件{index}"), HEADING_FONTS, Pt(16))
        _table(document, attachment)
    return document.to_bytes()
