"""Writing to the audit trail. Every service that changes business data calls `record`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from jiandu.audit.anchors import append_checkpoint
from jiandu.audit.models import AuditAction, AuditChainHead, AuditEntry
from jiandu.audit.signals import recorded
from jiandu.engines.hashchain import GENESIS, entry_hash


@dataclass(frozen=True)
class Change:
    action: str
    target_type: str
    target_id: str
    target_repr: str = ""
    region_code: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    note: str = ""


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    return value


def snapshot(instance: models.Model, fields: Sequence[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance as JSON-safe plain data."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in SECRET_FIELDS:
            data[field.attname] = _fingerprint(getattr(instance, field.attname))
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


# Never copied into the trail (which auditors read): a password hash, a token or access-code digest.
# A short fingerprint stands in, so the entry still shows that the value was set or changed.
SECRET_FIELDS = frozenset({"password", "digest"})


def _fingerprint(value: object) -> str:
    if not value:
        return ""
    return "(不记录，指纹 " + hashlib.sha256(str(value).encode()).hexdigest()[:8] + ")"


def change_for(
    instance: models.Model,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> Change:
    region = getattr(instance, "region", None) if hasattr(instance, "region_id") else None
    return Change(
        action=action,
        target_type=instance._meta.label_lower,
        target_id=str(instance.pk),
        target_repr=str(instance)[:200],
        region_code=getattr(region, "code", "") or "",
        before=before,
        after=after,
        note=note,
    )


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "系统"
    if isinstance(actor, str):
        return None, actor
    return actor.pk, actor.get_username()


def record(*, actor: Any, change: Change) -> AuditEntry:
    return record_many(actor=actor, changes=[change])[0]


def record_many(*, actor: Any, changes: Iterable[Change]) -> list[AuditEntry]:
    """Append changes to the chain inside the caller's transaction, serialised by the chain head."""
    actor_id, actor_name = _actor_fields(actor)
    changes = list(changes)
    if not changes:
        return []
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, last_seq=0, last_hash=GENESIS)
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        now = timezone.now().astimezone(dt.UTC)
        seq, prev = head.last_seq, head.last_hash
        entries = []
        for change in changes:
            seq += 1
            content = {
                "seq": seq,
                "created_at": now.isoformat(),
                "actor_id": actor_id,
                "actor_name": actor_name,
                "action": change.action,
                "target_type": change.target_type,
                "target_id": change.target_id,
                "target_repr": change.target_repr[:200],
                "region_code": change.region_code,
                "before": _plain(change.before),
                "after": _plain(change.after),
                "note": change.note[:200],
            }
            digest = entry_hash(content, prev)
            content["created_at"] = now
            entries.append(AuditEntry(**content, prev_hash=prev, hash=digest))
            prev = digest
        AuditEntry.objects.bulk_create(entries, batch_size=1000)
        head.last_seq, head.last_hash = seq, prev
        head.save(update_fields=["last_seq", "last_hash"])
        transaction.on_commit(lambda: append_checkpoint(seq, prev))
        recorded.send(sender=AuditEntry, entries=entries)
    return entries


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


__all__ = ["AuditAction", "Change", "change_for", "diff", "record", "record_many", "snapshot"]
