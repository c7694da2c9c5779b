"""Excel workbooks of case-file reviews: plain rows in, .xlsx bytes out."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    caption: str = ""


def build_workbook(sheets: Sequence[Sheet]) -> bytes:
    """One worksheet per Sheet: an optional caption line, a bold header, then the rows."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(spec.title[:31])
        if spec.caption:
            ws.append([spec.caption])
            ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        ws.append(list(spec.header))
        header_row = ws.max_row
        for col in range(1, len(spec.header) + 1):
            cell = ws.cell(row=header_row, column=col)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="EEF2F7")
            cell.alignment = Alignment(horizontal="center")
        for row in spec.rows:
            ws.append(list(row))
        for col, name in enumerate(spec.header, start=1):
            width = max(
                [len(str(name))] + [len(str(r[col - 1])) for r in spec.rows[:200] if col - 1 < len(r)]
            )
            ws.column_dimensions[get_column_letter(col)].width = min(60, max(8, width * 1.6 + 2))
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
