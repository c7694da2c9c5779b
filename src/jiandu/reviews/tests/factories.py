from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from jiandu.cases.models import PenaltyCase
from jiandu.org.models import Domain, Unit, UnitKind
from jiandu.org.tests.factories import EnterpriseFactory, RegionFactory


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试市场监督管理局{n}")
    kind = UnitKind.BUREAU
    region = factory.SubFactory(RegionFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenaltyCase

    decision_number = factory.Sequence(lambda n: f"测市监处罚〔2026〕{n + 1}号")
    region = factory.SubFactory(RegionFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..region"))
    unit = None
    domain = factory.LazyFunction(lambda: Domain.objects.get(code="food"))
    status = "closed"
    violation = "销售超过保质期的食品"
    legal_basis = "《中华人民共和国食品安全法》第一百二十四条"
    officers = "张三、李四"
    filed_on = dt.date(2026, 5, 1)
    decided_on = dt.date(2026, 6, 1)
    fine = Decimal("5000.00")
    penalty_kinds = factory.LazyFunction(lambda: ["fine"])
