"""学习目录 (实施方案 三（一）, 附件1): the catalogue is dated rule data checked against the law texts; staff
mark what they studied (audited); the list shows each one's record, per county, and exports."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.audit.models import AuditEntry
from jiandu.errors import UserError
from jiandu.oversight import selectors as S
from jiandu.oversight.models import StudyRecord
from jiandu.oversight.rules import study_catalogue
from jiandu.oversight.services import study

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 6, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LAW = Path(__file__).resolve().parents[4] / "reference" / "law"


@pytest.mark.skipif(not LAW.is_dir(), reason="reference/law is absent (installed package)")
def test_every_item_is_a_law_text_in_the_stated_revision():
    catalogue = study_catalogue(NOW.date())
    assert "附件1" in catalogue.source and len({i.key for i in catalogue.items}) == len(catalogue.items)
    for item in catalogue.items:
        path = LAW / item.file
        assert path.is_file(), item.file
        assert f"({item.version})" in item.file
        heading = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        assert heading == item.title, (heading, item.title)
    assert {"中华人民共和国行政处罚法", "优化营商环境条例"} <= {i.title for i in catalogue.items}


def test_no_catalogue_before_the_first_date():
    with pytest.raises(UserError, match="尚无生效的学习目录"):
        study_catalogue(dt.date(2024, 1, 1))


def test_marking_is_audited_once_per_item_and_never_in_the_future(city):
    with time_machine.travel(NOW, tick=False):
        entry = study.mark_studied(actor=city.officer, item_key="xzcff", note="集中学习")
        assert (entry.studied_on, entry.region, entry.item_title) == (
            NOW.date(),
            city.east,
            "中华人民共和国行政处罚法",
        )
        audit = AuditEntry.objects.filter(target_type="oversight.studyrecord", target_id=str(entry.pk)).get()
        assert audit.actor_id == city.officer.pk and "行政处罚法" in audit.note
        with pytest.raises(UserError, match="已登记学习"):
            study.mark_studied(actor=city.officer, item_key="xzcff")
        with pytest.raises(UserError, match="没有编号"):
            study.mark_studied(actor=city.officer, item_key="nope")
        with pytest.raises(UserError, match="不能晚于今天"):
            study.mark_studied(
                actor=city.officer, item_key="cfcx", studied_on=NOW.date() + dt.timedelta(days=1)
            )
        with pytest.raises(UserError, match="本人"):
            study.unmark_studied(actor=city.outsider, entry=entry)
        study.unmark_studied(actor=city.officer, entry=entry)
    assert not StudyRecord.objects.exists()
    assert AuditEntry.objects.filter(target_type="oversight.studyrecord", action="delete").count() == 1


def test_the_table_is_scoped_and_filtered_per_county(city, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        study.mark_studied(actor=city.officer, item_key="xzcff", studied_on=dt.date(2025, 5, 6))
        study.mark_studied(actor=city.officer, item_key="fkfl")  # optional item: not in 必学完成
        study.mark_studied(actor=city.outsider, item_key="cfcx")
        _, mine = S.study_table(user=city.officer)
        with django_assert_max_num_queries(3):  # scope, staff, records
            catalogue, everyone = S.study_table(user=city.task_force)
        _, west = S.study_table(user=city.task_force, county=city.west.code)
    assert {r.staff.region_id for r in mine} == {city.east.pk}  # a county sees only its own staff
    east_officer = next(r for r in everyone if r.staff == city.officer)
    required = sum(1 for i in catalogue.items if i.required)
    assert (east_officer.required_done, east_officer.required_total) == (1, required)
    assert set(east_officer.done) == {"xzcff", "fkfl"}
    assert {r.staff.region_id for r in west} == {city.west.pk}
    assert next(r for r in west if r.staff == city.outsider).done.keys() == {"cfcx"}


def test_page_marks_and_exports(client, city):
    client.force_login(city.officer)
    with time_machine.travel(NOW, tick=False):
        url = reverse("oversight_study_list")
        done = client.post(url, {"item": "zrz", "studied_on": "2025-06-01", "note": "专题学习"})
        assert done.status_code == 302
        bad = client.post(url, {"item": "zrz", "studied_on": "2025-06-01"}, follow=True)
        assert "已登记学习" in bad.content.decode()
        garbage = client.post(url, {"item": "cfcx", "studied_on": "六月"}, follow=True)
        assert garbage.status_code == 200 and "学习日期格式" in garbage.content.decode()
        page = client.get(url).content.decode()
        assert "市场监督管理行政执法责任制规定" in page and "2025-06-01 已学习" in page
        mine = StudyRecord.objects.get(user=city.officer, item_key="zrz")
        other = study.mark_studied(actor=city.outsider, item_key="zrz")
        refused = client.post(url, {"withdraw": str(other.pk)})
        assert refused.status_code == 404  # not one's own: not found, not a 500
        gone = client.post(url, {"withdraw": str(mine.pk)}, follow=True)
        assert "已撤回学习记录" in gone.content.decode()
        client.post(url, {"item": "zrz", "studied_on": "2025-06-01", "note": "专题学习"})
        export = client.get(url, {"format": "xlsx", "county": city.east.code})
    sheet = load_workbook(io.BytesIO(export.content))["学习记录"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    header = rows[header_at]
    body = [r for r in rows[header_at + 1 :] if r and r[2]]
    column = header.index("市场监督管理行政执法责任制规定")
    me = next(r for r in body if r[3] == city.officer.username)
    assert me[column] == "2025-06-01" and me[1] == "东城区"
    assert all(r[1] == "东城区" for r in body)
    assert (
        AuditEntry.objects.filter(action="export", target_repr="学习记录", actor_id=city.officer.pk).count()
        == 1
    )


def test_a_county_cannot_list_another_countys_staff(client, city):
    client.force_login(city.outsider)
    page = client.get(reverse("oversight_study_list"), {"county": city.east.code}).content.decode()
    assert city.officer.username not in page and "暂无执法人员" in page


def test_api_marks_and_lists_in_scope(client, city):
    with time_machine.travel(NOW, tick=False):
        client.force_login(city.officer)
        made = client.post(
            "/api/oversight/study",
            {"item": "cfgs", "studied_on": "2025-06-02"},
            content_type="application/json",
        )
        assert made.status_code == 201 and made.json()["title"] == "市场监督管理行政处罚信息公示规定"
        again = client.post("/api/oversight/study", {"item": "cfgs"}, content_type="application/json")
        assert again.status_code == 400 and "已登记学习" in again.json()["detail"]
        future = client.post(
            "/api/oversight/study",
            {"item": "cfcx", "studied_on": "2025-07-01"},
            content_type="application/json",
        )
        assert future.status_code == 400
        client.force_login(city.outsider)
        west = client.get("/api/oversight/study").json()
        client.force_login(city.task_force)
        whole = client.get("/api/oversight/study", {"county": city.east.code}).json()
    assert city.officer.username not in {s["user"] for s in west["staff"]}
    me = next(s for s in whole["staff"] if s["user"] == city.officer.username)
    assert me["studied"] == {"cfgs": "2025-06-02"} and me["region"] == city.east.code
    assert {i["key"] for i in whole["items"]} >= {"xzcff", "cfgs"}
