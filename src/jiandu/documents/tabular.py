"""Reading uploaded tables (.xlsx / .csv) into plain rows with their spreadsheet row numbers.

Every upload is bounded before it is parsed (docs/hardening.md): at most `MAX_UPLOAD_BYTES`; an
.xlsx's parts at most `MAX_XLSX_XML_BYTES` unpacked and its shared strings `MAX_SHARED_STRINGS_BYTES`
(read from the zip directory, so a small file that unpacks into gigabytes is refused unread); a cell
at most `MAX_CELL` characters. A stale `<dimension>` does not cut the sheet short (the read-only
sheet's dimensions are reset), a damaged sheet, a shared-string index that points nowhere or a CSV
line that cannot be split is a `TableError` naming the row, duplicate header names are refused, and
control characters are stripped from every cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from jiandu.bounds import clean_text
from jiandu.errors import UserError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_XLSX_XML_BYTES = 256 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
# the background import streams the sheet from disk; only its shared strings are held in memory
STREAM_SHARED_STRINGS_BYTES = 256 * 1024 * 1024
MAX_CELL = 10_000


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
    return clean_text(str(value)).strip()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码后重试。")


def check_xlsx_size(
    data: bytes | Path,
    *,
    total_limit: int | None = MAX_XLSX_XML_BYTES,
    shared_limit: int = MAX_SHARED_STRINGS_BYTES,
) -> None:
    """Refuse an .xlsx whose parts unpack beyond the caps, judged from the zip directory alone."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TableError("无法打开 Excel 文件：文件不是有效的 .xlsx（zip）格式或已损坏。") from error
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.filename.lower().endswith("sharedstrings.xml") and info.file_size > shared_limit:
            raise TableError(
                f"Excel 文件中的文字内容过大（解压后超过 {shared_limit // 1024 // 1024} MB），"
                "请拆分文件或另存为 CSV 后重试。"
            )
    if total > MAX_XLSX_XML_BYTES:
        raise TableError(
            f"Excel 文件解压后过大（超过 {MAX_XLSX_XML_BYTES // 1024 // 1024} MB），请拆分后重试。"
        )


def _csv_rows(text: str | io.TextIOBase) -> Iterator[list[object]]:
    reader = csv.reader(io.StringIO(text) if isinstance(text, str) else text)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise TableError(
                f"第 {reader.line_num} 行无法按 CSV 格式读取（内容过长或引号不成对）：{error}。"
            ) from None
        yield list(row)


def _xlsx_rows(data: bytes) -> Iterator[list[object]]:
    check_xlsx_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()  # a stale <dimension> would otherwise end the sheet early
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"无法打开 Excel 文件：{error}。请确认文件为 .xlsx 格式且未损坏。") from error
    number = 0
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):  # noqa: B007
            yield list(row)
    except TableError:
        raise
    except Exception as error:  # truncated XML, a shared string that is missing, …
        raise TableError(
            f"Excel 文件内容损坏，读到第 {number + 1} 行附近时出错。请用 Excel 打开后另存为新文件再导入。"
        ) from error
    finally:
        workbook.close()


def read_upload(upload: object, *, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of an uploaded file, refused before reading when it is larger than `limit`."""
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > limit:
        raise TableError(f"文件过大（超过 {limit // 1024 // 1024} MB），请拆分后分批导入。")
    data = upload.read(limit + 1)  # type: ignore[attr-defined]
    if len(data) > limit:
        raise TableError(f"文件过大（超过 {limit // 1024 // 1024} MB），请拆分后分批导入。")
    return bytes(data)


def read_table(data: bytes, filename: str) -> tuple[list[str], Iterator[SheetRow]]:
    """The header names and the data rows of the first sheet; blank rows are skipped."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise TableError(f"文件过大（超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB），请拆分后分批导入。")
    name = filename.lower()
    if name.endswith(".csv"):
        rows: Iterator[list[object]] = _csv_rows(_decode(data))
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        raise TableError("仅支持 .xlsx 或 .csv 文件。")
    try:
        header_row = next(rows)
    except StopIteration:
        raise TableError("文件为空，第 1 行应为表头。") from None
    header = [_cell_text(h) for h in header_row]
    if not any(header):
        raise TableError("第 1 行应为表头，但该行为空。")
    named = [h for h in header if h]
    duplicates = sorted({h for h in named if named.count(h) > 1})
    if duplicates:
        raise TableError(f"第 1 行表头有重复的列名：{'、'.join(duplicates)}。请删除或改名后重试。")

    def generate() -> Iterator[SheetRow]:
        for number, raw in enumerate(rows, start=2):
            cells = [_cell_text(v) for v in raw]
            if not any(cells):
                continue
            for index, cell in enumerate(cells):
                if len(cell) > MAX_CELL:
                    column = header[index] if index < len(header) and header[index] else f"第 {index + 1} 列"
                    raise TableError(f"第 {number} 行「{column}」内容过长（超过 {MAX_CELL} 字）。")
            cells += [""] * (len(header) - len(cells))
            yield SheetRow(number=number, values={h: cells[i] for i, h in enumerate(header) if h})

    return header, generate()
