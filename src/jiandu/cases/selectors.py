"""Reads of penalty cases, scoped by region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiandu.cases.models import (
    DECIDED_STATUSES,
    CaseDocument,
    CaseLead,
    CaseOutcome,
    CaseStatus,
    CreditRepair,
    PenaltyCase,
    PublicityStatus,
)
from jiandu.cases.rules import deadline_rules
from jiandu.discretion.selectors import first_violation_window_years
from jiandu.engines.case_deadlines import Deadline, deadlines
from jiandu.engines.workdays import WorkdayCalendar
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Enterprise, User
from jiandu.org.selectors import visible_region_ids

IN_PROGRESS = tuple(s for s in CaseStatus if s not in (CaseStatus.PAID, CaseStatus.CLOSED))


def list_cases(
    *, user: User, region_code: str = "", query: str = "", status: str = ""
) -> QuerySet[PenaltyCase]:
    cases = PenaltyCase.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "enterprise", "domain"
    )
    if region_code:
        cases = cases.filter(region__code=region_code)
    if status == "open":
        cases = cases.filter(status__in=IN_PROGRESS)
    elif status == "overdue":
        cases = cases.filter(pk__in=_overdue_ids(cases))
    elif status:
        cases = cases.filter(status=status)
    if query:
        cases = cases.filter(decision_number__contains=query) | cases.filter(enterprise__name__contains=query)
    return cases.order_by(F("decided_on").desc(nulls_first=True), "decision_number", "-pk")


def _overdue_ids(cases: QuerySet[PenaltyCase]) -> list[int]:
    """Cases with a running deadline already passed (derived on each read, never stored)."""
    calendar = load_calendar()
    running = cases.filter(Q(status__in=IN_PROGRESS) | Q(publicity_status=PublicityStatus.PENDING))
    return [c.pk for c in running if any(d.overdue for d in case_deadlines(c, calendar=calendar))]


def get_case(*, user: User, pk: int) -> PenaltyCase | None:
    return (
        PenaltyCase.objects.filter(region_id__in=visible_region_ids(user), pk=pk)
        .select_related("region", "region__parent", "enterprise", "domain", "legal_reviewer", "created_by")
        .first()
    )


def case_documents(case: PenaltyCase) -> QuerySet[CaseDocument]:
    return case.documents.defer("content").order_by("kind")


def get_document(*, user: User, case_id: int, kind: str) -> CaseDocument | None:
    return (
        CaseDocument.objects.filter(case_id=case_id, kind=kind, case__region_id__in=visible_region_ids(user))
        .select_related("case")
        .first()
    )


def case_deadlines(
    case: PenaltyCase, *, today: dt.date | None = None, calendar: WorkdayCalendar | None = None
) -> list[Deadline]:
    """The deadlines running for a case now, each with its due date and whether it is overdue."""
    return deadlines(
        deadline_rules(),
        status=case.status,
        dates={
            "filed_on": case.filed_on,
            "submitted_for_review_on": case.submitted_for_review_on,
            "decided_on": case.decided_on,
            "delivered_on": case.delivered_on,
            "notice_delivered_on": notice.delivered_on if (notice := getattr(case, "notice", None)) else None,
        },
        amount_due=case.amount_due > 0,
        publicity_status=case.publicity_status,
        today=today or timezone.localdate(),
        calendar=calendar or load_calendar(),
    )


def list_repairs(*, user: User, status: str = "") -> QuerySet[CreditRepair]:
    repairs = CreditRepair.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "case", "case__enterprise", "region"
    )
    if status:
        repairs = repairs.filter(status=status)
    return repairs.order_by("-submitted_at")


def get_repair(*, user: User, pk: int) -> CreditRepair | None:
    return list_repairs(user=user).filter(pk=pk).first()


def get_public_repair(*, number: str, uscc: str) -> CreditRepair | None:
    """A firm looks up its own application by the application number and its credit code."""
    return (
        CreditRepair.objects.filter(number=number.strip(), case__enterprise__uscc=uscc.strip().upper())
        .select_related("case", "case__enterprise")
        .first()
    )


def fines_by_region_month(*, user: User, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], Decimal]:
    """Fines plus confiscations per (region id, first day of month), decided in [start, end)."""
    rows = (
        PenaltyCase.objects.filter(
            region_id__in=visible_region_ids(user), decided_on__gte=start, decided_on__lt=end
        )
        .annotate(month=TruncMonth("decided_on"))
        .values("region_id", "month")
        .annotate(fine=Sum("fine"), confiscation=Sum("confiscation"))
    )
    totals: dict[tuple[int, dt.date], Decimal] = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        totals[(row["region_id"], month)] = (row["fine"] or Decimal(0)) + (row["confiscation"] or Decimal(0))
    return totals


def case_counts_by_region(*, user: User, start: dt.date, end: dt.date) -> dict[int, int]:
    rows = (
        PenaltyCase.objects.filter(
            region_id__in=visible_region_ids(user), decided_on__gte=start, decided_on__lt=end
        )
        .values("region_id")
        .annotate(n=Count("id"))
    )
    return {row["region_id"]: row["n"] for row in rows}


# --- the firm's history (first violation: 首违不罚) ---------------------------------------------------


def earlier_penalties(
    *, enterprise: Enterprise, item_code: str, on: dt.date, window_years: int
) -> QuerySet[PenaltyCase]:
    """Decided penalties or warnings of the firm for the same item in the window before `on`."""
    try:
        start = on.replace(year=on.year - window_years)
    except ValueError:  # 29 February
        start = on.replace(year=on.year - window_years, day=28)
    return PenaltyCase.objects.filter(
        enterprise=enterprise,
        item_code=item_code,
        outcome__in=(CaseOutcome.PENALTY, CaseOutcome.WARNING),
        status__in=DECIDED_STATUSES,
        decided_on__isnull=False,
        decided_on__gte=start,
        decided_on__lt=on,
    )


def is_first_violation(
    *, enterprise: Enterprise, item_code: str, on: dt.date, window_years: int | None = None
) -> bool:
    """True when the firm has no decided penalty or warning for the same item in the window before `on`.

    The window defaults to the catalogue's `first_violation_window_years` (an editable default: the
    law sets no period).
    """
    years = window_years if window_years is not None else first_violation_window_years()
    return not earlier_penalties(
        enterprise=enterprise, item_code=item_code, on=on, window_years=years
    ).exists()


# --- 案源 ------------------------------------------------------------------------------------------


def list_leads(*, user: User, status: str = "") -> QuerySet[CaseLead]:
    leads = CaseLead.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "enterprise", "region", "case"
    )
    if status:
        leads = leads.filter(status=status)
    return leads.order_by("-discovered_on", "-pk")


def get_lead(*, user: User, pk: int) -> CaseLead | None:
    return list_leads(user=user).filter(pk=pk).first()


# --- the stored similar-case check, as one reader may see it ------------------------------------------

SCOPED_AGGREGATES = ("distribution", "median", "percentile", "spread")


def similar_for_reader(case: PenaltyCase, user: User) -> dict[str, Any]:
    """The similar-case check stored on the case, cut to what this reader may see.

    The check ran with the scope of whoever ran it (a city user compares across counties). A reader
    sees only the similar cases of their own regions (and typical cases published above them); when
    any were hidden, the figures computed over all of them (median, spread, percentile, the reasons
    that quote them) are withheld too, and a note says how many cases lie outside the reader's scope.
    """
    stored = dict(case.similar or {})
    if not stored:
        return stored
    visible = set(visible_region_ids(user))
    region = getattr(user, "region", None)
    above = set()
    while region is not None:
        above.add(region.pk)
        region = region.parent
    items = list(stored.get("similar") or [])
    shown = [
        item
        for item in items
        if item.get("region_id") in visible
        or (item.get("kind") == "typical" and item.get("region_id") in above)
    ]
    hidden = len(items) - len(shown)
    if hidden:
        stored["similar"] = shown
        for key in SCOPED_AGGREGATES:
            stored[key] = None
        stored["reasons"] = [f"另有 {hidden} 件类案属于您的管辖范围以外，其文号、罚款和统计值不予显示。"]
        stored["hidden"] = hidden
        stored["count"] = len(shown)
    return stored
