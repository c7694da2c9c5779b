"""Public draw verification: deeply nested JSON is refused, not a 500; a repeated check is not recomputed."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from jiandu.inspections import drawfiles

pytestmark = pytest.mark.django_db

NESTED = "[" * 100_000 + "]" * 100_000


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_deeply_nested_json_on_the_page(client):
    response = client.post(
        reverse("public_inspection_verify"), {"result_text": NESTED, "candidates_text": "id,stratum\nX,A\n"}
    )
    assert response.status_code == 200 and "嵌套过深" in response.content.decode()


def test_deeply_nested_json_through_the_api(client):
    body = (
        '{"result": '
        + "{"
        + '"a":' * 50_000
        + "1"
        + "}" * 50_001
        + ', "candidates_csv": "id,stratum\\nX,A\\n"}'
    )
    response = client.post("/api/inspections/verify", body, content_type="application/json")
    assert response.status_code in (400, 422), response.content[:200]


def test_the_same_check_is_computed_once(client):
    texts = {"result": '{"x": 1}', "candidates": "id,stratum\nX,A\n", "exclude": "", "ratios": ""}
    with mock.patch.object(drawfiles, "_verify_texts", return_value=(False, ["差异"])) as compute:
        assert drawfiles.verify_texts(**texts) == (False, ["差异"])
        assert drawfiles.verify_texts(**texts) == (False, ["差异"])
    assert compute.call_count == 1
