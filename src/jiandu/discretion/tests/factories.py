from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from jiandu.cases.models import CaseOutcome, CaseStatus, PenaltyCase
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory


class LegalReviewerFactory(UserFactory):
    role = Role.LEGAL_REVIEWER
    full_name = "法制审核员"


class PenaltyCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenaltyCase

    decision_number = factory.Sequence(lambda n: f"中市监罚〔2025〕{n + 1}号")
    region = factory.LazyAttribute(lambda case: case.enterprise.region)
    domain = factory.LazyFunction(lambda: Domain.objects.get(name="食品"))
    status = CaseStatus.CLOSED
    outcome = CaseOutcome.PENALTY
    item_code = "FSL-124-1-5"
    violation = "经营超过保质期的食品"
    filed_on = dt.date(2025, 1, 2)
    decided_on = dt.date(2025, 3, 1)
    fine = Decimal("5000")
