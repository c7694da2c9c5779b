"""Region scoping with the three personas: city task force, county officer, outsider county."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.org.models import User
from jiandu.org.selectors import get_enterprise, list_enterprises, visible_regions
from jiandu.org.services import issue_api_token

pytestmark = pytest.mark.django_db


def test_county_officer_sees_only_own_county(city, enterprises):
    east, west = enterprises
    seen = set(list_enterprises(user=city.officer).values_list("uscc", flat=True))
    assert seen == {e.uscc for e in east}
    assert get_enterprise(user=city.officer, uscc=west[0].uscc) is None
    assert set(visible_regions(city.officer)) == {city.east}


def test_city_task_force_sees_every_county(city, enterprises):
    east, west = enterprises
    seen = set(list_enterprises(user=city.task_force).values_list("uscc", flat=True))
    assert seen == {e.uscc for e in east + west}
    assert {city.city, city.east, city.west} <= set(visible_regions(city.task_force))


def test_user_without_region_sees_nothing(city, enterprises):
    stray = User.objects.create(username="stray", role="officer")
    assert list_enterprises(user=stray).count() == 0


def test_outsider_cannot_read_other_county_in_ui(client, city, enterprises):
    east, _ = enterprises
    client.force_login(city.outsider)
    page = client.get(reverse("enterprise_list")).content.decode()
    assert east[0].uscc not in page
    page = client.get(reverse("enterprise_list"), {"q": east[0].uscc}).content.decode()
    assert "没有符合条件的经营主体" in page


def test_outsider_cannot_read_other_county_through_api(client, city, enterprises):
    east, west = enterprises
    token = issue_api_token(actor=city.task_force, user=city.outsider, name="测试")
    headers = {"Authorization": f"Bearer {token}"}
    listing = client.get("/api/enterprises?limit=100", headers=headers).json()
    assert {item["uscc"] for item in listing["items"]} == {e.uscc for e in west}
    detail = client.get(f"/api/enterprises/{east[0].uscc}", headers=headers)
    assert detail.status_code == 404
    assert "不在您的管辖范围内" in detail.json()["detail"]
    regions = client.get("/api/regions", headers=headers).json()
    assert [r["code"] for r in regions] == [city.west.code]


def test_api_refuses_anonymous_and_bad_tokens(client, city):
    assert client.get("/api/enterprises").status_code == 401
    assert client.get("/api/enterprises", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_api_session_auth_works_for_logged_in_user(client, city, enterprises):
    client.force_login(city.task_force)
    response = client.get("/api/enterprises?limit=2")
    assert response.status_code == 200
    assert response.json()["count"] == 5
