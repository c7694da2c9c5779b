"""Fixtures of the clues tests: the units of the small city, and an empty cache per test."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from jiandu.clues.tests.factories import UnitFactory
from jiandu.org.models import Domain, Role, Unit, UnitKind, User
from jiandu.org.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Units:
    food: Unit  # city 食品科, owns 食品
    price: Unit  # city 价格科, owns 价格
    east_bureau: Unit  # owns every domain in the east county
    west_bureau: Unit
    food_staff: User  # business-unit user of the food unit
    price_staff: User
    east_chief: User  # county-bureau user of the east county


@pytest.fixture
def units(city) -> Units:
    domains = list(Domain.objects.all())
    food = UnitFactory(name="食品经营安全监督管理科", region=city.city)
    food.domains.set([d for d in domains if d.code == "food"])
    price = UnitFactory(name="价格监督检查科", region=city.city)
    price.domains.set([d for d in domains if d.code == "price"])
    east = UnitFactory(name="东城区市场监督管理局", region=city.east, kind=UnitKind.BUREAU)
    east.domains.set(domains)
    west = UnitFactory(name="西城区市场监督管理局", region=city.west, kind=UnitKind.BUREAU)
    west.domains.set(domains)
    return Units(
        food=food,
        price=price,
        east_bureau=east,
        west_bureau=west,
        food_staff=UserFactory(username="shipin", role=Role.BUSINESS_UNIT, region=city.city, unit=food),
        price_staff=UserFactory(username="jiage", role=Role.BUSINESS_UNIT, region=city.city, unit=price),
        east_chief=UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east, unit=east),
    )
