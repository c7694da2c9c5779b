"""The dashboard per role: the period ends with the data, rates per 10,000 firms, a county sees its
county under its own name, a business unit sees only its domains."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jiandu.clues.models import Channel, Clue
from jiandu.clues.tests.factories import UnitFactory
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory
from jiandu.web.selectors import build_dashboard
from jiandu.web.tests.test_pages import _case

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC))
def test_data_ending_a_month_early_moves_the_period_and_keeps_the_growth_right(city, enterprises):
    east, _ = enterprises
    # monthly data up to September 2026 only (October and November empty, as a demo loaded earlier)
    for year, fine in [(2025, "1000"), (2026, "3000")]:
        for month in range(1, 13):
            if (year, month) > (2026, 9):
                continue
            _case(f"东-{year}-{month}", east[0], dt.date(year, month, 10), fine)
    board = build_dashboard(user=city.task_force)
    assert board.period == "2025年10月至2026年9月" and board.data_as_of == dt.date(2026, 9, 30)
    row = next(r for r in board.counties if r.region == city.east)
    # October 2025 – September 2026: 3 months at 1000 and 9 at 3000, against January – September 2025
    # (9 at 1000) in the twelve months before; counting the empty October and November would give 2 000
    assert row.fines == Decimal("30000") and row.fines_before == Decimal("9000")
    assert row.growth == Decimal("233.3")
    assert row.cases_per_wan == Decimal(12 * 10000 / 3).quantize(Decimal("0.1"))  # 12 cases, 3 firms


@time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC))
def test_a_county_sees_its_own_name_never_the_citys_title(client, city, enterprises):
    east, _ = enterprises
    _case("东-1", east[0], dt.date(2026, 11, 5), "20000")
    client.force_login(city.officer)
    page = client.get(reverse("dashboard")).content.decode()
    assert "各县（市、区）" not in page and "各县（市、区）" not in page
    assert "东城区罚没金额" in page and "数据截至2026年11月30日" in page
    client.force_login(city.task_force)
    assert "各县（市、区）罚没金额" in client.get(reverse("dashboard")).content.decode()


@time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC))
def test_a_business_unit_sees_only_its_domains(city):
    firm = EnterpriseFactory(region=city.east)
    _case("食品-1", firm, dt.date(2026, 10, 5), "20000")  # food
    price_case = _case("价格-1", firm, dt.date(2026, 10, 6), "50000")
    price_case.domain = Domain.objects.get(code="price")
    price_case.save()
    for code, category in [("food", "P1"), ("price", "P2"), ("price", "P2")]:
        Clue.objects.create(
            channel=Channel.VISIT, received_at=timezone.now() - dt.timedelta(days=40), region=city.east,
            summary="问题", category=category, domain=Domain.objects.get(code=code),
        )  # fmt: skip
    food = UnitFactory(name="食品经营安全监督管理科", region=city.city)
    food.domains.set(Domain.objects.filter(code="food"))
    staff = UserFactory(role=Role.BUSINESS_UNIT, region=city.city, unit=food)
    board = build_dashboard(user=staff)
    assert board.cases == 1 and board.fines_wan == Decimal("2.0")
    assert board.scope == "食品经营安全监督管理科负责领域"
    food_name = Domain.objects.get(code="food").name
    assert [(name, total) for name, _, total in board.matrix.rows] == [(food_name, 1)]
    city_board = build_dashboard(user=city.task_force)
    assert city_board.cases == 2 and city_board.fines_wan == Decimal("7.0")
    assert sum(total for _, _, total in city_board.matrix.rows) == 3
    assert city_board.matrix.totals[1] == 2  # P2 column: the two price clues


@time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC))
def test_a_units_complaint_figures_count_only_its_domains(city):
    """The issue: "a unit's dashboard scoped to its domains" — the complaint count and the complaints per
    10,000 firms included, not the aggregates of every domain."""
    from jiandu.prevention.models import Complaint

    firms = [EnterpriseFactory(region=city.east) for _ in range(4)]
    received = timezone.now() - dt.timedelta(days=40)  # October 2026, inside the period
    for number, (code, region) in enumerate(
        [("food", city.east), ("food", city.east), ("food", city.west), ("price", city.east),
         ("price", city.east), ("price", city.east), (None, city.east)]
    ):  # fmt: skip
        Complaint.objects.create(
            number=f"T{number}", source="12315", kind="complaint", received_at=received, region=region,
            subject="投诉", domain=Domain.objects.get(code=code) if code else None,
        )  # fmt: skip
    Complaint.objects.create(  # before the period: not counted
        number="OLD", source="12315", kind="complaint", received_at=received - dt.timedelta(days=400),
        region=city.east, subject="投诉", domain=Domain.objects.get(code="food"),
    )  # fmt: skip
    food = UnitFactory(name="食品经营安全监督管理科", region=city.city)
    food.domains.set(Domain.objects.filter(code="food"))
    staff = UserFactory(role=Role.BUSINESS_UNIT, region=city.city, unit=food)
    board = build_dashboard(user=staff)
    east = next(r for r in board.counties if r.region == city.east)
    west = next(r for r in board.counties if r.region == city.west)
    assert (east.complaints, west.complaints, board.complaints) == (2, 1, 3)
    assert east.complaints_per_wan == Decimal(2 * 10000 / len(firms)).quantize(Decimal("0.1"))
    city_board = build_dashboard(user=city.task_force)
    assert city_board.complaints == 7


@time_machine.travel(dt.datetime(2026, 6, 10, 1, tzinfo=dt.UTC), tick=False)
def test_media_and_urgent_counts_appear_on_the_dashboard_in_scope(client, city):
    """舆情 and urgent handling appear where the dashboard counts them (issue 19), each county its own."""
    from jiandu.clues.tests.factories import ClueFactory
    from jiandu.oversight.services import urgent

    urgent.record_media(
        actor=city.task_force, region=city.east, title="东城区专项行动报道", outlet="东城融媒",
        level="county", kind="social", published_on=dt.date(2026, 5, 20),
    )  # fmt: skip
    urgent.record_media(
        actor=city.task_force, region=city.east, title="去年的报道", outlet="东城融媒",
        level="county", kind="social", published_on=dt.date(2025, 12, 20),
    )  # fmt: skip
    urgent.flag_urgent(
        actor=city.task_force, clue=ClueFactory(region=city.east, summary="网传执法人员推搡店主"),
        kind="opinion", reason="转发量大", deadline_hours=6, source="network",
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 6, 11, 1, tzinfo=dt.UTC), tick=False):
        east = build_dashboard(user=city.officer).media_urgent
        west = build_dashboard(user=city.outsider).media_urgent
    assert (east.media, east.urgent, east.late) == (1, 1, 1)  # last year's report not counted; 6 h passed
    assert (west.media, west.events, west.urgent, west.late) == (0, 0, 0, 0)
    with time_machine.travel(dt.datetime(2026, 6, 11, 1, tzinfo=dt.UTC), tick=False):
        client.force_login(city.task_force)  # inside: a session idle for a day has ended
        page = client.get(reverse("dashboard")).content.decode()
    assert "宣传报道 1 篇" in page and "紧急处置 1 件" in page and "其中超时 1 件" in page
