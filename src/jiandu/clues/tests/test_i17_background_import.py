"""Issue 17: the work-order import runs in the background in batches, all-or-nothing, cancellable.

Before: one request held one write transaction for the whole table (3,000 rows, 112 s), other
users' pages and logins failed meanwhile, and the duplicate check of work-order numbers was the
only thing keeping counties apart. These tests drive the job the way the pages, API and CLI do.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.clues import imports
from jiandu.clues import services as clue_services
from jiandu.clues.imports import (
    cancel_work_order_import,
    guess_mapping,
    retry_work_order_import,
    start_work_order_import,
    store_upload,
)
from jiandu.clues.models import Channel, Clue, ClueImport, ClueImportStatus
from jiandu.clues.selectors import list_clues
from jiandu.errors import UserError
from jiandu.org.models import Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "工单号,来电时间,诉求内容,区县\n"


def _table(rows: int, region: str = "东城区", prefix: str = "GD") -> bytes:
    lines = [
        f"{prefix}-{i:05d},2026-05-{1 + i % 28:02d} 09:30,"
        f"反映执法人员第{i}次上门检查时要求购买指定产品,{region}"
        for i in range(rows)
    ]
    return (HEADER + "\n".join(lines) + "\n").encode()


def _start(actor, data: bytes, **extra):
    stored, header = store_upload(filename="orders.csv", data=data)
    return start_work_order_import(
        actor=actor,
        stored_name=stored,
        filename="orders.csv",
        mapping=guess_mapping(header),
        channel=Channel.HOTLINE_12345,
        **extra,
    )


def _run(actor, data: bytes, capture, **extra) -> ClueImport:
    with capture(execute=True):
        job = _start(actor, data, **extra)
    job.refresh_from_db()
    return job


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 3)
    monkeypatch.setattr(imports, "WRITE_BATCH", 3)


@pytest.fixture
def county_bureaus(city):
    east = UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east)
    west = UserFactory(username="xi_ju", role=Role.COUNTY_BUREAU, region=city.west)
    return east, west


def _hook_file_clue(monkeypatch, after_calls: int, action):
    """Run ``action(n)`` before the next batch is written once ``after_calls`` clues of the job were."""
    real = clue_services.file_clues
    calls = {"n": 0, "fired": False}

    def wrapped(**kwargs):
        if calls["n"] >= after_calls and not calls["fired"]:
            calls["fired"] = True
            action(calls["n"])
        written = real(**kwargs)
        calls["n"] += len(written)
        return written

    monkeypatch.setattr(imports, "file_clues", wrapped)
    return calls


def test_the_import_is_written_in_batches_hidden_until_the_final_switch(
    city, county_bureaus, small_batches, monkeypatch, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus
    seen: dict[str, int] = {}

    def look(_n: int) -> None:
        # half-way through the writing: rows are stored but nobody sees them yet
        seen["stored"] = Clue.with_pending.count()
        seen["visible"] = Clue.objects.count()
        seen["listed"] = list_clues(user=city.task_force).count()
        seen["written"] = ClueImport.objects.get().written

    _hook_file_clue(monkeypatch, 6, look)
    job = _run(east, _table(10), django_capture_on_commit_callbacks)
    assert job.status == ClueImportStatus.DONE, job.message
    assert seen == {"stored": 6, "visible": 0, "listed": 0, "written": 6}
    assert (job.total_rows, job.rows_done, job.valid_rows, job.written, job.created) == (10, 10, 10, 10, 10)
    assert Clue.objects.filter(region=city.east, import_job=job).count() == 10
    assert not Clue.with_pending.filter(pending=True).exists()
    assert job.message == "共 10 行，导入问题线索 10 条。"


def test_a_failure_in_a_later_batch_leaves_nothing_and_the_retry_imports_everything(
    city, county_bureaus, small_batches, monkeypatch, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus

    def boom(_n: int) -> None:
        raise RuntimeError("database went away")

    _hook_file_clue(monkeypatch, 6, boom)
    with django_capture_on_commit_callbacks(execute=True):
        _start(east, _table(10))  # the task's error goes to the task backend (the worker's log)
    job = ClueImport.objects.get()
    assert job.status == ClueImportStatus.FAILED and "未导入任何数据" in job.message
    assert Clue.with_pending.count() == 0  # the 6 rows written before the failure were removed
    removed = AuditEntry.objects.filter(target_type="clues.clue", action="delete")
    assert removed.count() == 6 and all(e.note == "导入未完成，撤回" for e in removed)
    monkeypatch.setattr(imports, "file_clues", clue_services.file_clues)
    with django_capture_on_commit_callbacks(execute=True):
        retry_work_order_import(actor=east, job=job)
    job.refresh_from_db()
    assert job.status == ClueImportStatus.DONE and job.created == 10
    assert Clue.objects.count() == 10
    assert len(set(Clue.objects.values_list("source_ref", flat=True))) == 10


def test_cancel_while_writing_removes_what_was_written(
    city, county_bureaus, small_batches, monkeypatch, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus

    def cancel(_n: int) -> None:
        cancel_work_order_import(actor=east, job=ClueImport.objects.get())

    _hook_file_clue(monkeypatch, 4, cancel)
    job = _run(east, _table(10), django_capture_on_commit_callbacks)
    assert job.status == ClueImportStatus.CANCELLED and job.message == "导入已取消，未导入任何数据。"
    assert Clue.with_pending.count() == 0
    with pytest.raises(UserError, match="不能取消"):
        cancel_work_order_import(actor=east, job=job)


def test_a_queued_import_cancels_at_once_and_a_second_import_waits_for_the_first(city, county_bureaus):
    east, _west = county_bureaus
    job = _start(east, _table(3))  # no commit: the task has not run, the job is queued
    with pytest.raises(UserError, match="正在进行"):
        _start(east, _table(3, prefix="X"))
    job = cancel_work_order_import(actor=east, job=job)
    assert job.status == ClueImportStatus.CANCELLED
    assert _start(east, _table(3, prefix="X")).status == ClueImportStatus.PENDING


def test_errors_name_row_and_column_and_nothing_is_stored(
    city, county_bureaus, small_batches, django_capture_on_commit_callbacks
):
    east, _west = county_bureaus
    data = _table(7) + "GD-99999,明天,内容,东城区\nGD-00001,2026-05-03,重复的工单,东城区\n".encode()
    job = _run(east, data, django_capture_on_commit_callbacks)
    assert job.status == ClueImportStatus.REJECTED and Clue.with_pending.count() == 0
    assert job.errors == [
        {"row": 9, "field": "来电时间", "message": "“明天”不是有效日期，应为 2026-05-01 或 2026-05-01 09:30"},
        {"row": 10, "field": "工单号", "message": "工单“GD-00001”在本文件中重复出现"},
    ]
    assert job.message == "共 9 行，发现 2 处错误，未导入任何数据。请修正后重新导入，或勾选跳过错误行。"
    partial = _run(east, data, django_capture_on_commit_callbacks, partial=True)
    assert partial.status == ClueImportStatus.DONE and partial.created == 7


def test_work_order_numbers_of_another_county_are_neither_told_nor_dropped(
    city, county_bureaus, django_capture_on_commit_callbacks
):
    """Decision (docs/hardening.md): the duplicate check looks only at the importer's regions."""
    east, west = county_bureaus
    first = _run(east, _table(3, region="东城区"), django_capture_on_commit_callbacks)
    assert first.status == ClueImportStatus.DONE
    # the same numbers in the west: answered exactly as for numbers nobody has seen
    fresh = _run(west, _table(3, region="西城区", prefix="NEW"), django_capture_on_commit_callbacks)
    same = _run(west, _table(3, region="西城区"), django_capture_on_commit_callbacks)
    assert same.status == fresh.status == ClueImportStatus.DONE
    assert (same.created, same.errors, same.message) == (fresh.created, fresh.errors, fresh.message)
    assert Clue.objects.filter(region=city.west, source_ref__startswith="GD-").count() == 3
    assert Clue.objects.filter(region=city.east, source_ref__startswith="GD-").count() == 3
    # within one's own county the number is still a duplicate (idempotent re-import)
    again = _run(east, _table(3, region="东城区"), django_capture_on_commit_callbacks)
    assert again.status == ClueImportStatus.REJECTED
    assert again.errors[0]["message"] == "工单“GD-00000”已导入过，不再重复导入"
    assert Clue.objects.filter(region=city.east).count() == 3


def test_progress_page_polls_and_other_counties_cannot_see_or_cancel_the_job(client, city, county_bureaus):
    east, west = county_bureaus
    job = _start(east, _table(3))  # queued (no commit in the test transaction)
    client.force_login(east)
    page = client.get(reverse("clue_import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "已校验 0 / 0 行" in page and "取消导入" in page
    fragment = client.get(reverse("clue_import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('<section class="card" id="import-progress"')
    client.force_login(west)
    assert client.get(reverse("clue_import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("clue_import_cancel", args=[job.pk])).status_code == 404
    assert client.get(f"/api/clues/import/work-orders/{job.pk}").status_code == 404
    client.force_login(east)
    client.post(reverse("clue_import_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ClueImportStatus.CANCELLED
    assert (
        'hx-trigger="every 1s"' not in client.get(reverse("clue_import_job", args=[job.pk])).content.decode()
    )


def test_cli_imports_in_the_background(
    city, county_bureaus, tmp_path, capsys, django_capture_on_commit_callbacks
):
    from jiandu.cli import main

    path = tmp_path / "orders.csv"
    path.write_bytes(_table(4))
    with django_capture_on_commit_callbacks(execute=True):
        code = main(["workorders", "import", str(path), "--user", "dong_ju"])
        # inside the test transaction the task runs when the block ends (after commit in real use)
        assert code == 0 and "已排队（导入任务" in capsys.readouterr().out
    job = ClueImport.objects.get()
    assert job.status == ClueImportStatus.DONE and job.message == "共 4 行，导入问题线索 4 条。"
    path.write_bytes(b"just text")
    assert main(["workorders", "import", str(path), "--user", "nobody"]) == 2
