"""The hand-over from routine supervision to case handling: 案源 → 受理 → 立案 or 不予立案， within
the time limit of 《市场监督管理行政处罚程序规定》第十八条； and the periodic case analysis whose
common problems go back to the routine-supervision units, who acknowledge them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from jiandu.audit.services import AuditAction, snapshot
from jiandu.cases.services import create_case
from jiandu.discretion.vocabulary import PenaltyKind
from jiandu.errors import UserError
from jiandu.inspections.models import Inspection, Outcome
from jiandu.org.models import Domain, Enterprise, Region, Unit, User
from jiandu.org.permissions import check_permission
from jiandu.service.models import (
    CaseAnalysis,
    CaseLead,
    CaseLeadSource,
    CaseLeadStatus,
    CommonProblem,
    DeclineGround,
)
from jiandu.service.services._common import authorise, changed, check_unit, created, not_future, text, today
from jiandu.service.workflow import CASE_LEADS

# inspection outcomes that report a firm's violation for case handling
HANDOVER_OUTCOMES = (Outcome.CLUE, Outcome.CASE_NOTE)


def register_case_lead(
    *,
    actor: User,
    enterprise: Enterprise,
    domain: Domain,
    facts: str,
    handling_unit: Unit,
    source: str,
    discovered_on: dt.date,
    inspection: Inspection | None = None,
) -> CaseLead:
    """Hand a violation to the case-handling unit; the time limit runs from ``discovered_on``."""
    authorise(actor, enterprise.region_id, "record_inspections")
    if source not in CaseLeadSource.values:
        raise UserError("请选择线索来源。", field="source")
    check_unit(actor, handling_unit, enterprise.region)
    with transaction.atomic():
        if inspection is not None and CaseLead.objects.filter(inspection=inspection).exists():
            raise UserError("该检查发现的问题已移交案源。", field="inspection")
        lead = CaseLead.objects.create(
            enterprise=enterprise,
            region=enterprise.region,
            source=source,
            inspection=inspection,
            domain=domain,
            facts=text(facts, "涉嫌违法事实", "facts"),
            discovered_on=not_future(discovered_on, "发现线索日期", "discovered_on"),
            handling_unit=handling_unit,
            registered_by=actor,
        )
        created(actor, lead, "移交案源")
    return lead


def hand_over_inspection(
    *, actor: User, inspection: Inspection, domain: Domain, handling_unit: Unit
) -> CaseLead:
    """An inspection that found a violation （移交案源 / 立案查处） becomes a case lead in one action."""
    if inspection.outcome not in HANDOVER_OUTCOMES or inspection.inspected_on is None:
        raise UserError("只有检查结果为发现违法行为的检查才能移交案源。", field="inspection")
    return register_case_lead(
        actor=actor,
        enterprise=inspection.enterprise,
        domain=domain,
        facts=inspection.findings or inspection.case_note,
        handling_unit=handling_unit,
        source=CaseLeadSource.INSPECTION,
        discovered_on=inspection.inspected_on,
        inspection=inspection,
    )


def _lead_move(actor: User, lead: CaseLead, action: str) -> CaseLead:
    authorise(actor, lead.region_id, "handle_case_leads")
    locked = CaseLead.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=lead.pk)
    CASE_LEADS.check(action, state=locked.status, user=actor, obj=locked)
    return locked


def accept_case_lead(*, actor: User, lead: CaseLead) -> CaseLead:
    with transaction.atomic():
        lead = _lead_move(actor, lead, "accept")
        before = snapshot(lead)
        lead.status, lead.accepted_on = CaseLeadStatus.ACCEPTED, today()
        lead.save(update_fields=["status", "accepted_on"])
        changed(actor, lead, before, "受理案源，开始核查", AuditAction.TRANSITION)
    return lead


def extend_case_lead(*, actor: User, lead: CaseLead, reason: str) -> CaseLead:
    """经负责人批准延长十五个工作日 (once)."""
    with transaction.atomic():
        lead = _lead_move(actor, lead, "extend")
        before = snapshot(lead)
        lead.extended, lead.extension_reason = True, text(reason, "延长理由", "reason", 200)
        lead.save(update_fields=["extended", "extension_reason"])
        changed(actor, lead, before, "经批准延长核查期限")
    return lead


# A draft case needs a provisional penalty kind; these need no amount and are edited in the draft.
PROVISIONAL_KINDS = (PenaltyKind.WARNING, PenaltyKind.CRITICISM)


def file_case_from_lead(
    *, actor: User, lead: CaseLead, violation: str = "", provisional_kind: str = PenaltyKind.WARNING
) -> CaseLead:
    """立案： the lead becomes a draft penalty case through the cases app (its draft service)."""
    if provisional_kind not in PROVISIONAL_KINDS:
        raise UserError(
            "请选择初步拟处罚种类（警告或通报批评，立案后可在案件中修改）。", field="provisional_kind"
        )
    with transaction.atomic():
        lead = _lead_move(actor, lead, "file")
        before = snapshot(lead)
        case = create_case(
            actor=actor,
            enterprise=lead.enterprise,
            filed_on=today(),
            domain=lead.domain,
            violation=(violation.strip() or lead.facts)[:200],
            facts=lead.facts,
            penalty_kinds=[provisional_kind],
        )
        lead.status, lead.decided_on, lead.case = CaseLeadStatus.FILED, today(), case
        lead.save(update_fields=["status", "decided_on", "case"])
        changed(actor, lead, before, f"立案，案件编号 {case.pk}", AuditAction.TRANSITION)
    return lead


def decline_case_lead(*, actor: User, lead: CaseLead, ground: str, reason: str) -> CaseLead:
    """不予立案， with one of the grounds of 第二十条 and the reasons."""
    if ground not in DeclineGround.values:
        raise UserError("请选择不予立案的情形（第二十条）。", field="ground")
    reason = text(reason, "不予立案理由", "reason")
    with transaction.atomic():
        lead = _lead_move(actor, lead, "decline")
        before = snapshot(lead)
        lead.status, lead.decided_on = CaseLeadStatus.DECLINED, today()
        lead.decline_ground, lead.decline_reason = ground, reason
        lead.save(update_fields=["status", "decided_on", "decline_ground", "decline_reason"])
        changed(actor, lead, before, "不予立案", AuditAction.TRANSITION)
    return lead


# --- case analysis fed back -----------------------------------------------------------------------


def record_case_analysis(
    *,
    actor: User,
    region: Region,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    summary: str,
    statistics: list[dict[str, object]],
    problems: Sequence[tuple[str, Unit, Domain | None]],
) -> CaseAnalysis:
    """A periodic analysis; each common problem goes to a routine-supervision unit to acknowledge."""
    authorise(actor, region.pk, "handle_case_leads")
    if period_end < period_start:
        raise UserError("分析期间的止日不能早于起日。", field="period_end")
    if not problems:
        raise UserError("请至少填写一个需要反馈的共性问题。", field="problems")
    with transaction.atomic():
        analysis = CaseAnalysis.objects.create(
            region=region,
            title=text(title, "名称", "title", 100),
            period_start=period_start,
            period_end=period_end,
            summary=text(summary, "分析结论", "summary"),
            statistics=statistics,
            created_by=actor,
            created_on=today(),
        )
        created(actor, analysis, "形成案件分析")
        for description, unit, domain in problems:
            check_unit(actor, unit, region)
            problem = CommonProblem.objects.create(
                analysis=analysis,
                description=text(description, "共性问题", "problems"),
                unit=unit,
                domain=domain,
            )
            created(actor, problem, f"共性问题反馈至{unit.name}")
    return analysis


def acknowledge_problem(*, actor: User, problem: CommonProblem, action_taken: str) -> CommonProblem:
    """The routine-supervision unit signs for a common problem and says what it will do."""
    check_permission(actor, "view_service")
    own_unit = actor.unit_id is not None and actor.unit_id == problem.unit_id
    if not own_unit:  # the city's task force may sign for a unit of its regions
        authorise(actor, problem.analysis.region_id, "view_service")
        if not actor.is_superuser and actor.role != "task_force":
            raise UserError("只有被反馈的日常监管单位可以签收。", field="unit")
    with transaction.atomic():
        problem = CommonProblem.objects.select_for_update().get(pk=problem.pk)
        if problem.acknowledged_on is not None:
            raise UserError("该共性问题已签收。")
        before = snapshot(problem)
        problem.acknowledged_on, problem.acknowledged_by = today(), actor
        problem.action_taken = text(action_taken, "改进措施", "action_taken")
        problem.save(update_fields=["acknowledged_on", "acknowledged_by", "action_taken"])
        changed(actor, problem, before, "签收共性问题")
    return problem
