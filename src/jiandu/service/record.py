"""一企一档： the firm's health record, one timeline built from a list of sources.

Each source reads one kind of record about one firm with one or two indexed queries and returns
timeline events plus what the check-up summary needs (open risks, obligations due, what the bureau
owes the firm). Adding a source (e.g. risk warnings or compliance guides) is one line in `SOURCES`.
Nothing here writes. Visibility: the firm must be in the user's regions (`get_record`), or the firm
itself came in with its access code (`get_public_record`, public subset only).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils import timezone

from jiandu.audit.models import AuditEntry
from jiandu.cases.models import CreditRepair, PenaltyCase, PublicityStatus, RepairStatus
from jiandu.cases.services import publicity_plan, repair_due
from jiandu.clues.models import Clue, ClueStatus
from jiandu.clues.selectors import PUBLIC_STAGES
from jiandu.engines.workdays import WorkdayCalendar
from jiandu.inspections.models import GuidanceMeasure, Inspection, Outcome
from jiandu.org.holidays import load_calendar
from jiandu.org.models import CreditClass, Enterprise, User
from jiandu.org.selectors import visible_region_ids
from jiandu.prevention.models import Complaint
from jiandu.reviews.models import FollowUp, FollowUpStatus
from jiandu.service.models import (
    AssistanceRequest,
    AssistanceStatus,
    CaseLead,
    CaseLeadStatus,
    Forum,
    ForumIssue,
    LiaisonAssignment,
    LiaisonVisit,
    ServiceEvent,
)
from jiandu.service.rules import service_rules


@dataclass(frozen=True)
class Event:
    on: dt.date
    source: str  # the key of the source
    title: str
    detail: str = ""
    status: str = ""
    public: bool = False  # part of what the firm may see with its access code
    link: tuple[str, int] | None = None  # (staff url name, pk)
    label: str = ""  # the source's label, set when the record is built


@dataclass(frozen=True)
class Item:
    """One line of the check-up summary."""

    text: str
    due: dt.date | None = None
    overdue: bool = False
    public: bool = False


@dataclass
class Part:
    events: list[Event] = field(default_factory=list)
    risks: list[Item] = field(default_factory=list)
    due: list[Item] = field(default_factory=list)
    owed: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    today: dt.date
    calendar: WorkdayCalendar


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    read: Callable[[Enterprise, Context], Part]


# --- the sources ------------------------------------------------------------------------------------


def credit_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    changes = (
        AuditEntry.objects.filter(target_type="org.enterprise", target_id=str(firm.pk))
        .order_by("seq")
        .values_list("created_at", "before", "after")
    )
    labels = dict(CreditClass.choices)
    for at, before, after in changes:
        new = (after or {}).get("credit_class")
        if new:
            old = (before or {}).get("credit_class")
            change = f"由{labels.get(old, old)}调整为{labels.get(new, new)}" if old else labels.get(new, new)
            part.events.append(Event(timezone.localdate(at), "credit", f"信用风险分类：{change}"))
    part.events.append(
        Event(ctx.today, "credit", f"当前信用风险分类：{firm.get_credit_class_display()}", status="当前")
    )
    if firm.credit_class in (CreditClass.C, CreditClass.D):
        part.risks.append(Item(f"信用风险分类为{firm.get_credit_class_display()}"))
    return part


def inspections_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    rows = Inspection.objects.filter(enterprise=firm).select_related("plan").order_by("-inspected_on")[:200]
    for row in rows:
        when = row.inspected_on or (row.plan.period_start if row.plan else ctx.today)
        title = (
            f"{'双随机抽查' if row.plan_id else '监督检查'}（{row.department}）：{row.get_outcome_display()}"
        )
        part.events.append(
            Event(
                when,
                "inspections",
                title,
                detail=row.findings,
                status=row.get_outcome_display(),
                public=row.published_at is not None,
            )
        )
        deadline = row.rectification_deadline
        if row.outcome == Outcome.RECTIFICATION and deadline and deadline >= ctx.today:
            part.due.append(Item("检查发现问题，责令整改", row.rectification_deadline, public=True))
        if row.outcome == Outcome.PENDING and row.plan_id:
            part.due.append(Item("已列入抽查计划，待检查", row.plan.period_end if row.plan else None))
    return part


def guidance_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    for row in GuidanceMeasure.objects.filter(enterprise=firm).order_by("-issued_on")[:200]:
        followed = f"；跟踪检查：{row.follow_up_result}" if row.followed_up_on else ""
        part.events.append(
            Event(row.issued_on, "guidance", f"行政指导（{row.get_kind_display()}）", row.content + followed)
        )
        if row.followed_up_on is None:
            part.due.append(Item(f"行政指导（{row.get_kind_display()}）待跟踪检查"))
    return part


def complaints_part(firm: Enterprise, ctx: Context) -> Part:
    """Counts and issues by month; never who complained (only the date and the subject are read)."""
    part = Part()
    rows = Complaint.objects.filter(enterprise=firm).values_list("received_at", "subject").order_by()
    by_month: dict[dt.date, Counter[str]] = {}
    zone = timezone.get_current_timezone()
    for received_at, subject in rows.iterator(chunk_size=2000):
        month = received_at.astimezone(zone).date().replace(day=1)
        by_month.setdefault(month, Counter())[subject] += 1
    recent = 0
    for month, subjects in sorted(by_month.items(), reverse=True):
        total = sum(subjects.values())
        top = "、".join(f"{s}（{n}）" for s, n in subjects.most_common(3))
        part.events.append(
            Event(month, "complaints", f"{month:%Y年%m月}投诉举报 {total} 件", f"主要诉求：{top}")
        )
        if (ctx.today - month).days <= 90:
            recent += total
    if recent >= 3:
        part.risks.append(Item(f"近三个月投诉举报 {recent} 件"))
    return part


def cases_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    for case in (
        PenaltyCase.objects.filter(enterprise=firm).select_related("domain").order_by("-filed_on")[:100]
    ):
        amount = f"，罚没 {case.amount_due} 元" if case.amount_due else ""
        publicity = case.get_publicity_status_display()
        title = f"行政处罚案件（{case.domain.name}）：{case.violation}"
        public = case.publicity_status in (PublicityStatus.PUBLISHED,)
        part.events.append(
            Event(
                case.decided_on or case.filed_on,
                "cases",
                title,
                detail=f"{case.get_outcome_display()}{amount}；公示：{publicity}",
                status=case.get_status_display(),
                public=public,
                link=("case_detail", case.pk),
            )
        )
        if case.publicity_status == PublicityStatus.PUBLISHED and case.decided_on:
            ends = publicity_plan(case).ends_on
            if ends is not None:
                part.due.append(Item(f"处罚信息公示期届满（{case}）", ends, ends < ctx.today, public=True))
        if case.decided_on is None:
            part.risks.append(Item(f"在办行政处罚案件：{case.violation}"))
    return part


def repairs_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    for row in (
        CreditRepair.objects.filter(case__enterprise=firm).select_related("case").order_by("-submitted_on")
    ):
        part.events.append(
            Event(
                row.submitted_on,
                "repairs",
                f"信用修复申请 {row.number}",
                detail=row.review_opinion,
                status=row.get_status_display(),
                public=True,
            )
        )
        if row.status == RepairStatus.SUBMITTED:
            due = repair_due(row)
            part.owed.append(Item(f"信用修复申请 {row.number} 待审核", due, due < ctx.today, public=True))
    return part


def follow_ups_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    for row in FollowUp.objects.filter(case__enterprise=firm).select_related("case").order_by("-due_on"):
        done = row.status == FollowUpStatus.DONE
        part.events.append(
            Event(
                row.visited_on or row.due_on,
                "follow_ups",
                f"{row.get_kind_display()}（{row.case}）",
                detail=row.opinion if done else "",
                status=row.get_status_display(),
            )
        )
        if not done:
            part.owed.append(Item(f"{row.get_kind_display()}待开展", row.due_on, row.due_on < ctx.today))
    return part


def assistance_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    for row in (
        AssistanceRequest.objects.filter(enterprise=firm).select_related("unit").order_by("-raised_on")
    ):
        due = ctx.calendar.add(row.raised_on, row.term_workdays)
        late = row.status == AssistanceStatus.OPEN and due < ctx.today
        part.events.append(
            Event(
                row.raised_on,
                "assistance",
                f"帮扶需求（{row.get_source_display()}）：{row.content[:60]}",
                detail=f"责任单位：{row.unit.name}" + (f"；答复：{row.answer}" if row.answer else ""),
                status=row.get_status_display() + ("，已逾期" if late else ""),
                public=True,
                link=("service_assistance_detail", row.pk),
            )
        )
        if row.status == AssistanceStatus.OPEN:
            part.owed.append(Item(f"帮扶需求待答复：{row.content[:40]}", due, late, public=True))
    return part


def liaison_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    for row in LiaisonAssignment.objects.filter(enterprise=firm).select_related("leader"):
        part.events.append(
            Event(
                row.assigned_on,
                "liaison",
                f"确定联络领导：{row.leader}（{row.title}）",
                detail=row.get_category_display(),
                status="在联络" if row.active else "已结束",
            )
        )
    for visit in LiaisonVisit.objects.filter(enterprise=firm).select_related("assignment__leader"):
        part.events.append(
            Event(
                visit.visited_on, "liaison", f"联络领导走访：{visit.assignment.leader}", detail=visit.content
            )
        )
    return part


def forums_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    for forum in Forum.objects.filter(firms=firm).order_by("-held_on"):
        part.events.append(Event(forum.held_on, "forums", f"参加座谈会：{forum.title}", detail=forum.venue))
    for issue in ForumIssue.objects.filter(enterprise=firm).select_related("forum"):
        refs = (
            ("问题线索", issue.clue_id),
            ("帮扶需求", issue.assistance_id),
            ("意见建议", issue.suggestion_id),
        )
        done = [name for name, ref in refs if ref]
        part.events.append(
            Event(
                issue.forum.held_on,
                "forums",
                f"在座谈会上反映：{issue.text[:60]}",
                status=("已转为" + "、".join(done)) if done else "待处理",
            )
        )
    for event in ServiceEvent.objects.filter(firms=firm).order_by("-held_on"):
        part.events.append(
            Event(
                event.held_on,
                "forums",
                f"进园区进企业服务：{event.park}",
                detail="、".join(event.service_labels),
            )
        )
    return part


def case_leads_part(firm: Enterprise, ctx: Context) -> Part:
    part = Part()
    rules = service_rules()
    for lead in CaseLead.objects.filter(enterprise=firm).select_related("handling_unit"):
        part.events.append(
            Event(
                lead.discovered_on,
                "case_leads",
                f"案源（{lead.get_source_display()}）：{lead.facts[:60]}",
                detail=f"办案机构：{lead.handling_unit.name}",
                status=lead.get_status_display(),
                link=("service_case_lead_detail", lead.pk),
            )
        )
        if lead.status in (CaseLeadStatus.REGISTERED, CaseLeadStatus.ACCEPTED):
            days = rules.lead_check_workdays + (rules.lead_extension_workdays if lead.extended else 0)
            part.risks.append(
                Item(f"案源待决定是否立案：{lead.facts[:40]}", ctx.calendar.add(lead.discovered_on, days))
            )
    return part


def clues_part(firm: Enterprise, ctx: Context) -> Part:
    """Problems the firm raised about how it was treated: the stage only, never who reported."""
    part = Part()
    for clue in Clue.objects.filter(enterprise=firm).order_by("-received_at")[:100]:
        stage = PUBLIC_STAGES[ClueStatus(clue.status)]
        on = timezone.localdate(clue.received_at)
        part.events.append(
            Event(on, "clues", f"反映涉企执法问题（{clue.get_channel_display()}）", status=stage)
        )
        if clue.status != ClueStatus.CLOSED:
            part.owed.append(Item(f"企业反映的执法问题办理中：{stage}", public=clue.receipt_code is not None))
    return part


# The record's sources, in the order of the page's legend. Another app's reader is one more line here.
SOURCES: list[Source] = [
    Source("credit", "信用风险分类", credit_part),
    Source("inspections", "监督检查", inspections_part),
    Source("guidance", "行政指导", guidance_part),
    Source("complaints", "投诉举报", complaints_part),
    Source("cases", "行政处罚", cases_part),
    Source("repairs", "信用修复", repairs_part),
    Source("follow_ups", "回访", follow_ups_part),
    Source("assistance", "帮扶需求", assistance_part),
    Source("liaison", "局处长联络", liaison_part),
    Source("forums", "座谈会和服务活动", forums_part),
    Source("case_leads", "案源", case_leads_part),
    Source("clues", "企业反映的执法问题", clues_part),
]


@dataclass
class Record:
    enterprise: Enterprise
    events: list[Event]
    risks: list[Item]
    due: list[Item]
    owed: list[Item]
    labels: dict[str, str]
    counts: dict[str, int]

    @property
    def legend(self) -> list[tuple[str, str, int]]:
        """(key, label, events) of the sources that have something on this timeline."""
        return [(key, label, self.counts[key]) for key, label in self.labels.items() if self.counts[key]]


def _build(firm: Enterprise, *, public: bool, today: dt.date | None) -> Record:
    ctx = Context(today=today or timezone.localdate(), calendar=load_calendar())
    events: list[Event] = []
    risks: list[Item] = []
    due: list[Item] = []
    owed: list[Item] = []
    for source in SOURCES:
        part = source.read(firm, ctx)
        events += [replace(e, label=source.label) for e in part.events]
        risks += part.risks
        due += part.due
        owed += part.owed
    if public:
        events = [e for e in events if e.public]
        due = [i for i in due if i.public]
        owed = [i for i in owed if i.public]
        risks = []
    events.sort(key=lambda e: e.on, reverse=True)
    far = dt.date.max
    due.sort(key=lambda i: i.due or far)
    owed.sort(key=lambda i: (not i.overdue, i.due or far))
    counts = Counter(e.source for e in events)
    return Record(
        enterprise=firm,
        events=events,
        risks=risks,
        due=due,
        owed=owed,
        labels={s.key: s.label for s in SOURCES},
        counts={s.key: counts.get(s.key, 0) for s in SOURCES},
    )


def get_record(*, user: User, uscc: str, today: dt.date | None = None) -> Record | None:
    """The staff record of a firm in the user's regions; None if there is none or it is out of scope."""
    firm = (
        Enterprise.objects.filter(uscc=uscc.strip().upper(), region_id__in=visible_region_ids(user))
        .select_related("region")
        .first()
    )
    return None if firm is None else _build(firm, public=False, today=today)


def get_public_record(firm: Enterprise, *, today: dt.date | None = None) -> Record:
    """What the firm itself may see: what is already public about it, and its own open requests."""
    return _build(firm, public=True, today=today)
