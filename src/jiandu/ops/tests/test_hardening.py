"""Bad input never reaches a 500 and API errors are JSON in Chinese (docs/hardening.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DataError, connection, transaction

from jiandu.cases.models import PenaltyCase

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def case_payload(enterprise, **extra):
    return {
        "uscc": enterprise.uscc,
        "domain_code": "price",
        "filed_on": "2026-10-20",
        "violation": "虚构原价",
        "facts": "虚构原价促销",
        **extra,
    }


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(body["detail"])), body
    return body


def test_a_fine_beyond_the_money_column_is_refused_in_chinese(client, city, enterprises):
    client.force_login(city.officer)
    response = post(client, "/api/cases/", case_payload(enterprises[0][0], fine="10000000000000"))
    body = assert_json_error(response, 422)
    assert body["field"] == "fine"
    assert not PenaltyCase.objects.exists()


def test_dates_outside_1900_2100_are_refused(client, city, enterprises):
    client.force_login(city.officer)
    for day in ("0001-01-01", "9999-12-31"):
        response = post(client, "/api/cases/", case_payload(enterprises[0][0], filed_on=day))
        assert assert_json_error(response, 422)["field"] == "filed_on"


def test_a_list_holding_an_already_stored_huge_fine_still_answers(client, city, enterprises):
    client.force_login(city.officer)
    created = post(client, "/api/cases/", case_payload(enterprises[0][0], fine="1000"))
    assert created.status_code == 201, created.content
    if connection.vendor == "postgresql":  # the column refuses it: nothing huge can be stored
        with pytest.raises(DataError), transaction.atomic():
            PenaltyCase.objects.update(fine=Decimal("10000000000000"))
        return
    PenaltyCase.objects.update(fine=Decimal("10000000000000"))  # SQLite keeps whatever it is given
    assert client.get("/api/cases/").status_code == 200
    assert client.get("/cases/").status_code == 200


def test_control_characters_are_refused_naming_the_field_also_anonymously(client, city):
    response = post(
        client, "/api/clues/public", {"region_code": city.east.code, "summary": "价格\x00欺诈\x07"}
    )
    body = assert_json_error(response, 422)
    assert body["field"] == "summary"


def test_a_lone_surrogate_is_refused_not_a_500(client, city):
    body = '{"region_code": "' + city.east.code + '", "summary": "\\ud800 问题"}'
    response = client.post("/api/clues/public", body, content_type="application/json")
    assert_json_error(response, 422)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        ("[" * 5000 + "]" * 5000, 400),
        ('{"a":' * 100 + "1" + "}" * 100, 400),
        (b"\xff\xfe{}", 400),
        ('{"summary": NaN}', 422),
        ('{"summary": Infinity}', 422),
    ],
)
def test_bad_json_is_a_json_error(client, city, body, status):
    response = client.post("/api/clues/public", body, content_type="application/json")
    assert_json_error(response, status)


def test_api_404_405_are_json(client, city):
    client.force_login(city.officer)
    assert_json_error(client.get("/api/no-such-thing/"), 404)
    assert_json_error(client.delete("/api/cases/"), 405)


@pytest.mark.parametrize("query", ["limit=-1", "limit=100000000", "offset=-5", "offset=99999999999999999999"])
def test_paging_out_of_range_is_422(client, city, query):
    client.force_login(city.officer)
    assert_json_error(client.get(f"/api/cases/?{query}"), 422)


@pytest.mark.parametrize(
    "query",
    ["start=9999-01-01&days=1", "start=2026-01-05&days=100000", "start=0001-01-01&days=3"],
)
def test_far_dates_in_the_working_day_api_are_422(client, city, query):
    client.force_login(city.officer)
    assert_json_error(client.get(f"/api/workdays/add?{query}"), 422)


def test_page_forms_lose_control_characters(client, city):
    client.force_login(city.officer)
    response = client.get("/cases/?q=a\x00b")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "range", "min": "abc", "max": 10},
        {"kind": "range", "min": 500, "max": 10},
        {"kind": "weird"},
        {"kind": "multiple", "base": 1000},
        {"kind": "range", "min": 1, "max": 2, "extra": 3},
    ],
)
def test_a_malformed_penalty_spec_is_refused_when_stored(client, city, enterprises, spec):
    client.force_login(city.officer)
    response = post(client, "/api/cases/", case_payload(enterprises[0][0], penalty_spec=spec))
    body = assert_json_error(response, 400)
    assert "penalty_spec" in body.get("field", "") + body["detail"]
    assert not PenaltyCase.objects.exists()
    created = post(client, "/api/cases/", case_payload(enterprises[0][0], fine="1000"))
    assert created.status_code == 201, created.json()
    patched = client.patch(
        f"/api/cases/{created.json()['id']}", {"penalty_spec": spec}, content_type="application/json"
    )
    body = assert_json_error(patched, 400)
    assert "penalty_spec" in body.get("field", "") + body["detail"]


def test_a_value_the_column_refuses_is_a_422_not_a_500(rf):
    from django.db import DataError

    from jiandu.ops.hardening import ApiJsonMiddleware

    middleware = ApiJsonMiddleware(lambda request: None)
    response = middleware.process_exception(rf.post("/api/cases/"), DataError("value too long"))
    assert response is not None and response.status_code == 422
    assert middleware.process_exception(rf.get("/cases/"), DataError("x")) is None
