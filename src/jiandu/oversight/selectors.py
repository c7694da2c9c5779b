"""Every read of the oversight app, scoped by `visible_region_ids(user)`; overdue is derived from now."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from jiandu.analysis.models import KeyCounty
from jiandu.cases.models import PenaltyCase, PublicityStatus
from jiandu.clues.models import Assessment, Clue, ProblemSubtype, Verdict
from jiandu.discretion.catalogue import ViolationItem
from jiandu.discretion.selectors import list_items as list_catalogue_items
from jiandu.engines.oversight import Urgency, nearest, urgency
from jiandu.inspections.models import Inspection
from jiandu.org.holidays import load_calendar
from jiandu.org.models import User
from jiandu.org.permissions import STAFF
from jiandu.org.selectors import region_subtree, visible_region_ids
from jiandu.oversight.models import (
    Appraisal,
    CaseRecord,
    DutyExemption,
    EligibleFirm,
    JudgingStandard,
    MediaLevel,
    MediaReport,
    OpinionEvent,
    RecordKind,
    SpecialCampaign,
    StandardStatus,
    StandardVersion,
    StudyRecord,
    SupervisionVisit,
    TaskForce,
    UrgentMatter,
    WarningCase,
)
from jiandu.oversight.rules import StudyCatalogue, oversight_rules, study_catalogue
from jiandu.prevention.models import Hotspot
from jiandu.reviews.models import AvCheck

# --- 紧急处置与舆情 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UrgentRow:
    matter: UrgentMatter
    urgency: Urgency


def list_urgent(*, user: User, open_only: bool = False) -> QuerySet[UrgentMatter]:
    items = UrgentMatter.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "clue", "region", "escalated_to"
    )
    if open_only:
        items = items.filter(closed_at=None)
    return items


def urgent_rows(items: Iterable[UrgentMatter], *, at: dt.datetime | None = None) -> list[UrgentRow]:
    moment = at or timezone.now()
    return [UrgentRow(m, urgency(m.flagged_at, m.deadline_hours, moment, m.closed_at)) for m in items]


def get_urgent(*, user: User, pk: int) -> UrgentMatter | None:
    return list_urgent(user=user).filter(pk=pk).first()


def urgent_for_clue(*, user: User, clue: Clue) -> UrgentMatter | None:
    return list_urgent(user=user).filter(clue=clue).first()


def escalated_to_me(*, user: User) -> list[UrgentRow]:
    """Open urgent matters escalated to a city the user sits at (what the city sees at once)."""
    items = list_urgent(user=user, open_only=True).filter(escalated_to_id=user.region_id)
    return urgent_rows(items)


def list_events(*, user: User, open_only: bool = False) -> QuerySet[OpinionEvent]:
    items = OpinionEvent.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "matter"
    )
    return items.filter(closed_at=None) if open_only else items


def get_event(*, user: User, pk: int) -> OpinionEvent | None:
    return list_events(user=user).filter(pk=pk).prefetch_related("steps").first()


def list_media(*, user: User, year: int | None = None) -> QuerySet[MediaReport]:
    items = MediaReport.objects.filter(region_id__in=visible_region_ids(user)).select_related("region")
    return items.filter(published_on__year=year) if year else items


def media_counts(items: Iterable[MediaReport]) -> dict[str, Counter[str]]:
    """Reports counted by media level and by region name."""
    by_level: Counter[str] = Counter()
    by_region: Counter[str] = Counter()
    for item in items:
        by_level[item.get_level_display()] += 1
        by_region[item.region.name] += 1
    return {"level": by_level, "region": by_region}


def list_warning_cases(*, user: User) -> QuerySet[WarningCase]:
    return WarningCase.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "domain"
    )


def get_warning_case(*, user: User, pk: int) -> WarningCase | None:
    return list_warning_cases(user=user).filter(pk=pk).first()


def published_warning_cases() -> QuerySet[WarningCase]:
    """The public page: published cases only, with no link to the clue shown."""
    return WarningCase.objects.exclude(published_on=None).select_related("region", "domain")


# --- 工作专班 --------------------------------------------------------------------------------------


def list_task_forces(*, user: User) -> QuerySet[TaskForce]:
    return (
        TaskForce.objects.filter(region_id__in=visible_region_ids(user))
        .select_related("region", "office")
        .prefetch_related("units", "members__unit", "members__user")
    )


def get_task_force(*, user: User, pk: int) -> TaskForce | None:
    return list_task_forces(user=user).filter(pk=pk).first()


def task_force_of(*, user: User, region_id: int) -> TaskForce | None:
    """The task force of one region, for its reports (None outside the user's scope)."""
    return list_task_forces(user=user).filter(region_id=region_id).first()


@dataclass(frozen=True)
class ReportPanel:
    """What the oversight app adds to a region's report for a period."""

    task_force: TaskForce | None
    media: int
    media_by_level: dict[str, int]
    urgent: int
    urgent_late: int
    opinion_events: int


def report_panel(*, user: User, region_id: int, start: dt.date, end: dt.date) -> ReportPanel:
    """The task force of the reporting region and the period's media reports and urgent matters (the
    region and the regions under it)."""
    regions = [
        r for r in region_subtree(region_id).values_list("pk", flat=True) if r in visible_region_ids(user)
    ]
    media = list(MediaReport.objects.filter(region_id__in=regions, published_on__range=(start, end)))
    matters = UrgentMatter.objects.filter(region_id__in=regions, flagged_at__date__range=(start, end))
    rows = urgent_rows(matters)
    late = sum(1 for r in rows if r.urgency.overdue or r.urgency.on_time is False)
    events = OpinionEvent.objects.filter(
        region_id__in=regions, first_seen_at__date__range=(start, end)
    ).count()
    return ReportPanel(
        task_force=task_force_of(user=user, region_id=region_id),
        media=len(media),
        media_by_level=dict(media_counts_by_level(media)),
        urgent=len(rows),
        urgent_late=late,
        opinion_events=events,
    )


MEDIA_URGENT_HEADER = [
    "序号",
    "县（市、区）",
    "宣传报道（篇）",
    *[f"其中{label}" for label in MediaLevel.labels],
    "舆情事件（起）",
    "紧急事项（件）",
    "其中超时",
]
MEDIA_URGENT_NOTE = (
    "附表：宣传报道与舆情、紧急处置情况。问题整治情况表（附件2）原件未公开，本系统模板无此栏目，"
    "按实施方案五（四）要求随工作情况报告一并报送；按登记区划统计，紧急事项按标记时间、舆情事件按首次发现时间计入期间。"
)


def media_urgent_rows(
    *, user: User, county: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> list[list[object]]:
    """宣传报道 by media level, 舆情 events and urgent matters (late ones) per region in scope, then 合计."""
    scope = visible_region_ids(user)
    media = MediaReport.objects.filter(region_id__in=scope).select_related("region")
    matters = UrgentMatter.objects.filter(region_id__in=scope).select_related("region")
    events = OpinionEvent.objects.filter(region_id__in=scope).select_related("region")
    if county:
        media = media.filter(region__code=county)
        matters = matters.filter(region__code=county)
        events = events.filter(region__code=county)
    if since:
        media = media.filter(published_on__gte=since)
        matters = matters.filter(flagged_at__date__gte=since)
        events = events.filter(first_seen_at__date__gte=since)
    if until:
        media = media.filter(published_on__lte=until)
        matters = matters.filter(flagged_at__date__lte=until)
        events = events.filter(first_seen_at__date__lte=until)
    levels = list(MediaLevel.values)
    width = 3 + len(levels) + 3  # 序号, 区划, total, levels, events, urgent, late
    table: dict[tuple[str, str], list[int]] = {}

    def line(region: Any) -> list[int]:
        return table.setdefault((region.code, region.name), [0] * (width - 2))

    for item in media:
        counts = line(item.region)
        counts[0] += 1
        counts[1 + levels.index(item.level)] += 1
    for event in events:
        line(event.region)[1 + len(levels)] += 1
    for row in urgent_rows(matters):
        counts = line(row.matter.region)
        counts[2 + len(levels)] += 1
        counts[3 + len(levels)] += int(bool(row.urgency.overdue or row.urgency.on_time is False))
    rows: list[list[object]] = [
        [number, name, *counts] for number, ((_, name), counts) in enumerate(sorted(table.items()), start=1)
    ]
    totals = [sum(int(r[i]) for r in rows) for i in range(2, width)]  # type: ignore[call-overload]
    rows.append(["", "合计", *totals])
    return rows


@dataclass(frozen=True)
class MediaUrgentTotals:
    """What the dashboard counts since a day: 宣传报道, 舆情 events, urgent matters and the late ones."""

    media: int
    events: int
    urgent: int
    late: int


def media_urgent_totals(*, user: User, since: dt.date) -> MediaUrgentTotals:
    """The dashboard's counts for the regions in scope (three small queries on the oversight tables)."""
    scope = visible_region_ids(user)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time(), tzinfo=tz)
    matters = UrgentMatter.objects.filter(region_id__in=scope, flagged_at__gte=start).only(
        "flagged_at", "deadline_hours", "closed_at"
    )
    rows = urgent_rows(matters)
    return MediaUrgentTotals(
        media=MediaReport.objects.filter(region_id__in=scope, published_on__gte=since).count(),
        events=OpinionEvent.objects.filter(region_id__in=scope, first_seen_at__gte=start).count(),
        urgent=len(rows),
        late=sum(1 for r in rows if r.urgency.overdue or r.urgency.on_time is False),
    )


def media_counts_by_level(items: Iterable[MediaReport]) -> Counter[str]:
    return Counter(item.get_level_display() for item in items)


# --- 判定标准与先例 --------------------------------------------------------------------------------


def list_precedents(*, user: User, subtype: str = "", domain_id: int | None = None) -> QuerySet[Assessment]:
    """Confirmed assessments in scope: the precedents."""
    items = Assessment.objects.filter(
        verdict=Verdict.CONFIRMED, clue__region_id__in=visible_region_ids(user)
    ).select_related("clue", "domain", "unit")
    if subtype:
        items = items.filter(subtype=subtype)
    if domain_id:
        items = items.filter(domain_id=domain_id)
    return items.order_by("-decided_on", "-pk")


def precedent_groups(*, user: User) -> list[tuple[str, str, int]]:
    """(subtype, its label, number of precedents), for every problem subtype."""
    counts = Counter(list_precedents(user=user).values_list("subtype", flat=True))
    return [(value, str(label), counts.get(value, 0)) for value, label in ProblemSubtype.choices]


def list_standards(*, user: User) -> QuerySet[JudgingStandard]:
    """Standards made at the user's region or above it (a county reads the city's), with their versions."""
    region = user.region
    ids = [r for r in (region.pk, region.parent_id) if r] if region else []
    ids += visible_region_ids(user)
    return JudgingStandard.objects.filter(region_id__in=ids).select_related("domain", "region")


def get_standard(*, user: User, pk: int) -> JudgingStandard | None:
    return list_standards(user=user).filter(pk=pk).first()


def in_force(standard: JudgingStandard) -> StandardVersion | None:
    return standard.versions.filter(status=StandardStatus.PUBLISHED).order_by("-number").first()


def standard_for(*, user: User, subtype: str, domain_id: int | None) -> StandardVersion | None:
    """The standard in force for a problem in a domain: the domain's own, else the one for every domain."""
    if not subtype:
        return None
    standards = list_standards(user=user).filter(subtype=subtype)
    own = standards.filter(domain_id=domain_id) if domain_id is not None else standards.none()
    for candidate in (own, standards.filter(domain=None)):
        for standard in candidate:
            version = in_force(standard)
            if version is not None:
                return version
    return None


def nearest_precedents(
    *, user: User, clue: Clue, subtype: str, limit: int = 3
) -> list[tuple[Assessment, float]]:
    """The confirmed assessments of the same problem most like this clue (its summary against theirs)."""
    pool = list(list_precedents(user=user, subtype=subtype).exclude(clue=clue)[:500])
    ranked = nearest(clue.summary, [(a.pk, f"{a.clue.summary} {a.opinion}") for a in pool], limit=limit)
    by_pk = {a.pk: a for a in pool}
    return [(by_pk[pk], score) for pk, score in ranked if score > 0]


# --- 守信激励 ------------------------------------------------------------------------------------

INCENTIVE_HEADER = [
    "序号",
    "统一社会信用代码",
    "名称",
    "所在区划",
    "信用风险分类",
    "激励措施",
    "依据",
    "更新时间",
]
INCENTIVE_MEASURES = "容缺受理；支持申报评选、表彰、认定等荣誉事项"


def list_eligible(*, user: User, county: str = "") -> QuerySet[EligibleFirm]:
    items = EligibleFirm.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "enterprise", "region"
    )
    return items.filter(region__code=county) if county else items


def eligible_rows(items: Iterable[EligibleFirm]) -> list[list[object]]:
    return [
        [
            n,
            e.enterprise.uscc,
            e.enterprise.name,
            e.region.name,
            e.credit_class,
            INCENTIVE_MEASURES,
            e.reason,
            timezone.localtime(e.refreshed_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for n, e in enumerate(items, 1)
    ]


# --- 尽职免责 ------------------------------------------------------------------------------------


def list_exemptions(*, user: User, clue: Clue | None = None) -> QuerySet[DutyExemption]:
    items = DutyExemption.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "clue", "region"
    )
    return items.filter(clue=clue) if clue is not None else items


def get_exemption(*, user: User, pk: int) -> DutyExemption | None:
    return list_exemptions(user=user).filter(pk=pk).first()


# --- 三项制度 ------------------------------------------------------------------------------------


def list_case_records(*, user: User, case_id: int | None = None) -> QuerySet[CaseRecord]:
    items = CaseRecord.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "case", "av_check"
    )
    return items.filter(case_id=case_id) if case_id else items


@dataclass(frozen=True)
class CaseTrail:
    case: PenaltyCase
    records: list[CaseRecord]
    av_checks: list[AvCheck]
    has_av: bool
    has_paper: bool


def case_trail(*, user: User, case: PenaltyCase) -> CaseTrail:
    """The 全过程记录 of one case with the AV checks of its reviews."""
    records = list(list_case_records(user=user, case_id=case.pk))
    checks = list(AvCheck.objects.filter(case=case, region_id__in=visible_region_ids(user)))
    return CaseTrail(
        case=case,
        records=records,
        av_checks=checks,
        has_av=any(r.kind == RecordKind.AV for r in records),
        has_paper=any(r.kind == RecordKind.PAPER for r in records),
    )


def cases_without_av(*, user: User) -> QuerySet[PenaltyCase]:
    """Decided cases in scope with no AV record linked."""
    linked = CaseRecord.objects.filter(kind=RecordKind.AV).values("case_id")
    return (
        PenaltyCase.objects.filter(region_id__in=visible_region_ids(user), decided_on__isnull=False)
        .exclude(pk__in=linked)
        .select_related("enterprise", "region")
        .order_by("-decided_on", "-pk")
    )


@dataclass(frozen=True)
class DecisionPublicity:
    case: PenaltyCase
    due: dt.date
    on_time: bool | None  # None while unpublished and not yet due
    legal_review: str


def decision_publicity(
    cases: Iterable[PenaltyCase], *, today: dt.date | None = None
) -> list[DecisionPublicity]:
    """Whether each decision was published within the limit of 公示规定 第九条, and its 法制审核."""
    calendar = load_calendar()
    days = oversight_rules().decision_publicity_workdays
    today = today or timezone.localdate()
    rows = []
    for case in cases:
        if case.decided_on is None:
            continue
        due = calendar.add(case.decided_on, days)
        if case.published_on is not None:
            on_time: bool | None = case.published_on <= due
        else:
            on_time = False if today > due else None
        if case.legal_review_required:
            review = "经法制审核通过" if case.legal_review_passed else "须经法制审核"
        else:
            review = "无须法制审核"
        rows.append(DecisionPublicity(case=case, due=due, on_time=on_time, legal_review=review))
    return rows


def public_decisions() -> QuerySet[PenaltyCase]:
    """Decisions whose publicity is due or done (the no-publicity cases are left out), newest first."""
    return (
        PenaltyCase.objects.filter(decided_on__isnull=False)
        .exclude(publicity_status=PublicityStatus.NOT_REQUIRED)
        .select_related("enterprise", "region", "domain")
        .order_by("-decided_on", "-pk")
    )


def public_items(*, query: str = "") -> list[ViolationItem]:
    """The enforcement-item list (事前公示): the catalogue in force, with the legal basis of each item."""
    return list_catalogue_items(query=query)


def published_inspections() -> int:
    return Inspection.objects.exclude(published_at=None).count()


# --- 专项整治、明察暗访、考核评议 -------------------------------------------------------------------


def list_campaigns(*, user: User) -> QuerySet[SpecialCampaign]:
    return SpecialCampaign.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "domain", "hotspot", "key_county"
    )


def get_campaign(*, user: User, pk: int) -> SpecialCampaign | None:
    return list_campaigns(user=user).filter(pk=pk).first()


@dataclass(frozen=True)
class CampaignCounts:
    inspections: int
    problems_found: int
    cases: int
    fines: Decimal
    clues: int
    confirmed: int
    visits: int


def campaign_counts(campaign: SpecialCampaign) -> CampaignCounts:
    """What happened in the campaign's area and domain during its period."""
    regions = list(region_subtree(campaign.region).values_list("pk", flat=True))
    start, end = campaign.start_on, campaign.end_on
    inspections = Inspection.objects.filter(
        region_id__in=regions, inspected_on__range=(start, end), plan__domains=campaign.domain
    ).distinct()
    cases = PenaltyCase.objects.filter(
        region_id__in=regions, domain=campaign.domain, filed_on__range=(start, end)
    )
    clues = Clue.objects.filter(
        region_id__in=regions, domain=campaign.domain, received_at__date__range=(start, end)
    )
    return CampaignCounts(
        inspections=inspections.count(),
        problems_found=inspections.exclude(findings="").count(),
        cases=cases.count(),
        fines=cases.aggregate(s=Sum("fine"))["s"] or Decimal("0"),
        clues=clues.count(),
        confirmed=clues.filter(assessment__verdict=Verdict.CONFIRMED).count(),
        visits=campaign.visits.count(),
    )


def list_visits(*, user: User) -> QuerySet[SupervisionVisit]:
    return (
        SupervisionVisit.objects.filter(region_id__in=visible_region_ids(user))
        .select_related("region", "campaign")
        .prefetch_related("findings")
    )


def get_visit(*, user: User, pk: int) -> SupervisionVisit | None:
    return list_visits(user=user).filter(pk=pk).first()


def list_appraisals(*, user: User, year: int | None = None) -> QuerySet[Appraisal]:
    items = Appraisal.objects.filter(region_id__in=visible_region_ids(user)).select_related("region", "unit")
    return items.filter(year=year) if year else items


def hotspots_for(*, user: User) -> QuerySet[Hotspot]:
    return Hotspot.objects.filter(region_id__in=visible_region_ids(user)).select_related("region", "domain")[
        :200
    ]


def key_counties_for(*, user: User) -> QuerySet[KeyCounty]:
    return KeyCounty.objects.filter(region_id__in=visible_region_ids(user)).select_related("region")[:200]


# --- 学习目录（附件1） ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyRow:
    staff: User
    done: dict[str, StudyRecord]  # item key -> record
    required_done: int
    required_total: int


def study_table(
    *, user: User, county: str = "", on: dt.date | None = None
) -> tuple[StudyCatalogue, list[StudyRow]]:
    """The catalogue in force and, for each active staff member in scope (one county if given), what
    they marked as studied. Three queries (scope, staff, records) whatever the number of staff."""
    catalogue = study_catalogue(on or timezone.localdate())
    staff = User.objects.filter(
        region_id__in=visible_region_ids(user), is_active=True, role__in=STAFF
    ).select_related("region", "unit")
    if county:
        staff = staff.filter(region__code=county)
    people = list(staff.order_by("region__code", "username"))
    records: dict[int, dict[str, StudyRecord]] = {}
    for entry in StudyRecord.objects.filter(user__in=[p.pk for p in people], catalogue=catalogue.version):
        records.setdefault(entry.user_id, {})[entry.item_key] = entry
    required = [i.key for i in catalogue.items if i.required]
    rows = [
        StudyRow(
            staff=person,
            done=records.get(person.pk, {}),
            required_done=sum(1 for key in required if key in records.get(person.pk, {})),
            required_total=len(required),
        )
        for person in people
    ]
    return catalogue, rows


def study_sheet_rows(
    catalogue: StudyCatalogue, rows: Iterable[StudyRow]
) -> tuple[list[str], list[list[object]]]:
    header = ["序号", "县（市、区）", "姓名", "账号", "机构", "必学完成", *[i.title for i in catalogue.items]]
    body: list[list[object]] = []
    for number, row in enumerate(rows, start=1):
        person = row.staff
        body.append(
            [
                number,
                person.region.name if person.region else "",
                person.full_name or person.username,
                person.username,
                person.unit.name if person.unit else "",
                f"{row.required_done}/{row.required_total}",
                *[
                    row.done[i.key].studied_on.isoformat() if i.key in row.done else ""
                    for i in catalogue.items
                ],
            ]
        )
    return header, body


def get_own_study_record(*, user: User, pk: int) -> StudyRecord | None:
    return StudyRecord.objects.filter(pk=pk, user=user).first()
