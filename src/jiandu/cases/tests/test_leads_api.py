"""案源 through the API: register, 立案 into a case or 不予立案 (程序规定第二十条), region-scoped."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jiandu.audit.models import AuditEntry
from jiandu.cases.models import CaseLead, PenaltyCase
from jiandu.org.models import Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _register(client, uscc, **extra):
    payload = {
        "uscc": uscc,
        "source": "日常监督检查",
        "description": "检查发现销售过期食品",
        "discovered_on": "2026-11-02",
    }
    return post(client, "/api/cases/leads", payload | extra)


def test_lead_registered_then_filed_into_a_case(client, city, enterprises):
    with time_machine.travel(NOW, tick=False):
        client.force_login(city.officer)
        created = _register(client, enterprises[0][0].uscc)
        assert created.status_code == 201, created.content
        lead = created.json()
        assert lead["status"] == "open" and lead["status_label"] == "待核查"
        # 程序规定第十八条: 十五个工作日内决定是否立案 — 2026-11-02 + 15 working days
        assert lead["due_on"] == "2026-11-23"
        listed = client.get("/api/cases/leads", {"status": "open"}).json()
        assert [row["id"] for row in listed["items"]] == [lead["id"]]
        filed = post(
            client,
            f"/api/cases/leads/{lead['id']}/actions/file",
            {
                "filed_on": "2026-11-10",
                "violation": "经营超过保质期的食品",
                "domain_code": "food",
                "penalty_kinds": ["warning"],
                "note": "符合立案条件",
            },
        )
        assert filed.status_code == 201, filed.content
        case = PenaltyCase.objects.get(pk=filed.json()["id"])
        assert case.lead_id == lead["id"] and case.enterprise == enterprises[0][0]
        assert case.filed_on == dt.date(2026, 11, 10)
        after = client.get(f"/api/cases/leads/{lead['id']}").json()
        assert after["status"] == "filed" and after["case_id"] == case.pk
        again = post(client, f"/api/cases/leads/{lead['id']}/actions/file", {})
        assert again.status_code == 400 and "已立案" in again.json()["detail"]
    assert AuditEntry.objects.filter(target_type__icontains="caselead").count() >= 2


def test_lead_declined_needs_a_statutory_ground_and_reasons(client, city, enterprises):
    with time_machine.travel(NOW, tick=False):
        client.force_login(city.officer)
        lead = _register(client, enterprises[0][1].uscc).json()
        url = f"/api/cases/leads/{lead['id']}/actions/decline"
        assert post(client, url, {"ground": "because", "note": "x"}).status_code == 400
        assert post(client, url, {"ground": "no_fault", "note": " "}).status_code == 400
        declined = post(client, url, {"ground": "first_violation", "note": "初次违法，已当场改正"})
        assert declined.status_code == 200, declined.content
        body = declined.json()
        assert (
            body["status"] == "not_filed"
            and body["not_filed_ground_label"] == "初次违法且危害后果轻微并及时改正"
        )
        assert CaseLead.objects.get(pk=lead["id"]).decision_note == "初次违法，已当场改正"


def test_leads_are_scoped_to_the_region(client, city, enterprises):
    west_officer = city.outsider  # an officer of 西城区
    supervisor = UserFactory(role=Role.SUPERVISOR, region=city.east)
    with time_machine.travel(NOW, tick=False):
        client.force_login(city.officer)
        lead = _register(client, enterprises[0][0].uscc).json()
        # an east officer cannot register a lead on a west firm: the firm is unknown to them
        foreign = _register(client, enterprises[1][0].uscc)
        assert foreign.status_code == 400 and "uscc" in foreign.json()["detail"]
        client.force_login(west_officer)
        assert client.get(f"/api/cases/leads/{lead['id']}").status_code == 404
        assert client.get("/api/cases/leads").json()["count"] == 0
        refused = post(
            client, f"/api/cases/leads/{lead['id']}/actions/decline", {"ground": "other", "note": "x"}
        )
        assert refused.status_code == 404
        client.force_login(city.task_force)  # the city sees every county's leads
        assert client.get(f"/api/cases/leads/{lead['id']}").status_code == 200
        client.force_login(supervisor)  # a supervisor is not staff of the cases
        assert client.get("/api/cases/leads").status_code == 403
    assert CaseLead.objects.get(pk=lead["id"]).status == "open"
