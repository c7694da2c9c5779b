"""Excel workbooks as bureaus exchange them: plain rows in, .xlsx bytes out.

Each sheet: an optional title (merged, large) and subtitle line, a shaded header row, then the
data with borders, dates as dates, money with two decimals, widths fitted to Chinese text, the
header repeated on printed pages and frozen on screen.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

__all__ = ["Sheet", "build_workbook"]

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_LONG_TEXT = 40  # columns whose texts run long wrap at this width
# Data cells share named styles: one assignment a cell keeps a 30,000-row export to seconds.
_TEXT, _DATE, _MONEY = "jiandu-text", "jiandu-date", "jiandu-money"


@dataclass(frozen=True)
class Sheet:
    name: str  # the worksheet tab (Excel keeps 31 characters)
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    title: str = ""
    subtitle: str = ""


def _width(value: object) -> int:
    text = str(value) if value is not None else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cell_value(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def _write(book: Workbook, spec: Sheet) -> None:
    ws = book.create_sheet(spec.name[:31])
    last = get_column_letter(max(len(spec.header), 1))
    for text, font in ((spec.title, Font(name="宋体", size=16, bold=True)), (spec.subtitle, None)):
        if not text:
            continue
        ws.append([text])
        row = ws.max_row
        ws.merge_cells(f"A{row}:{last}{row}")
        if font is not None:
            ws.cell(row=row, column=1).font = font
            ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    ws.append(list(spec.header))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [max(_width(h), 6) for h in spec.header]
    for row in spec.rows:
        ws.append([_cell_value(v) for v in row])
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], min(_width(value), _LONG_TEXT))
    for row_cells, values in zip(ws.iter_rows(min_row=header_row + 1), spec.rows, strict=False):
        for cell, value in zip(row_cells, values, strict=False):
            if isinstance(value, dt.date):
                cell.style = _DATE
            elif isinstance(value, Decimal):
                cell.style = _MONEY
            else:
                cell.style = _TEXT
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width + 2
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"


def build_workbook(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    default = book.active
    assert default is not None
    book.remove(default)
    for name, number_format in ((_TEXT, "General"), (_DATE, "yyyy-mm-dd"), (_MONEY, "#,##0.00")):
        style = NamedStyle(name=name, number_format=number_format, border=_BORDER)
        style.alignment = Alignment(vertical="top", wrap_text=True)
        book.add_named_style(style)
    for spec in sheets:
        _write(book, spec)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
