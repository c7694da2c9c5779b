"""What every service of the app shares: the scope check, the audit entry, today's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, diff, record, snapshot
from jiandu.errors import UserError
from jiandu.org.models import Region, Unit, User
from jiandu.org.permissions import check_permission
from jiandu.org.selectors import visible_region_ids


def today() -> dt.date:
    return timezone.localdate()


def authorise(actor: User, region_id: int, permission: str) -> None:
    """The role may do it, and the region is inside the actor's scope."""
    check_permission(actor, permission)
    if region_id not in visible_region_ids(actor):
        raise PermissionDenied("该事项不在您的管辖范围内。")


def check_unit(actor: User, unit: Unit, region: Region) -> None:
    """A responsible unit must be in the actor's scope and on the region's line (its own or above)."""
    if unit.region_id not in visible_region_ids(actor) and unit.region_id != region.parent_id:
        raise UserError("所选责任单位不在您的管辖范围内，请重新选择。", field="unit")


def text(value: str, label: str, field: str, limit: int | None = None) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise UserError(f"请填写{label}。", field=field)
    if limit is not None and len(cleaned) > limit:
        raise UserError(f"{label}不能超过 {limit} 个字，请精简。", field=field)
    return cleaned


def not_future(day: dt.date, label: str, field: str) -> dt.date:
    if day > today():
        raise UserError(f"{label}不能晚于今天。", field=field)
    return day


def workdays(value: int | None, default: int, field: str = "term_workdays") -> int:
    term = default if value is None else int(value)
    if not 1 <= term <= 250:
        raise UserError("期限应为 1 至 250 个工作日。", field=field)
    return term


def created(actor: Any, obj: models.Model, note: str = "") -> None:
    record(actor=actor, change=change_for(obj, AuditAction.CREATE, after=snapshot(obj), note=note))


def changed(
    actor: Any, obj: models.Model, before: dict[str, Any], note: str, action: str = AuditAction.UPDATE
) -> None:
    old, new = diff(before, snapshot(obj))
    record(actor=actor, change=change_for(obj, action, before=old, after=new, note=note))
