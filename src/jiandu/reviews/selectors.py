"""Reads of the reviews app. Region visibility is applied here: a user sees what lies in their regions,
plus the case files assigned to them as reviewer or checker (a cross reviewer works outside their county)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiandu.cases.models import PenaltyCase
from jiandu.org.models import Region, RegionLevel, User
from jiandu.org.selectors import visible_region_ids
from jiandu.reviews.models import (
    AvCheck,
    CaseReview,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    ReviewCampaign,
    ReviewFinding,
    ReviewStatus,
)
from jiandu.reviews.services import REVIEWER_ROLES


def _mine(user: User) -> Q:
    return Q(reviewer_id=user.pk) | Q(checker_id=user.pk)


def list_campaigns(*, user: User) -> QuerySet[ReviewCampaign]:
    assigned = CaseReview.objects.filter(_mine(user)).values("campaign_id")
    return (
        ReviewCampaign.objects.filter(Q(region_id__in=visible_region_ids(user)) | Q(pk__in=assigned))
        .select_related("region", "created_by")
        .annotate(
            n_reviews=Count("reviews"),
            n_done=Count("reviews", filter=Q(reviews__status=ReviewStatus.CONFIRMED)),
        )
        .order_by("-created_at", "-pk")
    )


def get_campaign(*, user: User, pk: int) -> ReviewCampaign | None:
    return list_campaigns(user=user).filter(pk=pk).first()


def list_reviews(*, user: User, campaign: ReviewCampaign, status: str = "") -> QuerySet[CaseReview]:
    reviews = campaign.reviews.select_related(
        "case__enterprise", "case__domain", "case__unit", "region", "reviewer", "checker"
    )
    if not set(visible_region_ids(user)) >= {campaign.region_id}:
        reviews = reviews.filter(Q(region_id__in=visible_region_ids(user)) | _mine(user))
    if status:
        reviews = reviews.filter(status=status)
    return reviews.order_by("region__code", "case__decision_number")


def list_my_reviews(*, user: User) -> QuerySet[CaseReview]:
    return (
        CaseReview.objects.filter(reviewer=user)
        .exclude(status=ReviewStatus.CONFIRMED)
        .select_related("case__enterprise", "campaign", "region")
        .order_by("campaign_id", "case__decision_number")
    )


def get_review(*, user: User, pk: int) -> CaseReview | None:
    return (
        CaseReview.objects.filter(Q(region_id__in=visible_region_ids(user)) | _mine(user), pk=pk)
        .select_related(
            "campaign",
            "case__enterprise",
            "case__domain",
            "case__unit",
            "case__region",
            "reviewer",
            "checker",
        )
        .first()
    )


def get_finding(*, user: User, pk: int) -> ReviewFinding | None:
    finding = ReviewFinding.objects.filter(pk=pk).select_related("review").first()
    if finding is None or get_review(user=user, pk=finding.review_id) is None:
        return None
    return finding


def list_reviewer_candidates(*, user: User) -> QuerySet[User]:
    """Staff who can review: the roles of case-file review, in the regions the organiser sees."""
    return (
        User.objects.filter(is_active=True, role__in=REVIEWER_ROLES, region_id__in=visible_region_ids(user))
        .select_related("region", "unit")
        .order_by("region__code", "username")
    )


def get_case(*, user: User, decision_number: str) -> PenaltyCase | None:
    return (
        PenaltyCase.objects.filter(
            region_id__in=visible_region_ids(user), decision_number=decision_number.strip()
        )
        .select_related("enterprise", "region", "domain")
        .first()
    )


def list_av_checks(*, user: User) -> QuerySet[AvCheck]:
    return AvCheck.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "case__enterprise", "region", "checker", "clue"
    )


# --- follow-ups --------------------------------------------------------------------------------


def list_follow_ups(
    *, user: User, kind: str = "", state: str = "", region_code: str = "", query: str = ""
) -> QuerySet[FollowUp]:
    """Follow-up tasks; state is pending / overdue / done (overdue is derived from the due date)."""
    today = timezone.localdate()
    items = FollowUp.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "case__enterprise", "region", "clue"
    )
    if kind:
        items = items.filter(kind=kind)
    if state == "done":
        items = items.filter(status=FollowUpStatus.DONE)
    elif state == "overdue":
        items = items.filter(status=FollowUpStatus.PENDING, due_on__lt=today)
    elif state == "pending":
        items = items.filter(status=FollowUpStatus.PENDING, due_on__gte=today)
    elif state == "open":
        items = items.filter(status=FollowUpStatus.PENDING)
    if region_code:
        items = items.filter(region__code=region_code)
    if query:
        items = items.filter(
            Q(case__decision_number__contains=query) | Q(case__enterprise__name__contains=query)
        )
    return items.order_by("status", "due_on", "pk")


def get_follow_up(*, user: User, pk: int) -> FollowUp | None:
    return (
        FollowUp.objects.filter(region_id__in=visible_region_ids(user), pk=pk)
        .select_related("case__enterprise", "case__domain", "region", "visitor", "clue")
        .first()
    )


def is_overdue(follow_up: FollowUp, on: dt.date | None = None) -> bool:
    return follow_up.status == FollowUpStatus.PENDING and follow_up.due_on < (on or timezone.localdate())


@dataclass(frozen=True)
class CoverageRow:
    code: str
    name: str
    due: int
    done: int
    overdue: int
    pending: int

    @property
    def rate(self) -> str:
        return f"{self.done * 100 / self.due:.1f}%" if self.due else "—"


def follow_up_coverage(user: User) -> list[CoverageRow]:
    """双百回访 coverage by county (the last row is the total): cases due a visit, done, overdue, pending."""
    today = timezone.localdate()
    visible = visible_region_ids(user)
    counts = (
        FollowUp.objects.filter(kind=FollowUpKind.MANDATORY, region_id__in=visible)
        .values("region_id")
        .annotate(
            due=Count("id"),
            done=Count("id", filter=Q(status=FollowUpStatus.DONE)),
            overdue=Count("id", filter=Q(status=FollowUpStatus.PENDING, due_on__lt=today)),
        )
    )
    by_region: dict[int, tuple[int, int, int]] = {
        row["region_id"]: (row["due"], row["done"], row["overdue"]) for row in counts
    }
    regions = Region.objects.filter(pk__in=visible).order_by("code")
    counties = [r for r in regions if r.level == RegionLevel.COUNTY] or list(regions)
    rows = []
    for region in counties:
        due, done, overdue = by_region.pop(region.pk, (0, 0, 0))
        rows.append(CoverageRow(region.code, region.name, due, done, overdue, due - done - overdue))
    for region in regions:  # tasks held at city level, if any
        if region.pk in by_region:
            due, done, overdue = by_region[region.pk]
            rows.insert(
                0,
                CoverageRow(region.code, f"{region.name}（本级）", due, done, overdue, due - done - overdue),
            )
    total = CoverageRow(
        "",
        "合计",
        sum(r.due for r in rows),
        sum(r.done for r in rows),
        sum(r.overdue for r in rows),
        sum(r.pending for r in rows),
    )
    return [*rows, total]


# --- reports -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreLine:
    label: str
    reviewed: int
    average: Decimal
    excellent: int
    passed: int
    failed: int


def _lines(groups: dict[str, list[CaseReview]], failing: str, best: str) -> list[ScoreLine]:
    lines = []
    for label, items in sorted(groups.items()):
        scores = [r.score or Decimal("0") for r in items]
        lines.append(
            ScoreLine(
                label=label,
                reviewed=len(items),
                average=(sum(scores, Decimal("0")) / len(scores)).quantize(Decimal("0.01")),
                excellent=sum(1 for r in items if r.grade == best),
                passed=sum(1 for r in items if r.grade not in (failing, "")),
                failed=sum(1 for r in items if r.grade == failing),
            )
        )
    return lines


def review_report(*, user: User, campaign: ReviewCampaign) -> dict[str, Any]:
    """Scores by county, unit, officer and item; the most frequent deductions. Scored files only."""
    from jiandu.reviews.rules import get_score_sheet

    sheet = get_score_sheet(campaign.sheet_version)
    reviews = list(list_reviews(user=user, campaign=campaign).exclude(status=ReviewStatus.PENDING))
    by_county: dict[str, list[CaseReview]] = defaultdict(list)
    by_unit: dict[str, list[CaseReview]] = defaultdict(list)
    by_officer: dict[str, list[CaseReview]] = defaultdict(list)
    for review in reviews:
        by_county[review.region.name].append(review)
        by_unit[review.case.unit.name if review.case.unit else "未载明"].append(review)
        for name in review.case.officers.split("、"):
            if name.strip():
                by_officer[name.strip()].append(review)
    findings = ReviewFinding.objects.filter(review__in=reviews).filter(Q(deduction__gt=0) | Q(veto=True))
    frequency: Counter[str] = Counter()
    points: dict[str, Decimal] = defaultdict(Decimal)
    texts: dict[str, str] = {}
    for finding in findings:
        frequency[finding.item_code] += 1
        points[finding.item_code] += finding.deduction
        texts[finding.item_code] = finding.item_text
    items = [
        {
            "code": code,
            "text": texts[code],
            "times": n,
            "points": points[code],
            "share": f"{n * 100 / len(reviews):.1f}%" if reviews else "—",
        }
        for code, n in frequency.most_common()
    ]
    best = sheet.bands[0][0]
    return {
        "sheet": sheet,
        "reviewed": len(reviews),
        "selected": campaign.reviews.count(),
        "by_county": _lines(by_county, sheet.failing_grade, best),
        "by_unit": _lines(by_unit, sheet.failing_grade, best),
        "by_officer": _lines(by_officer, sheet.failing_grade, best),
        "items": items,
    }


def verify_campaign_draw(campaign: ReviewCampaign) -> tuple[bool, list[str]]:
    """Re-run the published check of a random campaign against today's candidate list of its scope."""
    from jiandu.engines.lottery import Candidate, verify
    from jiandu.reviews.services import closed_cases

    if not campaign.draw:
        return False, ["该评查活动不是随机评查，没有抽取结果。"]
    by_county = bool(campaign.criteria.get("by_county", True))
    candidates = [
        Candidate(case.decision_number or str(case.pk), case.region.code if by_county else "all")
        for case in closed_cases(campaign.region, campaign.criteria)
    ]
    ok, problems = verify(campaign.draw, candidates=candidates)
    return ok, list(problems)
