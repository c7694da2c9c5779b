"""Pages and API of the case library, with the three personas (and the auditor)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from jiandu.library.models import TypicalCase
from jiandu.library.services import rebuild_index
from jiandu.library.tests.factories import DecidedCaseFactory, TypicalCaseFactory


@pytest.fixture
def library(city):
    east = DecidedCaseFactory.create_batch(3, region=city.east)
    west = DecidedCaseFactory(region=city.west, facts="仓库存放过期奶粉", fine=Decimal(9000))
    typical = TypicalCaseFactory(region=city.city, title="超市过期酸奶案")
    rebuild_index()
    return {"east": east, "west": west, "typical": typical}


def test_search_page_is_scoped_and_highlighted(client, city, library):
    client.force_login(city.officer)
    page = client.get("/library/", {"q": "过期牛奶"}).content.decode()
    assert library["east"][0].decision_number in page
    assert library["west"].decision_number not in page
    assert "<mark>" in page
    client.force_login(city.outsider)
    page = client.get("/library/", {"q": "过期奶粉"}).content.decode()
    assert library["west"].decision_number in page
    assert library["east"][0].decision_number not in page


def test_search_filters_and_errors(client, city, library):
    client.force_login(city.task_force)
    page = client.get("/library/", {"fine_min": "8000", "kind": "case"}).content.decode()
    assert library["west"].decision_number in page and library["east"][0].decision_number not in page
    page = client.get("/library/", {"fine_min": "9000", "fine_max": "100"}).content.decode()
    assert "罚款不高于" in page and "应不小于" in page


def test_similar_page(client, city, library):
    client.force_login(city.officer)
    draft = {"text": "超市销售超过保质期的牛奶", "proposed_outcome": "penalty", "proposed_fine": "90000"}
    page = client.get("/library/similar/", draft).content.decode()
    assert "可能存在类案不同罚" in page and "可能畸重" in page
    prefilled = client.get("/library/similar/", {"case": library["east"][0].pk})
    assert prefilled.status_code == 200 and "比对时不含本案" in prefilled.content.decode()
    client.force_login(city.outsider)
    assert client.get("/library/similar/", {"case": library["east"][0].pk}).status_code == 404
    client.force_login(city.auditor)
    assert client.get("/library/similar/").status_code == 403


def test_typical_cases_pages(client, city, library):
    client.force_login(city.officer)
    assert "超市过期酸奶案" in client.get("/library/typical/").content.decode()
    assert client.get(f"/library/typical/{library['typical'].pk}/").status_code == 200
    assert client.get("/library/typical/new/").status_code == 403
    client.force_login(city.task_force)
    response = client.post(
        "/library/typical/new/",
        {
            "title": "新选编案例", "region": city.city.pk, "domain": library["typical"].domain_id,
            "violation": "经营超过保质期的食品", "facts": "案情", "outcome": "warning", "fine": "100",
            "decided_on": "2025-06-01",
        },
    )  # fmt: skip
    assert response.status_code == 200 and "应为 0" in response.content.decode()
    assert not TypicalCase.objects.filter(title="新选编案例").exists()
    response = client.post(f"/library/typical/{library['typical'].pk}/delete/")
    assert response.status_code == 302 and not TypicalCase.objects.exists()


def test_api(client, city, library):
    client.force_login(city.officer)
    data = client.get("/api/library/search", {"q": "过期"}).json()
    numbers = {r["decision_number"] for r in data["results"]}
    assert library["east"][0].decision_number in numbers and library["west"].decision_number not in numbers
    result = client.post(
        "/api/library/similar",
        json.dumps({"text": "超市销售超过保质期的牛奶", "proposed_fine": "5000"}),
        content_type="application/json",
    ).json()
    assert result["count"] >= 3 and result["enough"] and result["flagged"] is False
    bad = client.post("/api/library/similar", json.dumps({"text": "x", "proposed_outcome": "?"}),
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    status = client.get("/api/library/status").json()
    assert status["ready"] and status["documents"] == 5
    created = client.post(
        "/api/library/typical",
        json.dumps({"title": "t", "region_code": "411802", "domain_code": "food", "violation": "v",
                    "facts": "f", "decided_on": "2025-01-01"}),
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 403
    client.force_login(city.task_force)
    created = client.post(
        "/api/library/typical",
        json.dumps({"title": "t", "region_code": "411800", "domain_code": "food", "violation": "v",
                    "facts": "f", "decided_on": "2025-01-01", "fine": "1200"}),
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201 and created.json()["fine"] == "1200.00"
    client.force_login(city.auditor)
    refused = client.post("/api/library/similar", json.dumps({"text": "x"}), content_type="application/json")
    assert refused.status_code == 403


def test_rebuild_button_is_for_the_task_force(client, city, library):
    client.force_login(city.officer)
    assert client.post("/library/index/rebuild/").status_code == 403
    client.force_login(city.task_force)
    assert "重建案例库索引" in client.get("/library/").content.decode()
    response = client.post("/library/index/rebuild/", follow=True)
    assert "已重建：收录 5 件" in response.content.decode()
