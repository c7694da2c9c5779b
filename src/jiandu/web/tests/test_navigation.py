"""The navigation is grouped by the two loops plus 系统, and each role sees only what it may use."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jiandu.org.models import Role
from jiandu.org.permissions import PERMISSIONS
from jiandu.org.tests.factories import UserFactory
from jiandu.web.context import NAVIGATION_GROUPS, _entries, grouped

pytestmark = pytest.mark.django_db


def _groups(page: str) -> dict[str, list[str]]:
    found = {}
    for title, body in re.findall(
        r'<div class="nav-group" role="group" aria-label="([^"]+)">(.*?)</div>', page
    ):
        found[title] = re.findall(r">([^<>]+)</a>", body)
    return found


def test_the_task_force_sees_both_loops_and_the_system_group(client, city):
    client.force_login(city.task_force)
    groups = _groups(client.get(reverse("dashboard")).content.decode())
    assert list(groups) == ["执法监督", "服务型执法", "系统"]
    assert groups["执法监督"][:6] == ["线索", "整改", "评查", "回访", "报表", "重点县区"]
    for label in ["预警", "指引", "双随机", "案件", "裁量", "案例库", "信用修复", "企业档案"]:
        assert label in groups["服务型执法"]
    assert groups["系统"][:2] == ["审计", "基础数据"]


def test_each_role_sees_only_entries_its_permissions_allow(client, city):
    for role in [Role.OFFICER, Role.AUDITOR, Role.LEGAL_REVIEWER, Role.COUNTY_BUREAU]:
        user = UserFactory(role=role, region=city.east if role != Role.AUDITOR else city.city)
        client.force_login(user)
        shown = {
            label
            for links in _groups(client.get(reverse("dashboard")).content.decode()).values()
            for label in links
        }
        for name, _, permission in _entries():
            short = next((s for _, members in NAVIGATION_GROUPS for n, s in members if n == name), None)
            if short is None or name == "dashboard":
                continue
            assert (short in shown) == (role in PERMISSIONS[permission][1]), (role, name)
    client.force_login(city.officer)
    assert "审计" not in {
        x for v in _groups(client.get(reverse("dashboard")).content.decode()).values() for x in v
    }


def test_entries_no_group_names_are_kept_under_others():
    groups = dict(
        (title, links) for title, links in grouped([("clue_list", "问题线索"), ("new_page", "新页面")])
    )
    assert groups == {
        "执法监督": [("clue_list", "线索", "问题线索")],
        "其他": [("new_page", "新页面", "新页面")],
    }
