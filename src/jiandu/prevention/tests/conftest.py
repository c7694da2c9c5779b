"""Fixtures of the prevention tests: media in a temporary folder, the city's units and firms."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jiandu.org.models import Domain, Enterprise, Role, Unit, UnitKind, User
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Prevention:
    food_unit: Unit
    food_user: User  # city 食品科， business unit
    price_user: User  # city 价格科： not the food unit
    east_bureau: User  # county bureau of the east county
    east_firms: list[Enterprise]
    west_firms: list[Enterprise]


@pytest.fixture
def prevention(city) -> Prevention:
    food = Unit.objects.create(name="食品经营安全监督管理科", kind=UnitKind.BUSINESS, region=city.city)
    food.domains.add(Domain.objects.get(name="食品"))
    price = Unit.objects.create(name="价格监督检查和反不正当竞争科", kind=UnitKind.BUSINESS, region=city.city)
    price.domains.add(Domain.objects.get(name="价格"))
    return Prevention(
        food_unit=food,
        food_user=UserFactory(username="shipin", role=Role.BUSINESS_UNIT, region=city.city, unit=food),
        price_user=UserFactory(username="jiage", role=Role.BUSINESS_UNIT, region=city.city, unit=price),
        east_bureau=UserFactory(username="dongcheng", role=Role.COUNTY_BUREAU, region=city.east),
        east_firms=[EnterpriseFactory(region=city.east, name=f"东城超市{k}") for k in range(3)],
        west_firms=[EnterpriseFactory(region=city.west, name=f"西城超市{k}") for k in range(2)],
    )
