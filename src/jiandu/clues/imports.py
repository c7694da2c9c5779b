"""Bulk intake services: 12345 / petition work orders from tables, e-mails from .eml files or IMAP."""

from __future__ import annotations

import datetime as dt
import imaplib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from jiandu.audit.models import AuditAction
from jiandu.audit.services import Change, change_for, record, record_many
from jiandu.bounds import DATE_MAX, DATE_MIN, clean_text
from jiandu.clues.models import Channel, Clue, ClueImport, ClueImportStatus
from jiandu.clues.selectors import visible_enterprise
from jiandu.clues.services import file_clue, file_clues
from jiandu.clues.uploads import MAX_FILES, UploadError, check_upload
from jiandu.documents.table_stream import STORED_NAME, count_rows, iter_table, store_table
from jiandu.documents.tabular import RowError, SheetRow, TableError
from jiandu.engines.uscc import validate as validate_uscc
from jiandu.errors import UserError
from jiandu.org.models import Region, User
from jiandu.org.selectors import region_subtree, visible_regions

TZ = ZoneInfo("Asia/Shanghai")

# field -> (label, header names recognised when guessing the mapping)
WORK_ORDER_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "source_ref": ("工单编号", ("工单编号", "工单号", "信访件编号", "编号")),
    "received_at": ("受理时间", ("受理时间", "来电时间", "登记时间", "接收时间", "来信日期", "日期")),
    "summary": ("诉求内容", ("诉求内容", "反映内容", "来电内容", "事项内容", "问题描述", "内容")),
    "region": (
        "所属区划",
        ("所属区划", "区县", "县\x28市、区\x29", "县（市、区）", "行政区划代码", "承办区域", "区域"),
    ),
    "enterprise": ("涉及企业", ("涉及企业", "被反映企业", "企业名称", "统一社会信用代码")),
    "officers": ("被反映人员", ("被反映人员", "涉及人员")),
    "reporter_name": ("反映人", ("反映人", "来电人", "诉求人", "姓名")),
    "reporter_phone": ("联系电话", ("联系电话", "来电号码", "电话")),
}
REQUIRED_FIELDS = ("received_at", "summary")
IMPORT_CHANNELS = (Channel.HOTLINE_12345, Channel.PETITION, Channel.HOTLINE_12315, Channel.COMPLAINT_REPORT)
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
    "%Y%m%d",
)


@dataclass
class ClueImportReport:
    total: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    stored: bool = False

    @property
    def summary(self) -> str:
        if self.errors and not self.stored:
            return (
                f"共 {self.total} 行，发现 {len(self.errors)} 处错误，未导入任何数据。"
                "请修正后重新导入，或勾选跳过错误行。"
            )
        skipped = len({e.row for e in self.errors})
        return f"共 {self.total} 行，导入问题线索 {self.created} 条" + (
            f"，跳过有错误的 {skipped} 行。" if skipped else "。"
        )


def guess_mapping(header: list[str]) -> dict[str, str]:
    """The column that most likely holds each field, by the names 12345 and petition systems use."""
    mapping: dict[str, str] = {}
    for key, (_label, names) in WORK_ORDER_FIELDS.items():
        mapping[key] = next((name for name in names if name in header), "")
    return mapping


def parse_moment(text: str) -> dt.datetime | None:
    text = text.strip().replace("T", " ")
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=TZ)
        except ValueError:
            continue
    return None


def _region_lookup(actor: User) -> dict[str, Region]:
    lookup: dict[str, Region] = {}
    for region in visible_regions(actor):
        lookup[region.code] = region
        lookup[region.name] = region
    return lookup


class WorkOrderChecker:
    """Checks rows of one work-order table batch by batch; the same checks for every entry point.

    The duplicate check of work-order numbers (`source_ref`) looks only at clues of the importer's
    own regions (decision in docs/hardening.md): a number another county imported is neither named
    nor refused — the row becomes a clue of the importer's county, as for any new number — so the
    answer tells a county nothing about other counties' work orders.
    """

    def __init__(
        self,
        *,
        actor: User,
        header: list[str],
        mapping: dict[str, str],
        channel: str,
        default_region: Region | None,
    ) -> None:
        if channel not in Channel.values:
            raise UserError(f"线索渠道“{channel}”无效。")
        missing = [WORK_ORDER_FIELDS[k][0] for k in REQUIRED_FIELDS if not mapping.get(k)]
        if not mapping.get("region") and default_region is None:
            missing.append("所属区划（或选择默认区划）")
        if missing:
            raise UserError(f"请为以下字段指定列：{'、'.join(missing)}。")
        unknown = [col for col in mapping.values() if col and col not in header]
        if unknown:
            raise UserError(f"文件中没有列“{'、'.join(unknown)}”，请重新选择列。")
        self.regions = _region_lookup(actor)
        if default_region is not None and default_region.code not in self.regions:
            raise UserError("默认区划不在您的管辖范围内。")
        self.actor, self.mapping, self.channel, self.default_region = actor, mapping, channel, default_region
        self.scope = list({r.pk: r for r in self.regions.values()}.values())
        self.seen: set[str] = set()
        self.now = timezone.now()

    def check(self, batch: list[SheetRow]) -> tuple[list[dict[str, Any]], list[RowError]]:
        """Valid rows as keyword arguments of `file_clue`, and the errors naming row and column."""
        mapping = self.mapping
        values_of = [
            {key: row.values.get(col, "").strip() if col else "" for key, col in mapping.items()}
            for row in batch
        ]
        refs = {v.get("source_ref", "") for v in values_of} - {""}
        # work orders imported before in the importer's regions only (another county's are not told)
        known_refs = set(
            Clue.objects.filter(
                channel=self.channel, region__in=self.scope, source_ref__in=sorted(refs)
            ).values_list("source_ref", flat=True)
        )
        valid: list[dict[str, Any]] = []
        all_errors: list[RowError] = []
        for row, values in zip(batch, values_of, strict=True):
            errors: list[RowError] = []

            def fail(key: str, message: str, row: SheetRow = row, errors: list[RowError] = errors) -> None:
                errors.append(RowError(row.number, mapping.get(key) or WORK_ORDER_FIELDS[key][0], message))

            moment = parse_moment(values.get("received_at", ""))
            if not values.get("received_at"):
                fail("received_at", "不能为空")
            elif moment is None:
                fail(
                    "received_at",
                    f"“{values['received_at']}”不是有效日期，应为 2026-05-01 或 2026-05-01 09:30",
                )
            elif moment > self.now:
                fail("received_at", "不能晚于当前时间")
            elif not DATE_MIN <= moment.date() <= DATE_MAX:
                fail("received_at", f"应在 {DATE_MIN.year} 年至 {DATE_MAX.year} 年之间")
            if not values.get("summary"):
                fail("summary", "不能为空")
            region = self.default_region
            if values.get("region"):
                region = self.regions.get(values["region"])
                if region is None:
                    fail("region", f"“{values['region']}”不是您管辖范围内的区划名称或代码")
            ref = values.get("source_ref", "")
            if ref and ref in known_refs:
                fail("source_ref", f"工单“{ref}”已导入过，不再重复导入")
            elif ref and ref in self.seen:
                fail("source_ref", f"工单“{ref}”在本文件中重复出现")
            enterprise, enterprise_name = None, values.get("enterprise", "")
            if enterprise_name and re.fullmatch(r"[0-9A-Za-z]{18}", enterprise_name):
                check = validate_uscc(enterprise_name.upper())
                if not check.valid:
                    fail("enterprise", f"统一社会信用代码“{enterprise_name}”无效：{check.error}")
                enterprise = visible_enterprise(user=self.actor, uscc=enterprise_name.upper())
                enterprise_name = enterprise.name if enterprise else ""
            elif enterprise_name:
                enterprise = visible_enterprise(user=self.actor, name=enterprise_name)
            if ref:
                self.seen.add(ref)
            if errors:
                all_errors.extend(errors)
                continue
            valid.append(
                {
                    "received_at": moment,
                    "summary": values["summary"],
                    "region": region,
                    "enterprise": enterprise,
                    "enterprise_name": enterprise_name,
                    "officers": values.get("officers", ""),
                    "reporter_name": values.get("reporter_name", ""),
                    "reporter_phone": values.get("reporter_phone", ""),
                    "source_ref": ref,
                }
            )
        return valid, all_errors


def _batches(rows: Iterable[SheetRow], size: int) -> Iterator[list[SheetRow]]:
    batch: list[SheetRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _audit_import(*, actor: User, channel: str, report: ClueImportReport, job: ClueImport | None) -> None:
    record(
        actor=actor,
        change=Change(
            action="import",
            target_type="clues.clueimport" if job else "clues.clue",
            target_id=str(job.pk) if job else "",
            target_repr=f"导入{Channel(channel).label}工单",
            region_code=actor.region.code if actor.region else "",
            after={"total": report.total, "created": report.created, "skipped_rows": len(report.errors)},
            note="批量导入问题线索",
        ),
    )


def import_work_orders(
    *,
    actor: User,
    header: list[str],
    rows: Iterable[SheetRow],
    mapping: dict[str, str],
    channel: str,
    default_region: Region | None = None,
    partial: bool = False,
) -> ClueImportReport:
    """Import a small table at once (tests, scripts); pages, API and CLI use `start_work_order_import`.

    Nothing is stored when any row has an error unless ``partial``.
    """
    checker = WorkOrderChecker(
        actor=actor, header=header, mapping=mapping, channel=channel, default_region=default_region
    )
    report = ClueImportReport()
    valid: list[dict[str, Any]] = []
    for batch in _batches(rows, BATCH):
        report.total += len(batch)
        items, errors = checker.check(batch)
        valid.extend(items)
        report.errors.extend(errors)
    if report.errors and not partial:
        return report
    with transaction.atomic():
        for item in valid:
            file_clue(actor=actor, channel=channel, **item)
        report.created, report.stored = len(valid), True
        _audit_import(actor=actor, channel=channel, report=report, job=None)
    return report


# --- the background import (pages, API, CLI) -----------------------------------------------------

BATCH = 50  # rows checked, and progress and cancel looked at, per step
WRITE_BATCH = 200  # rows written per step (two short transactions)
MAX_STORED_ERRORS = 500
IMPORT_DIR = "clue_imports"


def import_path(stored_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR / stored_name


def store_upload(*, filename: str, data: bytes) -> tuple[str, list[str]]:
    """Keep an uploaded table under a random name until the import has run; returns it and the header."""
    try:
        return store_table(Path(settings.MEDIA_ROOT) / IMPORT_DIR, filename=filename, data=data)
    except TableError as error:
        raise UserError(str(error), field="file") from None


def start_work_order_import(
    *,
    actor: User,
    stored_name: str,
    filename: str,
    mapping: dict[str, str],
    channel: str,
    default_region: Region | None = None,
    partial: bool = False,
) -> ClueImport:
    """Record the import job and queue the background task (run at once without a worker)."""
    if not STORED_NAME.match(stored_name) or not import_path(stored_name).exists():
        raise UserError("导入文件已失效，请重新上传。", field="file")
    if actor.region is None:
        raise UserError("您的账号未设置所属区划，不能导入工单。")
    header, rows = iter_table(import_path(stored_name))
    rows.close()
    WorkOrderChecker(  # the mapping and default region are refused now, not in the background
        actor=actor, header=header, mapping=mapping, channel=channel, default_region=default_region
    )
    with transaction.atomic():
        busy = (
            ClueImport.objects.select_for_update()
            .filter(region=actor.region, channel=channel, status__in=ClueImportStatus.running())
            .exists()
        )
        if busy:
            raise UserError("本辖区已有一个同渠道的工单导入正在进行，请等它完成或取消后再导入。")
        job = ClueImport.objects.create(
            channel=channel,
            filename=filename[:200],
            stored_name=stored_name,
            mapping={k: v for k, v in mapping.items() if k in WORK_ORDER_FIELDS},
            default_region=default_region,
            region=actor.region,
            partial=partial,
            created_by=actor,
        )
        record(
            actor=actor,
            change=Change(
                action="import",
                target_type="clues.clueimport",
                target_id=str(job.pk),
                target_repr=str(job),
                region_code=actor.region.code,
                after={"filename": job.filename, "channel": channel, "partial": partial},
                note="上传工单文件，开始导入",
            ),
        )
        transaction.on_commit(lambda: run_work_order_import.enqueue(job.pk))
    return job


def cancel_work_order_import(*, actor: User, job: ClueImport) -> ClueImport:
    """Ask a running import to stop; a queued one stops at once. Nothing of it is stored."""
    with transaction.atomic():
        job = ClueImport.objects.select_for_update().get(pk=job.pk)
        if not job.running:
            raise UserError(f"该导入{job.get_status_display()}，不能取消。")
        job.cancel_requested = True
        fields = ["cancel_requested"]
        if job.status == ClueImportStatus.PENDING:
            job.status, job.finished_at = ClueImportStatus.CANCELLED, timezone.now()
            job.message = "导入已取消，未导入任何数据。"
            fields += ["status", "finished_at", "message"]
        job.save(update_fields=fields)
        record(
            actor=actor,
            change=Change(
                action="update",
                target_type="clues.clueimport",
                target_id=str(job.pk),
                target_repr=str(job),
                region_code=job.region.code,
                after={"cancel_requested": True},
                note="取消工单导入",
            ),
        )
    if job.status == ClueImportStatus.CANCELLED:
        import_path(job.stored_name).unlink(missing_ok=True)
    return job


def retry_work_order_import(*, actor: User, job: ClueImport) -> ClueImport:
    """Run a failed import again from the start (the task first removes what a failed run left)."""
    with transaction.atomic():
        job = ClueImport.objects.select_for_update().get(pk=job.pk)
        if job.status != ClueImportStatus.FAILED or not import_path(job.stored_name).exists():
            raise UserError("只有失败且文件仍在的导入可以重试，请重新上传。")
        job.status, job.cancel_requested, job.message = ClueImportStatus.PENDING, False, ""
        job.rows_done = job.written = job.valid_rows = job.error_count = 0
        job.save()
        record(
            actor=actor,
            change=Change(
                action="update",
                target_type="clues.clueimport",
                target_id=str(job.pk),
                target_repr=str(job),
                region_code=job.region.code,
                after={"status": job.status},
                note="重试工单导入",
            ),
        )
        transaction.on_commit(lambda: run_work_order_import.enqueue(job.pk))
    return job


class _Cancelled(Exception):
    pass


def _progress(job: ClueImport, **fields: Any) -> None:
    """Progress is its own short write; the page polls it."""
    for name, value in fields.items():
        setattr(job, name, value)
    ClueImport.objects.filter(pk=job.pk).update(**fields)


def _stop_requested(job: ClueImport) -> bool:
    return ClueImport.objects.filter(pk=job.pk, cancel_requested=True).exists()


def _discard(job: ClueImport) -> int:
    """Remove the pending clues of a job, batch by batch, each removal in the audit trail."""
    removed = 0
    while True:
        ids = list(
            Clue.with_pending.filter(import_job=job, pending=True).values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return removed
        with transaction.atomic():
            clues = list(Clue.with_pending.select_related("region").filter(pk__in=ids))
            record_many(
                actor=job.created_by,
                changes=[
                    change_for(
                        clue,
                        AuditAction.DELETE,
                        before={"source_ref": clue.source_ref},
                        note="导入未完成，撤回",
                    )
                    for clue in clues
                ],
            )
            Clue.with_pending.filter(pk__in=ids).delete()
        removed += len(ids)


def run_import_job(job_id: int) -> ClueImport:
    """The task body: check every row (batches), write them pending (batches), then show them at once."""
    job = ClueImport.objects.select_related("default_region", "region", "created_by").get(pk=job_id)
    if job.status != ClueImportStatus.PENDING:
        return job  # a task delivered twice does nothing the second time
    path = import_path(job.stored_name)
    _progress(job, status=ClueImportStatus.CHECKING, started_at=timezone.now())
    keep_file = False
    try:
        _discard(job)  # what an interrupted earlier run of this job left behind
        _run_job(job, path)
    except _Cancelled:
        _discard(job)
        _finish(job, ClueImportStatus.CANCELLED, "导入已取消，未导入任何数据。")
    except (TableError, UserError) as error:
        _discard(job)
        _finish(job, ClueImportStatus.REJECTED, f"{error}未导入任何数据。")
    except Exception:
        keep_file = True  # 重试 reads it again
        _discard(job)
        _finish(
            job,
            ClueImportStatus.FAILED,
            "导入失败：写入数据库时出错，未导入任何数据。请稍后重试或联系系统管理员。",
        )
        raise
    finally:
        if not keep_file:
            path.unlink(missing_ok=True)
    return job


def _finish(job: ClueImport, status: str, message: str) -> None:
    _progress(job, status=status, message=message, finished_at=timezone.now())


def _run_job(job: ClueImport, path: Path) -> None:
    _progress(job, total_rows=count_rows(path))
    header, rows = iter_table(path)
    checker = WorkOrderChecker(
        actor=job.created_by,
        header=header,
        mapping=job.mapping,
        channel=job.channel,
        default_region=job.default_region,
    )
    report = ClueImportReport()
    stored_errors: list[dict[str, Any]] = []
    error_rows: set[int] = set()
    for batch in _batches(rows, BATCH):
        if _stop_requested(job):
            raise _Cancelled
        items, errors = checker.check(batch)
        report.total += len(batch)
        report.created += len(items)
        error_rows.update(e.row for e in errors)
        stored_errors.extend(
            {"row": e.row, "field": e.field, "message": e.message}
            for e in errors[: max(0, MAX_STORED_ERRORS - len(stored_errors))]
        )
        _progress(
            job,
            rows_done=report.total,
            valid_rows=report.created,
            error_count=job.error_count + len(errors),
            errors=stored_errors,
        )
    total = report.total
    if job.error_count and not job.partial:
        _finish(
            job,
            ClueImportStatus.REJECTED,
            f"共 {total} 行，发现 {job.error_count} 处错误，未导入任何数据。"
            "请修正后重新导入，或勾选跳过错误行。",
        )
        return
    # second pass: the rows are read and checked again (nothing is held in memory) and written pending
    _progress(job, status=ClueImportStatus.WRITING, total_rows=max(job.total_rows, total))
    header, rows = iter_table(path)
    checker = WorkOrderChecker(
        actor=job.created_by,
        header=header,
        mapping=job.mapping,
        channel=job.channel,
        default_region=job.default_region,
    )
    written = 0
    for batch in _batches(rows, WRITE_BATCH):
        if _stop_requested(job):
            raise _Cancelled
        items, errors = checker.check(batch)
        if errors and not job.partial:  # the data changed since the first pass
            raise UserError(f"第 {errors[0].row} 行{errors[0].field}：{errors[0].message}。")
        # triage and duplicate search run before the writes; a batch's writes are two short
        # transactions, so other users' writes (session saves, logins) wait milliseconds; the pending
        # flag keeps the import all-or-nothing
        if items:
            file_clues(actor=job.created_by, channel=job.channel, items=items, import_job=job)
        written += len(items)
        _progress(job, written=written)
    # the final switch: one UPDATE shows every clue of the import at once
    with transaction.atomic():
        locked = ClueImport.objects.select_for_update().get(pk=job.pk)
        if locked.cancel_requested:
            raise _Cancelled
        shown = Clue.with_pending.filter(import_job=job, pending=True).update(pending=False)
        report.created = shown
        report.errors = [RowError(e["row"], e["field"], e["message"]) for e in stored_errors]
        summary = f"共 {total} 行，导入问题线索 {shown} 条" + (
            f"，跳过有错误的 {len(error_rows)} 行。" if error_rows else "。"
        )
        _progress(
            job, created=shown, status=ClueImportStatus.DONE, message=summary, finished_at=timezone.now()
        )
        _audit_import(actor=job.created_by, channel=job.channel, report=report, job=job)


@task()
def run_work_order_import(job_id: int) -> str:
    """The background task (django-tasks): in-process without REDIS_URL, the RQ worker with it."""
    return run_import_job(job_id).status


# --- e-mail ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmailResult:
    clue: Clue
    duplicate: bool
    skipped: tuple[str, ...]


MAIL_HEADERS = ("From", "To", "Subject", "Date", "Message-ID")


def _body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeError) as error:
        charset = part.get_content_charset() or "?"
        raise UserError(
            f"邮件正文的字符集“{charset}”无法识别，请另存为 UTF-8 或 GBK 编码的邮件后重试。"
        ) from error
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[ \t\r\f\v]+", " ", str(text)).strip()


def import_eml(*, actor: User | str | None, data: bytes, region: Region) -> EmailResult:
    """File one e-mail as a clue (channel 电子邮箱); the same Message-ID is never filed twice."""
    head = data[:4096]
    if b"\x00" in head or b":" not in head:
        raise UserError("文件不是电子邮件（.eml）：开头应为 From、Subject 等邮件头。")
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    if not any(message.get(name) for name in MAIL_HEADERS):
        raise UserError("文件不是电子邮件（.eml）：未找到 From、Subject、Date 等邮件头。")
    message_id = clean_text(str(message.get("Message-ID", ""))).strip()[:120]
    if message_id:
        # the same mail filed before in this region only: another county's clue is never returned
        existing = Clue.objects.filter(
            channel=Channel.EMAIL, source_ref=message_id, region__in=region_subtree(region)
        ).first()
        if existing is not None:
            return EmailResult(existing, True, ())
    subject = clean_text(str(message.get("Subject", ""))).strip()
    body = clean_text(_body_text(message))
    summary = f"{subject}\n{body}".strip() if subject and subject not in body else body or subject
    if not summary:
        raise UserError("邮件没有主题和正文，无法登记为问题线索。")
    name, address = parseaddr(clean_text(str(message.get("From", ""))))
    try:
        received = parsedate_to_datetime(str(message["Date"])) if message.get("Date") else None
    except (TypeError, ValueError):
        received = None
    if received is not None and received.tzinfo is None:
        received = received.replace(tzinfo=TZ)
    if received is not None and received > timezone.now():
        received = None
    files: list[tuple[str, bytes]] = []
    skipped: list[str] = []
    for part in message.iter_attachments():
        filename = part.get_filename() or "附件"
        payload = part.get_payload(decode=True)
        try:
            if not isinstance(payload, bytes) or len(files) >= MAX_FILES:
                raise UploadError(filename)
            files.append((check_upload(filename, payload), payload))
        except UploadError:
            skipped.append(filename)
    clue = file_clue(
        actor=actor,
        channel=Channel.EMAIL,
        summary=summary,
        region=region,
        received_at=received,
        reporter_name=name,
        reporter_email=address,
        source_ref=message_id,
        attachments=files,
    )
    return EmailResult(clue, False, tuple(skipped))


class MailClient(Protocol):
    def login(self, user: str, password: str) -> Any: ...
    def select(self, mailbox: str = ...) -> Any: ...
    def search(self, charset: str | None, *criteria: str) -> tuple[str, list[Any]]: ...
    def fetch(self, message_set: str, message_parts: str) -> tuple[str, list[Any]]: ...
    def store(self, message_set: str, command: str, flags: str) -> Any: ...
    def logout(self) -> Any: ...


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"


def mailbox_config() -> MailboxConfig | None:
    """IMAP settings from Django settings or the environment (JIANDU_IMAP_*); None when not set up."""

    def get(name: str, default: str = "") -> str:
        return str(getattr(settings, name, "") or os.environ.get(name, default))

    host = get("JIANDU_IMAP_HOST")
    if not host:
        return None
    return MailboxConfig(
        host=host,
        port=int(get("JIANDU_IMAP_PORT", "993")),
        user=get("JIANDU_IMAP_USER"),
        password=get("JIANDU_IMAP_PASSWORD"),
        folder=get("JIANDU_IMAP_FOLDER", "INBOX"),
    )


@dataclass
class MailFetchReport:
    fetched: int = 0
    created: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"收取邮件 {self.fetched} 封，登记问题线索 {self.created} 条，已登记过的 {self.duplicates} 封"
        return text + (f"；{len(self.errors)} 封未能登记：" + ";".join(self.errors) if self.errors else "。")


def fetch_mailbox(
    *,
    actor: User | str | None,
    region: Region,
    client: MailClient | None = None,
    config: MailboxConfig | None = None,
) -> MailFetchReport:
    """Read unseen mail over IMAP and file each message; a message that fails stays unseen."""
    config = config or mailbox_config()
    if config is None:
        raise UserError("尚未配置收件邮箱（JIANDU_IMAP_HOST 等），无法收取邮件。")
    if client is None:
        client = imaplib.IMAP4_SSL(config.host, config.port)
    report = MailFetchReport()
    client.login(config.user, config.password)
    try:
        client.select(config.folder)
        _typ, found = client.search(None, "UNSEEN")
        numbers = found[0].split() if found and found[0] else []
        for number in numbers:
            num = number.decode() if isinstance(number, bytes) else str(number)
            _typ, parts = client.fetch(num, "(RFC822)")
            raw = next((p[1] for p in parts if isinstance(p, tuple) and len(p) > 1), None)
            if not isinstance(raw, bytes):
                continue
            report.fetched += 1
            try:
                result = import_eml(actor=actor, data=raw, region=region)
            except (UserError, UploadError) as error:
                report.errors.append(f"第 {num} 封：{error}")
                continue
            report.duplicates += result.duplicate
            report.created += not result.duplicate
            client.store(num, "+FLAGS", "\\Seen")
    finally:
        client.logout()
    return report


__all__ = [
    "IMPORT_CHANNELS",
    "STORED_NAME",
    "WORK_ORDER_FIELDS",
    "ClueImportReport",
    "EmailResult",
    "MailFetchReport",
    "MailboxConfig",
    "RowError",
    "cancel_work_order_import",
    "fetch_mailbox",
    "guess_mapping",
    "import_eml",
    "import_work_orders",
    "mailbox_config",
    "retry_work_order_import",
    "run_import_job",
    "run_work_order_import",
    "start_work_order_import",
    "store_upload",
]
