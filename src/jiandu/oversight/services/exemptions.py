"""容错 / 尽职免责 (002 实施方案 四(二)；市场监督管理行政执法责任制规定 第十一条、第十二条): when a
clue's assessment finds an officer's act faulty, the legal unit records, condition by condition from the
rule's text, whether the act falls under a 尽职免责 item, and decides with reasons."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from jiandu.audit.services import AuditAction, snapshot
from jiandu.clues.models import Clue, Verdict
from jiandu.errors import UserError
from jiandu.org.models import User
from jiandu.oversight.models import DutyExemption, ExemptionDecision
from jiandu.oversight.rules import exemption_rules
from jiandu.oversight.services._common import authorise, changed, created, text, today


def open_review(*, actor: User, clue: Clue, officer: str, act: str) -> DutyExemption:
    authorise(actor, clue.region_id, "open_exemptions")
    assessment = getattr(clue, "assessment", None)
    if assessment is None or assessment.verdict != Verdict.CONFIRMED:
        raise UserError("只有研判认定存在问题的线索才能提请认定尽职免责。", field="clue")
    officer = text(officer, "执法人员姓名", "officer", 50)
    rules = exemption_rules(today())
    with transaction.atomic():
        if DutyExemption.objects.filter(clue=clue, officer=officer).exists():
            raise UserError(f"已为{officer}提请过尽职免责认定。", field="officer")
        item = DutyExemption.objects.create(
            clue=clue,
            region_id=clue.region_id,
            officer=officer,
            act=text(act, "过错行为", "act", 2000),
            rules_version=rules.version,
            opened_by=actor,
        )
        created(actor, item, note=f"提请认定尽职免责：{officer}")
    return item


def applicable(item: DutyExemption) -> list[str]:
    """The codes of the items found met and not excluded by their proviso."""
    return [code for code, v in sorted(item.conditions.items()) if v.get("met") and not v.get("excepted")]


def decide(
    *,
    actor: User,
    item: DutyExemption,
    findings: Mapping[str, Mapping[str, object]],
    decision: str,
    reasons: str,
) -> DutyExemption:
    """``findings``: code → {"met": bool, "excepted": bool, "evidence": str} for the items considered.

    Exempt needs at least one item met and not excluded by its proviso, each with its evidence; not exempt
    is allowed either way, with reasons."""
    authorise(actor, item.region_id, "decide_exemptions")
    if item.decision != ExemptionDecision.PENDING:
        raise UserError("该事项已作出认定。", field="decision")
    if decision not in (ExemptionDecision.EXEMPT, ExemptionDecision.NOT_EXEMPT):
        raise UserError("请选择认定结论（符合或不符合尽职免责情形）。", field="decision")
    rules = exemption_rules(today())
    stored: dict[str, dict[str, object]] = {}
    for code, finding in findings.items():
        condition = rules.get(code)
        if condition is None:
            raise UserError(f"“{code}”不是{rules.rule}规定的情形。", field="conditions")
        met, excepted = bool(finding.get("met")), bool(finding.get("excepted"))
        evidence = str(finding.get("evidence") or "").strip()
        if excepted and not condition.exception:
            raise UserError(f"{condition.article}没有除外情形。", field="conditions")
        if met and not evidence:
            raise UserError(f"请写明符合{condition.article}的事实和证据。", field="conditions")
        stored[code] = {"met": met, "excepted": excepted, "evidence": evidence[:1000]}
    reasons = text(reasons, "认定理由", "reasons", 4000)
    with transaction.atomic():
        before = snapshot(item)
        item.conditions = stored
        if decision == ExemptionDecision.EXEMPT and not applicable(item):
            raise UserError("认定尽职免责须至少符合一项情形且不属于其除外情形。", field="conditions")
        item.decision, item.reasons, item.decided_by, item.decided_on = decision, reasons, actor, today()
        item.save(update_fields=["conditions", "decision", "reasons", "decided_by", "decided_on"])
        changed(actor, item, before, f"尽职免责认定：{item.get_decision_display()}", AuditAction.TRANSITION)
    return item
