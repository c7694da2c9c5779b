"""案源: register a lead; within 15 working days 立案 or 不予立案 (程序规定第十八至二十条)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.audit.services import diff as diff_fields
from jiandu.cases.models import CaseLead, LeadStatus, PenaltyCase
from jiandu.cases.rules import procedure
from jiandu.cases.services._common import _check_scope, today
from jiandu.cases.services.drafting import create_case
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Enterprise, User
from jiandu.org.permissions import check_permission


def lead_due(lead: CaseLead) -> dt.date:
    """The last day to decide whether to open a case (derived, never stored)."""
    return load_calendar().add(lead.discovered_on, procedure().days("lead"))


def register_lead(
    *, actor: User, enterprise: Enterprise, source: str, description: str, discovered_on: dt.date
) -> CaseLead:
    check_permission(actor, "draft_cases")
    _check_scope(actor, enterprise.region_id)
    if not source.strip():
        raise UserError("请填写案源来源（如日常检查、投诉举报、移送）", field="source")
    if not description.strip():
        raise UserError("请填写案源情况", field="description")
    if discovered_on > today():
        raise UserError("发现日期不能晚于今天", field="discovered_on")
    with transaction.atomic():
        lead = CaseLead.objects.create(
            enterprise=enterprise,
            region=enterprise.region,
            source=source.strip()[:40],
            description=description.strip(),
            discovered_on=discovered_on,
            created_by=actor,
        )
        record(actor=actor, change=change_for(lead, AuditAction.CREATE, after=snapshot(lead)))
    return lead


def _open(lead: CaseLead, actor: User) -> CaseLead:
    lead = CaseLead.objects.select_for_update().select_related("enterprise").get(pk=lead.pk)
    _check_scope(actor, lead.region_id)
    if lead.status != LeadStatus.OPEN:
        raise UserError(f"案源已{lead.get_status_display()}，不能再次处理")
    return lead


def file_lead(
    *, actor: User, lead: CaseLead, filed_on: dt.date | None = None, note: str = "", **case: Any
) -> PenaltyCase:
    """立案: the lead becomes a case under investigation."""
    check_permission(actor, "draft_cases")
    filed_on = filed_on or today()
    with transaction.atomic():
        lead = _open(lead, actor)
        if filed_on < lead.discovered_on or filed_on > today():
            raise UserError("立案日期应在发现日期与今天之间", field="filed_on")
        before = snapshot(lead)
        created = create_case(actor=actor, enterprise=lead.enterprise, filed_on=filed_on, lead=lead, **case)
        lead.status, lead.decided_on, lead.decision_note = LeadStatus.FILED, filed_on, note.strip()
        lead.save()
        old, new = diff_fields(before, snapshot(lead))
        record(
            actor=actor, change=change_for(lead, AuditAction.TRANSITION, before=old, after=new, note="立案")
        )
    return created


def decline_lead(
    *, actor: User, lead: CaseLead, ground: str, note: str, decided_on: dt.date | None = None
) -> CaseLead:
    """不予立案, on one of the grounds of 程序规定第二十条, with the reasons."""
    check_permission(actor, "draft_cases")
    grounds = procedure().not_filed_grounds
    if ground not in grounds:
        raise UserError("请选择不予立案的情形（程序规定第二十条）", field="ground")
    if not note.strip():
        raise UserError("请填写核查意见", field="note")
    with transaction.atomic():
        lead = _open(lead, actor)
        before = snapshot(lead)
        lead.status, lead.not_filed_ground = LeadStatus.NOT_FILED, ground
        lead.decided_on, lead.decision_note = decided_on or today(), note.strip()
        lead.save()
        old, new = diff_fields(before, snapshot(lead))
        record(
            actor=actor,
            change=change_for(
                lead, AuditAction.TRANSITION, before=old, after=new, note="不予立案：" + grounds[ground]
            ),
        )
    return lead
