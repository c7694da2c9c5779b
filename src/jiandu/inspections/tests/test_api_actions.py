"""The plan API lists the steps of the workflow table the caller may take now."""

from __future__ import annotations

import pytest

from jiandu.org.services import issue_api_token

pytestmark = pytest.mark.django_db


def _headers(user):
    return {"Authorization": f"Bearer {issue_api_token(actor=None, user=user, name='测试')}"}


def test_actions_follow_the_table_and_the_role(client, city, setup, plan):
    url = f"/api/inspections/plans/{plan.pk}"
    assert client.get(url, headers=_headers(city.task_force)).json()["actions"] == ["commit"]
    assert client.get(url, headers=_headers(city.officer)).json()["actions"] == []  # may not manage plans
    body = client.post(f"{url}/commit", headers=_headers(city.task_force)).json()
    assert body["status"] == "committed" and body["actions"] == ["draw"]
    assert client.get(url, headers=_headers(city.outsider)).status_code == 404
