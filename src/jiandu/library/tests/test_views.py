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


def test_similar_page_checks_the_statutory_range(client, city, library):
    """The page opened from a checked case carries the range and reasons of its discretion check; a
    fine below the law's minimum is flagged with the reason, whatever the similar cases say."""
    client.force_login(city.officer)
    case = library["east"][0]
    type(case).objects.filter(pk=case.pk).update(
        item_code="FSL-124-1-5",
        fine_base=Decimal(96),
        discretion={
            "outcome": "standard",
            "statutory": {"min": "50000", "max": "100000", "explanation": "货值金额不足一万元"},
            "reasons": [],
        },
    )
    page = client.get("/library/similar/", {"case": case.pk}).content.decode()
    assert 'name="statutory_min" value="50000"' in page and 'name="fine_base" value="96' in page
    form = {
        "text": "超市销售超过保质期的牛奶", "item_code": "FSL-124-1-5", "proposed_outcome": "penalty",
        "proposed_fine": "5000", "party_kind": "enterprise", "fine_base": "96",
    }  # fmt: skip
    page = client.get("/library/similar/", form).content.decode()
    assert "拟罚款不符合法定幅度或裁量规则" in page and "未说明减轻处罚的理由" in page
    assert "法定罚款幅度：50000.00 元至 100000.00 元（按事项 FSL-124-1-5 计算" in page
    page = client.get("/library/similar/", {**form, "mitigation_reason": "主动消除危害后果"}).content.decode()
    assert "已说明减轻处罚的理由：主动消除危害后果" in page and "拟罚款不符合法定幅度" not in page
    bad = client.get("/library/similar/", {**form, "statutory_min": "9", "statutory_max": "1"})
    assert bad.status_code == 200 and "法定最低罚款不能高于法定最高罚款" in bad.content.decode()


def test_similar_api_checks_the_statutory_range(client, city, library):
    client.force_login(city.officer)
    body = {"text": "超市销售超过保质期的牛奶", "item_code": "FSL-124-1-5", "proposed_fine": "5000"}
    result = client.post("/api/library/similar", json.dumps({**body, "fine_base": "96"}),
                         content_type="application/json").json()  # fmt: skip
    assert result["statutory"] == "below_min" and result["flagged"] is True
    assert result["statutory_range"]["min"] == "50000.00"
    unknown = client.post("/api/library/similar", json.dumps(body), content_type="application/json").json()
    assert unknown["statutory_range"] is None and unknown["statutory"] == ""
    for wrong in ({"statutory_min": "9", "statutory_max": "1"}, {"party_kind": "company"}, {"units": -1}):
        response = client.post("/api/library/similar", json.dumps({**body, **wrong}),
                               content_type="application/json")  # fmt: skip
        assert response.status_code == 422, wrong
