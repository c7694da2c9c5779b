"""Reading the audit trail: filters for auditors, and verification of the chain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import QuerySet

from jiandu.audit.anchors import read_checkpoints
from jiandu.audit.models import AuditChainHead, AuditEntry
from jiandu.engines.hashchain import ChainBreak, check_against_checkpoints, verify_chain

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


def verify_audit_chain(*, anchors: bool = True) -> ChainBreak | None:
    """The first altered, missing or re-linked entry, or None when the whole chain holds.

    With ``anchors`` the signed checkpoints outside the database (audit/anchors.py) are checked too: a
    bad signature, or a checkpoint that the stored chain no longer matches, is a break."""
    head = AuditChainHead.objects.filter(pk=1).first()
    broken = verify_chain(
        _plain_entries(),
        expected_last_seq=head.last_seq if head else 0,
        expected_last_hash=head.last_hash if head else "",
    )
    if broken is not None or not anchors:
        return broken
    checkpoints, problems = read_checkpoints()
    # With the chain itself intact, a checkpoint that matches vouches for every entry before it, so
    # only the checkpoints from the newest down to the first that still matches are looked up.
    seqs = sorted({checkpoint.seq for checkpoint in checkpoints}, reverse=True)
    hash_at: dict[int, str] = {}
    looked: set[int] = set()
    by_seq = {(c.seq, c.hash) for c in checkpoints}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        looked.update(chunk)
        hash_at.update(AuditEntry.objects.filter(seq__in=chunk).values_list("seq", "hash"))
        if any((seq, hash_at.get(seq)) in by_seq for seq in chunk):
            break
    checkpoints = [c for c in checkpoints if c.seq in looked]
    broken = check_against_checkpoints(checkpoints, hash_at, head.last_seq if head else 0)
    if broken is None and problems:
        last = max((c.seq for c in checkpoints), default=0)
        return ChainBreak(seq=last + 1, reason="；".join(problems) + "（检查点文件被改动）")
    return broken


@dataclass(frozen=True)
class RowMismatch:
    target_type: str
    target_id: str
    field: str
    recorded: Any
    current: Any
    seq: int  # the audit entry that last recorded the field


def _same(field: Any, recorded: Any, current: Any) -> bool:
    if recorded == current:
        return True
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            return Decimal(str(recorded)) == Decimal(str(current))
        except (InvalidOperation, ValueError):
            return False
    if isinstance(field, models.DateTimeField) and recorded and current:
        try:
            return dt.datetime.fromisoformat(str(recorded)) == dt.datetime.fromisoformat(str(current))
        except ValueError:
            return False
    return str(recorded) == str(current) if recorded is not None and current is not None else False


# The business facts compared by default (table → fields); a field a service derives or a demo back-dates
# (step start dates, publication times, stored check results) would only raise noise. Override with
# settings.JIANDU_AUDIT_TABLE_FIELDS, or pass all_fields=True to compare every recorded field.
TABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "cases.penaltycase": (
        "fine", "confiscation", "fine_base", "outcome", "status", "decision_number", "violation",
        "facts", "penalty_kinds", "enterprise_id", "region_id", "decided_on", "paid_on",
    ),
    "clues.clue": (
        "summary", "status", "category", "subtype", "region_id", "reporter_name", "reporter_phone",
    ),
    "rectify.rectification": ("status", "refund_amount", "refund_count", "measures", "result"),
    "org.enterprise": ("uscc", "name", "region_id", "credit_class"),
    "cases.creditrepair": ("status", "number", "case_id"),
}  # fmt: skip


# Flags switched for many rows at once by one audited entry of their own (the work-order import shows
# all its clues with one UPDATE and one entry on the import job), not by an entry per row.
SWITCHED_FIELDS: dict[str, tuple[str, ...]] = {"clues.clue": ("pending",)}


def verify_business_rows(*, all_fields: bool = False) -> tuple[int, list[RowMismatch]]:
    """Rows changed behind the application's back: each business row's fields as the audit trail last
    recorded them (the ``after`` values, folded in sequence; the trail itself is vouched for by the
    chain and the signed checkpoints) against the row as it is now. Returns (rows checked, mismatches).
    """
    state: dict[tuple[str, str], dict[str, tuple[Any, int]]] = {}
    deleted: set[tuple[str, str]] = set()
    entries = AuditEntry.objects.order_by("seq").values_list(
        "seq", "action", "target_type", "target_id", "after"
    )
    for seq, action, target_type, target_id, after in entries.iterator(chunk_size=2000):
        key = (target_type, target_id)
        if action == "delete":
            deleted.add(key)
            continue
        if isinstance(after, dict):
            fields = state.setdefault(key, {})
            for name, value in after.items():
                fields[str(name)] = (value, seq)
    checked = 0
    mismatches: list[RowMismatch] = []
    by_type: dict[str, dict[str, dict[str, tuple[Any, int]]]] = {}
    for (target_type, target_id), fields in state.items():
        if (target_type, target_id) not in deleted:
            by_type.setdefault(target_type, {})[target_id] = fields
    wanted = getattr(settings, "JIANDU_AUDIT_TABLE_FIELDS", None) or TABLE_FIELDS
    for target_type, rows in sorted(by_type.items()):
        if not all_fields and target_type not in wanted:
            continue
        try:
            model = apps.get_model(target_type)
        except (LookupError, ValueError):
            continue
        concrete = {field.attname: field for field in model._meta.concrete_fields}
        for start in range(0, len(rows), 500):
            ids = list(rows)[start : start + 500]
            try:
                found = model._default_manager.in_bulk([int(i) for i in ids if i.isdigit()])
            except (TypeError, ValueError):
                continue
            for pk, instance in found.items():
                checked += 1
                for name, (value, seq) in rows[str(pk)].items():
                    field = concrete.get(name)
                    if not all_fields and name not in wanted[target_type]:
                        continue
                    if field is None or field.primary_key or getattr(field, "auto_now", False):
                        continue
                    if name in SWITCHED_FIELDS.get(target_type, ()):
                        continue
                    current = _plain_value(getattr(instance, name))
                    if not _same(field, value, current):
                        mismatches.append(RowMismatch(target_type, str(pk), name, value, current, seq))
    return checked, mismatches


def _plain_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
