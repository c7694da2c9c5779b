"""The 工作专班 of the city and of each county (市局实施方案 五(一)、附件3): leader, deputies, member
units and the 案件管理科 as its office; the app roles of its members derived from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.errors import UserError
from jiandu.org.models import Region, RegionLevel, Role, Unit, User
from jiandu.oversight.models import Position, TaskForce, TaskForceMember
from jiandu.oversight.services._common import authorise, changed, choice, created, not_future, text

# Roles the task force may set; the auditor, the legal reviewer and supervisors keep theirs (their
# independence or their outside standing is not the task force's to change).
DERIVABLE = {Role.OFFICER, Role.BUSINESS_UNIT, Role.COUNTY_BUREAU, Role.TASK_FORCE}


def derived_role(region: Region, position: str, unit: Unit | None) -> str:
    """The app role a member's place in the task force implies.

    At the city the leader, deputies and the office run the campaign (工作专班); a member from a business
    unit assesses its domains (业务机构). In a county everyone on the task force acts for the bureau.
    """
    if region.level == RegionLevel.COUNTY:
        return Role.COUNTY_BUREAU
    if position in (Position.LEADER, Position.DEPUTY, Position.OFFICE):
        return Role.TASK_FORCE
    return Role.BUSINESS_UNIT if unit is not None else Role.TASK_FORCE


def _unit_in(region: Region, unit: Unit | None, field: str) -> Unit | None:
    if unit is not None and unit.region_id != region.pk:
        raise UserError(f"“{unit.name}”不是{region.name}的机构。", field=field)
    return unit


def set_up(
    *,
    actor: User,
    region: Region,
    name: str,
    established_on: dt.date,
    office: Unit | None = None,
    units: Sequence[Unit] = (),
) -> TaskForce:
    authorise(actor, region.pk, "manage_task_forces")
    if region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
        raise UserError("工作专班设在市局或县（市、区）局。", field="region")
    name = text(name, "专班名称", "name", 100)
    not_future(established_on, "成立日期", "established_on")
    _unit_in(region, office, "office")
    for unit in units:
        _unit_in(region, unit, "units")
    with transaction.atomic():
        item = TaskForce.objects.filter(region=region).first()
        before = snapshot(item) if item else None
        if item is None:
            item = TaskForce.objects.create(
                region=region, name=name, office=office, established_on=established_on
            )
        else:
            item.name, item.office, item.established_on = name, office, established_on
            item.save()
        item.units.set(units)
        if before is None:
            created(actor, item, note=f"成立工作专班，成员单位 {len(units)} 个")
        else:
            changed(actor, item, before, f"修改工作专班，成员单位 {len(units)} 个")
    return item


def add_member(
    *,
    actor: User,
    task_force: TaskForce,
    position: str,
    name: str,
    title: str,
    unit: Unit | None = None,
    user: User | None = None,
) -> TaskForceMember:
    authorise(actor, task_force.region_id, "manage_task_forces")
    choice(position, Position, "专班职务", "position")
    _unit_in(task_force.region, unit, "unit")
    if user is not None and user.region_id != task_force.region_id:
        raise UserError(f"账号“{user.get_username()}”不属于{task_force.region.name}。", field="user")
    with transaction.atomic():
        if position == Position.LEADER and task_force.members.filter(position=Position.LEADER).exists():
            raise UserError("工作专班只有一名组长，请先移除现任组长。", field="position")
        if user is not None and task_force.members.filter(user=user).exists():
            raise UserError(f"账号“{user.get_username()}”已在专班中。", field="user")
        member = TaskForceMember.objects.create(
            task_force=task_force,
            position=position,
            name=text(name, "姓名", "name", 30),
            title=text(title, "行政职务", "title", 60),
            unit=unit,
            user=user,
        )
        created(actor, member, note=f"{task_force.name}：{member.get_position_display()} {member.name}")
    return member


def remove_member(*, actor: User, member: TaskForceMember) -> None:
    authorise(actor, member.task_force.region_id, "manage_task_forces")
    with transaction.atomic():
        before = snapshot(member)
        label = str(member)
        member.delete()
        change = change_for(member, AuditAction.DELETE, before=before, note=f"移出工作专班：{label}")
        record(actor=actor, change=change)


@dataclass(frozen=True)
class RoleChange:
    user: User
    before: str
    after: str


def role_changes(task_force: TaskForce) -> list[RoleChange]:
    """The members whose account's role differs from the one their place in the task force implies."""
    found = []
    for member in task_force.members.select_related("user", "unit"):
        user = member.user
        if user is None or user.is_superuser or user.role not in DERIVABLE:
            continue
        role = derived_role(task_force.region, member.position, member.unit)
        if user.role != role:
            found.append(RoleChange(user=user, before=user.role, after=role))
    return found


def apply_roles(*, actor: User, task_force: TaskForce) -> list[RoleChange]:
    """Give each member's account the role derived from the task force, with one audit entry each."""
    authorise(actor, task_force.region_id, "manage_task_forces")
    changes = role_changes(task_force)
    with transaction.atomic():
        for change in changes:
            change.user.role = change.after
            change.user.save(update_fields=["role"])
            entry = change_for(
                change.user,
                AuditAction.UPDATE,
                before={"role": change.before},
                after={"role": change.after},
                note=f"按{task_force.name}职务调整角色",
            )
            record(actor=actor, change=entry)
    return changes
