from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from jiandu.cases.models import PenaltyCase
from jiandu.library.models import TypicalCase
from jiandu.org.models import Domain
from jiandu.org.tests.factories import EnterpriseFactory, RegionFactory


def domain(code: str = "food") -> Domain:
    return Domain.objects.get(code=code)


class DecidedCaseFactory(factory.django.DjangoModelFactory):
    """A decided (closed) penalty case, as the library indexes it."""

    class Meta:
        model = PenaltyCase

    decision_number = factory.Sequence(lambda n: f"测市监处罚〔2025〕{n + 1}号")
    region = factory.SubFactory(RegionFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..region"))
    domain = factory.LazyFunction(domain)
    status = "closed"
    outcome = "penalty"
    violation = "经营超过保质期的食品"
    facts = "执法人员检查发现当事人超市货架上陈列超过保质期的牛奶10盒。"
    legal_basis = "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"
    filed_on = dt.date(2025, 3, 1)
    decided_on = dt.date(2025, 4, 1)
    fine = Decimal("5000")


class TypicalCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TypicalCase

    title = factory.Sequence(lambda n: f"典型案例{n}")
    region = factory.SubFactory(RegionFactory)
    domain = factory.LazyFunction(domain)
    violation = "经营超过保质期的食品"
    facts = "超市销售超过保质期的酸奶，首次违法，及时下架。"
    outcome = "penalty"
    fine = Decimal("3000")
    decided_on = dt.date(2025, 1, 15)
