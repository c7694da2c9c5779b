"""Region-scoped reads of the aggregate tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from jiandu.figures.models import RegionEnterprises, RegionMonth
from jiandu.org.models import User
from jiandu.org.selectors import visible_region_ids


def region_months(*, user: User, start: dt.date, end: dt.date) -> list[RegionMonth]:
    """Monthly figures of the visible regions, months in [start, end)."""
    return list(
        RegionMonth.objects.filter(region_id__in=visible_region_ids(user), month__gte=start, month__lt=end)
    )


def fines_by_region_month(*, user: User, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], Decimal]:
    return {
        (r.region_id, r.month): r.fines + r.confiscations
        for r in region_months(user=user, start=start, end=end)
    }


def totals_by_region(*, user: User, start: dt.date, end: dt.date, field: str) -> dict[int, int]:
    rows = (
        RegionMonth.objects.filter(region_id__in=visible_region_ids(user), month__gte=start, month__lt=end)
        .values("region_id")
        .annotate(n=Sum(field))
    )
    return {row["region_id"]: int(row["n"] or 0) for row in rows}


def enterprise_counts(*, user: User) -> dict[int, int]:
    rows = RegionEnterprises.objects.filter(region_id__in=visible_region_ids(user)).values_list(
        "region_id", "total"
    )
    return dict(rows)


def last_month_with_data(*, user: User) -> dt.date | None:
    last = (
        RegionMonth.objects.filter(region_id__in=visible_region_ids(user), cases_decided__gt=0)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return last
