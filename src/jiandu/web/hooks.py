"""Notifications derived from the audit trail: every state change writes one audit entry, so a new
assignment, a return, a 督办 or a reminder is recognised here, on the top floor, without the apps below
knowing about notifications. Connected in `WebConfig.ready` to `audit.signals.recorded`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiandu.audit.models import AuditAction, AuditEntry
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Clue
from jiandu.org.models import NotificationKind, Role, User
from jiandu.org.notifications import notify
from jiandu.rectify.models import Rectification
from jiandu.reports.models import Reminder, Submission

ASSESSING_ROLES = [Role.BUSINESS_UNIT, Role.COUNTY_BUREAU, Role.TASK_FORCE]


def _unit_staff(unit_id: Any) -> list[User]:
    if not unit_id:
        return []
    return list(User.objects.filter(unit_id=unit_id, role__in=ASSESSING_ROLES, is_active=True))


def _by_id(user_id: Any) -> list[User]:
    return list(User.objects.filter(pk=user_id, is_active=True)) if user_id else []


def _clue(entry: AuditEntry) -> None:
    after = entry.after or {}
    assigned = entry.action == AuditAction.TRANSITION and after.get("status") == "triaged"
    reassigned = entry.action == AuditAction.UPDATE and "lead_unit_id" in after
    if assigned or reassigned:
        unit_id = (
            after.get("lead_unit_id")
            or Clue.objects.filter(pk=entry.target_id).values_list("lead_unit_id", flat=True).first()
        )
        notify(
            users=_unit_staff(unit_id),
            kind=NotificationKind.ASSIGNMENT,
            message=f"问题线索第{entry.target_id}号已分派给本机构研判。",
            url=reverse("clue_detail", args=[int(entry.target_id)]),
        )


def _rectification(entry: AuditEntry) -> None:
    after = entry.after or {}
    if after.get("supervised") is not True:
        return
    from_db = entry.before or {}
    if from_db.get("supervised") is not False:
        return
    item = Rectification.objects.filter(pk=entry.target_id).first()
    if item is None:
        return
    notify(
        users=_unit_staff(item.unit_id),
        kind=NotificationKind.SUPERVISION,
        message=f"整改事项第{item.pk}号被督办：{after.get('note', '')}",
        url=reverse("rectification_detail", args=[item.pk]),
    )


def _case(entry: AuditEntry) -> None:
    if entry.action != AuditAction.TRANSITION or not entry.note.startswith("return:"):
        return
    case = PenaltyCase.objects.filter(pk=entry.target_id).first()
    if case is None:
        return
    notify(
        users=_by_id(case.created_by_id),
        kind=NotificationKind.RETURNED,
        message=f"案件{case.decision_number or case.pk}经法制审核退回，请补正后重新提交。",
        url=reverse("case_detail", args=[case.pk]),
    )


def _submission(entry: AuditEntry) -> None:
    after = entry.after or {}
    if after.get("status") != "returned":
        return
    submission = Submission.objects.filter(pk=entry.target_id).first()
    if submission is None:
        return
    notify(
        users=_by_id(submission.submitted_by_id or submission.created_by_id),
        kind=NotificationKind.RETURNED,
        message="报送材料被退回修改，请按意见修改后重新报送。",
        url=reverse("reports_submission", args=[submission.pk]),
    )


def _reminder(entry: AuditEntry) -> None:
    if entry.action != AuditAction.CREATE:
        return
    reminder = Reminder.objects.filter(pk=entry.target_id).first()
    if reminder is not None:
        notify(
            users=[reminder.user],
            kind=NotificationKind.REMINDER,
            message=reminder.message,
            url=reverse("reports_board"),
            email=False,  # the reports app e-mails its reminders itself
        )


HANDLERS = {
    "clues.clue": _clue,
    "rectify.rectification": _rectification,
    "cases.penaltycase": _case,
    "reports.submission": _submission,
    "reports.reminder": _reminder,
}


def on_audit_entries(sender: Any, entries: list[AuditEntry], **kwargs: Any) -> None:
    # inside the change's own transaction: the notification stands or falls with the change
    for entry in entries:
        handler = HANDLERS.get(entry.target_type)
        if handler is not None:
            handler(entry)
