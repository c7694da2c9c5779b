"""Writes for the rectification ledger. Opening the first item of a clue starts its rectification;
completing the last one ends it (both through the clue workflow table)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, diff, record, snapshot
from jiandu.clues.models import Clue, ClueStatus
from jiandu.clues.services import advance_rectification
from jiandu.clues.uploads import check_uploads, stored_file
from jiandu.clues.workflow import Action, deadline_rules
from jiandu.errors import UserError
from jiandu.org.models import RegionLevel, Unit, User
from jiandu.org.permissions import check_permission
from jiandu.org.selectors import visible_region_ids
from jiandu.rectify.models import (
    Rectification,
    RectificationEvidence,
    RectificationMode,
    RectificationStatus,
)

CENT = Decimal("0.01")


def _authorise(actor: User, region_id: int, permission: str = "manage_rectifications") -> None:
    check_permission(actor, permission)
    if region_id not in visible_region_ids(actor):
        raise PermissionDenied("该事项不在您的管辖范围内。")


def open_rectification(
    *,
    actor: User,
    clue: Clue,
    unit: Unit,
    responsible_person: str,
    measures: str,
    mode: str,
    term_workdays: int | None = None,
) -> Rectification:
    """Add a ledger item for a confirmed problem: immediate (立行立改) or with a deadline (限期整改)."""
    _authorise(actor, clue.region_id)
    if mode not in RectificationMode.values:
        raise UserError("请选择整改方式。")
    if not measures.strip() or not responsible_person.strip():
        raise UserError("请填写整改措施和责任人。")
    rules = deadline_rules()
    if mode == RectificationMode.IMMEDIATE:
        term = rules.immediate
    else:
        term = term_workdays if term_workdays is not None else rules.deadline
        if not 1 <= term <= 250:
            raise UserError("整改期限应为 1 至 250 个工作日。")
    with transaction.atomic():
        clue = Clue.objects.select_for_update(of=("self",)).select_related("region").get(pk=clue.pk)
        if clue.status not in (ClueStatus.CONFIRMED, ClueStatus.RECTIFYING):
            raise UserError("只有已认定的问题才能建立整改台账。")
        if clue.status == ClueStatus.CONFIRMED:
            clue = advance_rectification(actor=actor, clue=clue, action=Action.START_RECTIFICATION)
        item = Rectification.objects.create(
            clue=clue,
            region=clue.region,
            unit=unit,
            responsible_person=responsible_person.strip()[:30],
            measures=measures.strip(),
            mode=mode,
            term_workdays=term,
            opened_on=timezone.localdate(),
        )
        record(actor=actor, change=change_for(item, AuditAction.CREATE, after=snapshot(item)))
    return item


def add_evidence(
    *, actor: User, item: Rectification, files: Sequence[tuple[str, bytes]]
) -> list[RectificationEvidence]:
    _authorise(actor, item.region_id)
    checked = check_uploads(list(files))
    if not checked:
        raise UserError("请选择要上传的佐证材料。")
    with transaction.atomic():
        stored = [
            RectificationEvidence.objects.create(
                rectification=item, file=stored_file(name, data), name=name, size=len(data)
            )
            for name, data in checked
        ]
        record(
            actor=actor,
            change=change_for(
                item, AuditAction.UPDATE, after={"evidence": [e.name for e in stored]}, note="上传佐证材料"
            ),
        )
    return stored


def _money(raw: Decimal | str | int | None) -> Decimal:
    try:
        exact = Decimal(str(raw if raw not in (None, "") else "0"))
        value = exact.quantize(CENT)
    except InvalidOperation:
        raise UserError(f"退还金额“{raw}”不是有效金额。", field="refund_amount") from None
    if value != exact:
        raise UserError(f"退还金额“{raw}”最多保留两位小数（到分）。", field="refund_amount")
    if value < 0:
        raise UserError("退还金额不能为负数。")
    return value


def complete_rectification(
    *,
    actor: User,
    item: Rectification,
    result: str,
    refund_amount: Decimal | str | int | None = None,
    refund_count: int = 0,
    decisions_corrected: int = 0,
    completed_on: dt.date | None = None,
) -> Rectification:
    """Record the result (evidence uploaded first); the last item done ends the clue's rectification."""
    _authorise(actor, item.region_id)
    if item.status != RectificationStatus.OPEN:
        raise UserError("该整改事项已完成。")
    if not result.strip():
        raise UserError("请填写整改结果。")
    if not item.evidence.exists():
        raise UserError("请先上传整改佐证材料。")
    if refund_count < 0 or decisions_corrected < 0:
        raise UserError("笔数和件数不能为负数。")
    amount = _money(refund_amount)
    if amount > 0 and refund_count == 0:
        raise UserError("填写了退还金额时，请同时填写退还笔数。")
    today = timezone.localdate()
    done_on = completed_on or today
    if done_on > today or done_on < item.opened_on:
        raise UserError("完成日期应在建账日期与今天之间。")
    with transaction.atomic():
        item = Rectification.objects.select_for_update(of=("self",)).get(pk=item.pk)
        before = snapshot(item)
        item.status = RectificationStatus.DONE
        item.result = result.strip()
        item.completed_on = done_on
        item.refund_amount, item.refund_count = amount, refund_count
        item.decisions_corrected = decisions_corrected
        item.save()
        old, new = diff(before, snapshot(item))
        record(
            actor=actor,
            change=change_for(item, AuditAction.TRANSITION, before=old, after=new, note="整改完成"),
        )
        clue = Clue.objects.select_for_update(of=("self",)).get(pk=item.clue_id)
        still_open = clue.rectifications.filter(status=RectificationStatus.OPEN).exists()
        if not still_open and clue.status == ClueStatus.RECTIFYING:
            advance_rectification(actor=actor, clue=clue, action=Action.FINISH_RECTIFICATION)
    return item


def supervise_rectification(*, actor: User, item: Rectification, note: str) -> Rectification:
    """A superior puts the item under supervision (督办)."""
    _authorise(actor, item.region_id, "supervise_rectifications")
    region = actor.region
    if not actor.is_superuser and (region is None or region.level == RegionLevel.COUNTY):
        raise PermissionDenied("督办须由上级部门作出。")
    if item.status != RectificationStatus.OPEN:
        raise UserError("已完成的整改事项无需督办。")
    if item.supervised:
        raise UserError("该整改事项已在督办中。")
    if not note.strip():
        raise UserError("请填写督办要求。")
    with transaction.atomic():
        item.supervised, item.supervised_on = True, timezone.localdate()
        item.supervision_note, item.supervised_by = note.strip()[:200], actor
        item.save(update_fields=["supervised", "supervised_on", "supervision_note", "supervised_by"])
        record(
            actor=actor,
            change=change_for(
                item,
                AuditAction.UPDATE,
                before={"supervised": False},
                after={"supervised": True, "note": item.supervision_note},
                note="督办",
            ),
        )
    return item
