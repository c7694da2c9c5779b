"""Every .xlsx export prints: A4 landscape, fitted to the width, header rows repeated, title, period and
filing block, Chinese dates; text that looks like a formula stays text; control characters are removed.
The ledger is rendered by LibreOffice and its pages counted (skipped without soffice, failed under CI)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jiandu.documents.problem_list import tabular_xlsx
from jiandu.documents.report_forms import FormRow, build_form_workbook
from jiandu.documents.xlsx import Filing, Sheet, build_workbook, period_text

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HEADER = [
    "序号", "县（市、区）", "线索编号", "问题描述", "问题类别", "问题细类", "领域", "整改措施", "责任单位",
    "责任人", "整改方式", "建账日期", "整改期限", "是否督办", "整改状态", "完成日期", "整改结果",
    "退还金额（元）", "退还笔数", "纠正执法决定（件）", "是否逾期",
]  # fmt: skip


def _ledger(rows: int = 120) -> bytes:
    table = [
        [i + 1, "东城区", f"X{i:05d}", "执法人员要求企业缴纳检测费后才予办理，收取费用无依据" * 2,
         "乱收费", "乱收费", "食品安全", "退还费用并公开收费目录", "东城区市场监督管理局", "王某", "限期整改",
         dt.date(2026, 3, 2), dt.date(2026, 4, 1), "否", "整改中", None, "", Decimal("1200.50"), 1, 0, "否"]
        for i in range(rows)
    ]  # fmt: skip
    return tabular_xlsx(
        title="涉企行政执法问题整改台账",
        subtitle="建账期间：" + period_text(dt.date(2026, 1, 1), dt.date(2026, 10, 31)),
        header=HEADER,
        rows=table,
        sheet="整改台账",
        filing=Filing(unit="东城区市场监督管理局", filler="李华", date=dt.date(2026, 11, 2)),
    )


def test_period_reads_as_dates_never_as_a_placeholder():
    assert period_text(dt.date(2026, 1, 1), dt.date(2026, 10, 31)) == "2026年1月1日至2026年10月31日"
    assert period_text(None, None, today=dt.date(2026, 12, 2)) == "截至2026年12月2日"


def test_the_ledger_is_set_up_for_a4_landscape_with_its_filing_block():
    ws = load_workbook(io.BytesIO(_ledger())).active
    assert ws["A1"].value == "涉企行政执法问题整改台账"
    assert ws["A2"].value == "建账期间：2026年1月1日至2026年10月31日"
    assert [c.value for c in ws[3]] == HEADER
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$3:$3" and ws.freeze_panes == "A4"
    assert ws.cell(row=4, column=12).number_format == 'yyyy"年"m"月"d"日"'
    block = ws.oddFooter.left.text
    assert ws.max_row == 3 + 120  # the rows stay a clean table
    for label in [
        "填报单位：东城区市场监督管理局",
        "填报人：李华",
        "审核人：",
        "联系电话：",
        "填报日期：2026年11月2日",
    ]:
        assert label in block
    assert "开始" not in ws["A2"].value


def test_text_that_looks_like_a_formula_stays_text_and_control_characters_go():
    hostile = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", ' =HYPERLINK("x")', "\t=1", "正常文本", "a\x01b\x1fc"]
    data = build_workbook(
        [Sheet("表", ["内容", "金额"], [[text, Decimal("1")] for text in hostile], title="测试")]
    )
    ws = load_workbook(io.BytesIO(data)).active
    cells = [ws.cell(row=3 + i, column=1) for i in range(len(hostile))]
    assert [c.data_type for c in cells] == ["s"] * len(hostile)
    assert [c.value for c in cells[:6]] == hostile[:6]
    assert [bool(c.quotePrefix) for c in cells] == [True] * 6 + [False, False]
    assert cells[7].value == "abc"
    # the raw sheet holds no formula element at all
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_the_report_form_prints_the_same_way():
    data = build_form_workbook(
        title="中原市问题整治情况表", subtitle="统计期间：2026年10月", corner="县（市、区）",
        headers=[["线索", "收到"], ["线索", "办结"]], money=[False, False],
        rows=[FormRow("东城区", [3, 1]), FormRow("=西城区", [2, 2])],
    )  # fmt: skip
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "填报人：" in ws.oddFooter.left.text and ws.max_row == 6


@pytest.mark.skipif(SOFFICE is None and os.environ.get("CI") != "true", reason="LibreOffice 未安装")
def test_libreoffice_prints_the_ledger_on_few_landscape_a4_pages_with_the_title_on_page_one(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    (tmp_path / "ledger.xlsx").write_bytes(_ledger(120))
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "ledger.xlsx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    reader = pypdf.PdfReader(str(tmp_path / "ledger.pdf"))
    # all 21 columns on the width of one page: the pages only run downwards (120 rows, a few pages)
    assert 1 <= len(reader.pages) <= 12
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 841.9) < 3 and abs(height - 595.3) < 3  # A4 landscape, in points
    first = reader.pages[0].extract_text()
    assert "涉企行政执法问题整改台账" in first and "是否逾期" in first  # the title and the last column
    second = reader.pages[1].extract_text() if len(reader.pages) > 1 else first
    assert "是否逾期" in second  # the header repeats
    last = reader.pages[-1].extract_text()
    assert re.search("填报人[：：]", last)
