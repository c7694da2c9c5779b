"""REST API of the catalogue, checks and versions, with the three personas and a legal reviewer."""

from __future__ import annotations

import pytest

from jiandu.discretion.tests.factories import PenaltyCaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["task_force", "officer", "outsider"])
def test_items_and_exemptions_for_staff(client, city, persona) -> None:
    client.force_login(getattr(city, persona))
    items = client.get("/api/discretion/items", {"domain": "价格"}).json()
    assert items and {i["domain"] for i in items} == {"价格"}
    item = client.get("/api/discretion/items/PRL-42").json()
    assert item["fine"] == {"kind": "range", "min": 0, "max": 5000}
    assert item["statute_version"] == "1997-12-29"
    assert client.get("/api/discretion/items/NO-SUCH").status_code == 404
    entries = client.get("/api/discretion/exemptions", {"item_code": "PRL-42"}).json()
    assert [e["code"] for e in entries] == ["SW-08"]


def test_anonymous_gets_401(client) -> None:
    assert client.get("/api/discretion/items").status_code == 401


def test_assess_and_first_violation_respect_region(client, city, enterprises) -> None:
    east_firm = enterprises[0][0]
    PenaltyCaseFactory(enterprise=east_firm, item_code="PRL-42")
    client.force_login(city.officer)
    result = client.post(
        "/api/discretion/assess",
        {
            "item_code": "PRL-42",
            "uscc": east_firm.uscc,
            "on": "2026-06-01",
            "case": {"id": "c", "facts": {"harm": "minor", "corrected_in_time": True}},
        },
        content_type="application/json",
    ).json()
    assert result["outcome"] == "standard"  # not a first violation: the 2025 case counts
    first = client.get(
        "/api/discretion/first-violation", {"uscc": east_firm.uscc, "item_code": "PRL-42", "on": "2026-06-01"}
    ).json()
    assert first["first_violation"] is False and first["window_years"] == 5
    client.force_login(city.outsider)
    assert (
        client.get(
            "/api/discretion/first-violation", {"uscc": east_firm.uscc, "item_code": "PRL-42"}
        ).status_code
        == 404
    )
    bad = client.post(
        "/api/discretion/assess",
        {"case": {"id": "x", "facts": {"harm": "huge"}}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "facts.harm" in bad.json()["detail"]


def test_version_workflow_through_the_api(client, city, reviewer) -> None:
    client.force_login(city.task_force)
    assert client.post("/api/discretion/versions", {}, content_type="application/json").status_code == 403
    client.force_login(reviewer)
    created = client.post("/api/discretion/versions", {"note": "年度修订"}, content_type="application/json")
    assert created.status_code == 201
    draft = created.json()
    patched = client.patch(
        f"/api/discretion/versions/{draft['id']}/items/REG-48-1",
        {"fine": {"kind": "range", "min": 0, "max": 20000}},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    bad = client.patch(
        f"/api/discretion/versions/{draft['id']}/items/REG-48-1",
        {"fine": {"kind": "x"}},
        content_type="application/json",
    )
    assert bad.status_code == 422
    published = client.post(
        f"/api/discretion/versions/{draft['id']}/publish", {}, content_type="application/json"
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = client.post(
        f"/api/discretion/versions/{draft['id']}/publish", {}, content_type="application/json"
    )
    assert again.status_code == 409
    item = client.get("/api/discretion/items/REG-48-1").json()
    assert item["fine"]["max"] == 20000 and item["catalogue_version"] == published.json()["version"]
    client.force_login(city.officer)
    assert (
        client.patch(
            f"/api/discretion/versions/{draft['id']}/items/REG-48-1",
            {"note": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_exemption_patch_through_the_api(client, city, reviewer) -> None:
    client.force_login(reviewer)
    draft = client.post("/api/discretion/versions", {}, content_type="application/json").json()
    url = f"/api/discretion/versions/{draft['id']}/exemptions/SW-08"
    ok = client.patch(url, {"verified": True}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["verified"] is True
    assert client.patch(url, {"verified": "yes"}, content_type="application/json").status_code == 422
    client.force_login(city.task_force)
    assert client.patch(url, {"verified": False}, content_type="application/json").status_code == 403


def test_reviewer_adds_and_removes_items_in_a_draft(client, city, reviewer) -> None:
    client.force_login(reviewer)
    draft = client.post("/api/discretion/versions", {}, content_type="application/json").json()
    new = {
        "code": "FSL-126-1-4",
        "name": "食品生产经营企业未制定食品安全事故处置方案",
        "domain": "食品",
        "law": "食品安全法",
        "article": "第一百二十六条第一款第（四）项",
        "article_no": 126,
        "quote": "拒不改正的，处五千元以上五万元以下罚款",
        "penalty_kinds": ["warning", "fine"],
        "fine": {"kind": "range", "min": 5000, "max": 50000},
    }
    added = client.post(f"/api/discretion/versions/{draft['id']}/items", new, content_type="application/json")
    assert added.status_code == 201, added.content
    assert added.json()["statute_version"] == "2021-04-29"
    again = client.post(f"/api/discretion/versions/{draft['id']}/items", new, content_type="application/json")
    assert again.status_code == 422 and "已存在" in again.json()["detail"]
    wrong = client.post(
        f"/api/discretion/versions/{draft['id']}/items",
        {**new, "code": "X-1", "domain": "烟草"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "烟草" in wrong.json()["detail"]
    # an item a no-penalty entry names cannot go; another can
    assert client.delete(f"/api/discretion/versions/{draft['id']}/items/PRL-42").status_code == 422
    assert client.delete(f"/api/discretion/versions/{draft['id']}/items/AML-57").status_code == 204
    client.post(f"/api/discretion/versions/{draft['id']}/publish", {}, content_type="application/json")
    assert client.get("/api/discretion/items/FSL-126-1-4").status_code == 200
    assert client.get("/api/discretion/items/AML-57").status_code == 404
    client.force_login(city.officer)
    assert client.post("/api/discretion/versions", {}, content_type="application/json").status_code == 403
