"""What every oversight service shares: the scope check, the audit entries, text checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, diff, record, snapshot
from jiandu.errors import UserError
from jiandu.org.models import Region, RegionLevel, User
from jiandu.org.permissions import check_permission
from jiandu.org.selectors import visible_region_ids


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate()


def authorise(actor: User, region_id: int, permission: str) -> None:
    """The role may do it, and the region is inside the actor's scope."""
    check_permission(actor, permission)
    if region_id not in visible_region_ids(actor):
        raise PermissionDenied("该事项不在您的管辖范围内。")


def city_of(region: Region) -> Region:
    """The city a region belongs to (itself for a city; a province has none above it to escalate to)."""
    if region.level == RegionLevel.COUNTY and region.parent is not None:
        return region.parent
    return region


def text(value: str, label: str, field: str, limit: int | None = None) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise UserError(f"请填写{label}。", field=field)
    if limit is not None and len(cleaned) > limit:
        raise UserError(f"{label}不能超过 {limit} 个字，请精简。", field=field)
    return cleaned


def choice(value: str, choices: type[models.TextChoices], label: str, field: str) -> str:
    if value not in choices.values:
        raise UserError(f"请选择有效的{label}（{'、'.join(str(c) for c in choices.labels)}）。", field=field)
    return value


def not_future(day: dt.date, label: str, field: str) -> dt.date:
    if day > today():
        raise UserError(f"{label}不能晚于今天。", field=field)
    return day


def created(actor: Any, obj: models.Model, note: str = "") -> None:
    record(actor=actor, change=change_for(obj, AuditAction.CREATE, after=snapshot(obj), note=note))


def changed(
    actor: Any, obj: models.Model, before: dict[str, Any], note: str, action: str = AuditAction.UPDATE
) -> None:
    old, new = diff(before, snapshot(obj))
    record(actor=actor, change=change_for(obj, action, before=old, after=new, note=note))
