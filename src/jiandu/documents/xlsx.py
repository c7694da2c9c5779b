"""Excel workbooks as bureaus exchange them: plain rows in, .xlsx bytes out.

Each sheet: an optional title (merged, large) and subtitle line, a shaded header row, then the
data with borders, dates as dates (written the Chinese way, 2026年1月1日), money with two decimals,
widths fitted to Chinese text, the header repeated on printed pages and frozen on screen. Every sheet
prints on A4 landscape, fitted to the page width, with page numbers; a titled sheet prints the filing
block (填报单位, 填报人, 审核人, 联系电话, 填报日期) at the foot of each page.

Text is written as text: a cell that would start with = + - @ (also after leading spaces or tabs) is
stored as a string with Excel's quote prefix, never as a formula; characters Excel refuses (control
characters) are removed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["Filing", "Sheet", "build_workbook", "chinese_date", "period_text", "print_setup", "safe_text"]

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_LONG_TEXT = 40  # columns whose texts run long wrap at this width
# Data cells share named styles: one assignment a cell keeps a 30,000-row export to seconds.
_TEXT, _DATE, _MONEY = "jiandu-text", "jiandu-date", "jiandu-money"


_FORMULA_START = ("=", "+", "-", "@")
DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_text(since: dt.date | None, until: dt.date | None, *, today: dt.date | None = None) -> str:
    """“2026年1月1日至2026年10月31日”; without a start “截至2026年10月31日” (never “开始 至 …”)."""
    end = until or today or dt.date.today()
    if since is None:
        return f"截至{chinese_date(end)}"
    return f"{chinese_date(since)}至{chinese_date(end)}"


def safe_text(text: str) -> str:
    """Text without the control characters that Excel (and openpyxl) refuse."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _looks_like_formula(text: str) -> bool:
    return text.lstrip(" \t\r\n").startswith(_FORMULA_START)


@dataclass(frozen=True)
class Filing:
    """The block a bureau signs under a filed table; blank fields are left to fill in by hand."""

    unit: str = ""  # 填报单位
    filler: str = ""  # 填报人
    reviewer: str = ""  # 审核人
    phone: str = ""  # 联系电话
    date: dt.date | None = None  # 填报日期 (the day of the export when not given)

    def line(self, today: dt.date) -> str:
        gap = "\u3000" * 4
        fields = [
            ("填报单位", self.unit or gap),
            ("填报人", self.filler or gap),
            ("审核人", self.reviewer or gap),
            ("联系电话", self.phone or gap),
            ("填报日期", chinese_date(self.date or today)),
        ]
        return "\u3000\u3000".join(f"{label}：{value}" for label, value in fields)


@dataclass(frozen=True)
class Sheet:
    name: str  # the worksheet tab (Excel keeps 31 characters)
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    title: str = ""
    subtitle: str = ""
    filing: Filing | None = None  # a titled sheet gets a blank block when none is given


def _width(value: object) -> int:
    text = str(value) if value is not None else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cell_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return safe_text(value)
    return value


def print_setup(ws: Worksheet, *, header_rows: str | None, filing: Filing | None = None) -> None:
    """A4 landscape, fitted to the page width (as many pages down as needed), centred, numbered, the
    header rows repeated on every page, and the filing block printed at the foot of every page. The
    block is printed, not written into cells, so the rows stay a clean table a bureau can re-import."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if filing is not None:
        ws.oddFooter.left.text = filing.line(dt.date.today())
        ws.oddFooter.left.size = 9
        ws.oddFooter.right.text = "第 &P 页，共 &N 页"
        ws.page_margins.bottom = 0.8
    else:
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if header_rows:
        ws.print_title_rows = header_rows


def _mark_text(cell: object) -> None:
    """Store a formula-looking text as text, with the quote prefix Excel shows as a leading apostrophe."""
    value = getattr(cell, "value", None)
    if isinstance(value, str) and _looks_like_formula(value):
        cell.data_type = "s"  # type: ignore[attr-defined]
        cell.quotePrefix = True  # type: ignore[attr-defined]


def _write(book: Workbook, spec: Sheet) -> None:
    ws = book.create_sheet(spec.name[:31])
    last = get_column_letter(max(len(spec.header), 1))
    for text, font in ((spec.title, Font(name="宋体", size=16, bold=True)), (spec.subtitle, None)):
        if not text:
            continue
        ws.append([safe_text(text)])
        _mark_text(ws.cell(row=ws.max_row, column=1))
        row = ws.max_row
        ws.merge_cells(f"A{row}:{last}{row}")
        if font is not None:
            ws.cell(row=row, column=1).font = font
            ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    ws.append([_cell_value(h) for h in spec.header])
    header_row = ws.max_row
    for cell in ws[header_row]:
        _mark_text(cell)
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
                _mark_text(cell)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width + 2
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    filing = spec.filing or (Filing() if spec.title else None)
    print_setup(ws, header_rows=f"{header_row}:{header_row}", filing=filing)


def build_workbook(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    default = book.active
    assert default is not None
    book.remove(default)
    for name, number_format in ((_TEXT, "General"), (_DATE, DATE_FORMAT), (_MONEY, "#,##0.00")):
        style = NamedStyle(name=name, number_format=number_format, border=_BORDER)
        style.alignment = Alignment(vertical="top", wrap_text=True)
        book.add_named_style(style)
    for spec in sheets:
        _write(book, spec)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
