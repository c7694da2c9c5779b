"""Importing 12315 / 12345 exports: mapping, GBK and UTF-8, errors by row and field, idempotence."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.errors import UserError
from jiandu.prevention import imports
from jiandu.prevention.models import Complaint, ComplaintCount, ComplaintImport, FirmMatch, ImportStatus

pytestmark = pytest.mark.django_db

HEADER_12315 = [
    "登记编号",
    "登记时间",
    "诉求类型",
    "问题类别",
    "诉求内容",
    "涉事主体名称",
    "统一社会信用代码",
    "涉事主体所在地区",
]


def _rows(firms, region="东城区"):
    return [
        [
            "T2026100001",
            "2026-10-03 09:12",
            "投诉",
            "食品安全",
            "购买的牛奶已超过保质期5天",
            "",
            firms[0].uscc,
            region,
        ],
        [
            "T2026100002",
            "2026/10/04 10:00",
            "举报",
            "价格",
            "结算价格高于标签价格",
            firms[1].name,
            "",
            region,
        ],
        [
            "T2026100003",
            "2026年10月5日",
            "咨询",
            "",
            "电子秤显示重量明显偏大，回家复称少了二两",
            "",
            "",
            "411802",
        ],
    ]


def _csv(header, rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _xlsx(header, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(actor, data: bytes, name: str, *, partial=False, source="12315", default_region=None):
    stored, header = imports.store_upload(filename=name, chunks=iter([data]))
    return imports.start_import(
        actor=actor,
        stored_name=stored,
        filename=name,
        source=source,
        mapping=imports.guess_mapping(header),
        default_region=default_region,
        partial=partial,
    )


def test_guess_mapping_knows_the_platform_names():
    mapping = imports.guess_mapping(HEADER_12315)
    assert mapping["number"] == "登记编号" and mapping["received_at"] == "登记时间"
    assert mapping["category"] == "问题类别" and mapping["region"] == "涉事主体所在地区"
    assert mapping["enterprise_uscc"] == "统一社会信用代码"


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_csv_import_matches_firms_domains_and_issues(
    city, prevention, django_capture_on_commit_callbacks, encoding
):
    data = _csv(HEADER_12315, _rows(prevention.east_firms), encoding)
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(city.task_force, data, "export.csv")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert (job.rows_done, job.created, job.total_rows, job.percent) == (3, 3, 3, 100)
    by_number = {c.number: c for c in Complaint.objects.select_related("domain")}
    first, second, third = (by_number[f"T202610000{k}"] for k in (1, 2, 3))
    assert (first.enterprise, first.firm_match) == (prevention.east_firms[0], FirmMatch.USCC)
    assert (first.domain.name, first.issue, first.kind) == ("食品", "过期食品", "complaint")
    assert (second.enterprise, second.firm_match) == (prevention.east_firms[1], FirmMatch.NAME)
    assert (second.domain.name, second.issue, second.kind) == ("价格", "价格欺诈", "report")
    # no platform category: the triage engine decides the domain from the content
    assert third.domain is not None and third.kind == "inquiry" and third.region == city.east
    month = ComplaintCount.objects.filter(period_kind="month", region=city.east)
    assert sum(month.values_list("count", flat=True)) == sum(1 for c in by_number.values() if c.domain_id)


def test_reimport_is_idempotent(city, prevention, django_capture_on_commit_callbacks):
    data = _csv(HEADER_12315, _rows(prevention.east_firms))
    with django_capture_on_commit_callbacks(execute=True):
        _import(city.task_force, data, "a.csv")
    with django_capture_on_commit_callbacks(execute=True):
        again = _import(city.task_force, data, "a.csv")
    again.refresh_from_db()
    assert again.status == ImportStatus.DONE
    assert (again.created, again.duplicates) == (0, 3)
    assert Complaint.objects.count() == 3
    assert "此前已导入" in again.message
    assert sum(ComplaintCount.objects.filter(period_kind="month").values_list("count", flat=True)) <= 3


def test_bad_rows_name_row_and_field_and_nothing_is_stored(
    city, prevention, django_capture_on_commit_callbacks
):
    rows = _rows(prevention.east_firms)
    rows[1][1] = "昨天"
    rows[2][7] = "西城区"  # the other county: outside nothing for the city user, so use an unknown name
    rows[2][7] = "火星区"
    rows.append(["T2026100001", "2026-10-06", "投诉", "食品", "重复的工单", "", "", "东城区"])
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(city.task_force, _xlsx(HEADER_12315, rows), "bad.xlsx")
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert Complaint.objects.count() == 0
    errors = {(e["row"], e["field"]) for e in job.errors}
    assert errors == {(3, "登记时间"), (4, "涉事主体所在地区"), (5, "登记编号")}
    assert "未导入任何数据" in job.message
    messages = " ".join(e["message"] for e in job.errors)
    assert "不是有效时间" in messages and "不是您管辖范围内" in messages and "重复出现" in messages


def test_partial_import_skips_bad_rows(city, prevention, django_capture_on_commit_callbacks):
    rows = _rows(prevention.east_firms)
    rows[0][1] = ""
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(city.task_force, _csv(HEADER_12315, rows), "p.csv", partial=True)
    job.refresh_from_db()
    assert (job.status, job.created, job.error_count) == (ImportStatus.DONE, 2, 1)
    assert "跳过有错误的 1 行" in job.message


def test_county_officer_cannot_import_into_another_county(
    city, prevention, django_capture_on_commit_callbacks
):
    rows = _rows(prevention.east_firms, region="西城区")
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(prevention.east_bureau, _csv(HEADER_12315, rows[:2]), "x.csv")
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED and Complaint.objects.count() == 0


def test_mapping_errors_are_user_errors(city):
    stored, _header = imports.store_upload(filename="m.csv", chunks=iter([_csv(["甲", "乙"], [["1", "2"]])]))
    with pytest.raises(UserError, match="工单编号"):
        imports.start_import(
            actor=city.task_force, stored_name=stored, filename="m.csv", source="12315", mapping={}
        )
    with pytest.raises(UserError, match=r"\.xlsx 或 \.csv"):
        imports.store_upload(filename="m.txt", chunks=iter([b"x"]))
    with pytest.raises(UserError, match="编码"):
        imports.store_upload(filename="m.csv", chunks=iter([b"\xff\xfe\xfa" * 10]))


def test_upload_page_maps_and_shows_progress(client, city, prevention, django_capture_on_commit_callbacks):
    client.force_login(city.task_force)
    upload = io.BytesIO(_csv(HEADER_12315, _rows(prevention.east_firms), "gbk"))
    upload.name = "12315导出.csv"
    response = client.post(reverse("prevention_import_upload"), {"source": "12315", "file": upload})
    assert response.status_code == 200
    form = response.context["mapping_form"]
    data = {name: form[name].value() or "" for name in form.fields}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("prevention_import_start"), data)
    job = ComplaintImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("prevention_import", args=[job.pk])
    page = client.get(response.url, headers={"HX-Request": "true"})
    text = page.content.decode()
    assert "已处理 3 / 3 行" in text and "hx-trigger" not in text  # finished: polling stops
    assert AuditEntry.objects.filter(target_type="prevention.complaintimport").count() == 2


def test_progress_partial_polls_while_running(client, city):
    job = ComplaintImport.objects.create(
        source="12315", filename="big.csv", stored_name="0" * 32 + ".csv", region=city.city,
        created_by=city.task_force, status=ImportStatus.CHECKING, total_rows=1000, rows_done=250,
    )  # fmt: skip
    client.force_login(city.task_force)
    text = client.get(
        reverse("prevention_import", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 1s"' in text and "已处理 250 / 1000 行（25%）" in text


def test_import_permissions_three_personas(client, city):
    job = ComplaintImport.objects.create(
        source="12315",
        filename="e.csv",
        stored_name="1" * 32 + ".csv",
        region=city.east,
        created_by=city.task_force,
    )
    client.force_login(city.officer)  # county officer: may not import
    assert client.get(reverse("prevention_import_upload")).status_code == 403
    client.force_login(city.task_force)
    assert client.get(reverse("prevention_import", args=[job.pk])).status_code == 200
    client.force_login(city.outsider)
    assert client.get(reverse("prevention_import", args=[job.pk])).status_code == 403


def test_api_import(client, city, prevention, django_capture_on_commit_callbacks):
    client.force_login(city.task_force)
    upload = io.BytesIO(_csv(HEADER_12315, _rows(prevention.east_firms)))
    upload.name = "api.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/prevention/imports", {"file": upload, "source": "12315"})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending"  # accepted; the task runs after the commit
    done = client.get(f"/api/prevention/imports/{body['id']}").json()
    assert (done["status"], done["created"], done["percent"]) == ("done", 3, 100)


def test_a_failed_write_stores_nothing_and_says_so(city, prevention, monkeypatch):
    data = _csv(HEADER_12315, _rows(prevention.east_firms))
    stored, header = imports.store_upload(filename="f.csv", chunks=iter([data]))
    job = ComplaintImport.objects.create(
        source="12315", filename="f.csv", stored_name=stored, mapping=imports.guess_mapping(header),
        region=city.city, created_by=city.task_force,
    )  # fmt: skip

    def broken(_spool):
        Complaint.objects.create(
            number="X1", source="12315", kind="complaint", received_at="2026-10-01T00:00:00+08:00",
            region=city.east, subject="写入一半",
        )  # fmt: skip
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_write", broken)
    with pytest.raises(RuntimeError):
        imports.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "未导入任何数据" in job.message
    assert not Complaint.objects.exists() and not imports.import_path(stored).exists()
