"""Reading the audit trail: filters for auditors, and verification of the chain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from jiandu.audit.models import AuditChainHead, AuditEntry
from jiandu.engines.hashchain import ChainBreak, verify_chain

# The audit trail sits below `org`, so it knows no roles: who may read it (`read_audit`) is decided by
# the caller — the `web` page and the audit API check the permission before calling these selectors.


def list_audit_entries(
    *,
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(actor_name=actor)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if action:
        entries = entries.filter(action=action)
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries.order_by("-seq")


def _plain_entries() -> Iterator[dict[str, Any]]:
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        yield {
            "seq": entry.seq,
            "created_at": entry.created_at.astimezone(dt.UTC).isoformat(),
            "actor_id": entry.actor_id,
            "actor_name": entry.actor_name,
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "target_repr": entry.target_repr,
            "region_code": entry.region_code,
            "before": entry.before,
            "after": entry.after,
            "note": entry.note,
            "prev_hash": entry.prev_hash,
            "hash": entry.hash,
        }


def verify_audit_chain() -> ChainBreak | None:
    """The first altered, missing or re-linked entry, or None when the whole chain holds."""
    head = AuditChainHead.objects.filter(pk=1).first()
    return verify_chain(
        _plain_entries(),
        expected_last_seq=head.last_seq if head else 0,
        expected_last_hash=head.last_hash if head else "",
    )
