"""Reads of problem clues. Region visibility, masking of reporters and referrals, and overdue live here.

Who reported a clue is shown only to those who must contact them (`view_reporters`); discipline
referrals only to those who handle them (`view_referrals`). Everyone else sees masks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiandu.audit.models import AuditEntry
from jiandu.clues.models import (
    Assessment,
    Clue,
    ClueAttachment,
    ClueImport,
    ClueStatus,
    Consultation,
    DisciplineReferral,
    DuplicateLink,
    Suggestion,
    Verdict,
)
from jiandu.clues.workflow import STEPS, TRANSITIONS, deadline_rules, unit_blocked
from jiandu.engines.identity import mask_identity
from jiandu.engines.workdays import WorkdayCalendar
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Enterprise, Region, RegionLevel, Unit, User
from jiandu.org.permissions import has_permission
from jiandu.org.selectors import visible_region_ids

MASK = "（已隐去）"
REFERRAL_MASK = "另行处理"
OPEN_STATES = [s for s in ClueStatus.values if s != ClueStatus.CLOSED]


def can_see_reporter(user: User) -> bool:
    return has_permission(user, "view_reporters")


def can_see_referrals(user: User) -> bool:
    return has_permission(user, "view_referrals")


def reporter_of(clue: Clue, user: User) -> str:
    if not clue.reporter_name:
        return "匿名"
    return clue.reporter_name if can_see_reporter(user) else MASK


def summary_of(clue: Clue, user: User) -> str:
    """The clue's text as this user may read it: names, phone numbers and ID numbers of the reporter
    found inside it (engines/identity.py) are masked for everyone who may not see the reporter."""
    if can_see_reporter(user):
        return clue.summary
    return mask_identity(clue.summary, [clue.reporter_name])


def _shown(clue: Clue, user: User) -> Clue:
    """The clue with ``summary_shown``: its text as this user may read it (for lists of other clues)."""
    clue.summary_shown = summary_of(clue, user)  # type: ignore[attr-defined]
    return clue


def status_label(clue: Clue, user: User) -> str:
    """The state as this user may see it: a referral shows as “另行处理” to those outside the loop."""
    if clue.status == ClueStatus.REFERRED and not can_see_referrals(user):
        return REFERRAL_MASK
    return clue.get_status_display()


# --- deadlines and overdue ---------------------------------------------------------------------


@lru_cache(maxsize=512)
def _threshold(calendar: WorkdayCalendar, today: dt.date, days: int) -> dt.date:
    """The latest step start date whose deadline already passed before ``today``."""
    day = today
    while calendar.add(day, days) >= today:
        day -= dt.timedelta(days=1)
    return day


def overdue_q(*, today: dt.date | None = None, calendar: WorkdayCalendar | None = None) -> Q:
    """Clues whose current step is past its deadline (derived from the step's start and the rules)."""
    today = today or timezone.localdate()
    calendar = calendar or load_calendar()
    condition = Q(pk__in=[])
    for status, days in deadline_rules().steps.items():
        condition |= Q(status=status, step_started_on__lte=_threshold(calendar, today, days))
    return condition


def deadline_of(clue: Clue, calendar: WorkdayCalendar) -> dt.date | None:
    days = deadline_rules().steps.get(clue.status)
    if days is None or clue.step_started_on is None:
        return None
    return calendar.add(clue.step_started_on, days)


# --- lists -------------------------------------------------------------------------------------


def list_clues(
    *,
    user: User,
    channel: str = "",
    status: str = "",
    category: str = "",
    domain: str = "",
    county: str = "",
    overdue: bool = False,
    query: str = "",
    today: dt.date | None = None,
) -> QuerySet[Clue]:
    clues = Clue.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "domain", "enterprise", "lead_unit"
    )
    if channel:
        clues = clues.filter(channel=channel)
    if status:
        if status == ClueStatus.REFERRED and not can_see_referrals(user):
            return clues.none()
        clues = clues.filter(status=status)
    if category:
        clues = clues.filter(category=category)
    if domain:
        clues = clues.filter(domain__code=domain)
    if county:
        clues = clues.filter(region__code=county)
    if overdue:
        clues = clues.filter(overdue_q(today=today))
    if query:
        clues = clues.filter(Q(summary__contains=query) | Q(enterprise_name__contains=query))
    return clues.order_by("-received_at", "-pk")


@dataclass(frozen=True)
class ClueRow:
    clue: Clue
    reporter: str
    status: str
    deadline: dt.date | None
    overdue: bool
    summary: str = ""


def clue_rows(clues: Iterable[Clue], *, user: User, today: dt.date | None = None) -> list[ClueRow]:
    """List rows with the masks and the derived deadline applied."""
    today = today or timezone.localdate()
    calendar = load_calendar()
    rows = []
    for clue in clues:
        deadline = deadline_of(clue, calendar)
        rows.append(
            ClueRow(
                clue=clue,
                reporter=reporter_of(clue, user),
                status=status_label(clue, user),
                deadline=deadline,
                overdue=deadline is not None and today > deadline,
                summary=summary_of(clue, user),
            )
        )
    return rows


def get_clue(*, user: User, pk: int) -> Clue | None:
    """A visible clue (a referred clue stays visible; its referral is shown only to those allowed)."""
    return list_clues(user=user).filter(pk=pk).first()


def get_clue_by_receipt(code: str) -> Clue | None:
    code = code.strip().upper()
    if not code:
        return None
    return Clue.objects.filter(receipt_code=code).first()


@dataclass(frozen=True)
class PublicStatus:
    """What a firm may learn from its receipt code: nothing but dates and the stage."""

    code: str
    received_on: dt.date
    stage: str
    finished: bool
    reply: str = ""  # the bureau's reply written for the public, once the clue is closed
    replied_on: dt.date | None = None


PUBLIC_STAGES = {
    ClueStatus.RECEIVED: "已收到，正在分办",
    ClueStatus.TRIAGED: "已分办至承办机构",
    ClueStatus.ASSESSING: "正在核实研判",
    ClueStatus.CONSULTATION: "正在核实研判",
    ClueStatus.JUDICIAL_OPINION: "正在核实研判",
    ClueStatus.CONFIRMED: "已核实，正在整改",
    ClueStatus.RECTIFYING: "已核实，正在整改",
    ClueStatus.RECTIFIED: "整改已完成，正在办结",
    ClueStatus.NOT_CONFIRMED: "已核实，正在办结",
    ClueStatus.REFERRED: "已依规处理",
    ClueStatus.CLOSED: "已办结",
}


def public_status(code: str) -> PublicStatus | None:
    clue = get_clue_by_receipt(code)
    if clue is None:
        return None
    return PublicStatus(
        code=clue.receipt_code or "",
        received_on=timezone.localdate(clue.received_at),
        stage=PUBLIC_STAGES[ClueStatus(clue.status)],
        finished=clue.status == ClueStatus.CLOSED,
        reply=clue.public_reply if clue.status == ClueStatus.CLOSED else "",
        replied_on=clue.public_reply_on if clue.status == ClueStatus.CLOSED else None,
    )


# --- one clue ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryItem:
    when: dt.datetime
    actor: str
    action: str
    note: str
    details: dict[str, Any]


@dataclass
class ClueDetail:
    clue: Clue
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    status: str
    deadline: dt.date | None
    overdue: bool
    suggestion: dict[str, Any] | None
    history: list[HistoryItem]
    duplicates: list[tuple[Clue, DuplicateLink]]
    attachments: list[Any]
    assessment: Assessment | None
    consultation: Consultation | None
    opinions: list[Any]
    judicial: list[Any]
    referral: DisciplineReferral | None
    actions: list[str] = field(default_factory=list)
    summary: str = ""


_HIDDEN_DETAIL_KEYS = {"reporter_name", "reporter_phone", "reporter_email"}


def clue_history(clue: Clue, user: User) -> list[HistoryItem]:
    """The clue's audit entries; a referral step reads “另行处理” for those outside the loop."""
    see_referrals = can_see_referrals(user)
    entries = list(
        AuditEntry.objects.filter(target_type="clues.clue", target_id=str(clue.pk)).order_by("seq")
    )
    # people's names, not login names (an entry keeps the login name it was written with)
    names = dict(
        User.objects.filter(pk__in={e.actor_id for e in entries if e.actor_id}).values_list("pk", "full_name")
    )
    items = []
    for entry in entries:
        after = {k: v for k, v in (entry.after or {}).items() if k not in _HIDDEN_DETAIL_KEYS}
        note = entry.note
        touches_referral = ClueStatus.REFERRED in (after.get("status"), (entry.before or {}).get("status"))
        if touches_referral and not see_referrals:
            note, after = REFERRAL_MASK, {}
        items.append(
            HistoryItem(
                when=entry.created_at,
                actor=(names.get(entry.actor_id) if entry.actor_id else None) or entry.actor_name,
                action=entry.get_action_display(),
                note=note,
                details=after if entry.action != "create" else {},
            )
        )
    return items


def allowed_actions(clue: Clue, user: User) -> list[str]:
    """The workflow actions this user may take on this clue now (the same checks as the services)."""
    return [
        t.action
        for t in TRANSITIONS.available(state=clue.status, user=user)
        if not unit_blocked(t.action, clue, user)
    ]


def allowed_steps(clue: Clue, user: User) -> list[str]:
    """The steps that do not move the clue (triage, opinion, ledger items) open to this user now."""
    return [t.action for t in STEPS.available(state=clue.status, user=user)]


def clue_detail(*, user: User, clue: Clue, today: dt.date | None = None) -> ClueDetail:
    today = today or timezone.localdate()
    calendar = load_calendar()
    deadline = deadline_of(clue, calendar)
    see_reporter = can_see_reporter(user)
    visible = visible_region_ids(user)
    # possible duplicates name other clues: only for staff who may read clues (a supervisor filing one
    # must not learn which clues exist)
    links = (
        DuplicateLink.objects.filter(clue=clue, other__region_id__in=visible)
        if has_permission(user, "view_clues")
        else DuplicateLink.objects.none()
    )
    links = links.select_related("other", "other__region").order_by("-score")
    consultation = Consultation.objects.filter(clue=clue).select_related("lead_unit").first()
    return ClueDetail(
        clue=clue,
        reporter_name=(clue.reporter_name or "匿名")
        if see_reporter
        else (MASK if clue.reporter_name else "匿名"),
        reporter_phone=clue.reporter_phone if see_reporter else (MASK if clue.reporter_phone else ""),
        reporter_email=clue.reporter_email if see_reporter else (MASK if clue.reporter_email else ""),
        status=status_label(clue, user),
        deadline=deadline,
        overdue=deadline is not None and today > deadline,
        suggestion=clue.suggestion,
        history=clue_history(clue, user),
        duplicates=[(_shown(link.other, user), link) for link in links],
        attachments=list(clue.attachments.all()),
        assessment=Assessment.objects.filter(clue=clue).select_related("unit", "domain", "assessor").first(),
        consultation=consultation,
        opinions=list(consultation.opinions.select_related("unit")) if consultation else [],
        judicial=list(clue.judicial_opinions.all()),
        referral=DisciplineReferral.objects.filter(clue=clue).first() if can_see_referrals(user) else None,
        actions=allowed_actions(clue, user),
        summary=summary_of(clue, user),
    )


def list_clue_imports(*, user: User) -> QuerySet[ClueImport]:
    """Work-order imports of the user's regions, newest first."""
    return ClueImport.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "created_by"
    )


def get_clue_import(*, user: User, pk: int) -> ClueImport | None:
    return list_clue_imports(user=user).filter(pk=pk).first()


def get_attachment(*, user: User, pk: int) -> ClueAttachment | None:
    return ClueAttachment.objects.filter(pk=pk, clue__region_id__in=visible_region_ids(user)).first()


# --- for the dashboard and for retraining ------------------------------------------------------


@dataclass(frozen=True)
class OverdueSummary:
    open_clues: int
    overdue_clues: int
    by_status: list[tuple[str, str, int, int]]  # (status, label, open, overdue)


def overdue_summary(user: User, *, today: dt.date | None = None) -> OverdueSummary:
    """Open and overdue clue counts by step; the dashboard adds the ledger's counts beside them."""
    today = today or timezone.localdate()
    base = list_clues(user=user).filter(status__in=OPEN_STATES)
    if not can_see_referrals(user):
        base = base.exclude(status=ClueStatus.REFERRED)
    counted = (
        base.order_by()
        .values("status")
        .annotate(n=Count("pk"), late=Count("pk", filter=overdue_q(today=today)))
    )
    totals, late = {}, {}
    for row in counted:  # one GROUP BY gives both the open and the overdue count of each step
        totals[row["status"]] = row["n"]
        late[row["status"]] = row["late"]
    rows = [(s, ClueStatus(s).label, totals.get(s, 0), late.get(s, 0)) for s in OPEN_STATES if totals.get(s)]
    return OverdueSummary(
        open_clues=sum(totals.values()),
        overdue_clues=sum(late.values()),
        by_status=rows,
    )


def confirmed_labels() -> Iterator[tuple[str, str, str | None, str | None]]:
    """(clue text, final category, final subtype, final domain name) of every assessed clue."""
    assessments = Assessment.objects.filter(verdict__in=Verdict.values).select_related("clue", "domain")
    for assessment in assessments.order_by("pk").iterator(chunk_size=2000):
        yield (
            assessment.clue.summary,
            assessment.category,
            assessment.subtype or None,
            assessment.domain.name if assessment.domain else None,
        )


# --- the problem list (问题清单) -----------------------------------------------------------------

PROBLEM_LIST_HEADER = [
    "序号", "县（市、区）", "线索编号", "线索来源", "接收日期", "涉及经营主体", "问题描述", "问题类别",
    "问题细类", "领域", "研判机构", "研判日期", "认定意见", "原因剖析", "办理状态", "反映人",
]  # fmt: skip


def list_problems(
    *,
    user: User,
    county: str = "",
    unit: int | None = None,
    category: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[Clue]:
    """Confirmed problems (认定属于四类重点问题), filtered by county, assessing unit, category and period."""
    clues = list_clues(user=user, county=county, category=category).filter(
        assessment__verdict=Verdict.CONFIRMED
    )
    if not can_see_referrals(user):
        clues = clues.exclude(status=ClueStatus.REFERRED)
    if unit:
        clues = clues.filter(assessment__unit_id=unit)
    if since:
        clues = clues.filter(assessment__decided_on__gte=since)
    if until:
        clues = clues.filter(assessment__decided_on__lte=until)
    return clues.select_related("assessment", "assessment__unit").order_by("region__code", "received_at")


def problem_list_table(clues: Iterable[Clue], *, user: User) -> list[list[object]]:
    table: list[list[object]] = []
    for index, clue in enumerate(clues, start=1):
        assessment = clue.assessment
        table.append(
            [
                index,
                clue.region.name,
                clue.pk,
                clue.get_channel_display(),
                timezone.localdate(clue.received_at),
                clue.enterprise.name if clue.enterprise else clue.enterprise_name,
                summary_of(clue, user),
                assessment.get_category_display(),
                assessment.get_subtype_display() if assessment.subtype else "",
                clue.domain.name if clue.domain else "",
                assessment.unit.name if assessment.unit else "",
                assessment.decided_on,
                assessment.opinion,
                assessment.cause_analysis,
                status_label(clue, user),
                reporter_of(clue, user),
            ]
        )
    return table


# --- choices for forms -------------------------------------------------------------------------


def public_regions() -> QuerySet[Region]:
    """Where a firm may say the problem happened: every city and county in the system."""
    return Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY]).order_by("code")


def consultation_units(clue: Clue) -> list[Unit]:
    consultation = Consultation.objects.filter(clue=clue).first()
    return list(consultation.units.all()) if consultation else []


def enterprise_by_uscc(uscc: str) -> Enterprise | None:
    """The firm a public submitter names by its code (no region scope: the firm names itself; the
    public answer is a receipt and never carries the firm's name)."""
    return Enterprise.objects.filter(uscc=uscc).first() if uscc else None


def visible_enterprise(*, user: User, uscc: str = "", name: str = "") -> Enterprise | None:
    """The firm a staff filer names by code or exact name, inside the filer's regions only: a firm of
    another county is treated as unknown, so the answer tells nothing about it."""
    if not uscc and not name:
        return None
    firms = Enterprise.objects.filter(region_id__in=visible_region_ids(user))
    return (firms.filter(uscc=uscc) if uscc else firms.filter(name=name)).first()


# --- suggestions （意见建议清单） -------------------------------------------------------------------


def list_suggestions(
    *,
    user: User,
    county: str = "",
    source: str = "",
    status: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[Suggestion]:
    """Suggestions the user may see (own region subtree), by county, source, state and recording date."""
    suggestions = Suggestion.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "domain", "unit", "clue"
    )
    if county:
        suggestions = suggestions.filter(region__code=county)
    if source:
        suggestions = suggestions.filter(source=source)
    if status:
        suggestions = suggestions.filter(status=status)
    if since:
        suggestions = suggestions.filter(created_at__date__gte=since)
    if until:
        suggestions = suggestions.filter(created_at__date__lte=until)
    return suggestions.order_by("region__code", "created_at", "pk")


def get_suggestion(*, user: User, pk: int) -> Suggestion | None:
    return list_suggestions(user=user).filter(pk=pk).first()
