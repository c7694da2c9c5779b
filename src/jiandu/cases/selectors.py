"""Reads of penalty cases, scoped by region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from jiandu.cases.models import PenaltyCase
from jiandu.org.models import User
from jiandu.org.selectors import visible_region_ids


def list_cases(*, user: User, region_code: str = "", query: str = "") -> QuerySet[PenaltyCase]:
    cases = PenaltyCase.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "enterprise", "domain"
    )
    if region_code:
        cases = cases.filter(region__code=region_code)
    if query:
        cases = cases.filter(decision_number__contains=query) | cases.filter(enterprise__name__contains=query)
    return cases.order_by("-decided_on", "decision_number")


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
