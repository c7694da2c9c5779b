"""The demo cases in progress: one per step, with two credit-repair applications."""

from __future__ import annotations

import random

import pytest

from jiandu.cases.demo import SCENARIOS, delete_demo, load_demo
from jiandu.cases.models import CaseDocument, CreditRepair, PenaltyCase, PublicityStatus, RepairStatus
from jiandu.org.models import Role
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(city):
    UserFactory(username="dongcheng_zf1", role=Role.OFFICER, region=city.east)
    UserFactory(username="dongcheng", role=Role.COUNTY_BUREAU, region=city.east)
    UserFactory(username="fazhi", role=Role.LEGAL_REVIEWER, region=city.city)
    EnterpriseFactory.create_batch(len(SCENARIOS), region=city.east)


def test_demo_cases_at_every_step(city, demo_people):
    load_demo(city=city.city, scale=0.02, rng=random.Random(7), log=lambda _m: None)
    statuses = list(PenaltyCase.objects.order_by("pk").values_list("status", flat=True))
    expected = "draft checked legal_review legal_review decided delivered delivered closed closed"
    assert statuses == expected.split()
    reviewed = PenaltyCase.objects.filter(status="legal_review", legal_review_passed=True)
    assert reviewed.count() == 1
    assert CaseDocument.objects.filter(kind="education_record").count() == 1
    repairs = {r.status: r for r in CreditRepair.objects.all()}
    assert set(repairs) == {RepairStatus.SUBMITTED, RepairStatus.APPROVED}
    assert repairs[RepairStatus.SUBMITTED].commitment is True
    assert repairs[RepairStatus.APPROVED].case.publicity_status == PublicityStatus.STOPPED
    delete_demo(regions=[city.city, city.east, city.west])
    assert not CreditRepair.objects.exists()
