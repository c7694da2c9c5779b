"""The aggregates equal what the raw rows say, are scoped like everything else, and refresh when stale."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache

from jiandu.cases.models import PenaltyCase
from jiandu.figures import selectors, services
from jiandu.figures.models import Refresh, RegionMonth
from jiandu.org.models import Domain
from jiandu.prevention.models import Complaint

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def _case(number: str, enterprise, decided: dt.date, fine: str, confiscation: str = "0") -> PenaltyCase:
    return PenaltyCase.objects.create(
        decision_number=number,
        enterprise=enterprise,
        region=enterprise.region,
        domain=Domain.objects.get(code="food"),
        violation="经营超过保质期的食品",
        filed_on=decided - dt.timedelta(days=20),
        decided_on=decided,
        fine=Decimal(fine),
        confiscation=Decimal(confiscation),
    )


def _complaint(number: str, region, at: dt.datetime) -> Complaint:
    return Complaint.objects.create(
        number=number, source="12315", kind="complaint", received_at=at, region=region, subject="过期食品"
    )


def test_refresh_matches_the_raw_rows(city, enterprises):
    east, west = enterprises
    _case("东-1", east[0], dt.date(2026, 3, 5), "20000", "1500")
    _case("东-2", east[1], dt.date(2026, 3, 28), "10000")
    _case("西-1", west[0], dt.date(2026, 10, 31), "5000")
    # 23:30 on 31 October in Beijing is still October there (15:30 UTC).
    _complaint("C1", city.east, dt.datetime(2026, 10, 31, 23, 30, tzinfo=TZ))
    _complaint("C2", city.east, dt.datetime(2026, 11, 1, 0, 10, tzinfo=TZ))
    refresh = services.refresh_figures()
    assert refresh.rows >= 4

    # Recompute independently from the raw rows.
    expected: dict[tuple[int, dt.date], list[Decimal]] = {}
    for case in PenaltyCase.objects.all():
        key = (case.region_id, case.decided_on.replace(day=1))
        cell = expected.setdefault(key, [Decimal(0), Decimal(0), Decimal(0)])
        cell[0] += 1
        cell[1] += case.fine
        cell[2] += case.confiscation
    for key, (count, fine, confiscation) in expected.items():
        row = RegionMonth.objects.get(region_id=key[0], month=key[1])
        assert (row.cases_decided, row.fines, row.confiscations) == (count, fine, confiscation)
    october = RegionMonth.objects.get(region=city.east, month=dt.date(2026, 10, 1))
    november = RegionMonth.objects.get(region=city.east, month=dt.date(2026, 11, 1))
    assert (october.complaints, november.complaints) == (1, 1)
    assert selectors.enterprise_counts(user=city.task_force) == {city.east.pk: 3, city.west.pk: 2}


def test_reads_are_region_scoped(city, enterprises):
    east, west = enterprises
    _case("东-1", east[0], dt.date(2026, 3, 5), "20000")
    _case("西-1", west[0], dt.date(2026, 3, 6), "5000")
    services.refresh_figures()
    start, end = dt.date(2026, 1, 1), dt.date(2027, 1, 1)
    city_view = selectors.fines_by_region_month(user=city.task_force, start=start, end=end)
    officer_view = selectors.fines_by_region_month(user=city.officer, start=start, end=end)
    assert set(city_view) == {(city.east.pk, dt.date(2026, 3, 1)), (city.west.pk, dt.date(2026, 3, 1))}
    assert set(officer_view) == {(city.east.pk, dt.date(2026, 3, 1))}
    assert selectors.enterprise_counts(user=city.outsider) == {city.west.pk: 2}


def test_stale_figures_are_refreshed_once_and_fresh_ones_are_left_alone(city, enterprises, settings):
    settings.JIANDU_FIGURES_MAX_AGE = 300
    cache.delete(services.LOCK_KEY)
    east, _ = enterprises
    with time_machine.travel(dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC), tick=False):
        first = services.ensure_fresh()
        assert first.refreshed_at is not None and not first.stale
        _case("东-1", east[0], dt.date(2026, 10, 5), "20000")
        assert services.ensure_fresh().refreshed_at == first.refreshed_at  # still fresh: no rescan
        assert not RegionMonth.objects.filter(cases_decided__gt=0).exists()
    with time_machine.travel(dt.datetime(2026, 11, 21, 10, 6, tzinfo=dt.UTC), tick=False):
        later = services.ensure_fresh()
        assert later.refreshed_at > first.refreshed_at
        assert RegionMonth.objects.get(region=city.east, month=dt.date(2026, 10, 1)).cases_decided == 1
    assert Refresh.objects.count() == 2


@time_machine.travel(dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC), tick=False)
def test_a_recent_refresh_keeps_older_months_and_a_full_one_redoes_them(city, enterprises):
    east, _ = enterprises
    _case("东-old", east[0], dt.date(2025, 3, 5), "20000")
    services.refresh_figures(full=True)
    _case("东-old-2", east[1], dt.date(2025, 3, 9), "1000")  # an old month changed behind the refresh
    _case("东-new", east[1], dt.date(2026, 11, 2), "3000")
    services.refresh_figures(full=False)
    march = RegionMonth.objects.get(region=city.east, month=dt.date(2025, 3, 1))
    assert march.cases_decided == 1  # untouched by the recent refresh
    assert RegionMonth.objects.get(region=city.east, month=dt.date(2026, 11, 1)).fines == Decimal("3000")
    services.refresh_figures(full=True)
    assert RegionMonth.objects.get(region=city.east, month=dt.date(2025, 3, 1)).cases_decided == 2


def test_a_queued_refresh_is_not_queued_twice(city):
    cache.delete(services.LOCK_KEY)
    cache.add(services.LOCK_KEY, 1, timeout=600)  # as if the worker had one queued
    try:
        assert services.request_refresh() is False
        assert Refresh.objects.count() == 0
    finally:
        cache.delete(services.LOCK_KEY)
    assert services.request_refresh() is True
    assert Refresh.objects.count() == 1
