"""Rebuild the aggregate tables from the raw ones with a handful of GROUP BY queries."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Clue
from jiandu.figures import tasks
from jiandu.figures.models import Refresh, RegionEnterprises, RegionMonth
from jiandu.org.models import Enterprise
from jiandu.prevention.models import Complaint


def _month(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        day: dt.date = value.date()
    else:
        day = value
    return day.replace(day=1)


RECENT_MONTHS = 3


def _months_back(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def refresh_figures(*, full: bool = True) -> Refresh:
    """Recompute the aggregates; returns the refresh record (time, duration, rows).

    `full=False` recomputes only the current and the last `RECENT_MONTHS` months (what ordinary work
    changes) and the firm counts; a full refresh (nightly, after a bulk import) recomputes every month.
    """
    started = time.perf_counter()
    since = None if full else _months_back(timezone.localdate().replace(day=1), RECENT_MONTHS)
    tz = timezone.get_current_timezone()
    cells: dict[tuple[int, dt.date], dict[str, Any]] = defaultdict(dict)
    cases = PenaltyCase.objects.filter(decided_on__isnull=False)
    if since is not None:
        cases = cases.filter(decided_on__gte=since)
    decided = (
        cases.annotate(m=TruncMonth("decided_on"))
        .values("region_id", "m")
        .annotate(n=Count("id"), fines=Sum("fine"), confiscations=Sum("confiscation"))
    )
    for row in decided:
        cell = cells[(row["region_id"], _month(row["m"]))]
        cell.update(cases_decided=row["n"], fines=row["fines"] or Decimal(0))
        cell["confiscations"] = row["confiscations"] or Decimal(0)
    start = None if since is None else timezone.make_aware(dt.datetime.combine(since, dt.time()), tz)
    for model, key, name in (
        (Complaint, "received_at", "complaints"),
        (Clue, "received_at", "clues_received"),
    ):
        rows = model.objects.all() if start is None else model.objects.filter(**{f"{key}__gte": start})
        counted = rows.annotate(m=TruncMonth(key, tzinfo=tz)).values("region_id", "m").annotate(n=Count("id"))
        for counted_row in counted:
            cells[(counted_row["region_id"], _month(counted_row["m"]))][name] = counted_row["n"]
    by_class: dict[int, dict[str, int]] = defaultdict(dict)
    for firm_row in Enterprise.objects.values("region_id", "credit_class").annotate(n=Count("id")):
        by_class[firm_row["region_id"]][firm_row["credit_class"]] = firm_row["n"]
    with transaction.atomic():
        stale = RegionMonth.objects.all() if since is None else RegionMonth.objects.filter(month__gte=since)
        stale.delete()
        RegionMonth.objects.bulk_create(
            [
                RegionMonth(region_id=region, month=month, **values)
                for (region, month), values in cells.items()
            ],
            batch_size=2000,
        )
        RegionEnterprises.objects.all().delete()
        RegionEnterprises.objects.bulk_create(
            [
                RegionEnterprises(
                    region_id=region,
                    total=sum(counts.values()),
                    class_a=counts.get("A", 0),
                    class_b=counts.get("B", 0),
                    class_c=counts.get("C", 0),
                    class_d=counts.get("D", 0),
                )
                for region, counts in by_class.items()
            ],
            batch_size=2000,
        )
        Refresh.objects.filter(finished_at__lt=timezone.now() - dt.timedelta(days=7)).delete()
        return Refresh.objects.create(
            finished_at=timezone.now(),
            seconds=round(time.perf_counter() - started, 3),
            rows=len(cells) + len(by_class),
        )


@dataclass(frozen=True)
class Freshness:
    refreshed_at: dt.datetime | None
    stale: bool


def ensure_fresh() -> Freshness:
    """The last refresh; when it is older than the allowed age, one refresh is requested (deduplicated)."""
    last = Refresh.objects.order_by("-finished_at").first()
    max_age = dt.timedelta(seconds=int(getattr(settings, "JIANDU_FIGURES_MAX_AGE", 300)))
    stale = last is None or timezone.now() - last.finished_at > max_age
    if stale:
        request_refresh(full=last is None)
        last = Refresh.objects.order_by("-finished_at").first()  # the immediate backend has run it
        stale = last is None or timezone.now() - last.finished_at > max_age
    return Freshness(last.finished_at if last else None, stale)


LOCK_KEY = "figures:refresh:queued"


def request_refresh(*, full: bool = False) -> bool:
    """Enqueue one refresh unless one is already queued (the lock expires after ten minutes)."""
    if not cache.add(LOCK_KEY, 1, timeout=600):
        return False
    tasks.refresh_figures_task.enqueue(full)
    return True
