"""Draft, discretion and similar-case checks, legal review (法制审核)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.audit.services import diff as diff_fields
from jiandu.cases import integrations
from jiandu.cases.models import (
    CaseOutcome,
    CaseStatus,
    PartyKind,
    PenaltyCase,
)
from jiandu.cases.rules import legal_review_reasons
from jiandu.cases.services._common import (
    EDITABLE_FIELDS,
    _check_scope,
    _clean,
    _item_basis,
    _locked,
    _money,
    _num,
    _party_kind_for,
    _penalty_spec_from_item,
    _reindex,
    _step,
    _transition,
    today,
)
from jiandu.cases.workflow import (
    REVIEW_PERMISSION,
    check_transition,
    fine_outside_band,
)
from jiandu.org.models import Domain, Enterprise, Unit, UnitKind, User
from jiandu.org.permissions import check_permission

# --- draft ------------------------------------------------------------------------------------


def create_case(
    *,
    actor: User,
    enterprise: Enterprise,
    filed_on: dt.date,
    domain: Domain | None = None,
    item_code: str = "",
    violation: str = "",
    facts: str = "",
    evidence: str = "",
    outcome: str = CaseOutcome.PENALTY,
    penalty_kinds: list[str] | None = None,
    fine: Any = None,
    confiscation: Any = None,
    fine_base: Any = None,
    penalty_spec: Mapping[str, Any] | None = None,
    legal_basis: str = "",
    officers: str = "",
    is_major: bool = False,
    party_kind: str = "",
    discretion_facts: Mapping[str, Any] | None = None,
) -> PenaltyCase:
    """Open a draft penalty case (拟处罚) for a firm in the actor's regions."""
    check_permission(actor, "draft_cases")
    _check_scope(actor, enterprise.region_id)
    item = integrations.get_item(item_code.strip())
    if item_code.strip() and item is None:
        raise ValueError(f"违法行为事项编码“{item_code}”不在违法行为事项目录中")
    if domain is None and item is not None:
        domain = Domain.objects.filter(name=str(integrations.item_field(item, "domain"))).first()
    if domain is None:
        raise ValueError("请选择领域")
    base = None if fine_base in (None, "") else _money(fine_base, "计罚基数")
    unit = actor.unit if actor.unit is not None and actor.unit.region_id == enterprise.region_id else None
    unit = unit or Unit.objects.filter(region_id=enterprise.region_id, kind=UnitKind.BUREAU).first()
    case = PenaltyCase(
        enterprise=enterprise,
        region=enterprise.region,
        unit=unit,
        domain=domain,
        status=CaseStatus.DRAFT,
        outcome=outcome,
        item_code=item_code.strip(),
        violation=(violation or str(integrations.item_field(item, "name", ""))).strip(),
        facts=facts.strip(),
        evidence=evidence.strip(),
        penalty_kinds=list(penalty_kinds or []),
        fine=_money(fine, "罚款"),
        confiscation=_money(confiscation, "没收违法所得"),
        fine_base=base,
        penalty_spec=dict(penalty_spec or _penalty_spec_from_item(item, base)),
        legal_basis=(legal_basis or (_item_basis(item) if item is not None else "")).strip()[:200],
        officers=officers.strip(),
        is_major=is_major,
        party_kind=party_kind or _party_kind_for(enterprise),
        discretion_facts=dict(discretion_facts or {}),
        filed_on=filed_on,
        created_by=actor,
    )
    _clean(case)
    with transaction.atomic():
        case.save()
        _step(case, CaseStatus.DRAFT, CaseStatus.DRAFT, actor, "立案,创建拟处罚案件")
        record(actor=actor, change=change_for(case, AuditAction.CREATE, after=snapshot(case)))
        _reindex(case)
    return case


def update_case(*, actor: User, case: PenaltyCase, changes: Mapping[str, Any]) -> PenaltyCase:
    """Edit a draft. Only the fields of EDITABLE_FIELDS; only while the case is a draft."""
    check_permission(actor, "draft_cases")
    unknown = [k for k in changes if k not in EDITABLE_FIELDS]
    if unknown:
        raise ValueError(f"字段“{unknown[0]}”不能修改")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        if case.status != CaseStatus.DRAFT:
            raise ValueError("只有草稿状态的案件可以修改;请先退回修改。")
        before = snapshot(case)
        for name, value in changes.items():
            if name in ("fine", "confiscation"):
                value = _money(value, "罚款" if name == "fine" else "没收违法所得")
            elif name == "fine_base":
                value = None if value in (None, "") else _money(value, "计罚基数")
            elif name in ("violation", "facts", "evidence", "legal_basis", "officers", "item_code"):
                value = str(value or "").strip()
            setattr(case, name, value)
        if case.item_code and ("item_code" in changes or "fine_base" in changes):
            item = integrations.get_item(case.item_code)
            if item is None:
                raise ValueError(f"违法行为事项编码“{case.item_code}”不在违法行为事项目录中")
            if not changes.get("penalty_spec"):
                case.penalty_spec = _penalty_spec_from_item(item, case.fine_base)
            if not case.legal_basis:
                case.legal_basis = _item_basis(item)
        _clean(case)
        case.save()
        after = snapshot(case)
        old, new = diff_fields(before, after)
        if new:
            record(actor=actor, change=change_for(case, AuditAction.UPDATE, before=old, after=new))
        _reindex(case)
    return case


# --- checks -----------------------------------------------------------------------------------


def discretion_input(case: PenaltyCase) -> dict[str, Any]:
    """The case as one object of the `jiandu discretion` contract."""
    party: dict[str, Any] = {"kind": "person" if case.party_kind == PartyKind.PERSON else "enterprise"}
    extra_party = (case.discretion_facts or {}).get("party") or {}
    party.update({k: v for k, v in extra_party.items() if k in ("age", "mental_capacity")})
    facts = {k: v for k, v in (case.discretion_facts or {}).items() if k != "party"}
    data: dict[str, Any] = {"id": str(case.pk), "party": party, "facts": facts}
    spec = dict(case.penalty_spec or {})
    if spec.get("kind") == "range":
        data["penalty"] = {"kind": "range", "min": _num(spec["min"]), "max": _num(spec["max"])}
    elif spec.get("kind") == "multiple":
        data["penalty"] = {
            "kind": "multiple",
            "base": _num(case.fine_base),
            "min_times": _num(spec["min_times"]),
            "max_times": _num(spec["max_times"]),
        }
    return data


def run_checks(*, actor: User, case: PenaltyCase) -> PenaltyCase:
    """Discretion and similar-case check (draft → checked); both results are stored verbatim."""
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        check_transition(case, "check", actor)
        before = snapshot(case)
        facts = dict(case.discretion_facts or {})
        if "first_violation" not in facts:
            first = integrations.is_first_violation(
                enterprise=case.enterprise, item_code=case.item_code, on=case.filed_on
            )
            if first is not None:
                facts["first_violation"] = first
                case.discretion_facts = facts
        result = integrations.assess_discretion(discretion_input(case))
        if "error" in result:
            raise ValueError(f"裁量核查未通过输入检查:{result['error']}")
        case.discretion = result
        case.discretion_ruleset = str(result.get("ruleset", ""))
        case.similar = integrations.check_similar(
            text=f"{case.violation} {case.facts}",
            item_code=case.item_code,
            domain_name=case.domain.name,
            proposed_outcome=case.outcome,
            proposed_fine=case.fine if case.outcome == CaseOutcome.PENALTY else None,
            exclude_case_id=case.pk,
            user=actor,
        )
        reasons = legal_review_reasons(
            is_major=case.is_major,
            party_kind=case.party_kind,
            amount=case.amount_due,
            penalty_kinds=list(case.penalty_kinds),
            outcome=case.outcome,
        )
        case.legal_review_required = bool(reasons)
        case.legal_review_reasons = reasons
        case.legal_review_passed = False
        case.checked_at = timezone.now()
        case.status = CaseStatus.CHECKED
        notes = [integrations.DISCRETION_LABELS.get(result.get("outcome", ""), "")]
        if case.similar.get("flagged"):
            notes.append("类案不同罚预警")
        outside = fine_outside_band(case)
        if outside:
            notes.append(outside)
        _transition(case, actor, "check", before, ";".join(n for n in notes if n))
        _reindex(case)
    return case


def reopen_case(*, actor: User, case: PenaltyCase, note: str = "") -> PenaltyCase:
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        check_transition(case, "reopen", actor)
        before = snapshot(case)
        case.status = CaseStatus.DRAFT
        _transition(case, actor, "reopen", before, note or "退回修改")
    return case


def submit_for_review(*, actor: User, case: PenaltyCase, note: str = "") -> PenaltyCase:
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        check_transition(case, "submit_review", actor)
        before = snapshot(case)
        case.status = CaseStatus.LEGAL_REVIEW
        case.submitted_for_review_on = today()
        case.legal_review_passed = False
        _transition(case, actor, "submit_review", before, note or "提请法制审核")
    return case


def review_case(*, actor: User, case: PenaltyCase, passed: bool, opinion: str) -> PenaltyCase:
    """法制审核: pass (the case waits for the decision) or return it to the officer as a draft."""
    check_permission(actor, REVIEW_PERMISSION)
    if not opinion.strip():
        raise ValueError("请填写法制审核意见")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        if case.status != CaseStatus.LEGAL_REVIEW:
            raise ValueError(f"案件当前状态为“{case.get_status_display()}”,不在法制审核环节。")
        before = snapshot(case)
        case.legal_reviewer = actor
        case.legal_review_opinion = opinion.strip()
        if passed:
            case.legal_review_passed = True
            case.save()
            after = snapshot(case)
            old, new = diff_fields(before, after)
            record(
                actor=actor,
                change=change_for(case, AuditAction.UPDATE, before=old, after=new, note="法制审核通过"),
            )
        else:
            check_transition(case, "return", actor)
            case.legal_review_passed = False
            case.status = CaseStatus.DRAFT
            _transition(case, actor, "return", before, "法制审核退回:" + opinion.strip())
    return case
