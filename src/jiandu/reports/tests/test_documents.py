"""The 9/8 work report with its three lists opens with python-docx and converts with LibreOffice;
the roll-up and the lists reopen with openpyxl."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from jiandu.clues.models import Clue
from jiandu.reports.exports import (
    form_workbook,
    lists_workbook,
    report_document,
    rollup_document,
    rollup_workbook,
)
from jiandu.reports.models import LawSuggestion, Practice, ReportKind, ScheduleItem
from jiandu.reports.selectors import build_form
from jiandu.reports.services import (
    accept_submission,
    record_law_suggestion,
    start_submission,
    submit_submission,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(records, heads, campaign):
    city = records
    clue = Clue.objects.filter(region=city.east, assessment__verdict="confirmed").first()
    record_law_suggestion(
        actor=heads.east,
        region=city.east,
        document="某市户外广告设置管理办法",
        level="normative",
        problem="一律罚款",
        action="amend",
        proposal="增加首违不罚情形",
        clues=[clue],
    )
    work = ScheduleItem.objects.get(campaign=campaign, kind=ReportKind.WORK_REPORT)
    return start_submission(actor=heads.east, item=work, region=city.east)


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_work_report_has_four_parts_and_three_lists(filed, records, heads, tmp_path):
    data = report_document(submission=filed, user=heads.east)
    document = Document(io.BytesIO(data))
    text = _text(document)
    for heading in (
        "一、突出问题排查整治",
        "二、整治成效分析研判",
        "三、经验做法总结提炼",
        "四、建立长效机制",
    ):
        assert heading in text
    for name in (
        "主要问题清单",
        "意见建议清单",
        "典型经验做法清单",
        "立改废释建议清单",
        "涉企行政执法评价指标",
    ):
        assert name in text
    assert "某市户外广告设置管理办法" in text
    practice = Practice.objects.filter(region=records.east).first()
    assert practice.title in text
    problem = Clue.objects.filter(region=records.east, assessment__verdict="confirmed").first()
    assert problem.summary in text
    assert "东城区市场监督管理局" in text
    section = document.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice 未安装")
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_rollup_files_show_missing_counties(records, heads, campaign):
    city = records
    item = ScheduleItem.objects.get(
        campaign=campaign, kind=ReportKind.MONTHLY_FORM, period_start=dt.date(2025, 5, 1)
    )
    east = submit_submission(
        actor=heads.east, submission=start_submission(actor=heads.east, item=item, region=city.east)
    )
    accept_submission(actor=city.task_force, submission=east)
    form = build_form(
        region=city.city, start=item.period_start, end=item.period_end, item=item, snapshot=True
    )
    sheet = load_workbook(io.BytesIO(rollup_workbook(form))).active
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows() if r[0].value}
    header = rows["栏目"]
    assert header[1:] == ["东城区", "西城区", "市本级", "合计"]
    assert rows["报送状态"][1:3] == ["已采纳（逾期报送）", "逾期未报送"]
    received = next(v for k, v in rows.items() if k.endswith("本期收到线索（件）"))
    assert received[2] == "逾期未报送"  # never zero
    assert received[4] == received[1] + received[3]
    document = Document(io.BytesIO(rollup_document(form)))
    assert "西城区（逾期未报送）" in _text(document)
    book = load_workbook(io.BytesIO(form_workbook(form))).active
    assert book["A1"].value.startswith("中原市")


def test_lists_workbook_has_the_filed_columns(records, heads):
    book = load_workbook(io.BytesIO(lists_workbook(user=heads.east)))
    assert book.sheetnames == [
        "主要问题清单",
        "意见建议清单",
        "典型经验做法清单",
        "立改废释建议",
        "宣传报道与紧急处置",
    ]
    problems = book["主要问题清单"]
    header = [c.value for c in problems[2]]
    assert header[-4:] == ["原因剖析", "办理状态", "反映人", "整改情况"]
    assert {row[16].value for row in problems.iter_rows(min_row=3)} <= {
        "立行立改已完成",
        "立行立改整改中",
        "限期整改已完成",
        "限期整改整改中",
        "尚未建立整改台账",
    }
    counties = {row[1].value for row in problems.iter_rows(min_row=3)}
    assert counties == {"东城区"}  # the county officer's list holds only their county
    assert LawSuggestion.objects.count() == 0


def test_rectification_report_has_the_four_parts_and_its_period(records, heads, campaign):
    item = ScheduleItem.objects.get(
        campaign=campaign,
        kind=ReportKind.RECTIFICATION_REPORT,
        period_start=dt.date(2025, 5, 1),
        nominal_due=dt.date(2025, 6, 8),
    )
    submission = submit_submission(
        actor=heads.east, submission=start_submission(actor=heads.east, item=item, region=records.east)
    )
    document = Document(io.BytesIO(report_document(submission=submission, user=heads.east)))
    text = _text(document)
    assert "关于规范涉企行政执法专项行动整改报告" in text and "2025年05月01日至2025年06月07日" in text
    assert "报送时冻结的数据" in text and "主要问题清单" not in text
    assert text.count("四、建立长效机制") == 1
