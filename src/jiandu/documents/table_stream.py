"""Reading a large uploaded table (.csv in UTF-8 or GBK, .xlsx) row by row from disk.

Unlike `tabular.read_table`, which takes the whole file as bytes, this reads from a path and never
holds more than one row (csv) or openpyxl's read-only buffer (xlsx) in memory, so a million-row
12315 export can be imported by a background task.
"""

from __future__ import annotations

import codecs
import io
import re
import secrets
from collections.abc import Generator, Iterator
from pathlib import Path

from openpyxl import load_workbook

from jiandu.documents.tabular import (
    MAX_CELL,
    STREAM_SHARED_STRINGS_BYTES,
    SheetRow,
    TableError,
    _cell_text,
    _csv_rows,
    check_xlsx_size,
)

__all__ = ["STORED_NAME", "count_rows", "detect_encoding", "iter_table", "store_table"]

SNIFF_BYTES = 1 << 20


def detect_encoding(path: Path) -> str:
    """utf-8-sig when the first megabyte decodes as UTF-8, else gb18030 (a superset of GBK)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the end is not an error
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise TableError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码后重试。") from None


def count_rows(path: Path) -> int:
    """The number of data rows, for the progress bar (csv: lines − 1; xlsx: the sheet's dimension)."""
    if path.suffix.lower() == ".csv":
        lines = 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                lines += chunk.count(b"\n")
        return max(lines - 1, 0)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].max_row or 1
    finally:
        workbook.close()
    return max(int(rows) - 1, 0)


def iter_table(path: Path) -> tuple[list[str], Generator[SheetRow, None, None]]:
    """The header and a lazy iterator of data rows with their Excel row numbers; blank rows skipped."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        encoding = detect_encoding(path)
        text = io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="")
        raw: Iterator[list[object]] = _csv_rows(text)
        close = text.close
    elif suffix == ".xlsx":
        check_xlsx_size(path, total_limit=None, shared_limit=STREAM_SHARED_STRINGS_BYTES)
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise TableError(f"无法打开 Excel 文件：{error}。请确认文件为 .xlsx 格式且未损坏。") from error
        sheet = workbook.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()  # a stale <dimension> would otherwise end the sheet early
        raw = (list(r) for r in sheet.iter_rows(values_only=True))
        close = workbook.close
    else:
        raise TableError("仅支持 .xlsx 或 .csv 文件。")
    try:
        header = [_cell_text(h) for h in next(raw)]
    except StopIteration:
        close()
        raise TableError("文件为空，第 1 行应为表头。") from None
    except UnicodeDecodeError:
        close()
        raise TableError("CSV 文件中有无法识别的字符，请另存为 UTF-8 或 GBK 编码后重试。") from None
    if not any(header):
        close()
        raise TableError("第 1 行应为表头，但该行为空。")
    named = [h for h in header if h]
    duplicates = sorted({h for h in named if named.count(h) > 1})
    if duplicates:
        close()
        raise TableError(f"第 1 行表头有重复的列名：{'、'.join(duplicates)}。请删除或改名后重试。")

    def generate() -> Generator[SheetRow, None, None]:
        try:
            for number, cells_raw in enumerate(raw, start=2):
                cells = [_cell_text(v) for v in cells_raw]
                if not any(cells):
                    continue
                if any(len(cell) > MAX_CELL for cell in cells):
                    raise TableError(f"第 {number} 行有单元格内容过长（超过 {MAX_CELL} 字）。")
                cells += [""] * (len(header) - len(cells))
                yield SheetRow(number=number, values={h: cells[i] for i, h in enumerate(header) if h})
        except UnicodeDecodeError:
            raise TableError("CSV 文件中有无法识别的字符，请另存为 UTF-8 或 GBK 编码后重试。") from None
        except TableError:
            raise
        except Exception as error:  # truncated sheet XML, a shared string that is missing, …
            raise TableError("Excel 文件内容损坏，请用 Excel 打开后另存为新文件再导入。") from error
        finally:
            close()

    return header, generate()


STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(xlsx|csv)$")


def store_table(directory: Path, *, filename: str, data: bytes) -> tuple[str, list[str]]:
    """Keep an uploaded .xlsx/.csv under a random name in ``directory`` until a background import reads
    it; returns the stored name and the header. A file that is not a readable table is removed and
    raises `TableError` (the importers turn it into a form error on the file field)."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix not in {"csv", "xlsx"}:
        raise TableError("仅支持 .xlsx 或 .csv 文件。")
    stored = f"{secrets.token_hex(16)}.{suffix}"
    path = directory / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        header, rows = iter_table(path)
        rows.close()
    except TableError:
        path.unlink(missing_ok=True)
        raise
    return stored, header
