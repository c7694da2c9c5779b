"""Reads of the prevention app, scoped by region; the evaluation of warnings from the aggregate."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum

from jiandu.engines.hotspots import DidResult, Period, difference_in_differences
from jiandu.org.models import Region, RegionLevel, User
from jiandu.org.selectors import visible_region_ids
from jiandu.prevention.models import (
    ActivityStatus,
    Complaint,
    ComplaintCount,
    ComplaintImport,
    ComplianceGuide,
    EducationActivity,
    GuideVersion,
    Hotspot,
    PeriodKind,
    Reminder,
    RiskWarning,
    WarningLetter,
    WarningStatus,
)


def list_complaints(*, user: User) -> QuerySet[Complaint]:
    return Complaint.objects.filter(region_id__in=visible_region_ids(user)).select_related("region", "domain")


def complaint_counts_by_region(
    *, user: User, since: dt.datetime, until: dt.datetime | None = None, domains: list[int] | None = None
) -> dict[int, int]:
    """Complaints received in [since, until) per region; only those of `domains` when given (a business
    unit's dashboard counts the complaints about the domains it leads, not every domain's)."""
    complaints = list_complaints(user=user).filter(received_at__gte=since)
    if until is not None:
        complaints = complaints.filter(received_at__lt=until)
    if domains is not None:
        complaints = complaints.filter(domain_id__in=domains)
    rows = complaints.order_by().values("region_id").annotate(n=Count("id"))
    return {row["region_id"]: row["n"] for row in rows}


# --- imports -----------------------------------------------------------------------------------


def list_imports(*, user: User) -> QuerySet[ComplaintImport]:
    return ComplaintImport.objects.filter(region_id__in=visible_region_ids(user)).select_related("created_by")


def get_import(*, user: User, pk: int) -> ComplaintImport | None:
    return list_imports(user=user).filter(pk=pk).first()


# --- hotspots ----------------------------------------------------------------------------------


def hotspot_periods() -> list[str]:
    return list(
        Hotspot.objects.filter(period_kind=PeriodKind.MONTH)
        .values_list("period", flat=True)
        .distinct()
        .order_by("-period")[:24]
    )


def list_hotspots(*, user: User, period: str = "", kind: str = "") -> QuerySet[Hotspot]:
    period = period or next(iter(hotspot_periods()), "")
    rows = Hotspot.objects.filter(
        region_id__in=visible_region_ids(user), period_kind=PeriodKind.MONTH, period=period
    )
    if kind:
        rows = rows.filter(kind=kind)
    return rows.select_related("region", "domain", "enterprise").order_by("rank")


def get_hotspot(*, user: User, pk: int) -> Hotspot | None:
    return (
        Hotspot.objects.filter(pk=pk, region_id__in=visible_region_ids(user))
        .select_related("region", "domain")
        .first()
    )


def cell_series(
    *, user: User, region: Region, domain_id: int, issue: str, months: int = 24
) -> list[tuple[str, int]]:
    """The monthly counts of one cell from the aggregate, for the hotspot and warning pages."""
    if region.pk not in visible_region_ids(user):
        return []
    rows = dict(
        ComplaintCount.objects.filter(
            period_kind=PeriodKind.MONTH, region=region, domain_id=domain_id, issue=issue
        )
        .order_by("-period_start")
        .values_list("period_start", "count")[:months]
    )
    if not rows:
        return []
    last = Period.of_date("month", max(rows))
    out = []
    for back in range(months - 1, -1, -1):
        period = last.shift(-back)
        out.append((period.label, rows.get(period.first_day(), 0)))
    return out


# --- warnings ----------------------------------------------------------------------------------


def list_warnings(*, user: User, status: str = "") -> QuerySet[RiskWarning]:
    rows = RiskWarning.objects.filter(region_id__in=visible_region_ids(user))
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("region", "domain", "owner", "guide")


def get_warning(*, user: User, pk: int) -> RiskWarning | None:
    return list_warnings(user=user).filter(pk=pk).first()


def list_letters(*, user: User, warning: RiskWarning) -> QuerySet[WarningLetter]:
    if warning.region_id not in visible_region_ids(user):
        return WarningLetter.objects.none()
    return warning.letters.select_related("enterprise").order_by("number")


def get_letter(*, user: User, pk: int) -> WarningLetter | None:
    return (
        WarningLetter.objects.filter(pk=pk, warning__region_id__in=visible_region_ids(user))
        .select_related("warning", "warning__region", "warning__guide", "enterprise")
        .first()
    )


def public_warnings() -> QuerySet[RiskWarning]:
    """Warnings decided for the public and published (no login)."""
    return (
        RiskWarning.objects.filter(
            warn_public=True, status__in=[WarningStatus.PUBLISHED, WarningStatus.CLOSED]
        )
        .select_related("region", "domain", "guide")
        .order_by("-issued_on", "grade")
    )


def get_public_warning(*, pk: int) -> RiskWarning | None:
    return public_warnings().filter(pk=pk).first()


# --- reminders -----------------------------------------------------------------------------------


def list_reminders(*, user: User, open_only: bool = False) -> QuerySet[Reminder]:
    rows = Reminder.objects.filter(region_id__in=visible_region_ids(user))
    if open_only:
        rows = rows.filter(status="open")
    return rows.select_related("enterprise", "officer", "guide", "warning")


def get_reminder(*, user: User, pk: int) -> Reminder | None:
    return list_reminders(user=user).filter(pk=pk).first()


# --- guides ----------------------------------------------------------------------------------------


def list_guides(*, user: User) -> QuerySet[ComplianceGuide]:
    """Staff see the guides of their region and of the regions above it (a county uses the city's)."""
    ids = set(visible_region_ids(user))
    if user.region_id:
        ids |= {user.region_id}
        if user.region and user.region.parent_id:
            ids.add(user.region.parent_id)
    return ComplianceGuide.objects.filter(region_id__in=ids).select_related("domain", "unit", "region")


def get_guide(*, user: User, pk: int) -> ComplianceGuide | None:
    return list_guides(user=user).filter(pk=pk).first()


def guide_version(guide: ComplianceGuide, number: int | None = None) -> GuideVersion | None:
    versions = guide.versions.all()
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-number").first()


def public_guides(*, query: str = "", domain: str = "") -> list[tuple[ComplianceGuide, GuideVersion]]:
    """Published guides with their published version; ``query`` searches the published text."""
    versions = GuideVersion.objects.filter(
        guide__published_version__isnull=False,
        number=F("guide__published_version"),
    ).select_related("guide", "guide__domain", "guide__region")
    if domain:
        versions = versions.filter(guide__domain__code=domain)
    for word in query.split()[:5]:
        versions = versions.filter(search_text__icontains=word)
    return [(v.guide, v) for v in versions.order_by("guide__domain__order", "guide__industry")[:200]]


def get_public_guide(*, pk: int) -> tuple[ComplianceGuide, GuideVersion] | None:
    guide = (
        ComplianceGuide.objects.filter(pk=pk, published_version__isnull=False)
        .select_related("domain")
        .first()
    )
    if guide is None or guide.published_version is None:
        return None
    version = guide.versions.filter(number=guide.published_version).first()
    return (guide, version) if version else None


# --- 谁执法谁普法 --------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearSummary:
    year: int
    activities: int
    done: int
    firms_reached: int
    materials: int
    guides_published: int
    warnings_published: int
    letters_delivered: int


def list_activities(*, user: User, year: int) -> QuerySet[EducationActivity]:
    return (
        EducationActivity.objects.filter(region_id__in=visible_region_ids(user), year=year)
        .select_related("unit", "region")
        .order_by("planned_on")
    )


def get_activity(*, user: User, pk: int) -> EducationActivity | None:
    return EducationActivity.objects.filter(pk=pk, region_id__in=visible_region_ids(user)).first()


def education_year(*, user: User, year: int) -> YearSummary:
    """普法 of a year: activities, firms reached, and the guides and warnings that count toward it."""
    ids = visible_region_ids(user)
    acts = EducationActivity.objects.filter(region_id__in=ids, year=year).aggregate(
        n=Count("id"),
        done=Count("id", filter=Q(status=ActivityStatus.DONE)),
        firms=Sum("firms_reached", filter=Q(status=ActivityStatus.DONE)),
        materials=Sum("materials", filter=Q(status=ActivityStatus.DONE)),
    )
    return YearSummary(
        year=year,
        activities=acts["n"] or 0,
        done=acts["done"] or 0,
        firms_reached=acts["firms"] or 0,
        materials=acts["materials"] or 0,
        guides_published=ComplianceGuide.objects.filter(region_id__in=ids, published_at__year=year).count(),
        warnings_published=RiskWarning.objects.filter(region_id__in=ids, issued_on__year=year).count(),
        letters_delivered=WarningLetter.objects.filter(
            warning__region_id__in=ids, delivered_at__year=year
        ).count(),
    )


# --- evaluation of warnings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    warning: RiskWarning
    result: DidResult | None
    months: int
    note: str


def _month_counts(domain_id: int, issue: str, regions: list[int]) -> dict[int, dict[dt.date, int]]:
    counts: dict[int, dict[dt.date, int]] = defaultdict(dict)
    rows = ComplaintCount.objects.filter(
        period_kind=PeriodKind.MONTH, domain_id=domain_id, issue=issue, region_id__in=regions
    ).values_list("region_id", "period_start", "count")
    for region_id, start, n in rows:
        counts[region_id][start] = n
    return counts


def evaluate_warning(warning: RiskWarning, *, months: int = 6) -> Evaluation:
    """Difference in differences: the warned counties against the county cells of the same domain and
    issue in the same city that were not warned, over ``months`` before and after the issue month."""
    if warning.issued_on is None:
        return Evaluation(warning, None, 0, "预警尚未发布，暂不评估。")
    region = warning.region
    city = region.parent if region.level == RegionLevel.COUNTY else region
    counties = list(Region.objects.filter(parent=city, level=RegionLevel.COUNTY).values_list("pk", flat=True))
    treated_ids = [region.pk] if region.level == RegionLevel.COUNTY else counties
    others = RiskWarning.objects.filter(
        domain_id=warning.domain_id, issue=warning.issue, issued_on__isnull=False
    ).exclude(pk=warning.pk)
    warned_elsewhere = {w.region_id for w in others}
    controls = [c for c in counties if c not in treated_ids and c not in warned_elsewhere]
    counts = _month_counts(warning.domain_id, warning.issue, [*treated_ids, *controls])
    last = ComplaintCount.objects.filter(period_kind=PeriodKind.MONTH).order_by("-period_start").first()
    if last is None:
        return Evaluation(warning, None, 0, "没有投诉举报统计数据。")
    issued = Period.of_date("month", warning.issued_on)
    latest = Period.of_date("month", last.period_start)
    post = min(months, latest.index - issued.index)  # the issue month itself is left out
    if post < 3:
        return Evaluation(warning, None, max(post, 0), "预警发布后不足 3 个月，暂不评估。")
    pre_periods = [issued.shift(-k).first_day() for k in range(1, post + 1)]
    post_periods = [issued.shift(k).first_day() for k in range(1, post + 1)]

    def pair(region_id: int) -> tuple[float, float]:
        series = counts.get(region_id, {})
        return float(sum(series.get(d, 0) for d in pre_periods)), float(
            sum(series.get(d, 0) for d in post_periods)
        )

    treated = [pair(r) for r in treated_ids]
    control = [p for p in (pair(r) for r in controls) if p[0] > 0]
    result = difference_in_differences(treated, control)
    note = "" if result else "可比较的未预警区划不足 2 个，无法评估。"
    return Evaluation(warning, result, post, note)


def evaluation_summary(*, user: User) -> list[Evaluation]:
    warnings = list_warnings(user=user).filter(issued_on__isnull=False).order_by("-issued_on")[:50]
    return [evaluate_warning(w) for w in warnings]
