"""A similar-case check run by a city user is shown to county staff cut to their county."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.org.models import Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(city, enterprises):
    east, west = enterprises
    own = PenaltyCaseFactory(enterprise=east[1], decision_number="东市监处罚〔2025〕7号", fine="4000.00")
    foreign = PenaltyCaseFactory(enterprise=west[0], decision_number="西市监处罚〔2025〕9号", fine="98765.00")
    case = PenaltyCaseFactory(enterprise=east[0], status="checked", decided_on=None, decision_number=None)
    case.similar = {  # as stored by a city task-force member's check: both counties compared
        "count": 2,
        "enough": False,
        "median": "51382.50",
        "spread": ["4000.00", "98765.00"],
        "percentile": 50,
        "distribution": {"penalty": 2},
        "flagged": True,
        "reasons": ["拟罚款低于类案区间 4000.00–98765.00 元"],
        "similar": [
            {"kind": "case", "case_id": own.pk, "decision_number": own.decision_number,
             "fine": "4000.00", "region_id": city.east.pk, "snippet": own.facts},
            {"kind": "case", "case_id": foreign.pk, "decision_number": foreign.decision_number,
             "fine": "98765.00", "region_id": city.west.pk, "snippet": "西城区案情"},
        ],
    }  # fmt: skip
    case.save()
    return case


def test_county_officer_sees_only_own_county_cases(client, city, checked):
    client.force_login(city.officer)
    for body in [
        client.get(reverse("case_detail", args=[checked.pk])).content.decode(),
        json.dumps(client.get(f"/api/cases/{checked.pk}").json(), ensure_ascii=False),
    ]:
        assert "东市监处罚〔2025〕7号" in body
        assert "西市监处罚〔2025〕9号" not in body and "98765" not in body and "51382" not in body
        assert "管辖范围以外" in body


def test_city_user_sees_the_whole_comparison(client, city, checked):
    client.force_login(city.task_force)
    body = client.get(f"/api/cases/{checked.pk}").json()["similar"]
    assert [s["decision_number"] for s in body["similar"]] == [
        "东市监处罚〔2025〕7号",
        "西市监处罚〔2025〕9号",
    ]
    assert body["median"] == "51382.50"


def test_other_county_and_business_unit_see_nothing_of_the_case(client, city, checked):
    for user in [city.outsider, UserFactory(username="xi_2", role=Role.COUNTY_BUREAU, region=city.west)]:
        client.force_login(user)
        assert client.get(f"/api/cases/{checked.pk}").status_code == 404
        assert client.get(reverse("case_detail", args=[checked.pk])).status_code == 404
