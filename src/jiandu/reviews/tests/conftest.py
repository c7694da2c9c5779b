from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from jiandu.org.models import Domain, Role, User
from jiandu.org.tests.factories import UserFactory
from jiandu.reviews.tests.factories import CaseFactory, UnitFactory


@dataclass
class Files:
    east_cases: list
    west_cases: list
    east_unit: object
    west_unit: object
    east_reviewer: User  # officer of the east bureau
    west_reviewer: User  # officer of the west bureau
    legal: User  # city legal reviewer


@pytest.fixture
def files(city) -> Files:
    east_unit = UnitFactory(name="东城区市场监督管理局", region=city.east)
    west_unit = UnitFactory(name="西城区市场监督管理局", region=city.west)
    east_reviewer = UserFactory(full_name="王东评", role=Role.OFFICER, region=city.east, unit=east_unit)
    west_reviewer = UserFactory(full_name="赵西评", role=Role.OFFICER, region=city.west, unit=west_unit)
    legal = UserFactory(full_name="陈法审", role=Role.LEGAL_REVIEWER, region=city.city)
    price = Domain.objects.get(code="price")
    east_cases, west_cases = [], []
    for i in range(8):
        east_cases.append(
            CaseFactory(
                region=city.east,
                unit=east_unit,
                decided_on=dt.date(2026, 6, 1) + dt.timedelta(days=i),
                fine=Decimal(2000 * (i + 1)),
                # the west reviewer once worked on two east cases: they must never get them
                officers="赵西评、刘一" if i < 2 else "刘一、孙二",
                domain=price if i % 4 == 0 else Domain.objects.get(code="food"),
                reconsidered=i == 5,
            )
        )
        west_cases.append(
            CaseFactory(
                region=city.west,
                unit=west_unit,
                decided_on=dt.date(2026, 6, 1) + dt.timedelta(days=i),
                fine=Decimal(3000 * (i + 1)),
                officers="周五、吴六",
                violation="不明码标价" if i % 2 else "销售超过保质期的食品",
            )
        )
    CaseFactory(
        region=city.east, unit=east_unit, status="draft", decided_on=None
    )  # not closed: never selected
    return Files(east_cases, west_cases, east_unit, west_unit, east_reviewer, west_reviewer, legal)
