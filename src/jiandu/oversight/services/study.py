"""学习目录 (市局实施方案 三(一), 附件1): staff mark the items they have studied; the record is theirs."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.errors import UserError
from jiandu.org.models import User
from jiandu.oversight.models import StudyRecord
from jiandu.oversight.rules import study_catalogue
from jiandu.oversight.services._common import authorise, not_future, now, today


def mark_studied(
    *, actor: User, item_key: str, studied_on: dt.date | None = None, note: str = ""
) -> StudyRecord:
    """The actor records that they studied one item of the catalogue in force."""
    if actor.region_id is None:
        raise UserError("您的账号未设置所在区划，无法登记学习记录。", field="item")
    authorise(actor, actor.region_id, "view_oversight")
    catalogue = study_catalogue(today())
    item = catalogue.get(item_key)
    if item is None:
        raise UserError(f"学习目录中没有编号为“{item_key}”的内容。", field="item")
    day = not_future(studied_on or today(), "学习日期", "studied_on")
    note = (note or "").strip()
    if len(note) > 200:
        raise UserError("学习方式或心得不能超过 200 个字，请精简。", field="note")
    with transaction.atomic():
        if StudyRecord.objects.filter(user=actor, catalogue=catalogue.version, item_key=item.key).exists():
            raise UserError(f"您已登记学习《{item.title}》。", field="item")
        entry = StudyRecord.objects.create(
            user=actor,
            region_id=actor.region_id,
            catalogue=catalogue.version,
            item_key=item.key,
            item_title=item.title,
            studied_on=day,
            note=note,
            marked_at=now(),
        )
        record(
            actor=actor,
            change=change_for(
                entry, AuditAction.CREATE, after=snapshot(entry), note=f"登记学习《{item.title}》"
            ),
        )
    return entry


def unmark_studied(*, actor: User, entry: StudyRecord) -> StudyRecord:
    """Withdraw one's own record (entered by mistake); the audit entry keeps what it said. Returns the
    deleted record (no longer in the database)."""
    if entry.user_id != actor.pk:
        raise UserError("只能撤回本人的学习记录。", field="item")
    with transaction.atomic():
        before = snapshot(entry)
        record(
            actor=actor,
            change=change_for(
                entry, AuditAction.DELETE, before=before, note=f"撤回学习记录《{entry.item_title}》"
            ),
        )
        entry.delete()
    return entry
