"""Bad input to every write endpoint and page of the service loop: a clear 4xx, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.service.tests.history import firm_with_history

pytestmark = pytest.mark.django_db

JUNK = [
    {},
    {"region_code": "999999", "unit_id": 999999, "source": "nope", "content": "x" * 5000, "uscc": "123"},
    {"held_on": "2026-13-45", "title": "", "issues": [{"text": ""}]},
    {"uscc": "91411802MA00000000", "purpose": "bogus", "domain": "nope", "handling_unit_id": -1},
]
ENDPOINTS = [
    "/api/service/assistance",
    "/api/service/assistance/1/step",
    "/api/service/assistance/1/bogus",
    "/api/service/forums",
    "/api/service/forum-issues/999/clue",
    "/api/service/forum-issues/1/elsewhere",
    "/api/service/liaisons",
    "/api/service/liaisons/1/visits",
    "/api/service/procedure-findings",
    "/api/service/service-events",
    "/api/service/supervisors",
    "/api/service/monitoring-points",
    "/api/service/case-leads",
    "/api/service/case-leads/from-inspection/1",
    "/api/service/case-leads/999/accept",
    "/api/service/case-leads/1/file",
    "/api/service/case-leads/1/fly",
    "/api/service/training",
    "/api/service/access-codes",
    "/api/service/surveys",
]


def test_api_refuses_bad_input_without_a_500(city, units, client):
    firm_with_history(city, units)
    client.force_login(city.task_force)
    for url in ENDPOINTS:
        for payload in JUNK:
            response = client.post(url, payload, content_type="application/json")
            assert 400 <= response.status_code < 500, (url, payload, response.status_code)
    assert client.get("/api/enterprises/NOTAFIRM/record").status_code == 404


def test_pages_refuse_bad_input_without_a_500(city, units, client):
    firm = firm_with_history(city, units)
    client.force_login(city.task_force)
    posts = [
        (
            reverse("service_assistance_new"),
            {"region": "x", "unit": "y", "content": "", "term_workdays": "abc"},
        ),
        (
            reverse("service_forum_new"),
            {"region": city.east.pk, "title": "会", "held_on": "2999-01-01", "firms": "bad"},
        ),
        (
            reverse("service_finding_new"),
            {"region": city.east.pk, "unit": units.east_bureau.pk, "term_workdays": 0},
        ),
        (
            reverse("service_event_new"),
            {"region": city.east.pk, "park": "园", "held_on": "x", "services": ["zz"]},
        ),
        (reverse("service_case_lead_new"), {"uscc": "bad", "discovered_on": "2999-01-01"}),
        (
            reverse("service_analysis_new"),
            {
                "title": "t",
                "period_start": "2026-01-01",
                "period_end": "2026-02-01",
                "summary": "s",
                "problems": "没有冒号的一行",
            },
        ),
        (
            reverse("service_training_new"),
            {"region": city.city.pk, "title": "t", "held_on": "2026-01-01", "hours": "0"},
        ),
        (reverse("service_access_code_issue", args=[firm.uscc]), {"purpose": "nope"}),
        (reverse("service_assistance_act", args=[1, "bogus"]), {}),
        (reverse("service_case_lead_act", args=[1, "accept"]), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
    response = client.post(
        reverse("service_forum_new"),
        {"region": city.east.pk, "title": "会", "held_on": "2026-01-01", "firms": "91411802MA00000000"},
    )
    assert "没有找到统一社会信用代码" in response.content.decode()
    response = client.post(reverse("service_analysis_new"), posts[5][1])
    assert "第 1 行" in response.content.decode()
