"""Credit repair: the public application, eligibility from the rules, staff review, publicity stopped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jiandu.cases import services
from jiandu.cases.models import CreditRepair, PublicityStatus, RepairStatus
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.errors import UserError
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def published(enterprises):
    """A paid ¥80,000 fine published on 2026-04-10: a 3-year period; repair possible from 2026-10-10."""
    return PenaltyCaseFactory(
        enterprise=enterprises[0][0],
        fine=Decimal("80000"),
        decided_on=dt.date(2026, 4, 1),
        publicity_status=PublicityStatus.PUBLISHED,
        published_on=dt.date(2026, 4, 10),
        status="paid",
    )


def form(case, **overrides):
    data = {
        "uscc": case.enterprise.uscc,
        "decision_number": case.decision_number,
        "code": services.repair_code(case),
        "contact_name": "王经理",
        "contact_phone": "0371-12345678",
        "measures": "已下架涉事商品并完成整改培训。",
        "harm_eliminated": "on",
        "not_listed": "on",
    }
    data.update(overrides)
    return data


def test_public_page_accepts_eligible_application_without_login(client, published):
    with time_machine.travel(TODAY, tick=False):
        response = client.post(reverse("public_repair_apply"), form(published))
    assert response.status_code == 200
    application = CreditRepair.objects.get()
    assert application.number in response.content.decode()
    assert application.eligibility["eligible"] is True
    assert application.status == RepairStatus.SUBMITTED


def test_public_page_refuses_with_reasons(client, published, enterprises):
    with time_machine.travel(dt.datetime(2026, 9, 1, tzinfo=dt.UTC), tick=False):
        early = client.post(reverse("public_repair_apply"), form(published))
    assert "2026-10-10" in early.content.decode()
    with time_machine.travel(TODAY, tick=False):
        wrong = client.post(reverse("public_repair_apply"), form(published, uscc=enterprises[0][1].uscc))
        assert "未找到" in wrong.content.decode()
        undeclared = client.post(reverse("public_repair_apply"), form(published, not_listed=""))
        assert "未在经营异常名录" in undeclared.content.decode()
    assert not CreditRepair.objects.exists()


def test_unpaid_penalty_is_not_eligible(published):
    published.status = "delivered"
    published.save()
    with time_machine.travel(TODAY, tick=False), pytest.raises(services.RepairRefused, match="履行"):
        services.apply_for_repair(
            uscc=published.enterprise.uscc,
            decision_number=published.decision_number,
            contact_name="王",
            contact_phone="13900000000",
            measures="已整改",
            declared={"harm_eliminated": True, "not_listed": True},
            commitment=False,
            code=services.repair_code(published),
        )


def test_new_penalty_for_same_violation_blocks_repair(published):
    PenaltyCaseFactory(enterprise=published.enterprise, decided_on=dt.date(2026, 8, 1))
    result = services.repair_eligibility(
        published, declared={"harm_eliminated": True, "not_listed": True}, on=dt.date(2026, 11, 16)
    )
    assert not result.eligible
    assert any("同一类违法行为" in r for r in result.reasons)


def _apply(case, commitment=False):
    return services.apply_for_repair(
        uscc=case.enterprise.uscc,
        decision_number=case.decision_number,
        contact_name="王经理",
        contact_phone="13900000000",
        measures="已整改",
        declared={"harm_eliminated": True, "not_listed": True},
        commitment=commitment,
        code=services.repair_code(case),
    )


def test_commitment_track_is_faster(published):
    with time_machine.travel(TODAY, tick=False):
        ordinary = _apply(published)
        services.review_repair(
            actor=UserFactory(role=Role.TASK_FORCE, region=published.region.parent),
            application=ordinary,
            approve=False,
            opinion="材料不全",
        )
        fast = _apply(published, commitment=True)
    assert services.repair_due(fast) < services.repair_due(ordinary)
    assert services.repair_due(ordinary) == dt.date(2026, 12, 7)  # 15 working days after 2026-11-16


def test_staff_review_stops_publicity_and_personas(city, published):
    with time_machine.travel(TODAY, tick=False):
        application = _apply(published)
        with pytest.raises(PermissionDenied):
            services.review_repair(actor=city.officer, application=application, approve=True, opinion="同意")
        west_head = UserFactory(role=Role.COUNTY_BUREAU, region=city.west)
        with pytest.raises(PermissionDenied):
            services.review_repair(actor=west_head, application=application, approve=True, opinion="同意")
        services.review_repair(
            actor=city.task_force, application=application, approve=True, opinion="符合条件"
        )
    published.refresh_from_db()
    application.refresh_from_db()
    assert application.status == RepairStatus.APPROVED
    assert published.publicity_status == PublicityStatus.STOPPED
    assert published.publicity_stopped_on == dt.date(2026, 11, 16)
    with pytest.raises(UserError):
        services.review_repair(actor=city.task_force, application=application, approve=False, opinion="再审")


def test_status_lookup_needs_number_and_uscc(client, published, enterprises):
    with time_machine.travel(TODAY, tick=False):
        application = _apply(published)
    ok = client.get(
        reverse("public_repair_status"), {"number": application.number, "uscc": published.enterprise.uscc}
    )
    assert "已提交" in ok.content.decode()
    other = client.get(
        reverse("public_repair_status"), {"number": application.number, "uscc": enterprises[0][1].uscc}
    )
    assert "未找到该申请" in other.content.decode()


def test_repair_pages_for_staff(client, city, published):
    with time_machine.travel(TODAY, tick=False):
        application = _apply(published)
    client.force_login(city.task_force)
    assert application.number in client.get(reverse("repair_list")).content.decode()
    page = client.get(reverse("repair_detail", args=[application.pk]))
    assert "符合信用修复条件" in page.content.decode()
    client.force_login(city.outsider)
    assert client.get(reverse("repair_list")).status_code == 403


def test_api_application_is_public(client, published):
    with time_machine.travel(TODAY, tick=False):
        response = client.post(
            "/api/cases/credit-repair",
            {
                "uscc": published.enterprise.uscc,
                "decision_number": published.decision_number,
                "code": services.repair_code(published),
                "contact_name": "王经理",
                "contact_phone": "13900000000",
                "measures": "已整改",
                "harm_eliminated": True,
                "not_listed": True,
                "commitment": True,
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert response.json()["eligibility"]["eligible"] is True
    _ = Domain


def test_api_staff_review(client, city, published):
    with time_machine.travel(TODAY, tick=False):
        application = _apply(published)
        client.force_login(city.outsider)
        assert client.get("/api/cases/credit-repairs").status_code == 403
        client.force_login(city.task_force)
        listed = client.get("/api/cases/credit-repairs").json()
        assert listed["items"][0]["number"] == application.number
        assert listed["items"][0]["due_on"] == "2026-12-07"
        response = client.post(
            f"/api/cases/credit-repairs/{application.pk}/review",
            {"approve": True, "opinion": "符合条件"},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    published.refresh_from_db()
    assert published.publicity_status == PublicityStatus.STOPPED


def test_an_application_is_overdue_only_while_undecided_after_its_deadline(city, published):
    with time_machine.travel(TODAY, tick=False):
        application = _apply(published)
    due = services.repair_due(application)
    assert not services.repair_overdue(application, on=due)
    assert services.repair_overdue(application, on=due + dt.timedelta(days=1))
    with time_machine.travel(TODAY, tick=False):
        services.review_repair(
            actor=UserFactory(role=Role.TASK_FORCE, region=published.region.parent),
            application=application,
            approve=False,
            opinion="材料不全",
        )
    application.refresh_from_db()
    assert not services.repair_overdue(application, on=due + dt.timedelta(days=30))


def test_overdue_application_is_marked_on_the_staff_pages(client, city, published):
    with time_machine.travel(TODAY, tick=False):
        application = _apply(published)
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, tzinfo=dt.UTC), tick=False):
        client.force_login(city.task_force)  # sessions end after 30 idle minutes
        assert "已逾期" in client.get(reverse("repair_list")).content.decode()
        assert "已逾期" in client.get(reverse("repair_detail", args=[application.pk])).content.decode()
    with time_machine.travel(TODAY, tick=False):
        client.force_login(city.task_force)
        assert "已逾期" not in client.get(reverse("repair_list")).content.decode()


def test_publicity_expires_at_the_end_of_its_period(published):
    ends_on = services.publicity_plan(published).ends_on  # 3 years after 2026-04-10
    assert not services.publicity_expired(published, on=ends_on - dt.timedelta(days=1))
    assert services.publicity_expired(published, on=ends_on)
    published.publicity_status = PublicityStatus.STOPPED
    assert not services.publicity_expired(published, on=ends_on)
