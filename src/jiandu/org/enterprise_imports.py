"""The enterprise import as a background job: checked in batches, staged, applied by one final switch.

1. ``start_enterprise_import`` stores the upload, records the job and queues the task.
2. The task checks every row in batches of ``BATCH`` (the same Chinese row/field errors as
   ``import_enterprises``); with any error and no 跳过错误行 the job is rejected and nothing is written.
3. It reads the table again and stages the checked values in ``EnterpriseImportRow``, one short
   transaction per batch. No ``Enterprise`` row is created or changed yet, so neither new firms nor
   half-applied updates are visible to anybody.
4. The final switch applies every staged row in one transaction of bulk statements (bulk_create of
   the new firms, bulk_update of the changed ones, one audit entry per firm), then deletes the staging
   rows. Cancel and failure only delete staging rows: nothing of the import is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from jiandu.audit.services import AuditAction, Change, change_for, diff, record, record_many, snapshot
from jiandu.documents.table_stream import STORED_NAME, count_rows, iter_table, store_table
from jiandu.documents.tabular import SheetRow, TableError
from jiandu.errors import UserError
from jiandu.org.models import (
    Enterprise,
    EnterpriseImport,
    EnterpriseImportRow,
    EnterpriseImportStatus,
    User,
)
from jiandu.org.selectors import visible_regions
from jiandu.org.services import EnterpriseChecker

BATCH = 200  # rows checked / staged, and progress and cancel looked at, per step
APPLY_CHUNK = 500  # rows per bulk statement in the final switch
MAX_STORED_ERRORS = 500
IMPORT_DIR = "enterprise_imports"
FIELDS = ("name", "region", "industry", "credit_class", "address")


def import_path(stored_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR / stored_name


def store_upload(*, filename: str, data: bytes) -> tuple[str, list[str]]:
    """Keep an uploaded table under a random name until the import has run; returns it and the header."""
    try:
        return store_table(Path(settings.MEDIA_ROOT) / IMPORT_DIR, filename=filename, data=data)
    except TableError as error:
        raise UserError(str(error), field="file") from None


def _job_change(job: EnterpriseImport, *, action: str, after: dict[str, Any], note: str) -> Change:
    return Change(
        action=action,
        target_type="org.enterpriseimport",
        target_id=str(job.pk),
        target_repr=str(job),
        region_code=job.region.code,
        after=after,
        note=note,
    )


def start_enterprise_import(
    *, actor: User, stored_name: str, filename: str, partial: bool = False
) -> EnterpriseImport:
    """Record the import job and queue the background task (run at once without a worker)."""
    if not STORED_NAME.match(stored_name) or not import_path(stored_name).exists():
        raise UserError("导入文件已失效，请重新上传。", field="file")
    if actor.region is None:
        raise UserError("您的账号未设置所属区划，不能导入经营主体。")
    header, rows = iter_table(import_path(stored_name))
    rows.close()
    EnterpriseChecker(actor=actor, header=header)  # a header without the required columns: refused now
    with transaction.atomic():
        busy = (
            EnterpriseImport.objects.select_for_update()
            .filter(region=actor.region, status__in=EnterpriseImportStatus.running())
            .exists()
        )
        if busy:
            raise UserError("本辖区已有一个经营主体导入正在进行，请等它完成或取消后再导入。")
        job = EnterpriseImport.objects.create(
            filename=filename[:200],
            stored_name=stored_name,
            region=actor.region,
            partial=partial,
            created_by=actor,
        )
        record(
            actor=actor,
            change=_job_change(
                job,
                action="import",
                after={"filename": job.filename, "partial": partial},
                note="上传经营主体文件，开始导入",
            ),
        )
        transaction.on_commit(lambda: run_enterprise_import.enqueue(job.pk))
    return job


def cancel_enterprise_import(*, actor: User, job: EnterpriseImport) -> EnterpriseImport:
    """Ask a running import to stop; a queued one stops at once. Nothing of it is stored."""
    with transaction.atomic():
        job = EnterpriseImport.objects.select_for_update().select_related("region").get(pk=job.pk)
        if not job.running:
            raise UserError(f"该导入{job.get_status_display()}，不能取消。")
        job.cancel_requested = True
        fields = ["cancel_requested"]
        if job.status == EnterpriseImportStatus.PENDING:
            job.status, job.finished_at = EnterpriseImportStatus.CANCELLED, timezone.now()
            job.message = "导入已取消，未导入任何数据。"
            fields += ["status", "finished_at", "message"]
        job.save(update_fields=fields)
        record(
            actor=actor,
            change=_job_change(
                job, action="update", after={"cancel_requested": True}, note="取消经营主体导入"
            ),
        )
    if job.status == EnterpriseImportStatus.CANCELLED:
        import_path(job.stored_name).unlink(missing_ok=True)
    return job


def retry_enterprise_import(*, actor: User, job: EnterpriseImport) -> EnterpriseImport:
    """Run a failed import again from the start (the task first removes what a failed run staged)."""
    with transaction.atomic():
        job = EnterpriseImport.objects.select_for_update().select_related("region").get(pk=job.pk)
        if job.status != EnterpriseImportStatus.FAILED or not import_path(job.stored_name).exists():
            raise UserError("只有失败且文件仍在的导入可以重试，请重新上传。")
        job.status, job.cancel_requested, job.message = EnterpriseImportStatus.PENDING, False, ""
        job.rows_done = job.written = job.valid_rows = job.error_count = 0
        job.created = job.updated = job.unchanged = 0
        job.errors = []
        job.save()
        record(
            actor=actor,
            change=_job_change(job, action="update", after={"status": job.status}, note="重试经营主体导入"),
        )
        transaction.on_commit(lambda: run_enterprise_import.enqueue(job.pk))
    return job


class _Cancelled(Exception):
    pass


def _progress(job: EnterpriseImport, **fields: Any) -> None:
    """Progress is its own short write; the page polls it."""
    for name, value in fields.items():
        setattr(job, name, value)
    EnterpriseImport.objects.filter(pk=job.pk).update(**fields)


def _finish(job: EnterpriseImport, status: str, message: str) -> None:
    _progress(job, status=status, message=message, finished_at=timezone.now())


def _stop_requested(job: EnterpriseImport) -> bool:
    return EnterpriseImport.objects.filter(pk=job.pk, cancel_requested=True).exists()


def _discard(job: EnterpriseImport) -> int:
    """Delete the staging rows of a job in short batches (no firm was touched)."""
    removed = 0
    while True:
        ids = list(EnterpriseImportRow.objects.filter(job=job).values_list("pk", flat=True)[:APPLY_CHUNK])
        if not ids:
            return removed
        EnterpriseImportRow.objects.filter(pk__in=ids).delete()
        removed += len(ids)


def _batches(rows: Iterable[SheetRow], size: int) -> Iterator[list[SheetRow]]:
    batch: list[SheetRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def sqlite_row_limit() -> int:
    """Rows one import may apply on SQLite (0: no limit, as on PostgreSQL).

    The final switch is one write transaction; SQLite locks the whole database for it, about 0.32 ms
    a row (bench/bench_enterprise_import.py), and other writers give up after the 20 s busy timeout.
    30,000 rows keep the wait near 10 s; PostgreSQL locks only the firms being changed.
    """
    if connection.vendor != "sqlite":
        return 0
    return int(getattr(settings, "JIANDU_SQLITE_FIRM_IMPORT_MAX_ROWS", 30_000))


def run_import_job(job_id: int) -> EnterpriseImport:
    """The task body: check (batches), stage (batches), then apply everything in the final switch."""
    job = EnterpriseImport.objects.select_related("region", "created_by").get(pk=job_id)
    if job.status != EnterpriseImportStatus.PENDING:
        return job  # a task delivered twice does nothing the second time
    path = import_path(job.stored_name)
    _progress(job, status=EnterpriseImportStatus.CHECKING, started_at=timezone.now())
    keep_file = False
    try:
        _discard(job)  # what an interrupted earlier run of this job staged
        _run_job(job, path)
    except _Cancelled:
        _discard(job)
        _finish(job, EnterpriseImportStatus.CANCELLED, "导入已取消，未导入任何数据。")
    except (TableError, UserError) as error:
        _discard(job)
        _finish(job, EnterpriseImportStatus.REJECTED, f"{error}未导入任何数据。")
    except Exception:
        keep_file = True  # 重试 reads it again
        _discard(job)
        _finish(
            job,
            EnterpriseImportStatus.FAILED,
            "导入失败：写入数据库时出错，未导入任何数据。请稍后重试或联系系统管理员。",
        )
        raise
    finally:
        if not keep_file:
            path.unlink(missing_ok=True)
    return job


def _run_job(job: EnterpriseImport, path: Path) -> None:
    _progress(job, total_rows=count_rows(path))
    header, rows = iter_table(path)
    checker = EnterpriseChecker(actor=job.created_by, header=header)
    total = valid_count = 0
    stored_errors: list[dict[str, Any]] = []
    error_rows: set[int] = set()
    for batch in _batches(rows, BATCH):
        if _stop_requested(job):
            raise _Cancelled
        valid, errors = checker.check(batch)
        total += len(batch)
        valid_count += len(valid)
        error_rows.update(e.row for e in errors)
        stored_errors.extend(
            {"row": e.row, "field": e.field, "message": e.message}
            for e in errors[: max(0, MAX_STORED_ERRORS - len(stored_errors))]
        )
        _progress(
            job,
            rows_done=total,
            valid_rows=valid_count,
            error_count=job.error_count + len(errors),
            errors=stored_errors,
        )
    if job.error_count and not job.partial:
        _finish(
            job,
            EnterpriseImportStatus.REJECTED,
            f"共 {total} 行，发现 {job.error_count} 处错误，未导入任何数据。"
            "请修正后重新导入，或勾选跳过错误行。",
        )
        return
    limit = sqlite_row_limit()
    if limit and valid_count > limit:
        raise UserError(
            f"本系统使用 SQLite 数据库，一次导入的经营主体不超过 {limit:,} 户（本文件 {valid_count:,} 户）："
            "最后一步须一次写入全部数据，期间其他用户的保存操作要等待，行数再多会超时。"
            "请将文件拆分后分批导入，或改用 PostgreSQL 部署。"
        )
    # second pass: read and check again (nothing held in memory), stage the values batch by batch
    _progress(job, status=EnterpriseImportStatus.WRITING, total_rows=max(job.total_rows, total))
    header, rows = iter_table(path)
    checker = EnterpriseChecker(actor=job.created_by, header=header)
    written = 0
    for batch in _batches(rows, BATCH):
        if _stop_requested(job):
            raise _Cancelled
        valid, errors = checker.check(batch)
        if errors and not job.partial:  # the data changed since the first pass
            raise UserError(f"第 {errors[0].row} 行{errors[0].field}：{errors[0].message}。")
        with transaction.atomic():
            EnterpriseImportRow.objects.bulk_create(
                [EnterpriseImportRow(job=job, row=number, **data) for number, data in valid]
            )
        written += len(valid)
        _progress(job, written=written)
    _apply(job, total=total, skipped=len(error_rows))


def _write_updates(changed: list[Enterprise]) -> None:
    """One plain UPDATE per changed firm: bulk_update's CASE WHEN statements took 3 s for 1,000 firms
    on SQLite (bench/bench_enterprise_import.py), the single-row updates a fraction of that."""
    for enterprise in changed:
        Enterprise.objects.filter(pk=enterprise.pk).update(
            **{name: getattr(enterprise, name) for name in FIELDS}, updated_at=enterprise.updated_at
        )


def _apply(job: EnterpriseImport, *, total: int, skipped: int) -> None:
    """The final switch: every staged row becomes a firm (or a firm's new values) in one transaction."""
    scope = list(visible_regions(job.created_by))  # the regions the checks allowed
    now = timezone.now()
    created = updated = unchanged = 0
    with transaction.atomic():
        locked = EnterpriseImport.objects.select_for_update().get(pk=job.pk)
        if locked.cancel_requested:
            raise _Cancelled
        staged = EnterpriseImportRow.objects.filter(job=job).select_related("region").order_by("row")
        changes: list[Change] = []
        chunk: list[EnterpriseImportRow] = []

        def flush(chunk: list[EnterpriseImportRow]) -> tuple[int, int, int]:
            existing = {
                e.uscc: e
                for e in Enterprise.objects.select_for_update()
                .select_related("region")
                .filter(uscc__in=[r.uscc for r in chunk], region__in=scope)
            }
            new: list[Enterprise] = []
            changed: list[Enterprise] = []
            same = 0
            for staged_row in chunk:
                enterprise = existing.get(staged_row.uscc)
                if enterprise is None:
                    new.append(
                        Enterprise(
                            uscc=staged_row.uscc,
                            created_at=now,
                            updated_at=now,
                            **{name: getattr(staged_row, name) for name in FIELDS},
                        )
                    )
                    continue
                before = snapshot(enterprise)
                for name in FIELDS:
                    setattr(enterprise, name, getattr(staged_row, name))
                old, after = diff(before, snapshot(enterprise))
                old.pop("updated_at", None)
                after.pop("updated_at", None)
                if not after:
                    same += 1
                    continue
                enterprise.updated_at = now
                changed.append(enterprise)
                changes.append(
                    change_for(enterprise, AuditAction.UPDATE, before=old, after=after, note="导入")
                )
            # a code registered meanwhile outside the scope makes bulk_create fail on the unique
            # index: the whole switch rolls back and the job is marked failed (retry checks again)
            Enterprise.objects.bulk_create(new)
            if any(e.pk is None for e in new):  # a backend that returns no keys
                keys = dict(
                    Enterprise.objects.filter(uscc__in=[e.uscc for e in new]).values_list("uscc", "pk")
                )
                for enterprise in new:
                    enterprise.pk = keys[enterprise.uscc]
            changes.extend(change_for(e, AuditAction.CREATE, after=snapshot(e), note="导入") for e in new)
            _write_updates(changed)
            return len(new), len(changed), same

        for staged_row in staged.iterator(chunk_size=APPLY_CHUNK):
            chunk.append(staged_row)
            if len(chunk) >= APPLY_CHUNK:
                counts = flush(chunk)
                created, updated, unchanged = created + counts[0], updated + counts[1], unchanged + counts[2]
                chunk = []
        if chunk:
            counts = flush(chunk)
            created, updated, unchanged = created + counts[0], updated + counts[1], unchanged + counts[2]
        record_many(actor=job.created_by, changes=changes)
        summary = (
            f"共 {total} 行：新增 {created} 户，更新 {updated} 户，未变化 {unchanged} 户"
            + (f"，跳过有错误的 {skipped} 行" if skipped else "")
            + "。"
        )
        _progress(
            job,
            created=created,
            updated=updated,
            unchanged=unchanged,
            status=EnterpriseImportStatus.DONE,
            message=summary,
            finished_at=timezone.now(),
        )
        record(
            actor=job.created_by,
            change=_job_change(
                job,
                action="import",
                after={"created": created, "updated": updated, "unchanged": unchanged},
                note="经营主体导入完成",
            ),
        )
    _discard(job)


@task()
def run_enterprise_import(job_id: int) -> str:
    """The background task (django-tasks): in-process without REDIS_URL, the RQ worker with it."""
    return run_import_job(job_id).status
