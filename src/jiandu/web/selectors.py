"""The dashboard's figures, composed from each app's region-scoped selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiandu.analysis.selectors import list_key_counties
from jiandu.cases.selectors import list_cases
from jiandu.clues.models import ClueStatus, ProblemCategory
from jiandu.clues.selectors import OverdueSummary, list_clues, overdue_summary
from jiandu.figures.selectors import (
    enterprise_counts,
    fines_by_region_month,
    last_month_with_data,
    totals_by_region,
)
from jiandu.figures.services import ensure_fresh
from jiandu.inspections.selectors import RepeatWarning, list_repeat_warnings
from jiandu.org.models import Region, RegionLevel, Role, User
from jiandu.org.selectors import list_counties
from jiandu.oversight.selectors import MediaUrgentTotals, media_urgent_totals
from jiandu.prevention.selectors import complaint_counts_by_region
from jiandu.rectify.selectors import list_rectifications, rectification_counts
from jiandu.reviews.selectors import CoverageRow, follow_up_coverage
from jiandu.web.charts import bar_chart, small_multiple

WAN = Decimal(10000)


def _add_months(month: dt.date, delta: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)


def _per_wan(count: int, firms: int) -> Decimal | None:
    if not firms:
        return None
    return (Decimal(count) * WAN / Decimal(firms)).quantize(Decimal("0.1"))


def _month_label(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


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

    key_county: bool = False

    @property
    def cases_per_wan(self) -> Decimal | None:
        """Cases per 10,000 firms."""
        return _per_wan(self.cases, self.enterprises)

    @property
    def complaints_per_wan(self) -> Decimal | None:
        return _per_wan(self.complaints, self.enterprises)

    @property
    def fines_wan(self) -> Decimal:
        return (self.fines / WAN).quantize(Decimal("0.1"))

    @property
    def fines_before_wan(self) -> Decimal:
        return (self.fines_before / WAN).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Matrix:
    """Confirmed problems of the period: problem category (columns) × domain (rows)."""

    categories: list[tuple[str, str]]  # (code, label)
    rows: list[tuple[str, list[int], int]]  # (domain name, counts per category, row total)
    totals: list[int]
    peak: int


@dataclass(frozen=True)
class Dashboard:
    period: str
    data_as_of: dt.date  # the last day the figures cover (the end of the last complete month with data)
    scope: str  # whose figures: the city, one county, or a unit's domains
    regions_title: str  # "各县（市、区）" for the city, the county's own name for a county
    county_scope: bool
    enterprises: int
    cases: int
    fines_wan: Decimal
    complaints: int
    open_clues: int
    supervised: int  # open ledger items under 督办
    counties: list[CountyRow]
    fines_svg: str
    rates_svg: str
    multiples: list[tuple[str, str]]  # (region name, svg) on a shared scale
    matrix: Matrix
    key_counties: list[str]
    key_period: str
    repeat_warnings: list[RepeatWarning]
    overdue: OverdueSummary
    rectifications: tuple[int, int]  # open and overdue ledger items
    coverage: list[CoverageRow]
    figures_as_of: dt.datetime | None
    media_urgent: MediaUrgentTotals  # 宣传报道, 舆情, urgent matters since 1 January of this year

    @property
    def chart_svg(self) -> str:
        return self.fines_svg


def get_dashboard(*, user: User, today: dt.date | None = None) -> Dashboard:
    """The dashboard of this user's region and role (and unit, for a business unit, whose figures are
    scoped to its domains): everyone with the same key sees the same figures, so the composed dashboard
    is shared through the cache for `JIANDU_DASHBOARD_CACHE_SECONDS` (the figures themselves come from
    aggregates refreshed every few minutes; the open and overdue counts may lag by that long)."""
    seconds = settings.JIANDU_DASHBOARD_CACHE_SECONDS
    if seconds <= 0 or today is not None:
        return build_dashboard(user=user, today=today)
    unit = user.unit_id if user.role == Role.BUSINESS_UNIT else None
    key = (
        f"jiandu:dashboard:v2:{user.region_id}:{user.role}:{unit}:{int(user.is_superuser)}:"
        f"{timezone.localdate()}"
    )
    board = cache.get(key)
    if not isinstance(board, Dashboard):
        board = build_dashboard(user=user)
        cache.set(key, board, seconds)
    return board


def unit_domains(user: User) -> list[int] | None:
    """A business unit sees the figures of the domains it leads; everyone else all domains (None)."""
    if user.role != Role.BUSINESS_UNIT or user.unit is None:
        return None
    return list(user.unit.domains.values_list("pk", flat=True))


def _domain_fines(
    *, user: User, domains: list[int], start: dt.date, end: dt.date
) -> tuple[dict[tuple[int, dt.date], Decimal], dict[int, int]]:
    cases = list_cases(user=user).filter(domain_id__in=domains, decided_on__gte=start, decided_on__lt=end)
    fines: dict[tuple[int, dt.date], Decimal] = {}
    for row in (
        cases.order_by()
        .annotate(month=TruncMonth("decided_on"))
        .values("region_id", "month")
        .annotate(fine=Sum("fine"), confiscation=Sum("confiscation"))
    ):
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        fines[(row["region_id"], month)] = (row["fine"] or Decimal(0)) + (row["confiscation"] or Decimal(0))
    return fines, {}


def _domain_cases(*, user: User, domains: list[int], start: dt.date, end: dt.date) -> dict[int, int]:
    rows = (
        list_cases(user=user)
        .filter(domain_id__in=domains, decided_on__gte=start, decided_on__lt=end)
        .order_by()
        .values("region_id")
        .annotate(n=Count("pk"))
    )
    return {row["region_id"]: row["n"] for row in rows}


def problem_matrix(*, user: User, start: dt.date, end: dt.date, domains: list[int] | None) -> Matrix:
    categories = [(c.value, c.label) for c in ProblemCategory if c.value != "P0"]
    clues = list_clues(user=user).filter(
        category__in=[c for c, _ in categories], received_at__date__gte=start, received_at__date__lt=end
    )
    if domains is not None:
        clues = clues.filter(domain_id__in=domains)
    counts: dict[str, dict[str, int]] = {}
    for row in clues.order_by().values("domain__name", "category").annotate(n=Count("pk")):
        counts.setdefault(row["domain__name"] or "未定领域", {})[row["category"]] = row["n"]
    rows = []
    for name, by_cat in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        values = [by_cat.get(c, 0) for c, _ in categories]
        rows.append((name, values, sum(values)))
    totals = [sum(r[1][i] for r in rows) for i in range(len(categories))]
    peak = max((v for r in rows for v in r[1]), default=0)
    return Matrix(categories=categories, rows=rows, totals=totals, peak=peak)


def data_end(user: User, today: dt.date) -> dt.date:
    """The first day after the period: the month after the last complete month, or, when the data end
    earlier than that (a demo loaded months ago, a late import), the month after the last month with
    data, so neither the totals nor the year-on-year growth count empty months as zero."""
    end = today.replace(day=1)
    last = last_month_with_data(user=user)
    if last is not None and last < _add_months(end, -1):
        return _add_months(last.replace(day=1), 1)
    return end


def build_dashboard(*, user: User, today: dt.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    # Figures come from the aggregate tables (figures app), refreshed in the background when stale;
    # a unit's figures are scoped to its domains and read from the cases themselves.
    fresh = ensure_fresh()
    end = data_end(user, today)
    start12, start36 = _add_months(end, -12), _add_months(end, -36)
    counties = list(list_counties(user))
    if not counties:
        counties = [r for r in [user.region] if r is not None]
    county_scope = user.region is not None and user.region.level == RegionLevel.COUNTY
    domains = unit_domains(user)
    if domains is None:
        fines = fines_by_region_month(user=user, start=start36, end=end)
        cases = totals_by_region(user=user, start=start12, end=end, field="cases_decided")
    else:
        fines, _ = _domain_fines(user=user, domains=domains, start=start36, end=end)
        cases = _domain_cases(user=user, domains=domains, start=start12, end=end)
    if domains is None:
        complaints = totals_by_region(user=user, start=start12, end=end, field="complaints")
    else:  # a unit: the complaints about its own domains (the aggregates count every domain)
        tz = timezone.get_current_timezone()
        complaints = complaint_counts_by_region(
            user=user,
            since=dt.datetime.combine(start12, dt.time(), tzinfo=tz),
            until=dt.datetime.combine(end, dt.time(), tzinfo=tz),
            domains=domains,
        )
    enterprise_counts_by_region = enterprise_counts(user=user)
    enterprise_counts_visible = {c.pk: enterprise_counts_by_region.get(c.pk, 0) for c in counties}
    keys = list(list_key_counties(user=user))
    key_period = keys[0].period if keys else ""
    flagged = {k.region_id for k in keys if k.period == key_period}

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
                key_county=county.pk in flagged,
            )
        )
    regions_title = user.region.name if county_scope and user.region else "各县（市、区）"
    names = [r.region.name for r in rows]
    fines_svg = bar_chart(
        labels=names,
        values=[r.fines_wan for r in rows],
        compare=[r.fines_before_wan for r in rows],
        unit="万元",
        title=f"{regions_title}罚没金额（近12个完整月）",
        flagged=[r.key_county for r in rows],
    )
    rates_svg = bar_chart(
        labels=names,
        values=[r.cases_per_wan or 0 for r in rows],
        unit="件/万户",
        title=f"{regions_title}每万户经营主体处罚案件数",
        flagged=[r.key_county for r in rows],
    )
    monthly = {c.pk: [fines.get((c.pk, m), Decimal(0)) / WAN for m in months] for c in counties}
    shared_max = max((float(v) for vs in monthly.values() for v in vs), default=0.0)
    labels = [_month_label(m) for m in months]
    multiples = [
        (
            c.name,
            small_multiple(
                labels=labels,
                values=monthly[c.pk],
                unit="万元",
                title=f"{c.name}月度罚没金额",
                y_max=shared_max,
            ),
        )
        for c in counties
    ]
    clues = list_clues(user=user).exclude(status=ClueStatus.CLOSED)
    ledger = list_rectifications(user=user, status="open", supervised=True)
    if domains is not None:
        clues = clues.filter(domain_id__in=domains)
        ledger = ledger.filter(Q(clue__domain_id__in=domains) | Q(unit_id=user.unit_id))
    last_day = end - dt.timedelta(days=1)
    if domains is not None and user.unit is not None:
        scope = f"{user.unit.name}负责领域"
    else:
        scope = user.region.name if user.region else "全部"
    return Dashboard(
        period=f"{start12.year}年{start12.month}月至{last_day.year}年{last_day.month}月",
        data_as_of=last_day,
        scope=scope,
        regions_title=regions_title,
        county_scope=county_scope,
        enterprises=sum(enterprise_counts_visible.values()),
        cases=sum(r.cases for r in rows),
        fines_wan=(sum((r.fines for r in rows), Decimal(0)) / WAN).quantize(Decimal("0.1")),
        complaints=sum(complaints.values()),
        open_clues=clues.count(),
        supervised=ledger.count(),
        counties=rows,
        fines_svg=fines_svg,
        rates_svg=rates_svg,
        multiples=multiples,
        matrix=problem_matrix(user=user, start=start12, end=end, domains=domains),
        key_counties=[k.region.name for k in keys if k.period == key_period],
        key_period=key_period,
        repeat_warnings=list_repeat_warnings(user),
        overdue=overdue_summary(user, today=today),
        rectifications=rectification_counts(user=user, today=today),
        coverage=follow_up_coverage(user),
        figures_as_of=fresh.refreshed_at,
        media_urgent=media_urgent_totals(user=user, since=dt.date(today.year, 1, 1)),
    )
