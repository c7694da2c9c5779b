"""Excel exports of the oversight loop: the problem list (问题清单) and the ledger (整改台账).

Plain rows in, bytes out: a title row naming the bureau and period, a header row, the data, frozen
panes, widths fitted to Chinese text, dates as dates and money with two decimals.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

__all__ = ["tabular_xlsx"]

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LONG_TEXT = 40  # columns whose texts run long wrap at this width


def _width(value: object) -> int:
    text = str(value) if value is not None else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def tabular_xlsx(
    *, title: str, subtitle: str, header: Sequence[str], rows: Sequence[Sequence[object]], sheet: str
) -> bytes:
    """One sheet: title (row 1), subtitle (row 2), header (row 3), data from row 4."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append([title])
    ws.append([subtitle])
    ws.append(list(header))
    last = get_column_letter(len(header))
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"].font = Font(name="宋体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"].alignment = Alignment(horizontal="left")
    fill = PatternFill("solid", fgColor="DDE5F0")
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [max(_width(h), 6) for h in header]
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for index, value in enumerate(row):
            widths[index] = max(widths[index], min(_width(value), _LONG_TEXT))
    for row_cells in ws.iter_rows(min_row=4):
        for index, cell in enumerate(row_cells):
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            value = rows[cell.row - 4][index]
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width + 2
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
