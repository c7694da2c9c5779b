"""Endpoints that act on a firm refuse an empty or unknown USCC with a 4xx naming it, never a 500."""

from __future__ import annotations

import pytest

from jiandu.service.tests.history import firm_with_history

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "/api/service/access-codes": {"purpose": "查询"},
    "/api/service/surveys": {"unit_id": 1, "subject": "测评"},
    "/api/service/case-leads": {
        "domain": "price",
        "facts": "事实",
        "handling_unit_id": 1,
        "source": "检查",
        "discovered_on": "2026-05-01",
    },
}


@pytest.mark.parametrize("url", sorted(PAYLOADS))
@pytest.mark.parametrize("uscc", ["", "91411802MA0000000X"])
def test_an_empty_or_unknown_uscc_is_a_4xx(city, units, client, url, uscc):
    firm_with_history(city, units)
    client.force_login(city.task_force)
    response = client.post(url, {**PAYLOADS[url], "uscc": uscc}, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert (
        "uscc" in response.json().get("field", "") + response.json()["detail"]
        or "统一社会信用代码" in (response.json()["detail"])
    )


@pytest.mark.parametrize("path", ["consult", "opinion"])
def test_clue_consultation_without_a_unit_is_a_4xx(city, client, path):
    client.force_login(city.task_force)
    response = client.post(f"/api/clues/1/{path}", {}, content_type="application/json")
    assert 400 <= response.status_code < 500
