"""Uploaded tables that are damaged, huge or odd are refused with a Chinese message, never a crash."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jiandu.documents.tabular import MAX_CELL, TableError, read_table


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(data: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def shared(rows: list[list[str]], strings: list[bytes] | None = None, *, index_shift: int = 0) -> bytes:
    """An .xlsx whose texts are shared strings (as Excel writes them; openpyxl writes inline ones)."""
    texts = strings or [t.encode() for row in rows for t in row]
    cells, position = [], 0
    for r, row in enumerate(rows, start=1):
        line = "".join(
            f'<c r="{chr(65 + c)}{r}" t="s"><v>{position + c + index_shift}</v></c>' for c in range(len(row))
        )
        position += len(row)
        cells.append(f'<row r="{r}">{line}</row>')
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(cells)
        + "</sheetData></worksheet>"
    ).encode()
    sst = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si><t>" + t + b"</t></si>" for t in texts)
        + b"</sst>"
    )
    base = rewrite(xlsx([["x"]]), "xl/worksheets/sheet1.xml", lambda _x: sheet)
    base = rewrite(
        base,
        "xl/_rels/workbook.xml.rels",
        lambda x: x.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        ),
    )
    base = rewrite(
        base,
        "[Content_Types].xml",
        lambda x: x.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def read_all(data: bytes, name: str) -> tuple[list[str], list[dict[str, str]]]:
    header, rows = read_table(data, name)
    return header, [row.values for row in rows]


def test_a_stale_dimension_does_not_hide_rows():
    data = xlsx([["名称", "代码"], *[[f"甲{i}", str(i)] for i in range(30)]])
    stale = rewrite(
        data,
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"', x),
    )
    assert b'ref="A1:B2"' in zipfile.ZipFile(io.BytesIO(stale)).read("xl/worksheets/sheet1.xml")
    _header, rows = read_all(stale, "a.xlsx")
    assert len(rows) == 30 and rows[-1]["名称"] == "甲29"


def test_truncated_sheet_xml_is_a_table_error():
    data = xlsx([["名称", "代码"], *[[f"甲{i}", str(i)] for i in range(200)]])
    cut = rewrite(data, "xl/worksheets/sheet1.xml", lambda x: x[: len(x) // 2])
    with pytest.raises(TableError, match="损坏"):
        read_all(cut, "a.xlsx")


def test_shared_strings_are_read():
    assert read_all(shared([["名称", "代码"], ["甲", "乙"]]), "a.xlsx")[1] == [{"名称": "甲", "代码": "乙"}]


def test_a_dangling_shared_string_is_a_table_error():
    dangling = shared([["名称", "代码"], ["甲", "乙"]], index_shift=1)
    with pytest.raises(TableError):
        read_all(dangling, "a.xlsx")


def test_huge_shared_strings_are_refused_before_they_are_read():
    big = b"a" * (200 * 1024 * 1024)  # 200 MB of text compresses to about 200 KB
    huge = shared([["名称"], ["甲"]], [b"name", big])
    assert len(huge) < 2_000_000
    with pytest.raises(TableError, match="过大"):
        read_all(huge, "a.xlsx")


def test_an_upload_over_the_size_cap_is_refused():
    with pytest.raises(TableError, match="过大"):
        read_table(b"a,b\n" + b"1,2\n" * 6_000_000, "a.csv")


def test_a_200000_character_csv_field_names_its_row():
    data = ("名称,代码\n甲,1\n" + "乙," + "x" * 200_000 + "\n").encode()
    with pytest.raises(TableError, match="第 3 行"):
        read_all(data, "a.csv")


def test_an_overlong_xlsx_cell_names_its_row():
    data = xlsx([["名称"], ["甲"], ["x" * (MAX_CELL + 1)]])
    with pytest.raises(TableError, match="第 3 行"):
        read_all(data, "a.xlsx")


def test_duplicate_header_names_are_refused():
    with pytest.raises(TableError, match="名称"):
        read_all("名称,代码,名称\n甲,1,乙\n".encode(), "a.csv")


def test_control_characters_are_stripped_from_cells():
    _header, rows = read_all("名称,代码\n甲\x00乙\x07,1\n".encode(), "a.csv")
    assert rows == [{"名称": "甲乙", "代码": "1"}]


def test_not_a_zip_is_a_table_error():
    with pytest.raises(TableError):
        read_all(b"PK\x03\x04 not really", "a.xlsx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
def test_any_bytes_read_or_refuse_cleanly(data, name):
    with contextlib.suppress(TableError):
        read_all(data, name)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=5), min_size=1, max_size=8))
def test_any_csv_text_reads_or_refuses_cleanly(rows):
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    try:
        header, _values = read_all(out.getvalue().encode("utf-8"), "a.csv")
    except TableError:
        return
    assert len(set(h for h in header if h)) == len([h for h in header if h])
