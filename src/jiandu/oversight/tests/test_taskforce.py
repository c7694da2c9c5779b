"""The 工作专班 of the city and of a county: members, the roles derived from their place, the audit trail,
the county's task force in its report, and the three personas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jiandu.audit.models import AuditEntry
from jiandu.clues.tests.factories import UnitFactory
from jiandu.errors import UserError
from jiandu.org.models import Role, UnitKind
from jiandu.org.tests.factories import UserFactory
from jiandu.oversight import selectors as S
from jiandu.oversight.services import taskforce, urgent

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 20)


@pytest.fixture
def city_force(city, units):
    office = UnitFactory(name="案件管理科", region=city.city, kind=UnitKind.TASK_FORCE)
    force = taskforce.set_up(
        actor=city.task_force,
        region=city.city,
        name="中原市市场监管局规范涉企行政执法专项行动工作专班",
        established_on=DAY,
        office=office,
        units=[units.food, units.price, office],
    )
    return force, office


def test_roles_follow_the_place_in_the_task_force(city, units, city_force):
    force, office = city_force
    head = UserFactory(username="anguan_kezhang", role=Role.OFFICER, region=city.city, unit=office)
    taskforce.add_member(
        actor=city.task_force, task_force=force, position="leader", name="王局长", title="局长"
    )
    taskforce.add_member(
        actor=city.task_force,
        task_force=force,
        position="office",
        name="李科长",
        title="案件管理科科长",
        unit=office,
        user=head,
    )
    taskforce.add_member(
        actor=city.task_force,
        task_force=force,
        position="member",
        name="赵科长",
        title="科长",
        unit=units.food,
        user=units.food_staff,
    )
    auditor_member = taskforce.add_member(
        actor=city.task_force,
        task_force=force,
        position="member",
        name="审计员",
        title="科员",
        user=city.auditor,
    )
    assert taskforce.derived_role(city.city, "office", office) == Role.TASK_FORCE
    assert taskforce.derived_role(city.east, "member", units.east_bureau) == Role.COUNTY_BUREAU
    changes = taskforce.apply_roles(actor=city.task_force, task_force=force)
    assert [(c.user.username, c.after) for c in changes] == [("anguan_kezhang", Role.TASK_FORCE)]
    head.refresh_from_db()
    city.auditor.refresh_from_db()
    assert (
        head.role == Role.TASK_FORCE
        and city.auditor.role == Role.AUDITOR
        and auditor_member.user == city.auditor
    )
    entry = AuditEntry.objects.get(target_type="org.user", target_id=str(head.pk))
    assert entry.before == {"role": "officer"} and entry.after == {"role": "task_force"}
    with pytest.raises(UserError) as second:
        taskforce.add_member(
            actor=city.task_force, task_force=force, position="leader", name="又一位", title="局长"
        )
    assert second.value.field == "position"


def test_a_county_keeps_its_own_task_force_and_units(city, units):
    force = taskforce.set_up(
        actor=units.east_chief,
        region=city.east,
        name="东城区工作专班",
        established_on=DAY,
        office=units.east_bureau,
        units=[units.east_bureau],
    )
    with pytest.raises(UserError) as foreign:
        taskforce.set_up(
            actor=units.east_chief,
            region=city.east,
            name="东城区工作专班",
            established_on=DAY,
            units=[units.west_bureau],
        )
    assert foreign.value.field == "units"
    with pytest.raises(PermissionDenied):
        taskforce.set_up(actor=city.outsider, region=city.east, name="x", established_on=DAY)
    with pytest.raises(UserError) as outsider:
        taskforce.add_member(
            actor=units.east_chief,
            task_force=force,
            position="member",
            name="西城人",
            title="科员",
            user=city.outsider,
        )
    assert outsider.value.field == "user"
    assert list(S.list_task_forces(user=units.east_chief)) == [force]
    assert list(S.list_task_forces(user=city.outsider)) == []
    assert list(S.list_task_forces(user=city.task_force)) == [force]


def test_the_report_panel_shows_the_county_task_force_and_the_period_counts(city, units):
    force = taskforce.set_up(
        actor=units.east_chief, region=city.east, name="东城区工作专班", established_on=DAY
    )
    taskforce.add_member(
        actor=units.east_chief, task_force=force, position="leader", name="钱局长", title="局长"
    )
    today = timezone.localdate()
    urgent.record_media(
        actor=units.east_chief,
        region=city.east,
        title="东城区推进专项行动",
        outlet="东城融媒",
        level="county",
        kind="social",
        published_on=today,
    )
    urgent.record_media(
        actor=city.task_force,
        region=city.west,
        title="西城区报道",
        outlet="西城融媒",
        level="county",
        kind="web",
        published_on=today,
    )
    panel = S.report_panel(
        user=units.east_chief, region_id=city.east.pk, start=today - dt.timedelta(days=30), end=today
    )
    assert panel.task_force == force and panel.media == 1 and panel.media_by_level == {"县级": 1}
    city_panel = S.report_panel(user=city.task_force, region_id=city.city.pk, start=today, end=today)
    assert city_panel.task_force is None and city_panel.media == 2
    earlier = S.report_panel(user=units.east_chief, region_id=city.east.pk, start=DAY, end=DAY)
    assert earlier.media == 0


def test_api_three_personas(city, units, client):
    client.force_login(units.east_chief)
    made = client.post(
        "/api/oversight/task-forces",
        {
            "region": city.east.code,
            "name": "东城区工作专班",
            "established_on": "2026-04-20",
            "units": [units.east_bureau.pk],
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["units"] == [units.east_bureau.name]
    pk = made.json()["id"]
    member = client.post(
        f"/api/oversight/task-forces/{pk}/members",
        {"position": "deputy", "name": "孙副局长", "title": "副局长", "username": "dong_ju"},
        content_type="application/json",
    )
    assert member.status_code == 201 and member.json()["members"][0]["derived_role"] == "county_bureau"
    bad = client.post(
        f"/api/oversight/task-forces/{pk}/members",
        {"position": "boss", "name": "x", "title": "y"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "专班职务" in bad.json()["detail"]
    client.force_login(city.task_force)
    assert [t["id"] for t in client.get("/api/oversight/task-forces").json()] == [pk]
    client.force_login(city.outsider)
    assert client.get("/api/oversight/task-forces").json() == []
    assert client.post(f"/api/oversight/task-forces/{pk}/apply-roles").status_code in (403, 404)
