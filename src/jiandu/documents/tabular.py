"""Reading uploaded tables (.xlsx / .csv) into plain rows with their spreadsheet row numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import load_workbook

from jiandu.errors import UserError


class TableError(UserError):
    """The file as a whole cannot be read; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number the user sees in Excel (header is row 1)
    values: dict[str, str]


@dataclass(frozen=True)
class RowError:
    """One wrong value of an imported row, told the way the user sees the sheet."""

    row: int
    field: str  # the column's Chinese label
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行「{self.field}」：{self.message}"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码后重试。")


def read_table(data: bytes, filename: str) -> tuple[list[str], Iterator[SheetRow]]:
    """The header names and the data rows of the first sheet; blank rows are skipped."""
    name = filename.lower()
    if name.endswith(".csv"):
        text = _decode(data)
        reader = csv.reader(io.StringIO(text))
        rows: Iterator[list[object]] = (list(r) for r in reader)
    elif name.endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise TableError(f"无法打开 Excel 文件：{error}。请确认文件为 .xlsx 格式且未损坏。") from error
        sheet = workbook.worksheets[0]
        rows = (list(r) for r in sheet.iter_rows(values_only=True))
    else:
        raise TableError("仅支持 .xlsx 或 .csv 文件。")
    try:
        header_row = next(rows)
    except StopIteration:
        raise TableError("文件为空，第 1 行应为表头。") from None
    header = [_cell_text(h) for h in header_row]
    if not any(header):
        raise TableError("第 1 行应为表头，但该行为空。")

    def generate() -> Iterator[SheetRow]:
        for number, raw in enumerate(rows, start=2):
            cells = [_cell_text(v) for v in raw]
            if not any(cells):
                continue
            cells += [""] * (len(header) - len(cells))
            yield SheetRow(number=number, values={h: cells[i] for i, h in enumerate(header) if h})

    return header, generate()
