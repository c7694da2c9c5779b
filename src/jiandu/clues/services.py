"""Writes for problem clues. Every channel files through `file_clue`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.clues.models import Channel, Clue
from jiandu.org.models import Domain, Enterprise, Region, User


def file_clue(
    *,
    actor: User | None,
    channel: str,
    summary: str,
    region: Region,
    received_at: dt.datetime | None = None,
    enterprise: Enterprise | None = None,
    domain: Domain | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
) -> Clue:
    """Record one clue from any channel (staff entry, public page, import, review finding, visit)."""
    if channel not in Channel.values:
        raise ValueError(f"线索渠道“{channel}”无效")
    if not summary.strip():
        raise ValueError("线索内容不能为空")
    with transaction.atomic():
        clue = Clue.objects.create(
            channel=channel,
            summary=summary.strip(),
            region=region,
            received_at=received_at or timezone.now(),
            enterprise=enterprise,
            domain=domain,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
        )
        after = snapshot(clue)
        after.pop("reporter_name", None)
        after.pop("reporter_phone", None)  # the trail is readable by auditors; identities stay masked
        record(actor=actor, change=change_for(clue, AuditAction.CREATE, after=after))
    return clue
