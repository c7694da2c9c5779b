"""Writes of the reports app: loading a campaign's schedule, the county → city filing workflow,
practices （典型经验做法）, 立改废释 suggestions and due-date reminders. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.clues.models import Clue
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Domain, Region, Role, User
from jiandu.org.permissions import check_permission, has_permission
from jiandu.org.selectors import visible_region_ids
from jiandu.reports.models import (
    Campaign,
    LawAction,
    LawLevel,
    LawSuggestion,
    Phase,
    Practice,
    PracticeStatus,
    Reminder,
    ReminderKind,
    ReportKind,
    ScheduleItem,
    Submission,
    SubmissionStatus,
)
from jiandu.reports.rulesets import CampaignData, load_template
from jiandu.reports.selectors import (
    SECTIONS,
    can_decide,
    can_file,
    effective_due,
    encode_cells,
    fact_paragraphs,
    submission_live_cells,
    template_for,
)
from jiandu.reports.workflow import EDITABLE, TRANSITIONS, Action

logger = logging.getLogger(__name__)
MAX_NARRATIVE = 20000


# --- campaigns ------------------------------------------------------------------------------------


def load_campaign(*, actor: User | None, data: CampaignData, region: Region) -> Campaign:
    """Create or update a campaign and its schedule from its YAML data (idempotent).

    A schedule item that already has filings keeps them; its dates are updated in place.
    """
    if actor is not None:
        check_permission(actor, "decide_reports")
    load_template(data.template)  # a campaign must name a template that exists
    with transaction.atomic():
        campaign, created = Campaign.objects.update_or_create(
            code=data.code,
            defaults={
                "name": data.name,
                "region": region,
                "starts_on": data.starts_on,
                "ends_on": data.ends_on,
                "holiday_rule": data.holiday_rule,
                "template_version": data.template,
                "source": data.source,
            },
        )
        campaign.phases.all().delete()
        Phase.objects.bulk_create(
            [Phase(campaign=campaign, name=n, starts_on=s, ends_on=e) for n, s, e in data.phases]
        )
        kept = []
        for entry in data.schedule:
            item, _ = ScheduleItem.objects.update_or_create(
                campaign=campaign,
                kind=entry.kind,
                period_start=entry.period_start,
                period_end=entry.period_end,
                defaults={
                    "name": entry.name,
                    "nominal_due": entry.due,
                    "holiday_rule": entry.holiday_rule,
                },
            )
            kept.append(item.pk)
        campaign.schedule.exclude(pk__in=kept).filter(submissions=None).delete()
        record(
            actor=actor,
            change=change_for(
                campaign,
                AuditAction.CREATE if created else AuditAction.UPDATE,
                after={**snapshot(campaign), "schedule": [f"{e.kind}:{e.due}" for e in data.schedule]},
                note="载入专项行动报送安排",
            ),
        )
    return campaign


# --- the filing workflow --------------------------------------------------------------------------


def _audit_submission(
    actor: User | None, submission: Submission, action: str, note: str, **after: Any
) -> None:
    record(
        actor=actor,
        change=change_for(
            submission,
            action,
            after={"status": submission.status, "item": submission.item_id, **after},
            note=note,
        ),
    )


def start_submission(*, actor: User, item: ScheduleItem, region: Region) -> Submission:
    """The county's draft of a schedule item (created once; the narrative starts with generated facts)."""
    check_permission(actor, "draft_reports")
    if not can_file(actor, region):
        raise PermissionDenied("只能为本单位起草报送材料。")
    with transaction.atomic():
        existing = Submission.objects.filter(item=item, region=region).first()
        if existing is not None:
            return existing
        submission = Submission(item=item, region=region, created_by=actor)
        submission.template_version = template_for(item).version
        if item.kind != ReportKind.MONTHLY_FORM:
            cells = submission_live_cells(submission)
            label = f"{item.period_start:%Y年%m月%d日}至{item.period_end:%Y年%m月%d日}"
            submission.narrative = fact_paragraphs(cells, region_name=region.name, period_label=label)
        submission.save()
        _audit_submission(actor, submission, AuditAction.CREATE, "起草报送材料")
    return submission


def _typed_values(submission: Submission, typed: Mapping[str, Any]) -> dict[str, Any]:
    template = template_for(submission.item)
    clean: dict[str, Any] = {}
    for column in template.typed_columns:
        raw = typed.get(column.key)
        text = "" if raw is None else str(raw).strip()
        if not text:
            continue
        if column.typed == "integer":
            try:
                value = int(text)
            except ValueError:
                raise UserError(
                    f"“{column.label}”应填写整数，您填写的是“{text}”。", field=column.key
                ) from None
            if value < 0:
                raise UserError(f"“{column.label}”不能为负数。", field=column.key)
            clean[column.key] = value
        elif column.typed == "money":
            try:
                amount = Decimal(text)
            except InvalidOperation:
                raise UserError(
                    f"“{column.label}”应填写金额（元），您填写的是“{text}”。", field=column.key
                ) from None
            if amount < 0 or not amount.is_finite():
                raise UserError(f"“{column.label}”金额无效。", field=column.key)
            clean[column.key] = str(amount.quantize(Decimal("0.01")))
        else:
            clean[column.key] = text[:500]
    unknown = set(typed) - {c.key for c in template.typed_columns}
    if unknown:
        raise UserError(f"“{sorted(unknown)[0]}”不是可填报的栏目。", field=sorted(unknown)[0])
    return clean


def save_draft(
    *,
    actor: User,
    submission: Submission,
    typed: Mapping[str, Any] | None = None,
    narrative: Mapping[str, str] | None = None,
) -> Submission:
    """Save the cells the county types and the narrative it writes (draft or returned only)."""
    check_permission(actor, "draft_reports")
    if not can_file(actor, submission.region):
        raise PermissionDenied("只能修改本单位的报送材料。")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status not in EDITABLE:
            raise UserError(f"报送材料当前状态为“{submission.get_status_display()}”，不能修改。")
        before = {"typed": submission.typed, "narrative": submission.narrative}
        if typed is not None:
            submission.typed = _typed_values(submission, typed)
        if narrative is not None:
            keys = {key for key, _ in SECTIONS}
            for key, text in narrative.items():
                if key not in keys:
                    raise UserError(f"“{key}”不是报告的组成部分。", field=key)
                if len(text) > MAX_NARRATIVE:
                    raise UserError(f"文字材料过长（不超过{MAX_NARRATIVE}字）。", field=key)
            submission.narrative = {**submission.narrative, **{k: v.strip() for k, v in narrative.items()}}
        submission.save(update_fields=["typed", "narrative"])
        record(
            actor=actor,
            change=change_for(
                submission,
                AuditAction.UPDATE,
                before=before,
                after={"typed": submission.typed, "narrative": submission.narrative},
                note="修改报送材料草稿",
            ),
        )
    return submission


def submit_submission(*, actor: User, submission: Submission) -> Submission:
    """The county head files it: the figures are frozen as a snapshot; the live figures may move on."""
    if not can_file(actor, submission.region):
        raise PermissionDenied("只能报送本单位的材料。")
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("item__campaign", "region")
            .get(pk=submission.pk)
        )
        transition = TRANSITIONS.check(Action.SUBMIT, state=submission.status, user=actor, obj=submission)
        cells = submission_live_cells(submission)
        template = template_for(submission.item)
        now = timezone.now()
        submission.snapshot = {
            "template": template.version,
            "frozen_at": now.isoformat(),
            "cells": encode_cells(cells),
            "typed": [c.key for c in template.typed_columns if submission.typed.get(c.key) not in (None, "")],
        }
        submission.template_version = template.version
        submission.status = transition.target
        submission.submitted_at = now
        submission.first_submitted_at = submission.first_submitted_at or now
        submission.submitted_by = actor
        submission.save()
        _audit_submission(
            actor, submission, AuditAction.TRANSITION, transition.label, snapshot=submission.snapshot
        )
    return submission


def _decide(*, actor: User, submission: Submission, action: str, comment: str) -> Submission:
    if not can_decide(actor, submission):
        raise PermissionDenied("只有上级工作专班可以审核下级报送的材料。")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        transition = TRANSITIONS.check(action, state=submission.status, user=actor, obj=submission)
        submission.status = transition.target
        submission.decided_at = timezone.now()
        submission.decided_by = actor
        submission.comment = comment.strip()
        submission.save(update_fields=["status", "decided_at", "decided_by", "comment"])
        _audit_submission(
            actor, submission, AuditAction.TRANSITION, transition.label, comment=submission.comment
        )
    return submission


def accept_submission(*, actor: User, submission: Submission, comment: str = "") -> Submission:
    return _decide(actor=actor, submission=submission, action=Action.ACCEPT, comment=comment)


def return_submission(*, actor: User, submission: Submission, comment: str) -> Submission:
    if not comment.strip():
        raise UserError("退回修改时请写明退回意见。", field="comment")
    return _decide(actor=actor, submission=submission, action=Action.RETURN, comment=comment)


# --- practices （典型经验做法） ----------------------------------------------------------------------


def record_practice(
    *,
    actor: User,
    region: Region,
    title: str,
    text: str,
    effect: str = "",
    domain: Domain | None = None,
    campaign: Campaign | None = None,
) -> Practice:
    check_permission(actor, "draft_reports")
    if region.pk not in visible_region_ids(actor):
        raise PermissionDenied("该区划不在您的管辖范围内。")
    if not title.strip():
        raise UserError("请填写典型经验做法的标题。", field="title")
    if not text.strip():
        raise UserError("请填写主要做法。", field="text")
    with transaction.atomic():
        practice = Practice.objects.create(
            region=region,
            campaign=campaign,
            title=title.strip()[:100],
            text=text.strip(),
            effect=effect.strip(),
            domain=domain,
            created_by=actor,
        )
        record(
            actor=actor,
            change=change_for(
                practice, AuditAction.CREATE, after=snapshot(practice), note="填写典型经验做法"
            ),
        )
    return practice


def select_practice(*, actor: User, practice: Practice, publish: bool = False) -> Practice:
    """The city task force selects a county's practice for the city list, and may publish it."""
    check_permission(actor, "decide_reports")
    if practice.region_id not in visible_region_ids(actor):
        raise PermissionDenied("该典型经验做法不在您的管辖范围内。")
    with transaction.atomic():
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
        before = {"status": practice.status}
        if publish:
            practice.status = PracticeStatus.PUBLISHED
            practice.published_on = timezone.localdate()
        else:
            if practice.status == PracticeStatus.PUBLISHED:
                raise UserError("该典型经验做法已发布。")
            practice.status = PracticeStatus.SELECTED
        practice.save(update_fields=["status", "published_on"])
        record(
            actor=actor,
            change=change_for(
                practice,
                AuditAction.TRANSITION,
                before=before,
                after={"status": practice.status},
                note="发布典型经验做法" if publish else "选用典型经验做法",
            ),
        )
    return practice


# --- 立改废释 ------------------------------------------------------------------------------------


def record_law_suggestion(
    *,
    actor: User,
    region: Region,
    document: str,
    level: str,
    problem: str,
    action: str,
    proposal: str,
    provision: str = "",
    clues: Sequence[Clue] = (),
) -> LawSuggestion:
    check_permission(actor, "draft_reports")
    visible = visible_region_ids(actor)
    if region.pk not in visible:
        raise PermissionDenied("该区划不在您的管辖范围内。")
    if not document.strip():
        raise UserError("请填写法律法规规章或文件名称。", field="document")
    if level not in LawLevel.values:
        raise UserError("请选择效力层级。", field="level")
    if action not in LawAction.values:
        raise UserError("请选择建议类型（立、改、废、释）。", field="action")
    if not problem.strip() or not proposal.strip():
        raise UserError(
            "请填写存在的问题和具体建议。", field="problem" if not problem.strip() else "proposal"
        )
    for clue in clues:
        if clue.region_id not in visible:
            raise UserError(f"线索 {clue.pk} 不在您的管辖范围内。", field="clues")
    with transaction.atomic():
        item = LawSuggestion.objects.create(
            region=region,
            document=document.strip()[:150],
            level=level,
            provision=provision.strip()[:100],
            problem=problem.strip(),
            action=action,
            proposal=proposal.strip(),
            created_by=actor,
        )
        item.clues.set(clues)
        record(
            actor=actor,
            change=change_for(
                item,
                AuditAction.CREATE,
                after={**snapshot(item), "clues": [c.pk for c in clues]},
                note="提出立改废释建议",
            ),
        )
    return item


# --- reminders ------------------------------------------------------------------------------------


def _recipients(region: Region) -> list[User]:
    users = User.objects.filter(
        region=region, is_active=True, role__in=[Role.COUNTY_BUREAU, Role.OFFICER, Role.TASK_FORCE]
    )
    return [u for u in users.order_by("pk") if has_permission(u, "draft_reports")]


def send_reminders(*, today: dt.date | None = None) -> int:
    """Remind the filing regions 3 working days before a due date and on the day (idempotent).

    In the app always; by e-mail too when ``REPORTS_EMAIL_REMINDERS`` is on and the user has an address.
    """
    today = today or timezone.localdate()
    calendar = load_calendar()
    created = 0
    email = bool(getattr(settings, "REPORTS_EMAIL_REMINDERS", False))
    items = ScheduleItem.objects.select_related("campaign", "campaign__region").filter(
        nominal_due__gte=today - dt.timedelta(days=15), nominal_due__lte=today + dt.timedelta(days=30)
    )
    for item in items:
        due = effective_due(item, calendar)
        if due == today:
            kind = ReminderKind.DUE
        elif calendar.add(today, 3) == due:
            kind = ReminderKind.AHEAD
        else:
            continue
        filed = set(
            Submission.objects.filter(
                item=item, status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED]
            ).values_list("region_id", flat=True)
        )
        for region in Region.objects.filter(parent=item.campaign.region).order_by("code"):
            if region.pk in filed:
                continue
            when = "今天" if kind == ReminderKind.DUE else "3个工作日后"
            message = f"{item.name}报送截止日为{due:%Y年%m月%d日}（{when}），{region.name}尚未报送。"
            for user in _recipients(region):
                with transaction.atomic():
                    reminder, new = Reminder.objects.get_or_create(
                        user=user,
                        item=item,
                        region=region,
                        kind=kind,
                        defaults={"due_on": due, "message": message},
                    )
                    if not new:
                        continue
                    created += 1
                    record(
                        actor=None,
                        change=change_for(
                            reminder, AuditAction.CREATE, after=snapshot(reminder), note="生成报送提醒"
                        ),
                    )
                if email and user.email:
                    try:
                        send_mail("报送提醒", message, None, [user.email])
                    except Exception:  # an e-mail failure must not stop the in-app reminders
                        logger.exception("报送提醒邮件发送失败：%s", user.email)
                        continue
                    Reminder.objects.filter(pk=reminder.pk).update(emailed=True)
    return created


def mark_reminder_read(*, actor: User, reminder: Reminder) -> Reminder:
    if reminder.user_id != actor.pk:
        raise PermissionDenied("只能处理自己的提醒。")
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    return reminder
