"""宣传报道, 舆情 and urgent counts go with the work report (the 附件2 form has no such column): a sheet
of the lists workbook and a table of the 工作情况报告, reopened from the files."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from jiandu.clues.tests.factories import ClueFactory
from jiandu.oversight.services import urgent
from jiandu.reports.exports import lists_workbook, report_document
from jiandu.reports.models import ReportKind, ScheduleItem
from jiandu.reports.services import start_submission

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
FLAGGED = dt.datetime(2025, 6, 10, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def counted(city, heads):
    with time_machine.travel(FLAGGED, tick=False):
        for level, day in (("county", 12), ("city", 20), ("county", 25)):
            urgent.record_media(
                actor=heads.east,
                region=city.east,
                title=f"东城区专项行动报道{day}",
                outlet="东城融媒",
                level=level,
                kind="social",
                published_on=dt.date(2025, 5, day),
            )
        urgent.record_media(
            actor=heads.west,
            region=city.west,
            title="西城区报道",
            outlet="西城融媒",
            level="province",
            kind="web",
            published_on=dt.date(2025, 5, 3),
        )
        late = ClueFactory(region=city.east, summary="网传东城区执法人员连续罚款，引发热议")
        urgent.flag_urgent(
            actor=heads.east, clue=late, kind="opinion", reason="转发量大", deadline_hours=6, source="network"
        )
        urgent.flag_urgent(
            actor=heads.east,
            clue=ClueFactory(region=city.east, summary="执法人员推搡店主的视频流传"),
            kind="severe",
            reason="社会影响恶劣",
            deadline_hours=48,
        )


def _sheet_rows(data: bytes) -> dict[str, list[object]]:
    sheet = load_workbook(io.BytesIO(data))["宣传报道与紧急处置"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    assert rows[header_at][2] == "宣传报道（篇）" and rows[header_at][-1] == "其中超时"
    return {str(r[1]): r[2:] for r in rows[header_at + 1 :] if r and r[1]}


def test_the_lists_workbook_counts_per_county_and_a_county_sees_only_its_own(counted, city, heads):
    # 8 hours after the flag: the 6-hour 舆情 matter is late, the 48-hour one is not
    with time_machine.travel(FLAGGED + dt.timedelta(hours=8), tick=False):
        mine = _sheet_rows(lists_workbook(user=heads.east))
        whole = _sheet_rows(lists_workbook(user=city.task_force))
        may = _sheet_rows(
            lists_workbook(user=city.task_force, since=dt.date(2025, 5, 1), until=dt.date(2025, 5, 31))
        )
    # columns: total, 中央级, 省级, 市级, 县级, 舆情事件, 紧急事项, 其中超时
    assert mine == {"东城区": [3, 0, 0, 1, 2, 1, 2, 1], "合计": [3, 0, 0, 1, 2, 1, 2, 1]}
    assert whole["西城区"] == [1, 0, 1, 0, 0, 0, 0, 0]
    assert whole["合计"] == [4, 0, 1, 1, 2, 1, 2, 1]
    assert may["合计"] == [4, 0, 1, 1, 2, 0, 0, 0]  # the flags were in June


def test_the_work_report_carries_the_table_with_the_period_counts(counted, city, heads, campaign):
    work = ScheduleItem.objects.get(campaign=campaign, kind=ReportKind.WORK_REPORT)
    with time_machine.travel(FLAGGED + dt.timedelta(hours=8), tick=False):
        submission = start_submission(actor=heads.east, item=work, region=city.east)
        document = Document(io.BytesIO(report_document(submission=submission, user=heads.east)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "宣传报道与舆情、紧急处置情况" in text
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    cells = next(t for t in tables if any("宣传报道（篇）" in r for r in t))
    east = next(r for r in cells if r[1] == "东城区")
    assert east[2:] == ["3", "0", "0", "1", "2", "1", "2", "1"]
    assert not any(r[1] == "西城区" for r in cells)
