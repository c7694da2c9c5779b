"""Importing 12315 / 12345 exports: upload → column mapping → background task with progress.

The task reads the file twice without holding it in memory: first it checks and matches every row
(firm by USCC else name + region, region, domain from the platform's category or the triage engine,
issue type from the taxonomy) into a spool file, counting progress; then, only when no row had an
error (or the user asked to skip bad rows), it writes the spool in one transaction — PostgreSQL COPY,
elsewhere `bulk_create` in batches — and adds the rows to the `ComplaintCount` aggregate.
Work-order numbers already stored are skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from jiandu.audit.services import Change, record
from jiandu.documents.table_stream import count_rows, iter_table
from jiandu.documents.tabular import RowError, SheetRow, TableError
from jiandu.engines.hotspots import IssueTaxonomy, load_taxonomy
from jiandu.engines.triage import Triager
from jiandu.engines.uscc import validate as validate_uscc
from jiandu.errors import UserError
from jiandu.org.models import Domain, Enterprise, Region, User
from jiandu.org.selectors import visible_regions
from jiandu.prevention.models import (
    Complaint,
    ComplaintCount,
    ComplaintImport,
    ComplaintKind,
    ComplaintSource,
    FirmMatch,
    ImportStatus,
    PeriodKind,
)

TZ = ZoneInfo("Asia/Shanghai")
IMPORT_DIR = "complaint_imports"
BATCH = 5000
MAX_STORED_ERRORS = 500
MAX_UPLOAD_BYTES = 1 << 30
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(xlsx|csv)$")

# field -> (label, header names the 12315 platform and 12345 hotlines use, in order of preference)
COMPLAINT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("工单编号", ("工单编号", "登记编号", "投诉举报编号", "工单号", "编号")),
    "received_at": (
        "登记时间",
        ("登记时间", "受理时间", "来电时间", "投诉时间", "接收时间", "创建时间", "登记日期"),
    ),
    "kind": ("诉求类型", ("诉求类型", "工单类型", "业务类型", "类型")),
    "category": (
        "问题类别",
        ("问题类别", "投诉问题类别", "举报问题类别", "诉求分类", "事项分类", "问题分类", "涉及领域"),
    ),
    "subject": ("诉求事项", ("诉求事项", "诉求标题", "投诉事项", "事项名称", "标题")),
    "summary": ("诉求内容", ("诉求内容", "投诉内容", "举报内容", "来电内容", "反映内容", "问题描述")),
    "region": (
        "所属区划",
        (
            "所属区划",
            "被投诉方所在区县",
            "涉事主体所在地区",
            "所属区县",
            "承办区县",
            "区县",
            "行政区划代码",
        ),
    ),
    "enterprise_name": (
        "被投诉方名称",
        ("被投诉方名称", "被投诉人", "被举报人", "涉事主体名称", "涉及企业", "企业名称"),
    ),
    "enterprise_uscc": (
        "统一社会信用代码",
        ("统一社会信用代码", "被投诉方统一社会信用代码", "涉事主体统一社会信用代码", "信用代码"),
    ),
}
REQUIRED = ("number", "received_at")
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
    "%Y%m%d%H%M%S",
    "%Y%m%d",
)
COLUMNS = (
    "number",
    "source",
    "kind",
    "received_at",
    "region_id",
    "enterprise_id",
    "enterprise_name",
    "enterprise_uscc",
    "firm_match",
    "domain_id",
    "category",
    "issue",
    "subject",
    "summary",
    "import_job_id",
)


def guess_mapping(header: list[str]) -> dict[str, str]:
    """The column that most likely holds each field, by the names the platforms use."""
    return {
        key: next((n for n in names if n in header), "") for key, (_label, names) in COMPLAINT_FIELDS.items()
    }


_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_moment(text: str) -> dt.datetime | None:
    match = _ISO.fullmatch(text.strip())
    if match:  # the common case, without strptime
        year, month, day, hour, minute, second = match.groups()
        try:
            return dt.datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=TZ
            )
        except ValueError:
            return None
    text = text.strip().replace("T", " ")
    if len(text) > 19 and text[19] in ".+":
        text = text[:19]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=TZ)
        except ValueError:
            continue
    return None


def kind_of(text: str) -> str:
    if "举报" in text:
        return ComplaintKind.REPORT
    if "咨询" in text:
        return ComplaintKind.INQUIRY
    return ComplaintKind.COMPLAINT


def import_path(stored_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR / stored_name


# --- step 1 and 2: upload and mapping ---------------------------------------------------------


def store_upload(*, filename: str, chunks: Iterator[bytes]) -> tuple[str, list[str]]:
    """Save an uploaded export under a random name; the header is read to offer the mapping."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix not in {"csv", "xlsx"}:
        raise UserError("仅支持 .xlsx 或 .csv 文件。", field="file")
    stored = f"{secrets.token_hex(16)}.{suffix}"
    path = import_path(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with path.open("wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                handle.close()
                path.unlink(missing_ok=True)
                raise UserError("文件超过 1 GB，请拆分后分批导入。", field="file")
            handle.write(chunk)
    try:
        header, rows = iter_table(path)
        rows.close()
    except TableError as error:
        path.unlink(missing_ok=True)
        raise UserError(str(error), field="file") from None
    return stored, header


def start_import(
    *,
    actor: User,
    stored_name: str,
    filename: str,
    source: str,
    mapping: dict[str, str],
    default_region: Region | None = None,
    partial: bool = False,
) -> ComplaintImport:
    """Record the import job and queue the background task that reads the file."""
    if not STORED_NAME.match(stored_name) or not import_path(stored_name).exists():
        raise UserError("导入文件已失效，请重新上传。", field="file")
    if source not in ComplaintSource.values:
        raise UserError(f"来源“{source}”无效。", field="source")
    if actor.region is None:
        raise UserError("您的账号未设置所属区划，不能导入投诉举报。")
    header, rows = iter_table(import_path(stored_name))
    rows.close()
    missing = [COMPLAINT_FIELDS[k][0] for k in REQUIRED if not mapping.get(k)]
    if not mapping.get("subject") and not mapping.get("summary"):
        missing.append("诉求事项或诉求内容")
    if not mapping.get("region") and default_region is None:
        missing.append("所属区划（或选择默认区划）")
    if missing:
        raise UserError(f"请为以下字段指定列：{'、'.join(missing)}。", field="mapping")
    unknown = [col for col in mapping.values() if col and col not in header]
    if unknown:
        raise UserError(f"文件中没有列“{'、'.join(unknown)}”，请重新选择列。", field="mapping")
    if default_region is not None and not visible_regions(actor).filter(pk=default_region.pk).exists():
        raise UserError("默认区划不在您的管辖范围内。", field="default_region")
    with transaction.atomic():
        job = ComplaintImport.objects.create(
            source=source,
            filename=filename[:200],
            stored_name=stored_name,
            mapping={k: v for k, v in mapping.items() if k in COMPLAINT_FIELDS},
            default_region=default_region,
            region=actor.region,
            partial=partial,
            created_by=actor,
        )
        record(
            actor=actor,
            change=Change(
                action="import",
                target_type="prevention.complaintimport",
                target_id=str(job.pk),
                target_repr=str(job),
                region_code=actor.region.code,
                after={"filename": job.filename, "source": source, "partial": partial},
                note="上传投诉举报文件，开始导入",
            ),
        )
        transaction.on_commit(lambda: run_complaint_import.enqueue(job.pk))
    return job


# --- step 3: the background task ---------------------------------------------------------------


@dataclass
class _Matcher:
    """Per-job lookups: regions by code and name, domains by name, the taxonomy and the triage engine."""

    regions: dict[str, Region]
    domains: dict[str, int]
    taxonomy: IssueTaxonomy
    triager: Triager | None = None

    def domain_of(self, category: str, text: str) -> str | None:
        name = self.taxonomy.domain_of_category(category) if category else None
        if name is None and text:
            if self.triager is None:
                self.triager = Triager.load()
            name = self.triager.suggest(text).domain
        return name


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(value[i + 1], value[i + 1]))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _check_batch(
    job: ComplaintImport,
    batch: list[SheetRow],
    matcher: _Matcher,
    seen: set[str],
    now: dt.datetime,
) -> tuple[list[list[str]], list[RowError], int, list[tuple[int, int, str, dt.datetime]]]:
    """Check and match one batch: spool lines, errors, numbers already stored, aggregate keys."""
    mapping = job.mapping
    label = {k: mapping.get(k) or COMPLAINT_FIELDS[k][0] for k in COMPLAINT_FIELDS}
    values = [
        {k: row.values.get(col, "").strip() if col else "" for k, col in mapping.items()} for row in batch
    ]
    numbers = [v.get("number", "") for v in values]
    stored = set(
        Complaint.objects.filter(number__in=[n for n in numbers if n]).values_list("number", flat=True)
    )
    usccs = {v.get("enterprise_uscc", "").upper() for v in values} - {""}
    by_uscc = {
        u: (pk, r)
        for u, pk, r in Enterprise.objects.filter(uscc__in=usccs).values_list("uscc", "pk", "region_id")
    }
    names = {v.get("enterprise_name", "") for v in values} - {""}
    by_name: dict[tuple[str, int], int] = {
        (n, r): pk
        for n, r, pk in Enterprise.objects.filter(name__in=names).values_list("name", "region_id", "pk")
    }
    lines: list[list[str]] = []
    errors: list[RowError] = []
    keys: list[tuple[int, int, str, dt.datetime]] = []
    duplicates = 0
    for row, v in zip(batch, values, strict=True):
        row_errors: list[RowError] = []

        def fail(
            key: str, message: str, row: SheetRow = row, row_errors: list[RowError] = row_errors
        ) -> None:
            row_errors.append(RowError(row.number, label[key], message))

        number = v.get("number", "")
        if not number:
            fail("number", "不能为空")
        elif len(number) > 40:
            fail("number", "超过 40 个字符")
        elif number in seen:
            fail("number", f"工单“{number}”在本文件中重复出现")
        moment = parse_moment(v.get("received_at", ""))
        if not v.get("received_at"):
            fail("received_at", "不能为空")
        elif moment is None:
            fail("received_at", f"“{v['received_at']}”不是有效时间，应为 2026-05-01 或 2026-05-01 09:30")
        elif moment > now:
            fail("received_at", "不能晚于当前时间")
        subject, summary = v.get("subject", ""), v.get("summary", "")
        if not subject and not summary:
            fail("summary" if mapping.get("summary") else "subject", "诉求事项和诉求内容不能都为空")
        region = job.default_region
        if v.get("region"):
            region = matcher.regions.get(v["region"])
            if region is None:
                fail("region", f"“{v['region']}”不是您管辖范围内的区划名称或代码")
        if row_errors or region is None or moment is None:
            errors.extend(row_errors)
            if number:
                seen.add(number)
            continue
        seen.add(number)
        if number in stored:
            duplicates += 1
            continue
        enterprise_id, match = None, FirmMatch.NONE
        uscc = v.get("enterprise_uscc", "").upper()
        if uscc and validate_uscc(uscc).valid and uscc in by_uscc:
            enterprise_id, match = by_uscc[uscc][0], FirmMatch.USCC
        elif v.get("enterprise_name") and (v["enterprise_name"], region.pk) in by_name:
            enterprise_id, match = by_name[(v["enterprise_name"], region.pk)], FirmMatch.NAME
        text = f"{subject} {summary}".strip()
        domain_name = matcher.domain_of(v.get("category", ""), text)
        domain_id = matcher.domains.get(domain_name or "")
        issue = matcher.taxonomy.classify(domain_name, text) if domain_name and domain_id else ""
        lines.append(
            [
                number,
                job.source,
                kind_of(v.get("kind", "")),
                moment.isoformat(),
                str(region.pk),
                str(enterprise_id) if enterprise_id else "\\N",
                _escape(v.get("enterprise_name", "")[:100]),
                _escape(uscc[:18]),
                match,
                str(domain_id) if domain_id else "\\N",
                _escape(v.get("category", "")[:60]),
                issue,
                _escape((subject or summary)[:100]),
                _escape(summary),
                str(job.pk),
            ]
        )
        if domain_id:
            keys.append((region.pk, domain_id, issue, moment))
    return lines, errors, duplicates, keys


def _progress(job: ComplaintImport, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def run_import(job_id: int) -> ComplaintImport:
    """The background task body: check and match every row, then write all of them (or none)."""
    job = ComplaintImport.objects.select_related("default_region", "region", "created_by").get(pk=job_id)
    if job.status not in {ImportStatus.PENDING}:
        return job  # a task delivered twice does nothing the second time
    path = import_path(job.stored_name)
    _progress(job, status=ImportStatus.CHECKING, started_at=timezone.now())
    try:
        job = _run(job, path)
    except TableError as error:
        _progress(job, status=ImportStatus.REJECTED, message=str(error), finished_at=timezone.now())
    except Exception:
        # the write transaction rolled back: say so on the job, then let the worker log the error
        job.refresh_from_db(fields=["rows_done"])
        _progress(
            job,
            status=ImportStatus.FAILED,
            message=f"导入失败：写入数据库时出错，未导入任何数据（导入编号 {job.pk}）。"
            "请稍后重新导入同一文件；"
            "再次失败的，请把导入编号告知负责系统运行维护的同事查看日志",
            finished_at=timezone.now(),
        )
        raise
    finally:
        path.unlink(missing_ok=True)
    return job


@task()
def run_complaint_import(job_id: int) -> str:
    """The background task (django-tasks): immediate in the embedded set-up, a worker in production."""
    return run_import(job_id).status


def _run(job: ComplaintImport, path: Path) -> ComplaintImport:
    _progress(job, total_rows=count_rows(path))
    regions: dict[str, Region] = {}
    for region in visible_regions(job.created_by):
        regions[region.code] = region
        regions[region.name] = region
    matcher = _Matcher(
        regions=regions, domains=dict(Domain.objects.values_list("name", "pk")), taxonomy=load_taxonomy()
    )
    now = timezone.now()
    seen: set[str] = set()
    errors: list[RowError] = []
    error_count = duplicates = done = valid = 0
    counts: dict[tuple[str, int, int, str, dt.date], int] = defaultdict(int)
    _header, rows = iter_table(path)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
        batch: list[SheetRow] = []

        def flush() -> None:
            nonlocal error_count, duplicates, done, valid
            lines, batch_errors, batch_duplicates, keys = _check_batch(job, batch, matcher, seen, now)
            spool.writelines("\t".join(line) + "\n" for line in lines)
            valid += len(lines)
            error_count += len(batch_errors)
            errors.extend(batch_errors[: max(0, MAX_STORED_ERRORS - len(errors))])
            duplicates += batch_duplicates
            for region_id, domain_id, issue, moment in keys:
                day = moment.astimezone(TZ).date()
                counts[("month", region_id, domain_id, issue, day.replace(day=1))] += 1
                counts[("week", region_id, domain_id, issue, day - dt.timedelta(days=day.weekday()))] += 1
            done += len(batch)
            _progress(job, rows_done=done, error_count=error_count, duplicates=duplicates)
            batch.clear()

        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        stored_errors = [{"row": e.row, "field": e.field, "message": e.message} for e in errors]
        if error_count and not job.partial:
            message = (
                f"共 {done} 行，发现 {error_count} 处错误，未导入任何数据。"
                "请修正后重新导入，或勾选跳过错误行。"
            )
            _progress(
                job,
                status=ImportStatus.REJECTED,
                errors=stored_errors,
                message=message,
                finished_at=timezone.now(),
            )
            _audit_finish(job)
            return job
        _progress(job, status=ImportStatus.WRITING, total_rows=max(job.total_rows, done))
        spool.seek(0)
        with transaction.atomic():
            _write(spool)
            add_counts(counts)
            skipped = len({e.row for e in errors}) if error_count else 0
            message = f"共 {done} 行，新增投诉举报 {valid} 条" + (
                f"，{duplicates} 条此前已导入，未重复导入" if duplicates else ""
            )
            message += f"，跳过有错误的 {skipped} 行。" if error_count else "。"
            _progress(
                job,
                status=ImportStatus.DONE,
                created=valid,
                errors=stored_errors,
                message=message,
                finished_at=timezone.now(),
            )
            _audit_finish(job)
    return job


def _audit_finish(job: ComplaintImport) -> None:
    record(
        actor=job.created_by,
        change=Change(
            action="import",
            target_type="prevention.complaintimport",
            target_id=str(job.pk),
            target_repr=str(job),
            region_code=job.region.code,
            after={
                "status": job.status,
                "rows": job.rows_done,
                "created": job.created,
                "duplicates": job.duplicates,
                "errors": job.error_count,
            },
            note="投诉举报导入完成" if job.status == ImportStatus.DONE else "投诉举报导入未完成",
        ),
    )


def _write(spool: Any) -> None:
    """Write the spooled rows: COPY on PostgreSQL, bulk_create in batches elsewhere."""
    if connection.vendor == "postgresql":
        table = Complaint._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                while chunk := spool.read(1 << 20):
                    copy.write(chunk)
        return
    batch: list[Complaint] = []
    for line in spool:
        cells = line.rstrip("\n").split("\t")
        data = dict(zip(COLUMNS, cells, strict=True))
        batch.append(
            Complaint(
                number=data["number"],
                source=data["source"],
                kind=data["kind"],
                received_at=dt.datetime.fromisoformat(data["received_at"]),
                region_id=int(data["region_id"]),
                enterprise_id=None if data["enterprise_id"] == "\\N" else int(data["enterprise_id"]),
                enterprise_name=_unescape(data["enterprise_name"]),
                enterprise_uscc=_unescape(data["enterprise_uscc"]),
                firm_match=data["firm_match"],
                domain_id=None if data["domain_id"] == "\\N" else int(data["domain_id"]),
                category=_unescape(data["category"]),
                issue=data["issue"],
                subject=_unescape(data["subject"]),
                summary=_unescape(data["summary"]),
                import_job_id=int(data["import_job_id"]),
            )
        )
        if len(batch) >= BATCH:
            Complaint.objects.bulk_create(batch)
            batch = []
    if batch:
        Complaint.objects.bulk_create(batch)


# --- the aggregate ------------------------------------------------------------------------------


def add_counts(counts: dict[tuple[str, int, int, str, dt.date], int]) -> None:
    """Add complaint counts to the `ComplaintCount` aggregate (inside the caller's transaction)."""
    by_kind: dict[str, set[dt.date]] = defaultdict(set)
    for kind, _r, _d, _i, start in counts:
        by_kind[kind].add(start)
    existing: dict[tuple[str, int, int, str, dt.date], ComplaintCount] = {}
    for kind, starts in by_kind.items():
        for row in ComplaintCount.objects.filter(period_kind=kind, period_start__in=sorted(starts)):
            existing[(row.period_kind, row.region_id, row.domain_id, row.issue, row.period_start)] = row
    rows = []
    for key, n in counts.items():
        kind, region_id, domain_id, issue, start = key
        before = existing[key].count if key in existing else 0
        rows.append(
            ComplaintCount(
                period_kind=kind,
                region_id=region_id,
                domain_id=domain_id,
                issue=issue,
                period_start=start,
                count=before + n,
            )
        )
    # one upsert (INSERT … ON CONFLICT DO UPDATE) instead of a CASE-per-row update
    ComplaintCount.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["period_kind", "period_start", "region", "domain", "issue"],
        update_fields=["count"],
    )


def rebuild_counts(*, regions: list[Region] | None = None) -> int:
    """Recount the aggregate from the complaints (after the demo or a repair); returns cells written."""
    complaints = Complaint.objects.filter(domain__isnull=False)
    cells = ComplaintCount.objects.all()
    if regions is not None:
        complaints = complaints.filter(region__in=regions)
        cells = cells.filter(region__in=regions)
    counts: dict[tuple[str, int, int, str, dt.date], int] = defaultdict(int)
    for region_id, domain_id, issue, moment in complaints.values_list(
        "region_id", "domain_id", "issue", "received_at"
    ).iterator(chunk_size=20000):
        day = moment.astimezone(TZ).date()
        counts[("month", region_id, domain_id, issue, day.replace(day=1))] += 1
        counts[("week", region_id, domain_id, issue, day - dt.timedelta(days=day.weekday()))] += 1
    with transaction.atomic():
        cells.delete()
        add_counts(counts)
    return len(counts)


__all__ = [
    "COMPLAINT_FIELDS",
    "PeriodKind",
    "add_counts",
    "guess_mapping",
    "import_path",
    "rebuild_counts",
    "run_complaint_import",
    "run_import",
    "start_import",
    "store_upload",
]
