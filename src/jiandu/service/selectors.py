"""Reads of the service loop, each scoped by `visible_region_ids(user)`; due dates and overdue derived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from jiandu.audit.models import AuditEntry
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Assessment, Clue, ClueStatus
from jiandu.clues.selectors import PUBLIC_STAGES
from jiandu.inspections.models import Inspection
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Enterprise, Role, Unit, User
from jiandu.org.selectors import visible_region_ids
from jiandu.service.models import (
    AssistanceRequest,
    AssistanceStatus,
    CaseAnalysis,
    CaseLead,
    CaseLeadStatus,
    CommonProblem,
    FirmAccessCode,
    Forum,
    ForumIssue,
    LiaisonAssignment,
    MonitoringPoint,
    ProcedureFinding,
    ServiceEvent,
    StudyItem,
    Supervisor,
    SurveyResponse,
    TrainingSession,
)
from jiandu.service.rules import service_rules
from jiandu.service.services import HANDOVER_OUTCOMES
from jiandu.service.workflow import ASSISTANCE, CASE_LEADS

# --- 帮扶需求清单 ---------------------------------------------------------------------------------


def list_assistance(
    *, user: User, county: str = "", unit: int | None = None, status: str = "", overdue: bool = False
) -> QuerySet[AssistanceRequest]:
    items = AssistanceRequest.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "unit", "enterprise"
    )
    if county:
        items = items.filter(region__code=county)
    if unit:
        items = items.filter(unit_id=unit)
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.filter(
            pk__in=[r.item.pk for r in assistance_rows(items.filter(status="open")) if r.overdue]
        )
    return items.order_by("-raised_on", "-pk")


def get_assistance(*, user: User, pk: int) -> AssistanceRequest | None:
    return list_assistance(user=user).filter(pk=pk).prefetch_related("steps").first()


@dataclass(frozen=True)
class AssistanceRow:
    item: AssistanceRequest
    due: dt.date
    overdue: bool


def assistance_rows(
    items: Iterable[AssistanceRequest], *, today: dt.date | None = None
) -> list[AssistanceRow]:
    today = today or timezone.localdate()
    calendar = load_calendar()
    rows = []
    for item in items:
        due = calendar.add(item.raised_on, item.term_workdays)
        finished = item.answered_on if item.status != AssistanceStatus.OPEN else None
        rows.append(AssistanceRow(item, due, (finished or today) > due))
    return rows


def assistance_actions(item: AssistanceRequest, user: User) -> list[str]:
    return [t.action for t in ASSISTANCE.available(state=item.status, user=user)]


ASSISTANCE_HEADER = [
    "序号", "县（市、区）", "责任单位", "提出方", "统一社会信用代码", "需求来源", "需求内容", "提出日期",
    "办理期限", "状态", "办理措施", "办理答复", "答复日期", "企业反馈", "满意度", "是否逾期",
]  # fmt: skip


def assistance_table(rows: list[AssistanceRow]) -> list[list[object]]:
    """The list as plain rows, sorted by county then unit, for the Excel writer."""
    ordered = sorted(rows, key=lambda r: (r.item.region.code, r.item.unit.name, r.item.raised_on))
    return [
        [
            index,
            row.item.region.name,
            row.item.unit.name,
            row.item.requester,
            row.item.enterprise.uscc if row.item.enterprise else "",
            row.item.get_source_display(),
            row.item.content,
            row.item.raised_on,
            row.due,
            row.item.get_status_display(),
            ";".join(f"{s.taken_on:%Y-%m-%d} {s.action}" for s in row.item.steps.all()),
            row.item.answer,
            row.item.answered_on,
            row.item.feedback,
            row.item.satisfaction or "",
            "是" if row.overdue else "否",
        ]
        for index, row in enumerate(ordered, start=1)
    ]


# --- liaison, forums, walks, park visits ------------------------------------------------------------


def list_liaisons(*, user: User) -> QuerySet[LiaisonAssignment]:
    return (
        LiaisonAssignment.objects.filter(region_id__in=visible_region_ids(user))
        .select_related("enterprise", "leader", "region")
        .annotate(visit_count=Count("visits"))
        .order_by("-assigned_on", "-pk")
    )


def get_liaison(*, user: User, pk: int) -> LiaisonAssignment | None:
    return list_liaisons(user=user).filter(pk=pk).prefetch_related("visits").first()


def list_forums(*, user: User) -> QuerySet[Forum]:
    return (
        Forum.objects.filter(region_id__in=visible_region_ids(user))
        .select_related("region", "host_unit")
        .annotate(issue_count=Count("issues", distinct=True), firm_count=Count("firms", distinct=True))
        .order_by("-held_on", "-pk")
    )


def get_forum(*, user: User, pk: int) -> Forum | None:
    return (
        Forum.objects.filter(region_id__in=visible_region_ids(user), pk=pk)
        .select_related("region", "host_unit")
        .prefetch_related("firms")
        .first()
    )


def forum_issues(forum: Forum) -> QuerySet[ForumIssue]:
    return forum.issues.select_related("enterprise", "clue", "assistance", "suggestion").order_by("pk")


def get_forum_issue(*, user: User, pk: int) -> ForumIssue | None:
    return (
        ForumIssue.objects.filter(forum__region_id__in=visible_region_ids(user), pk=pk)
        .select_related("forum", "enterprise")
        .first()
    )


@dataclass(frozen=True)
class FindingRow:
    item: ProcedureFinding
    due: dt.date
    overdue: bool


def list_procedure_findings(*, user: User, status: str = "") -> QuerySet[ProcedureFinding]:
    items = ProcedureFinding.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "unit"
    )
    if status:
        items = items.filter(status=status)
    return items.order_by("-found_on", "-pk")


def finding_rows(items: Iterable[ProcedureFinding], *, today: dt.date | None = None) -> list[FindingRow]:
    today = today or timezone.localdate()
    calendar = load_calendar()
    rows = []
    for item in items:
        due = calendar.add(item.found_on, item.term_workdays)
        rows.append(FindingRow(item, due, (item.rectified_on or today) > due))
    return rows


def list_service_events(*, user: User) -> QuerySet[ServiceEvent]:
    return (
        ServiceEvent.objects.filter(region_id__in=visible_region_ids(user))
        .select_related("region")
        .prefetch_related("units")
        .annotate(firm_count=Count("firms", distinct=True))
        .order_by("-held_on", "-pk")
    )


def list_firms(*, user: User, ids: Iterable[int]) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(pk__in=list(ids), region_id__in=visible_region_ids(user))


def firm_by_uscc(*, user: User, uscc: str) -> Enterprise | None:
    return Enterprise.objects.filter(
        uscc=uscc.strip().upper(), region_id__in=visible_region_ids(user)
    ).first()


def list_staff(*, user: User) -> QuerySet[User]:
    return (
        User.objects.filter(region_id__in=visible_region_ids(user), is_active=True)
        .exclude(role__in=[Role.SUPERVISOR, Role.AUDITOR])
        .order_by("region__code", "username")
    )


# --- 监督员 / 监测点 and their submissions ----------------------------------------------------------


def list_supervisors(*, user: User) -> QuerySet[Supervisor]:
    return Supervisor.objects.filter(region_id__in=visible_region_ids(user)).select_related("region", "user")


def list_monitoring_points(*, user: User) -> QuerySet[MonitoringPoint]:
    return MonitoringPoint.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "user", "enterprise"
    )


def list_supervisor_logins(*, user: User) -> QuerySet[User]:
    return User.objects.filter(role=Role.SUPERVISOR, region_id__in=visible_region_ids(user), is_active=True)


def _filed_clue_ids(users: Iterable[User]) -> dict[int, list[int]]:
    """Clues each user filed, read from the audit trail (every filed clue has its creation entry);
    only entries since the earliest of the accounts was created are read (the trail's time index)."""
    people = list(users)
    found: dict[int, list[int]] = {u.pk: [] for u in people}
    if not people:
        return found
    since = min(u.date_joined for u in people)
    rows = AuditEntry.objects.filter(
        target_type="clues.clue", action="create", actor_id__in=list(found), created_at__gte=since
    ).values_list("actor_id", "target_id")
    for actor_id, target_id in rows:
        if actor_id is not None:
            found.setdefault(int(actor_id), []).append(int(target_id))
    return found


@dataclass(frozen=True)
class Submission:
    clue: Clue
    stage: str
    closed: bool
    reply: str


def my_submissions(*, user: User) -> list[Submission]:
    """What a supervisor or monitoring point submitted and what became of it (stage; reply once closed)."""
    ids = _filed_clue_ids([user])[user.pk]
    clues = list(Clue.objects.filter(pk__in=ids).select_related("domain", "region").order_by("-received_at"))
    result = []
    for clue in clues:
        # the reply staff wrote for the public, never the internal assessment or closing note
        closed = clue.status == ClueStatus.CLOSED
        reply = (clue.public_reply or "已办结，答复正在整理中") if closed else ""
        result.append(Submission(clue, PUBLIC_STAGES[ClueStatus(clue.status)], closed, reply))
    return result


@dataclass(frozen=True)
class Activity:
    name: str
    kind: str
    region: str
    login: str
    submitted: int
    closed: int
    confirmed: int


def supervision_activity(*, user: User) -> list[Activity]:
    """The city's view: how many clues each supervisor and monitoring point filed and how they ended."""
    people: list[tuple[str, str, str, User | None]] = [
        (s.name, s.get_kind_display(), s.region.name, s.user) for s in list_supervisors(user=user)
    ] + [(p.name, p.get_kind_display(), p.region.name, p.user) for p in list_monitoring_points(user=user)]
    filed = _filed_clue_ids([u for *_, u in people if u is not None])
    all_ids = [i for ids in filed.values() for i in ids]
    status = dict(Clue.objects.filter(pk__in=all_ids).values_list("pk", "status"))
    confirmed = set(
        Assessment.objects.filter(clue_id__in=all_ids, verdict="confirmed").values_list("clue_id", flat=True)
    )
    rows = []
    for name, kind, region, login in people:
        ids = [i for i in filed.get(login.pk, []) if i in status] if login else []
        rows.append(
            Activity(
                name=name,
                kind=kind,
                region=region,
                login=login.username if login else "",
                submitted=len(ids),
                closed=sum(1 for i in ids if status[i] == ClueStatus.CLOSED),
                confirmed=sum(1 for i in ids if i in confirmed),
            )
        )
    return rows


# --- 案源 -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadRow:
    lead: CaseLead
    deadline: dt.date
    overdue: bool


def list_case_leads(*, user: User, status: str = "") -> QuerySet[CaseLead]:
    items = CaseLead.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "enterprise", "region", "handling_unit", "domain", "case"
    )
    if status:
        items = items.filter(status=status)
    return items.order_by("-discovered_on", "-pk")


def get_case_lead(*, user: User, pk: int) -> CaseLead | None:
    return list_case_leads(user=user).filter(pk=pk).first()


def lead_rows(leads: Iterable[CaseLead], *, today: dt.date | None = None) -> list[LeadRow]:
    """The time limit of 第十八条： 15 working days from discovery, 15 more when extended."""
    today = today or timezone.localdate()
    rules = service_rules()
    calendar = load_calendar()
    rows = []
    for lead in leads:
        days = rules.lead_check_workdays + (rules.lead_extension_workdays if lead.extended else 0)
        deadline = calendar.add(lead.discovered_on, days)
        open_ = lead.status in (CaseLeadStatus.REGISTERED, CaseLeadStatus.ACCEPTED)
        rows.append(LeadRow(lead, deadline, ((today if open_ else lead.decided_on) or today) > deadline))
    return rows


def lead_actions(lead: CaseLead, user: User) -> list[str]:
    return [t.action for t in CASE_LEADS.available(state=lead.status, user=user)]


def pending_handovers(*, user: User) -> QuerySet[Inspection]:
    """Inspections that found a firm's violation and are not yet a case lead: the hand-over queue."""
    return (
        Inspection.objects.filter(
            region_id__in=visible_region_ids(user), outcome__in=HANDOVER_OUTCOMES, case_lead__isnull=True
        )
        .select_related("enterprise", "plan")
        .order_by("-inspected_on", "-pk")
    )


def get_pending_handover(*, user: User, pk: int) -> Inspection | None:
    return pending_handovers(user=user).filter(pk=pk).first()


def case_statistics(*, user: User, start: dt.date, end: dt.date) -> list[dict[str, object]]:
    """Cases decided in the period by domain and violation: the material of the case analysis."""
    rows = (
        PenaltyCase.objects.filter(region_id__in=visible_region_ids(user), decided_on__range=(start, end))
        .values("domain__name", "violation")
        .annotate(n=Count("id"), fines=Sum("fine"))
        .order_by("-n", "domain__name")[:30]
    )
    return [
        {
            "domain": r["domain__name"],
            "violation": r["violation"],
            "cases": r["n"],
            "fines": str(r["fines"] or 0),
        }
        for r in rows
    ]


def list_analyses(*, user: User) -> QuerySet[CaseAnalysis]:
    return CaseAnalysis.objects.filter(region_id__in=visible_region_ids(user)).select_related("region")


def get_analysis(*, user: User, pk: int) -> CaseAnalysis | None:
    return list_analyses(user=user).filter(pk=pk).first()


def analysis_problems(analysis: CaseAnalysis) -> QuerySet[CommonProblem]:
    return analysis.problems.select_related("unit", "domain", "acknowledged_by")


def problems_for_unit(*, user: User) -> QuerySet[CommonProblem]:
    """Common problems fed back to the user's own unit, awaiting its acknowledgement first."""
    items = CommonProblem.objects.select_related("analysis", "unit", "domain")
    if user.role == Role.TASK_FORCE or user.is_superuser:
        items = items.filter(analysis__region_id__in=visible_region_ids(user))
    else:  # a unit sees what was fed back to it, also from an analysis of the city above
        items = items.filter(unit_id=user.unit_id or 0)
    return items.order_by("acknowledged_on", "-analysis__period_end", "pk")


def get_problem(*, user: User, pk: int) -> CommonProblem | None:
    return problems_for_unit(user=user).filter(pk=pk).first()


# --- 学习目录与培训 -------------------------------------------------------------------------------


def list_study_items(*, user: User) -> QuerySet[StudyItem]:
    return StudyItem.objects.filter(region_id__in=visible_region_ids(user)).select_related("region")


def list_training(*, user: User) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(region_id__in=visible_region_ids(user))
        .select_related("region")
        .annotate(attendee_count=Count("attendees", distinct=True))
        .order_by("-held_on", "-pk")
    )


@dataclass(frozen=True)
class OfficerTraining:
    officer: User
    sessions: int
    hours: Decimal


def training_by_officer(*, user: User, since: dt.date | None = None) -> list[OfficerTraining]:
    """Per-officer record: sessions attended and hours (for the reports)."""
    sessions = TrainingSession.objects.filter(region_id__in=visible_region_ids(user))
    if since:
        sessions = sessions.filter(held_on__gte=since)
    totals = (
        TrainingSession.attendees.through.objects.filter(trainingsession__in=sessions)
        .values("user_id")
        .annotate(n=Count("trainingsession_id"), hours=Sum("trainingsession__hours"))
    )
    people = {u.pk: u for u in list_staff(user=user)}
    rows = [
        OfficerTraining(people[r["user_id"]], r["n"], r["hours"] or Decimal("0"))
        for r in totals
        if r["user_id"] in people
    ]
    seen = {r.officer.pk for r in rows}
    rows += [OfficerTraining(u, 0, Decimal("0")) for pk, u in people.items() if pk not in seen]
    return sorted(rows, key=lambda r: (-r.hours, r.officer.username))


# --- 满意度 ---------------------------------------------------------------------------------------

MIN_RESPONSES = 3  # below this a group is not shown: a handful of answers could name the firm


@dataclass(frozen=True)
class Satisfaction:
    county: str
    unit: str
    responses: int
    average: Decimal | None  # None when too few answers to show


def satisfaction_by_unit(
    *, user: User, since: dt.date | None = None, until: dt.date | None = None
) -> list[Satisfaction]:
    """Average overall satisfaction (1–5) by county and unit; the evaluation indicators read this."""
    answers = SurveyResponse.objects.filter(region_id__in=visible_region_ids(user))
    if since:
        answers = answers.filter(month__gte=since.replace(day=1))
    if until:
        answers = answers.filter(month__lte=until)
    rows = (
        answers.values("region__name", "region__code", "unit__name")
        .annotate(n=Count("id"), avg=Avg("overall"))
        .order_by("region__code", "unit__name")
    )
    return [
        Satisfaction(
            county=r["region__name"],
            unit=r["unit__name"],
            responses=r["n"],
            average=Decimal(str(r["avg"])).quantize(Decimal("0.01")) if r["n"] >= MIN_RESPONSES else None,
        )
        for r in rows
    ]


def list_access_codes(*, user: User, enterprise: Enterprise) -> QuerySet[FirmAccessCode]:
    return FirmAccessCode.objects.filter(
        enterprise=enterprise, enterprise__region_id__in=visible_region_ids(user)
    ).order_by("-issued_on", "-pk")


def list_units_for(*, user: User) -> QuerySet[Unit]:
    """Units a user may name as responsible: those in scope and those of the city above a county."""
    ids = visible_region_ids(user)
    parent = user.region.parent_id if user.region else None
    return Unit.objects.filter(Q(region_id__in=ids) | Q(region_id=parent)).order_by("region__code", "name")
