"""Issue 17: the enterprise import runs in the background, staged, applied by one final switch.

Before: one request validated and wrote the whole table inside one transaction (row locks on every
existing firm of the file for as long as the request ran). These tests drive the job the way the
page, the API and the CLI do, with small batches so that "half-way" exists.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.engines.uscc import make_code
from jiandu.errors import UserError
from jiandu.org import enterprise_imports
from jiandu.org.enterprise_imports import (
    cancel_enterprise_import,
    retry_enterprise_import,
    start_enterprise_import,
    store_upload,
)
from jiandu.org.models import (
    Enterprise,
    EnterpriseImport,
    EnterpriseImportRow,
    EnterpriseImportStatus,
    Role,
)
from jiandu.org.selectors import list_enterprises
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "统一社会信用代码,名称,行政区划代码,行业,信用风险分类,住所\n"


def code(region: str, n: int) -> str:
    return make_code("9", "1", region, f"MA{n:07d}")


def _table(rows: int, region: str = "411802", name: str = "商贸有限公司", start: int = 0) -> bytes:
    lines = [
        f"{code(region, start + i)},第{start + i}号{name},{region},食品销售,B,建设路{start + i}号"
        for i in range(rows)
    ]
    return (HEADER + "\n".join(lines) + "\n").encode()


def _start(actor, data: bytes, **extra) -> EnterpriseImport:
    stored, _header = store_upload(filename="firms.csv", data=data)
    return start_enterprise_import(actor=actor, stored_name=stored, filename="firms.csv", **extra)


def _run(actor, data: bytes, capture, **extra) -> EnterpriseImport:
    with capture(execute=True):
        job = _start(actor, data, **extra)
    job.refresh_from_db()
    return job


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(enterprise_imports, "BATCH", 3)
    monkeypatch.setattr(enterprise_imports, "APPLY_CHUNK", 3)


@pytest.fixture
def county_bureaus(city):
    east = UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east)
    west = UserFactory(username="xi_ju", role=Role.COUNTY_BUREAU, region=city.west)
    return east, west


def _old_firms(city, count: int) -> None:
    for i in range(count):
        Enterprise.objects.create(
            uscc=code("411802", i), name=f"旧名称{i}", region=city.east, credit_class="A", address="旧址"
        )


def test_new_firms_and_updates_stay_invisible_until_the_final_switch(
    city, county_bureaus, small_batches, monkeypatch, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus
    _old_firms(city, 4)  # rows 0..3 of the file update these, rows 4..9 are new
    seen: dict[str, object] = {}
    real_bulk_create = EnterpriseImportRow.objects.bulk_create
    calls = {"n": 0}

    def staging(objs, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # two batches (6 rows) staged, the third about to be
            seen["staged"] = EnterpriseImportRow.objects.count()
            seen["firms"] = Enterprise.objects.count()
            seen["listed"] = list_enterprises(user=city.task_force).count()
            seen["old names"] = sorted(Enterprise.objects.values_list("name", flat=True))
            seen["written"] = EnterpriseImport.objects.get().written
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(EnterpriseImportRow.objects, "bulk_create", staging)
    job = _run(east, _table(10), django_capture_on_commit_callbacks)
    assert job.status == EnterpriseImportStatus.DONE, job.message
    assert seen == {
        "staged": 6,
        "firms": 4,
        "listed": 4,
        "old names": ["旧名称0", "旧名称1", "旧名称2", "旧名称3"],
        "written": 6,
    }
    assert (job.total_rows, job.rows_done, job.valid_rows, job.written) == (10, 10, 10, 10)
    assert (job.created, job.updated, job.unchanged) == (6, 4, 0)
    assert job.message == "共 10 行：新增 6 户，更新 4 户，未变化 0 户。"
    assert Enterprise.objects.count() == 10 and not EnterpriseImportRow.objects.exists()
    updated = Enterprise.objects.get(uscc=code("411802", 2))
    assert (updated.name, updated.credit_class, updated.address) == ("第2号商贸有限公司", "B", "建设路2号")
    audit = AuditEntry.objects.filter(target_type="org.enterprise")
    assert audit.filter(action="create").count() == 6 and audit.filter(action="update").count() == 4


def test_a_failure_in_the_final_switch_leaves_nothing_and_the_retry_imports_everything(
    city, county_bureaus, small_batches, monkeypatch, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus
    _old_firms(city, 4)
    real_write = enterprise_imports._write_updates
    calls = {"n": 0}

    def flaky(changed):
        calls["n"] += 1
        if calls["n"] == 3:  # after two chunks of the switch were applied (3 updates, 3 new firms)
            raise RuntimeError("database went away")
        return real_write(changed)

    monkeypatch.setattr(enterprise_imports, "_write_updates", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        _start(east, _table(10))  # the task's error goes to the task backend (the worker's log)
    job = EnterpriseImport.objects.get()
    assert job.status == EnterpriseImportStatus.FAILED and "未导入任何数据" in job.message
    assert Enterprise.objects.count() == 4 and not EnterpriseImportRow.objects.exists()
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == [f"旧名称{i}" for i in range(4)]
    assert not AuditEntry.objects.filter(target_type="org.enterprise").exists()
    assert calls["n"] == 3
    monkeypatch.setattr(enterprise_imports, "_write_updates", real_write)
    with django_capture_on_commit_callbacks(execute=True):
        retry_enterprise_import(actor=east, job=job)
    job.refresh_from_db()
    assert job.status == EnterpriseImportStatus.DONE and (job.created, job.updated) == (6, 4)
    assert Enterprise.objects.count() == 10
    with pytest.raises(UserError, match="只有失败"):
        retry_enterprise_import(actor=east, job=job)


def test_cancel_while_staging_leaves_nothing(
    city, county_bureaus, small_batches, monkeypatch, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus
    real_bulk_create = EnterpriseImportRow.objects.bulk_create
    calls = {"n": 0}

    def staging(objs, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            cancel_enterprise_import(actor=east, job=EnterpriseImport.objects.get())
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(EnterpriseImportRow.objects, "bulk_create", staging)
    job = _run(east, _table(10), django_capture_on_commit_callbacks)
    assert job.status == EnterpriseImportStatus.CANCELLED and job.message == "导入已取消，未导入任何数据。"
    assert not Enterprise.objects.exists() and not EnterpriseImportRow.objects.exists()
    with pytest.raises(UserError, match="不能取消"):
        cancel_enterprise_import(actor=east, job=job)


def test_a_queued_import_cancels_at_once_and_a_second_import_waits(city, county_bureaus):
    east, west = county_bureaus
    job = _start(east, _table(3))  # no commit in the test transaction: the job stays queued
    with pytest.raises(UserError, match="正在进行"):
        _start(east, _table(3, start=10))
    assert _start(west, _table(3, region="411803")).status == EnterpriseImportStatus.PENDING
    assert cancel_enterprise_import(actor=east, job=job).status == EnterpriseImportStatus.CANCELLED
    assert _start(east, _table(3, start=10)).status == EnterpriseImportStatus.PENDING


def test_row_errors_in_chinese_across_batches_and_nothing_is_stored_unless_partial(
    city, county_bureaus, small_batches, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus
    first = code("411802", 0)
    data = (
        _table(7)
        + (
            f"{first},重复的公司,411802,,B,\n"  # row 9 repeats row 2, two batches earlier
            f"{code('411802', 50)},信用不明公司,411802,,E,\n"  # row 10
            f"{code('411802', 51)},,411802,,B,\n"  # row 11: no name
        ).encode()
    )
    job = _run(east, data, django_capture_on_commit_callbacks)
    assert job.status == EnterpriseImportStatus.REJECTED
    assert job.errors == [
        {"row": 9, "field": "统一社会信用代码", "message": "与第 2 行重复"},
        {"row": 10, "field": "信用风险分类", "message": "“E”无效，应为 A、B、C、D 之一"},
        {"row": 11, "field": "名称", "message": "不能为空"},
    ]
    assert job.message == "共 10 行，发现 3 处错误，未导入任何数据。请修正后重新导入，或勾选跳过错误行。"
    assert not Enterprise.objects.exists() and not EnterpriseImportRow.objects.exists()
    partial = _run(east, data, django_capture_on_commit_callbacks, partial=True)
    assert partial.status == EnterpriseImportStatus.DONE and partial.created == 7
    assert partial.message == "共 10 行：新增 7 户，更新 0 户，未变化 0 户，跳过有错误的 3 行。"
    assert Enterprise.objects.count() == 7


def test_importing_the_same_file_again_changes_nothing(
    city, county_bureaus, small_batches, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus
    assert _run(east, _table(5), django_capture_on_commit_callbacks).created == 5
    entries = AuditEntry.objects.filter(target_type="org.enterprise").count()
    again = _run(east, _table(5), django_capture_on_commit_callbacks)
    assert (again.status, again.created, again.updated, again.unchanged) == ("done", 0, 0, 5)
    assert AuditEntry.objects.filter(target_type="org.enterprise").count() == entries
    # a task delivered twice does nothing the second time
    assert enterprise_imports.run_import_job(again.pk).status == EnterpriseImportStatus.DONE
    assert Enterprise.objects.count() == 5


def test_a_county_can_neither_overwrite_nor_detect_another_countys_firm(
    city, county_bureaus, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus
    theirs = Enterprise.objects.create(uscc=code("411803", 1), name="西城原有公司", region=city.west)
    # the west firm's code, and a code nobody registered, both filed under the east's own region
    data = (HEADER + f"{theirs.uscc},冒名公司,411802,,B,\n{code('411802', 9)},新公司,411803,,B,\n").encode()
    job = _run(east, data, django_capture_on_commit_callbacks)
    assert job.status == EnterpriseImportStatus.REJECTED
    assert job.errors == [
        {
            "row": 2,
            "field": "统一社会信用代码",
            "message": "不能在您的管辖范围内导入该代码；主体迁入本辖区的，请由市局办理迁移",
        },
        {"row": 3, "field": "行政区划代码", "message": "“411803”不存在或不在您的管辖范围内"},
    ]
    theirs.refresh_from_db()
    assert theirs.name == "西城原有公司" and theirs.region == city.west
    partial = _run(east, data, django_capture_on_commit_callbacks, partial=True)
    assert partial.status == EnterpriseImportStatus.DONE and partial.created == 0
    theirs.refresh_from_db()
    assert theirs.name == "西城原有公司"
    assert Enterprise.objects.count() == 1


def test_progress_page_polls_and_other_counties_cannot_see_or_cancel_the_job(client, city, county_bureaus):
    east, west = county_bureaus
    job = _start(east, _table(3))  # queued (no commit in the test transaction)
    client.force_login(east)
    page = client.get(reverse("enterprise_import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "已校验 0 / 0 行" in page and "取消导入" in page
    fragment = client.get(reverse("enterprise_import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('<section class="card" id="import-progress"')
    assert "firms.csv" in client.get(reverse("enterprise_import")).content.decode()
    client.force_login(west)
    assert client.get(reverse("enterprise_import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("enterprise_import_cancel", args=[job.pk])).status_code == 404
    assert client.post(reverse("enterprise_import_retry", args=[job.pk])).status_code == 404
    assert client.get(f"/api/enterprise-imports/{job.pk}").status_code == 404
    assert "firms.csv" not in client.get(reverse("enterprise_import")).content.decode()
    client.force_login(east)
    client.post(reverse("enterprise_import_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == EnterpriseImportStatus.CANCELLED
    after = client.get(reverse("enterprise_import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' not in after and "导入已取消，未导入任何数据。" in after


def test_upload_page_runs_the_job_and_shows_the_result(client, city, django_capture_on_commit_callbacks):
    client.force_login(city.task_force)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enterprise_import"), {"file": SimpleUploadedFile("a.csv", _table(2))})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "共 2 行：新增 2 户，更新 0 户，未变化 0 户。" in page and "已完成" in page
    bad = client.post(reverse("enterprise_import"), {"file": SimpleUploadedFile("a.csv", b"x,y\n1,2\n")})
    assert bad.status_code == 200 and "表头缺少必填列" in bad.content.decode()
    assert EnterpriseImport.objects.count() == 1


def test_api_answers_202_then_progress_then_cancel(client, city, django_capture_on_commit_callbacks):
    client.force_login(city.task_force)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/enterprise-imports", {"file": SimpleUploadedFile("a.csv", _table(3))})
    assert started.status_code == 202 and started.json()["status"] == "pending"
    done = client.get(f"/api/enterprise-imports/{started.json()['id']}").json()
    assert done["status"] == "done" and done["stored"] and (done["total"], done["created"]) == (3, 3)
    queued = client.post("/api/enterprise-imports", {"file": SimpleUploadedFile("b.csv", _table(2, start=5))})
    assert queued.status_code == 202
    cancelled = client.post(f"/api/enterprise-imports/{queued.json()['id']}/cancel").json()
    assert cancelled["status"] == "cancelled" and not cancelled["stored"]
    again = client.post(f"/api/enterprise-imports/{queued.json()['id']}/cancel")
    assert again.status_code == 400 and "不能取消" in again.json()["detail"]
    unreadable = client.post("/api/enterprise-imports", {"file": SimpleUploadedFile("a.txt", b"x")})
    assert unreadable.status_code == 400
    client.force_login(city.auditor)
    assert client.get(f"/api/enterprise-imports/{started.json()['id']}").status_code == 403
    assert Enterprise.objects.count() == 3


def test_cli_imports_in_the_background(
    city, county_bureaus, tmp_path, capsys, django_capture_on_commit_callbacks
):
    from jiandu.cli import main

    path = tmp_path / "firms.csv"
    path.write_bytes(_table(4))
    with django_capture_on_commit_callbacks(execute=True):
        code_ = main(["enterprises", "import", str(path), "--user", "dong_ju"])
        assert code_ == 0 and "已排队（导入任务" in capsys.readouterr().out
    job = EnterpriseImport.objects.get()
    assert (
        job.status == EnterpriseImportStatus.DONE
        and job.message == "共 4 行：新增 4 户，更新 0 户，未变化 0 户。"
    )
    assert main(["enterprises", "import", str(path), "--user", "nobody"]) == 2
    path.write_bytes(b"just text")
    assert main(["enterprises", "import", str(path), "--user", "dong_ju"]) == 2


def test_on_sqlite_a_file_too_large_for_one_switch_is_refused_before_anything_is_staged(
    city, county_bureaus, settings, django_capture_on_commit_callbacks
):
    from django.db import connection

    east, _west = county_bureaus
    settings.JIANDU_SQLITE_FIRM_IMPORT_MAX_ROWS = 5
    job = _run(east, _table(6), django_capture_on_commit_callbacks)
    if connection.vendor != "sqlite":  # PostgreSQL locks only the changed firms: no limit
        assert job.status == EnterpriseImportStatus.DONE and job.created == 6
        return
    assert job.status == EnterpriseImportStatus.REJECTED
    assert "不超过 5 户（本文件 6 户）" in job.message and "未导入任何数据" in job.message
    assert not Enterprise.objects.filter(name__endswith="商贸有限公司").exists()
    assert not EnterpriseImportRow.objects.exists()
    job = _run(east, _table(5), django_capture_on_commit_callbacks)
    assert job.status == EnterpriseImportStatus.DONE and job.created == 5
