"""The REST API carries a penalty from draft to delivered documents."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine

from jiandu.org.models import Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_api_draft_to_delivered(client, city, enterprises):
    reviewer = UserFactory(role=Role.LEGAL_REVIEWER, region=city.city)
    head = UserFactory(role=Role.COUNTY_BUREAU, region=city.east)
    with time_machine.travel(NOW, tick=False):
        client.force_login(city.officer)
        created = post(
            client,
            "/api/cases/",
            {
                "uscc": enterprises[0][0].uscc,
                "domain_code": "price",
                "filed_on": "2026-10-20",
                "violation": "虚构原价",
                "facts": "虚构原价促销",
                "penalty_kinds": ["fine"],
                "fine": "200000",
                "penalty_spec": {"kind": "range", "min": 50000, "max": 500000},
                "discretion_facts": {"harm": "general"},
            },
        )
        assert created.status_code == 201, created.content
        case_id = created.json()["id"]
        checked = post(client, f"/api/cases/{case_id}/actions/check").json()
        assert checked["status"] == "checked"
        assert checked["discretion"]["outcome"] == "standard"
        assert checked["legal_review_required"] is True
        assert any(d["key"] == "decide" for d in checked["deadlines"])
        assert "notify" in checked["actions"]
        refused = post(client, f"/api/cases/{case_id}/actions/decide")
        assert refused.status_code == 403
        early = post(client, f"/api/cases/{case_id}/actions/submit_review")
        assert early.status_code == 400  # no 行政处罚告知书 yet
        notified = post(
            client, f"/api/cases/{case_id}/actions/notify", {"issued_on": "2026-11-02", "on": "2026-11-02"}
        )
        assert notified.status_code == 200, notified.content
        assert {d["kind"] for d in notified.json()["documents"]} == {"notice"}
        submitted = post(client, f"/api/cases/{case_id}/actions/submit_review")
        assert submitted.json()["status"] == "legal_review"
        client.force_login(reviewer)
        reviewed = post(client, f"/api/cases/{case_id}/actions/pass_review", {"opinion": "同意"})
        assert reviewed.json()["legal_review_passed"] is True and reviewed.json()["status"] == "reviewed"
        client.force_login(head)
        decided = post(client, f"/api/cases/{case_id}/actions/decide", {"deviation_reason": "情节说明"})
        assert decided.status_code == 200, decided.content
        assert {d["kind"] for d in decided.json()["documents"]} == {
            "notice",
            "penalty_decision",
            "credit_repair_notice",
        }
        client.force_login(city.officer)
        delivered = post(client, f"/api/cases/{case_id}/actions/deliver", {"method": "电子送达"})
        assert delivered.json()["status"] == "delivered"
        assert "delivery_receipt" in {d["kind"] for d in delivered.json()["documents"]}
        download = client.get(f"/api/cases/{case_id}/documents/credit_repair_notice")
    assert download.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
    assert "信用修复告知书" in text
    client.force_login(city.outsider)
    assert client.get(f"/api/cases/{case_id}").status_code == 404
    assert client.get("/api/cases/").json()["count"] == 0


def test_api_bad_input_names_the_field(client, city, enterprises):
    client.force_login(city.officer)
    response = post(
        client,
        "/api/cases/",
        {"uscc": "91410000000000000X", "filed_on": "2026-10-20", "violation": "x", "facts": "y"},
    )
    assert response.status_code == 400
    assert "uscc" in response.json()["detail"]
