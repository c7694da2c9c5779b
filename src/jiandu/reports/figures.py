"""The figures （统计口径） that fill the monthly form and the indicators, read from the other apps.

Each figure is a function ``figure(scope, params) -> {row region id: value}`` computed with one
grouped aggregate query over the records of the rows' regions (never a scan per row). A row is a
county (its own records and those of the regions under it) or the region's own units (records filed
at the region itself). Periods are Asia/Shanghai calendar dates, both ends included.

The names here are what the YAML templates and indicator sets refer to (``figure: clues.received``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet, Sum

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Assessment, Clue, ClueStatus, DisciplineReferral, Suggestion, Verdict
from jiandu.engines.workdays import WorkdayCalendar
from jiandu.rectify.models import Rectification, RectificationStatus
from jiandu.reports.models import Practice
from jiandu.reviews.models import CaseReview, FollowUp, FollowUpKind, FollowUpStatus, ReviewStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
PENDING_STATES = [
    ClueStatus.RECEIVED,
    ClueStatus.TRIAGED,
    ClueStatus.ASSESSING,
    ClueStatus.CONSULTATION,
    ClueStatus.JUDICIAL_OPINION,
]
REVIEWED_STATES = [ReviewStatus.SCORED, ReviewStatus.CHECKED, ReviewStatus.CONFIRMED]


@dataclass(frozen=True)
class Scope:
    """Which rows and which dates: ``row_of`` maps every record region id to its row's region id."""

    row_of: Mapping[int, int]
    start: dt.date
    end: dt.date
    calendar: WorkdayCalendar
    pass_score: Decimal = Decimal(60)

    @property
    def region_ids(self) -> list[int]:
        return list(self.row_of)

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=SHANGHAI)

    @property
    def end_before(self) -> dt.datetime:
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=SHANGHAI)

    def with_dates(self, start: dt.date, end: dt.date) -> Scope:
        return Scope(self.row_of, start, end, self.calendar, self.pass_score)


Value = int | Decimal
Figure = Callable[[Scope, Mapping[str, Any]], dict[int, Value]]


def _fold(scope: Scope, rows: Iterable[dict[str, Any]], field: str = "n") -> dict[int, Value]:
    totals: dict[int, Value] = defaultdict(int)
    for row in rows:
        value = row[field]
        if value is None:
            continue
        target = scope.row_of[row["rid"]]
        totals[target] = totals[target] + value
    return dict(totals)


def _count(scope: Scope, qs: QuerySet[Any], region: str) -> dict[int, Value]:
    return _fold(scope, qs.values(rid=F(region)).annotate(n=Count("pk")).order_by())


def _sum(scope: Scope, qs: QuerySet[Any], region: str, expression: Any) -> dict[int, Value]:
    return _fold(scope, qs.values(rid=F(region)).annotate(n=Sum(expression)).order_by())


def _channels(params: Mapping[str, Any]) -> list[str]:
    if "channel" in params:
        return [str(params["channel"])]
    return [str(c) for c in params.get("channels") or []]


def _clue_filters(params: Mapping[str, Any], prefix: str = "") -> Q:
    q = Q()
    if channels := _channels(params):
        q &= Q(**{f"{prefix}channel__in": channels})
    if "domain" in params:
        q &= Q(**{f"{prefix}domain__code": params["domain"]})
    return q


# --- clues ----------------------------------------------------------------------------------------


def _received(scope: Scope) -> QuerySet[Clue]:
    return Clue.objects.filter(
        region_id__in=scope.region_ids, received_at__gte=scope.start_at, received_at__lt=scope.end_before
    )


def clues_received(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Clues received in the period (by ``received_at``, Asia/Shanghai), optionally by channel/domain."""
    return _count(scope, _received(scope).filter(_clue_filters(params)), "region_id")


def clues_handled(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Clues received in the period that already have an assessment （研判办结）."""
    qs = _received(scope).filter(_clue_filters(params), assessment__isnull=False)
    return _count(scope, qs, "region_id")


def _assessed(scope: Scope, verdict: str, params: Mapping[str, Any]) -> dict[int, Value]:
    qs = Assessment.objects.filter(
        clue__region_id__in=scope.region_ids,
        verdict=verdict,
        decided_on__gte=scope.start,
        decided_on__lte=scope.end,
    ).filter(_clue_filters(params, "clue__"))
    if "category" in params:
        qs = qs.filter(category=params["category"])
    if "subtype" in params:
        qs = qs.filter(subtype=params["subtype"])
    return _count(scope, qs, "clue__region_id")


def clues_confirmed(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Problems confirmed （认定） in the period, by the assessment's date, category and subtype."""
    return _assessed(scope, Verdict.CONFIRMED, params)


def clues_not_confirmed(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    return _assessed(scope, Verdict.NOT_CONFIRMED, params)


def clues_assessing(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Clues received by the end of the period and still waiting for a verdict now."""
    qs = Clue.objects.filter(
        region_id__in=scope.region_ids, received_at__lt=scope.end_before, status__in=PENDING_STATES
    )
    return _count(scope, qs, "region_id")


def clues_referrals(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    qs = DisciplineReferral.objects.filter(
        clue__region_id__in=scope.region_ids, referred_on__gte=scope.start, referred_on__lte=scope.end
    )
    return _count(scope, qs, "clue__region_id")


def clues_suggestions(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    qs = Suggestion.objects.filter(
        region_id__in=scope.region_ids, created_at__gte=scope.start_at, created_at__lt=scope.end_before
    )
    return _count(scope, qs, "region_id")


# --- rectification --------------------------------------------------------------------------------


def _completed(scope: Scope, params: Mapping[str, Any]) -> QuerySet[Rectification]:
    qs = Rectification.objects.filter(
        region_id__in=scope.region_ids,
        status=RectificationStatus.DONE,
        completed_on__gte=scope.start,
        completed_on__lte=scope.end,
    )
    if "mode" in params:
        qs = qs.filter(mode=params["mode"])
    return qs


def rectify_completed(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Ledger items completed in the period （立行立改 and 限期整改， or one ``mode``)."""
    return _count(scope, _completed(scope, params), "region_id")


def rectify_completed_on_time(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    totals: dict[int, Value] = defaultdict(int)
    for region_id, opened, term, completed in _completed(scope, params).values_list(
        "region_id", "opened_on", "term_workdays", "completed_on"
    ):
        if completed is not None and completed <= scope.calendar.add(opened, term):
            totals[scope.row_of[region_id]] += 1
    return dict(totals)


def rectify_open(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Items opened by the end of the period and not completed by then."""
    qs = Rectification.objects.filter(region_id__in=scope.region_ids, opened_on__lte=scope.end).filter(
        Q(status=RectificationStatus.OPEN) | Q(completed_on__gt=scope.end)
    )
    return _count(scope, qs, "region_id")


def rectify_overdue(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Of those, the ones whose deadline (working days from opening) passed before the period's end."""
    qs = Rectification.objects.filter(region_id__in=scope.region_ids, opened_on__lte=scope.end).filter(
        Q(status=RectificationStatus.OPEN) | Q(completed_on__gt=scope.end)
    )
    totals: dict[int, Value] = defaultdict(int)
    for region_id, opened, term in qs.values_list("region_id", "opened_on", "term_workdays"):
        if scope.calendar.add(opened, term) < scope.end:
            totals[scope.row_of[region_id]] += 1
    return dict(totals)


def rectify_supervised(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    qs = Rectification.objects.filter(
        region_id__in=scope.region_ids,
        supervised=True,
        supervised_on__gte=scope.start,
        supervised_on__lte=scope.end,
    )
    return _count(scope, qs, "region_id")


def rectify_refund_amount(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Fees and fines refunded (yuan) by the items completed in the period."""
    return _sum(scope, _completed(scope, params), "region_id", "refund_amount")


def rectify_decisions_corrected(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    return _sum(scope, _completed(scope, params), "region_id", "decisions_corrected")


# --- reviews and follow-up visits -----------------------------------------------------------------


def _reviews(scope: Scope) -> QuerySet[CaseReview]:
    return CaseReview.objects.filter(
        region_id__in=scope.region_ids,
        status__in=REVIEWED_STATES,
        scored_at__gte=scope.start_at,
        scored_at__lt=scope.end_before,
    )


def reviews_cases_reviewed(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Case files scored in the period."""
    return _count(scope, _reviews(scope), "region_id")


def reviews_cases_passed(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Of those, not vetoed and scoring at least the template's pass score (default 60)."""
    qs = _reviews(scope).filter(vetoed=False, score__gte=scope.pass_score)
    return _count(scope, qs, "region_id")


def _mandatory(scope: Scope) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        region_id__in=scope.region_ids,
        kind=FollowUpKind.MANDATORY,
        due_on__gte=scope.start,
        due_on__lte=scope.end,
    )


def reviews_follow_ups_due(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """双百回访 whose deadline falls in the period."""
    return _count(scope, _mandatory(scope), "region_id")


def reviews_follow_ups_done(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    return _count(scope, _mandatory(scope).filter(status=FollowUpStatus.DONE), "region_id")


# --- cases ----------------------------------------------------------------------------------------


def _decided(scope: Scope) -> QuerySet[PenaltyCase]:
    return PenaltyCase.objects.filter(
        region_id__in=scope.region_ids, decided_on__gte=scope.start, decided_on__lte=scope.end
    )


def cases_challenged(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Cases decided in the period whose party applied for reconsideration or went to court."""
    return _count(scope, _decided(scope).filter(Q(reconsidered=True) | Q(litigated=True)), "region_id")


def cases_fines(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    """Fines plus confiscations (yuan) of the cases decided in the period."""
    return _sum(scope, _decided(scope), "region_id", F("fine") + F("confiscation"))


# --- reports --------------------------------------------------------------------------------------


def reports_practices(scope: Scope, params: Mapping[str, Any]) -> dict[int, Value]:
    qs = Practice.objects.filter(
        region_id__in=scope.region_ids, created_at__gte=scope.start_at, created_at__lt=scope.end_before
    )
    return _count(scope, qs, "region_id")


# --- one query for a family of columns ------------------------------------------------------------
# Columns that differ only by one parameter (received by channel, by domain; confirmed by category,
# by subtype) are computed with one query grouped by that field instead of one query per column.


def _grouped(scope: Scope, qs: QuerySet[Any], region: str, field: str) -> dict[tuple[int, Any], int]:
    totals: dict[tuple[int, Any], int] = defaultdict(int)
    for row in qs.values(rid=F(region), key=F(field)).annotate(n=Count("pk")).order_by():
        totals[(scope.row_of[row["rid"]], row["key"])] += row["n"]
    return dict(totals)


def _confirmed_qs(scope: Scope) -> QuerySet[Assessment]:
    return Assessment.objects.filter(
        clue__region_id__in=scope.region_ids,
        verdict=Verdict.CONFIRMED,
        decided_on__gte=scope.start,
        decided_on__lte=scope.end,
    )


GROUPED: dict[tuple[str, str], Callable[[Scope], dict[tuple[int, Any], int]]] = {
    ("clues.received", "channel"): lambda s: _grouped(s, _received(s), "region_id", "channel"),
    ("clues.received", "domain"): lambda s: _grouped(s, _received(s), "region_id", "domain__code"),
    ("clues.confirmed", "category"): lambda s: _grouped(s, _confirmed_qs(s), "clue__region_id", "category"),
    ("clues.confirmed", "subtype"): lambda s: _grouped(s, _confirmed_qs(s), "clue__region_id", "subtype"),
}


FIGURES: dict[str, Figure] = {
    "clues.received": clues_received,
    "clues.handled": clues_handled,
    "clues.confirmed": clues_confirmed,
    "clues.not_confirmed": clues_not_confirmed,
    "clues.assessing": clues_assessing,
    "clues.referrals": clues_referrals,
    "clues.suggestions": clues_suggestions,
    "rectify.completed": rectify_completed,
    "rectify.completed_on_time": rectify_completed_on_time,
    "rectify.open": rectify_open,
    "rectify.overdue": rectify_overdue,
    "rectify.supervised": rectify_supervised,
    "rectify.refund_amount": rectify_refund_amount,
    "rectify.decisions_corrected": rectify_decisions_corrected,
    "reviews.cases_reviewed": reviews_cases_reviewed,
    "reviews.cases_passed": reviews_cases_passed,
    "reviews.follow_ups_due": reviews_follow_ups_due,
    "reviews.follow_ups_done": reviews_follow_ups_done,
    "cases.challenged": cases_challenged,
    "cases.fines": cases_fines,
    "reports.practices": reports_practices,
}


# --- distributions by domain (for 执法重心吻合度） ---------------------------------------------------

Distribution = Callable[[Scope], dict[int, dict[int, int]]]


def _by_domain(scope: Scope, qs: QuerySet[Any]) -> dict[int, dict[int, int]]:
    result: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in qs.exclude(domain_id=None).values("region_id", "domain_id").annotate(n=Count("pk")).order_by():
        result[scope.row_of[row["region_id"]]][row["domain_id"]] += row["n"]
    return {k: dict(v) for k, v in result.items()}


def cases_decided_by_domain(scope: Scope) -> dict[int, dict[int, int]]:
    return _by_domain(scope, _decided(scope))


def clues_received_by_domain(scope: Scope) -> dict[int, dict[int, int]]:
    return _by_domain(scope, _received(scope))


DISTRIBUTIONS: dict[str, Distribution] = {
    "cases.decided_by_domain": cases_decided_by_domain,
    "clues.received_by_domain": clues_received_by_domain,
}
