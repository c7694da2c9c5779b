"""Shared helpers of the case services: validation, state-change bookkeeping, scope checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.audit.services import diff as diff_fields
from jiandu.cases import integrations
from jiandu.cases.models import (
    CaseOutcome,
    CaseStep,
    PartyKind,
    PenaltyCase,
    PenaltyKind,
)
from jiandu.org.models import Enterprise, User
from jiandu.org.selectors import visible_region_ids

CENT = Decimal("0.01")
PUBLIC_REPAIR_PATH = "本局网站“信用修复申请”页面(/public/credit-repair/)"

EDITABLE_FIELDS = (
    "item_code",
    "violation",
    "facts",
    "evidence",
    "outcome",
    "penalty_kinds",
    "fine",
    "confiscation",
    "fine_base",
    "penalty_spec",
    "legal_basis",
    "officers",
    "is_major",
    "party_kind",
    "discretion_facts",
    "filed_on",
    "domain",
)


def today() -> dt.date:
    return timezone.localdate()


# --- validation helpers -----------------------------------------------------------------------


def _money(value: Any, label: str) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{label}“{value}”不是有效的金额") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{label}不能为负数")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{label}最多保留两位小数(元、角、分)")
    return amount.quantize(CENT)


def _penalty_spec_from_item(item: Any, fine_base: Decimal | None) -> dict[str, Any]:
    """The statutory fine of a catalogue item as the engine's `penalty` object (with its source)."""
    fine = integrations.item_field(item, "fine", None) or {}
    no_gain = integrations.item_field(item, "no_gain_rule", None) or {}
    if not isinstance(fine, Mapping):
        return {}
    if fine.get("kind") == "range":
        return {"kind": "range", "min": _num(fine.get("min")), "max": _num(fine.get("max"))}
    if fine.get("kind") == "multiple":
        if fine_base is None and isinstance(no_gain, Mapping) and no_gain.get("kind") == "range":
            return {
                "kind": "range",
                "min": _num(no_gain.get("min")),
                "max": _num(no_gain.get("max")),
                "condition": str(no_gain.get("condition", "")),
            }
        return {
            "kind": "multiple",
            "base_of": str(fine.get("base_of", "")),
            "min_times": _num(fine.get("min_times")),
            "max_times": _num(fine.get("max_times")),
        }
    return {}


def _item_basis(item: Any) -> str:
    title = str(integrations.item_field(item, "law_title", "") or integrations.item_field(item, "law", ""))
    article = str(integrations.item_field(item, "article", ""))
    if title and article:
        return f"《{title}》{article}"
    return str(integrations.item_field(item, "legal_basis", ""))[:200]


def _num(value: Any) -> int | float:
    amount = Decimal(str(value or 0))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _party_kind_for(enterprise: Enterprise) -> str:
    """个体工商户 (credit code category 2 under registration authority 9) are natural persons here."""
    return PartyKind.PERSON if enterprise.uscc[:2] == "92" else PartyKind.ORGANISATION


def _clean(case: PenaltyCase) -> None:
    """Check a draft as a whole; raise ValueError with a Chinese message naming the field."""
    if case.outcome not in CaseOutcome.values:
        raise ValueError(f"处理结果“{case.outcome}”无效")
    if case.party_kind not in PartyKind.values:
        raise ValueError(f"当事人类型“{case.party_kind}”无效")
    kinds = list(dict.fromkeys(case.penalty_kinds or []))
    unknown = [k for k in kinds if k not in PenaltyKind.values]
    if unknown:
        raise ValueError(f"处罚种类“{unknown[0]}”无效")
    if not case.violation.strip():
        raise ValueError("请填写违法行为(或选择违法行为事项)")
    if case.filed_on is None:
        raise ValueError("请填写立案日期")
    if case.filed_on > today():
        raise ValueError("立案日期不能晚于今天")
    if case.outcome == CaseOutcome.NO_PENALTY:
        if case.fine or case.confiscation or kinds:
            raise ValueError("不予处罚的案件不能填写处罚种类、罚款或没收金额")
    elif case.outcome == CaseOutcome.WARNING:
        if case.fine or case.confiscation:
            raise ValueError("仅给予警告的案件不能填写罚款或没收金额")
        kinds = ["warning"]
    else:
        if case.fine > 0 and "fine" not in kinds:
            kinds.append("fine")
        if case.confiscation > 0 and "confiscate_gain" not in kinds:
            kinds.append("confiscate_gain")
        if "fine" in kinds and case.fine <= 0:
            raise ValueError("处罚种类含罚款时,罚款金额应大于零")
        if not kinds:
            raise ValueError("予以处罚的案件请至少选择一种处罚种类")
    case.penalty_kinds = kinds
    spec = case.penalty_spec or {}
    if spec:
        if spec.get("kind") == "multiple" and not case.fine_base:
            raise ValueError("该事项按倍数计罚,请填写计罚基数(货值金额或违法所得)")
        if spec.get("kind") == "range" and Decimal(str(spec.get("max", 0))) and case.fine:
            high = Decimal(str(spec["max"]))
            if case.fine > high:
                raise ValueError(f"罚款{case.fine}元超过法定最高额{high}元")
    if not isinstance(case.discretion_facts, dict):
        raise ValueError("裁量情节应为 JSON 对象")


def _step(case: PenaltyCase, source: str, target: str, actor: User | None, note: str = "") -> None:
    CaseStep.objects.create(case=case, from_status=source, to_status=target, actor=actor, note=note[:500])


def _transition(case: PenaltyCase, actor: User, action: str, before: dict[str, Any], note: str = "") -> None:
    source = before["status"]
    case.save()
    _step(case, source, case.status, actor, note)
    after = snapshot(case)
    record(
        actor=actor,
        change=change_for(
            case,
            AuditAction.TRANSITION,
            before=diff_fields(before, after)[0],
            after=diff_fields(before, after)[1],
            note=f"{action}:{note}"[:200],
        ),
    )


def _locked(case: PenaltyCase) -> PenaltyCase:
    return (
        PenaltyCase.objects.select_for_update()
        .select_related("enterprise", "region", "domain")
        .get(pk=case.pk)
    )


def _check_scope(actor: User, region_id: int) -> None:
    if region_id not in visible_region_ids(actor):
        raise PermissionDenied("该案件不在您的管辖区划内。")


def _reindex(case: PenaltyCase) -> None:
    """Keep the case library in step (the library defers the write until the transaction commits)."""
    integrations.index_case(case)
