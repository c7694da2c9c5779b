"""The demo cases in progress: one per step, with two credit-repair applications."""

from __future__ import annotations

import random

import pytest

from jiandu.cases import services
from jiandu.cases.demo import SCENARIOS, delete_demo, load_demo
from jiandu.cases.models import (
    CaseDocument,
    CreditRepair,
    Hearing,
    Notice,
    PenaltyCase,
    PublicityStatus,
    RepairStatus,
    Representation,
)
from jiandu.discretion.checks import DiscretionResult
from jiandu.org.holidays import load_calendar
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
    expected = "draft checked hearing reviewed decided delivered delivered closed closed"
    assert statuses == expected.split()
    reviewed = PenaltyCase.objects.filter(status="reviewed", legal_review_passed=True)
    assert reviewed.count() == 1
    # the demo obeys the law it teaches: every fine inside the statutory range of its item and base,
    # outside the recommended band only with a reason; every case past its check was notified first
    for case in PenaltyCase.objects.exclude(status__in=("draft",)):
        result = DiscretionResult.from_dict(case.discretion)
        if case.outcome == "penalty":
            assert result.statutory is not None, case.violation
            assert result.statutory.minimum <= case.fine <= result.statutory.maximum, case.violation
            if result.outside(case.fine) and case.decided_on:
                assert case.deviation_reason, case.violation
        if case.decided_on and case.outcome != "no_penalty":
            assert Notice.objects.filter(case=case).exists()
        # publicity: a decision that must be published is published once its 20 working days have passed
        if case.decided_on and services.publicity_plan(case).published:
            due = load_calendar().add(case.decided_on, 20)
            if due < services.today():
                assert case.publicity_status in (PublicityStatus.PUBLISHED, PublicityStatus.STOPPED)
            else:
                assert case.publicity_status != PublicityStatus.NOT_REQUIRED
    assert Hearing.objects.count() == 1 and Representation.objects.filter(adopted=False).count() == 2
    assert CaseDocument.objects.filter(kind="education_record").count() == 1
    repairs = {r.status: r for r in CreditRepair.objects.all()}
    assert set(repairs) == {RepairStatus.SUBMITTED, RepairStatus.APPROVED}
    assert repairs[RepairStatus.SUBMITTED].commitment is True
    assert repairs[RepairStatus.APPROVED].case.publicity_status == PublicityStatus.STOPPED
    delete_demo(regions=[city.city, city.east, city.west])
    assert not CreditRepair.objects.exists()
