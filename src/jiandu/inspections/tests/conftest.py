"""A county with 40 firms across the credit classes, a food item, and an inspectors' pool."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from jiandu.inspections import services
from jiandu.inspections.models import InspectionItem, InspectionPlan, Inspector
from jiandu.inspections.tests.factories import InspectionItemFactory, InspectorFactory
from jiandu.org.models import Enterprise
from jiandu.org.tests.factories import EnterpriseFactory

CLASSES = "AAAAAAAAAAAAAAAAAAAABBBBBBBBBBBBCCCCCCDD"  # 20 A, 12 B, 6 C, 2 D


@dataclass
class Setup:
    firms: list[Enterprise]
    west_firms: list[Enterprise]
    item: InspectionItem
    inspectors: list[Inspector]


@pytest.fixture
def setup(city) -> Setup:
    firms = [EnterpriseFactory(region=city.east, credit_class=c, industry="餐饮服务") for c in CLASSES]
    west = [EnterpriseFactory(region=city.west, credit_class="B") for _ in range(3)]
    item = InspectionItemFactory()
    inspectors = [InspectorFactory(region=city.east) for _ in range(4)] + [InspectorFactory(region=city.city)]
    for inspector in inspectors:
        inspector.domains.set([item.domain])
    return Setup(firms=firms, west_firms=west, item=item, inspectors=inspectors)


@pytest.fixture
def plan(city, setup) -> InspectionPlan:
    return services.create_plan(
        actor=city.task_force,
        title="测试抽查计划",
        region=city.east,
        items=[setup.item],
        scope_regions=[city.east],
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 12, 31),
        ratios={"A": "0.05", "B": "0.25", "C": "0.5", "D": "1"},
        seed_source="2026年11月25日福彩3D开奖号码 + 计划编号",
    )
