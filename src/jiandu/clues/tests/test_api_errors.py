"""A refusal from a service reaches an API client as 400 with the Chinese message and the field."""

from __future__ import annotations

import pytest

from jiandu.clues.models import Channel, ClueStatus
from jiandu.clues.tests.factories import ClueFactory

pytestmark = pytest.mark.django_db


def test_a_step_from_the_wrong_state_is_400_with_detail_and_field(client, city, units):
    clue = ClueFactory(region=city.east, status=ClueStatus.RECEIVED, lead_unit=units.east_bureau)
    client.force_login(city.task_force)
    response = client.post(f"/api/clues/{clue.pk}/close", {"note": "x"}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "action"
    assert "不能执行" in body["detail"] and "办结" in body["detail"]
    clue.refresh_from_db()
    assert clue.status == ClueStatus.RECEIVED


def test_bad_input_to_a_service_is_400_with_the_message(client, city):
    client.force_login(city.task_force)
    response = client.post(
        "/api/clues/",
        {"channel": Channel.SUPERVISOR, "summary": "   ", "region_code": city.east.code},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"detail", "field"}
    assert response.json()["detail"] == "线索内容不能为空"
