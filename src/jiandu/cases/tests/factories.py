from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from jiandu.cases.models import PenaltyCase
from jiandu.org.models import Domain
from jiandu.org.tests.factories import EnterpriseFactory


class PenaltyCaseFactory(factory.django.DjangoModelFactory):
    """A closed historical case (as the demo loads them)."""

    class Meta:
        model = PenaltyCase

    decision_number = factory.Sequence(lambda n: f"测市监处罚〔2026〕{n + 1}号")
    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)
    domain = factory.LazyFunction(lambda: Domain.objects.get(code="price"))
    status = "closed"
    outcome = "penalty"
    violation = "未按规定明码标价"
    facts = "经营场所内商品未标示价格。"
    penalty_kinds = factory.LazyFunction(lambda: ["fine"])
    filed_on = dt.date(2026, 3, 2)
    decided_on = dt.date(2026, 4, 1)
    fine = Decimal("3000.00")


DRAFT = {
    "violation": "虚构原价、虚假优惠折价进行价格欺诈",
    "facts": "当事人在店内促销海报上标示“原价1280元，现价680元”，经查该商品此前七日内无1280元成交记录。",
    "evidence": "现场检查笔录\n促销海报照片\n销售记录",
    "penalty_kinds": ["fine"],
    "fine": Decimal("200000"),
    "penalty_spec": {"kind": "range", "min": 50000, "max": 500000},
    "legal_basis": "《明码标价和禁止价格欺诈规定》第二十二条、《价格违法行为行政处罚规定》第七条",
    "officers": "张三、李四",
    "discretion_facts": {"harm": "general"},
}


def draft_values(**overrides):  # type: ignore[no-untyped-def]
    values = {**DRAFT, "filed_on": dt.date(2026, 10, 12)}
    values.update(overrides)
    return values
