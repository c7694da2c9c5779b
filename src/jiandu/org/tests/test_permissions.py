"""Role rights: the table in org/permissions.py decides, views and API obey it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.org.models import Role
from jiandu.org.permissions import PERMISSIONS, has_permission
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_permission_names_a_known_role():
    roles = set(Role.values)
    for label, allowed in PERMISSIONS.values():
        assert label and allowed <= roles


def test_officer_may_view_but_not_import(client, city):
    client.force_login(city.officer)
    assert client.get(reverse("enterprise_list")).status_code == 200
    response = client.get(reverse("enterprise_import"))
    assert response.status_code == 403 and "无权导入经营主体" in response.content.decode()
    assert "批量导入" not in client.get(reverse("enterprise_list")).content.decode()


def test_supervisor_cannot_browse_enforcement_data(client, city):
    supervisor = UserFactory(username="jiandu_yuan", role=Role.SUPERVISOR, region=city.east)
    client.force_login(supervisor)
    for name in ["enterprise_list", "case_list", "clue_list", "audit_list"]:
        assert client.get(reverse(name)).status_code == 403, name
    # their start page is clue entry, which they may use
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("clue_create")
    assert client.get(reverse("clue_create")).status_code == 200
    assert not has_permission(supervisor, "view_enterprises")
    response = client.get("/api/enterprises")
    assert response.status_code == 403 and "无权查看经营主体" in response.json()["detail"]


def test_navigation_follows_the_role(client, city):
    client.force_login(city.officer)
    page = client.get(reverse("dashboard")).content.decode()
    assert "经营主体" in page and "审计留痕" not in page
    client.force_login(city.auditor)
    assert "审计留痕" in client.get(reverse("dashboard")).content.decode()
