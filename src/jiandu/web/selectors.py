"""The dashboard's figures, composed from each app's region-scoped selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from jiandu.clues.models import ClueStatus
from jiandu.clues.selectors import OverdueSummary, list_clues, overdue_summary
from jiandu.figures.selectors import enterprise_counts, fines_by_region_month, totals_by_region
from jiandu.figures.services import ensure_fresh
from jiandu.inspections.selectors import RepeatWarning, list_repeat_warnings
from jiandu.org.models import Region, User
from jiandu.org.selectors import list_counties
from jiandu.rectify.selectors import rectification_counts
from jiandu.reviews.selectors import CoverageRow, follow_up_coverage
from jiandu.web.charts import Series, line_chart

WAN = Decimal(10000)


def _add_months(month: dt.date, delta: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class CountyRow:
    region: Region
    enterprises: int
    cases: int
    fines: Decimal  # last 12 months, yuan
    fines_before: Decimal  # the 12 months before that
    complaints: int

    @property
    def growth(self) -> Decimal | None:
        if not self.fines_before:
            return None
        return ((self.fines - self.fines_before) / self.fines_before * 100).quantize(Decimal("0.1"))

    @property
    def fines_wan(self) -> Decimal:
        return (self.fines / WAN).quantize(Decimal("0.1"))

    @property
    def fines_before_wan(self) -> Decimal:
        return (self.fines_before / WAN).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Dashboard:
    period: str
    enterprises: int
    cases: int
    fines_wan: Decimal
    complaints: int
    open_clues: int
    counties: list[CountyRow]
    chart_svg: str
    repeat_warnings: list[RepeatWarning]
    overdue: OverdueSummary
    rectifications: tuple[int, int]  # open and overdue ledger items
    coverage: list[CoverageRow]
    figures_as_of: dt.datetime | None


def get_dashboard(*, user: User, today: dt.date | None = None) -> Dashboard:
    """The dashboard of this user's region and role: everyone with the same region and role sees the
    same figures, so the composed dashboard is shared through the cache for
    `JIANDU_DASHBOARD_CACHE_SECONDS` (the figures themselves come from aggregates refreshed every
    few minutes; the open and overdue counts may lag by that long)."""
    seconds = settings.JIANDU_DASHBOARD_CACHE_SECONDS
    if seconds <= 0 or today is not None:
        return build_dashboard(user=user, today=today)
    key = f"jiandu:dashboard:v1:{user.region_id}:{user.role}:{int(user.is_superuser)}:{timezone.localdate()}"
    board = cache.get(key)
    if not isinstance(board, Dashboard):
        board = build_dashboard(user=user)
        cache.set(key, board, seconds)
    return board


def build_dashboard(*, user: User, today: dt.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    end = today.replace(day=1)
    start12, start36 = _add_months(end, -12), _add_months(end, -36)
    counties = list(list_counties(user))
    if not counties:
        counties = [r for r in [user.region] if r is not None]
    # Figures come from the aggregate tables (figures app), refreshed in the background when stale.
    fresh = ensure_fresh()
    fines = fines_by_region_month(user=user, start=start36, end=end)
    cases = totals_by_region(user=user, start=start12, end=end, field="cases_decided")
    complaints = totals_by_region(user=user, start=start12, end=_add_months(end, 1), field="complaints")
    enterprise_counts_by_region = enterprise_counts(user=user)
    enterprise_counts_visible = {c.pk: enterprise_counts_by_region.get(c.pk, 0) for c in counties}

    months = [_add_months(start36, i) for i in range(36)]
    rows = []
    for county in counties:
        fines12 = sum((fines.get((county.pk, m), Decimal(0)) for m in months[24:]), Decimal(0))
        fines_prev = sum((fines.get((county.pk, m), Decimal(0)) for m in months[12:24]), Decimal(0))
        rows.append(
            CountyRow(
                region=county,
                enterprises=enterprise_counts_visible.get(county.pk, 0),
                cases=cases.get(county.pk, 0),
                fines=fines12,
                fines_before=fines_prev,
                complaints=complaints.get(county.pk, 0),
            )
        )
    chart = line_chart(
        labels=[f"{m.year % 100:02d}/{m.month:02d}" for m in months],
        series=[
            Series(county.name, [(fines.get((county.pk, m), Decimal(0)) / WAN) for m in months])
            for county in counties
        ],
        unit="万元",
        title="各县(市、区)月度罚没金额",
    )
    return Dashboard(
        period=f"{start12:%Y年%m月}—{_add_months(end, -1):%Y年%m月}",
        enterprises=sum(enterprise_counts_by_region.values()),
        cases=sum(r.cases for r in rows),
        fines_wan=(sum((r.fines for r in rows), Decimal(0)) / WAN).quantize(Decimal("0.1")),
        complaints=sum(complaints.values()),
        open_clues=list_clues(user=user).exclude(status=ClueStatus.CLOSED).count(),
        counties=rows,
        chart_svg=chart,
        repeat_warnings=list_repeat_warnings(user),
        overdue=overdue_summary(user, today=today),
        rectifications=rectification_counts(user=user, today=today),
        coverage=follow_up_coverage(user),
        figures_as_of=fresh.refreshed_at,
    )
