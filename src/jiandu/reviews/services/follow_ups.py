"""Follow-up visits: the mandatory 双百回访 tasks, 事后回访, the sweep, visit records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from jiandu.audit.services import AuditAction, change_for, diff, record, record_many, snapshot
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Channel
from jiandu.clues.services import file_clue
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.org.models import User
from jiandu.org.permissions import check_permission
from jiandu.reviews.models import (
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    RectificationState,
    VisitMethod,
)
from jiandu.reviews.rules import (
    CaseFacts,
    follow_up_rules,
    mandatory_visit_reasons,
)

# A case counts as closed for reviews once it is decided.
from jiandu.reviews.services.campaigns import (
    CLOSED_STATUSES,
    today,
)
from jiandu.reviews.workflow import FOLLOW_UP, FollowUpAction, check

# --- follow-up visits (双百回访 / 事后回访) ---------------------------------------------------------


def case_facts(case: PenaltyCase) -> CaseFacts:
    return CaseFacts(
        decided_on=case.decided_on or today(),
        uscc=case.enterprise.uscc,
        fine=case.fine,
        penalty_kinds=tuple(case.penalty_kinds or ()),
        is_major=case.is_major,
        reconsidered=case.reconsidered,
        litigated=case.litigated,
        person=getattr(case, "party_kind", "") == "person",
    )


def _due(start: dt.date | None, workdays: int) -> dt.date:
    return load_calendar().add(max(start or today(), today()), workdays)


def ensure_follow_up_task(*, case: PenaltyCase, actor: User | None) -> FollowUp | None:
    """Create the mandatory 双百回访 task when the case data calls for one (idempotent).

    Called when a case is decided or flagged (reconsideration, litigation). Returns the task, the
    existing one if any, or None when the case needs no mandatory visit.
    """
    rules = follow_up_rules()
    existing = FollowUp.objects.filter(case=case, kind=FollowUpKind.MANDATORY).first()
    if case.status not in CLOSED_STATUSES:
        return existing
    reasons = mandatory_visit_reasons(case_facts(case), rules)
    if existing is not None:
        if reasons and existing.status == FollowUpStatus.PENDING and reasons != existing.reasons:
            with transaction.atomic():
                before = {"reasons": existing.reasons}
                existing.reasons = reasons
                existing.save(update_fields=["reasons"])
                record(
                    actor=actor,
                    change=change_for(
                        existing, AuditAction.UPDATE, before=before, after={"reasons": reasons}
                    ),
                )
        return existing
    if not reasons:
        return None
    with transaction.atomic():
        task, created = FollowUp.objects.get_or_create(
            case=case,
            kind=FollowUpKind.MANDATORY,
            defaults={
                "region_id": case.region_id,
                "reasons": reasons,
                "rules_version": rules.version,
                "due_on": _due(case.decided_on, rules.deadline_workdays),
            },
        )
        if created:
            record(
                actor=actor,
                change=change_for(task, AuditAction.CREATE, after=snapshot(task), note="生成双百回访任务"),
            )
    return task


def schedule_after_penalty_visit(*, case: PenaltyCase, actor: User | None) -> FollowUp:
    """The 事后回访 after any penalty (idempotent: one per case)."""
    rules = follow_up_rules()
    with transaction.atomic():
        task, created = FollowUp.objects.get_or_create(
            case=case,
            kind=FollowUpKind.AFTER_PENALTY,
            defaults={
                "region_id": case.region_id,
                "reasons": ["处罚后回访（体检式监管 服务型执法第14项）"],
                "rules_version": rules.version,
                "due_on": _due(case.decided_on, rules.after_penalty_deadline_workdays),
            },
        )
        if created:
            record(
                actor=actor,
                change=change_for(task, AuditAction.CREATE, after=snapshot(task), note="安排事后回访"),
            )
    return task


@dataclass(frozen=True)
class SyncReport:
    examined: int
    created: int

    def __str__(self) -> str:
        return f"已检查案件 {self.examined} 件，新生成双百回访任务 {self.created} 件。"


def sync_follow_up_tasks(*, actor: User | None = None) -> SyncReport:
    """Sweep: every closed case that needs a 双百回访 and has none gets its task (idempotent)."""
    rules = follow_up_rules()
    have = set(FollowUp.objects.filter(kind=FollowUpKind.MANDATORY).values_list("case_id", flat=True))
    cases = (
        PenaltyCase.objects.filter(status__in=CLOSED_STATUSES, decided_on__gte=rules.applies_from)
        .exclude(pk__in=have)
        .select_related("enterprise")
        .only(
            "pk",
            "region_id",
            "decided_on",
            "fine",
            "penalty_kinds",
            "is_major",
            "reconsidered",
            "litigated",
            "decision_number",
            "enterprise__uscc",
            "party_kind",
        )
    )
    calendar = load_calendar()
    examined = 0
    tasks = []
    for case in cases.iterator(chunk_size=2000):
        examined += 1
        reasons = mandatory_visit_reasons(case_facts(case), rules)
        if reasons:
            tasks.append(
                FollowUp(
                    case=case,
                    kind=FollowUpKind.MANDATORY,
                    region_id=case.region_id,
                    reasons=reasons,
                    rules_version=rules.version,
                    due_on=calendar.add(max(case.decided_on or today(), today()), rules.deadline_workdays),
                )
            )
    with transaction.atomic():
        FollowUp.objects.bulk_create(tasks, batch_size=2000, ignore_conflicts=True)
        created = list(
            FollowUp.objects.filter(kind=FollowUpKind.MANDATORY, case_id__in=[t.case_id for t in tasks])
            .exclude(case_id__in=have)
            .select_related("region", "case")
        )
        record_many(
            actor=actor,
            changes=[
                change_for(t, AuditAction.CREATE, after=snapshot(t), note="同步生成双百回访任务")
                for t in created
            ],
        )
    return SyncReport(examined=examined, created=len(created))


def visit_problems(follow_up: FollowUp) -> list[str]:
    """The questionnaire answers that report a problem, in the words of the questions."""
    rules = follow_up_rules()
    return [
        f"{q.text}:{'是' if follow_up.answers.get(q.code) == 'yes' else '否'}"
        for q in rules.questions
        if follow_up.answers.get(q.code) == q.problem
    ]


def record_visit(
    *,
    actor: User,
    follow_up: FollowUp,
    visited_on: dt.date,
    visitors: str,
    method: str,
    answers: Mapping[str, str],
    rectification: str,
    opinion: str = "",
    needs: str = "",
) -> FollowUp:
    """Record the visit; any answer that reports a problem files a clue (channel: follow-up)."""
    check_permission(actor, "record_follow_ups")
    rules = follow_up_rules()
    if method not in VisitMethod.values:
        raise UserError("请选择回访方式：实地、电话或视频。")
    if rectification not in RectificationState.values:
        raise UserError("请选择整改情况。")
    if not visitors.strip():
        raise UserError("请填写回访人员。")
    missing = [q.text for q in rules.questions if answers.get(q.code) not in ("yes", "no")]
    if missing:
        raise UserError(f"请回答全部问卷题目，未回答：{'、'.join(missing)}。")
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update()
            .select_related("case__enterprise", "case__region", "case__domain")
            .get(pk=follow_up.pk)
        )
        check(FOLLOW_UP, FollowUpAction.RECORD_VISIT, state=follow_up.status, what="该回访任务")
        case = follow_up.case
        if visited_on > today():
            raise UserError("回访日期不能晚于今天。")
        if case.decided_on and visited_on < case.decided_on:
            raise UserError(f"回访日期不能早于处罚决定日期 {case.decided_on:%Y-%m-%d}。")
        before = snapshot(follow_up)
        follow_up.status = FollowUpStatus.DONE
        follow_up.visited_on = visited_on
        follow_up.visitor = actor
        follow_up.visitors = visitors.strip()[:100]
        follow_up.method = method
        follow_up.answers = {q.code: answers[q.code] for q in rules.questions}
        follow_up.rectification = rectification
        follow_up.opinion = opinion.strip()
        follow_up.needs = needs.strip()
        problems = visit_problems(follow_up)
        if problems:
            summary = (
                f"{follow_up.get_kind_display()}发现：{case.enterprise.name}"
                f"（案件 {case.decision_number}，承办人员 {case.officers or '未载明'}）"
                f"反映：{'；'.join(problems)}。"
            )
            if follow_up.opinion:
                summary += f"企业意见：{follow_up.opinion}。"
            follow_up.clue = file_clue(
                actor=actor,
                channel=Channel.FOLLOW_UP,
                summary=summary,
                region=case.region,
                enterprise=case.enterprise,
                domain=case.domain,
            )
        follow_up.save()
        old, new = diff(before, snapshot(follow_up))
        record(
            actor=actor,
            change=change_for(follow_up, AuditAction.TRANSITION, before=old, after=new, note="登记回访"),
        )
    return follow_up


def schedule_case_follow_ups(*, case: PenaltyCase, actor: User | None) -> None:
    """After a decision (and when the 复议/诉讼 flags change): the 事后回访 and, if due, the 双百回访."""
    if case.decided_on is not None:
        schedule_after_penalty_visit(case=case, actor=actor)
    ensure_follow_up_task(case=case, actor=actor)
