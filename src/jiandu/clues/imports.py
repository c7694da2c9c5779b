"""Bulk intake services: 12345 / petition work orders from tables, e-mails from .eml files or IMAP."""

from __future__ import annotations

import datetime as dt
import imaplib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import Change, record
from jiandu.bounds import DATE_MAX, DATE_MIN, clean_text
from jiandu.clues.models import Channel, Clue
from jiandu.clues.selectors import visible_enterprise
from jiandu.clues.services import file_clue
from jiandu.clues.uploads import MAX_FILES, UploadError, check_upload
from jiandu.documents.tabular import RowError, SheetRow
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
        ("所属区划", "区县", "县（市、区）", "县\x28市、区\x29", "行政区划代码", "承办区域", "区域"),
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
    """Import work orders; nothing is stored when any row has an error unless ``partial``."""
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
    regions = _region_lookup(actor)
    if default_region is not None and default_region.code not in regions:
        raise UserError("默认区划不在您的管辖范围内。")
    # work orders imported before in the importer's regions only (another county's are not told)
    known_refs = set(
        Clue.objects.filter(channel=channel, region__in=list(regions.values()))
        .exclude(source_ref="")
        .values_list("source_ref", flat=True)
    )
    report = ClueImportReport()
    valid: list[dict[str, Any]] = []
    now = timezone.now()
    for row in rows:
        report.total += 1
        values = {key: row.values.get(col, "").strip() if col else "" for key, col in mapping.items()}
        errors: list[RowError] = []

        def fail(key: str, message: str, row: SheetRow = row, errors: list[RowError] = errors) -> None:
            errors.append(RowError(row.number, mapping.get(key) or WORK_ORDER_FIELDS[key][0], message))

        moment = parse_moment(values.get("received_at", ""))
        if not values.get("received_at"):
            fail("received_at", "不能为空")
        elif moment is None:
            fail("received_at", f"“{values['received_at']}”不是有效日期，应为 2026-05-01 或 2026-05-01 09:30")
        elif moment > now:
            fail("received_at", "不能晚于当前时间")
        elif not DATE_MIN <= moment.date() <= DATE_MAX:
            fail("received_at", f"应在 {DATE_MIN.year} 年至 {DATE_MAX.year} 年之间")
        if not values.get("summary"):
            fail("summary", "不能为空")
        region = default_region
        if values.get("region"):
            region = regions.get(values["region"])
            if region is None:
                fail("region", f"“{values['region']}”不是您管辖范围内的区划名称或代码")
        ref = values.get("source_ref", "")
        if ref and ref in known_refs:
            fail("source_ref", f"工单“{ref}”已导入过，不再重复导入")
        enterprise, enterprise_name = None, values.get("enterprise", "")
        if enterprise_name and re.fullmatch(r"[0-9A-Za-z]{18}", enterprise_name):
            check = validate_uscc(enterprise_name.upper())
            if not check.valid:
                fail("enterprise", f"统一社会信用代码“{enterprise_name}”无效：{check.error}")
            enterprise = visible_enterprise(user=actor, uscc=enterprise_name.upper())
            enterprise_name = enterprise.name if enterprise else ""
        elif enterprise_name:
            enterprise = visible_enterprise(user=actor, name=enterprise_name)
        if errors:
            report.errors.extend(errors)
            continue
        if ref:
            known_refs.add(ref)
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
    if report.errors and not partial:
        return report
    with transaction.atomic():
        for item in valid:
            file_clue(actor=actor, channel=channel, **item)
        report.created, report.stored = len(valid), True
        record(
            actor=actor,
            change=Change(
                action="import",
                target_type="clues.clue",
                target_id="",
                target_repr=f"导入{Channel(channel).label}工单",
                region_code=actor.region.code if actor.region else "",
                after={"total": report.total, "created": report.created, "skipped_rows": len(report.errors)},
                note="批量导入问题线索",
            ),
        )
    return report


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
        return text + (f"；{len(self.errors)} 封未能登记：" + "；".join(self.errors) if self.errors else "。")


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
    "WORK_ORDER_FIELDS",
    "ClueImportReport",
    "EmailResult",
    "MailFetchReport",
    "MailboxConfig",
    "RowError",
    "fetch_mailbox",
    "guess_mapping",
    "import_eml",
    "import_work_orders",
    "mailbox_config",
]
