"""Shared helpers of the case services: validation, state-change bookkeeping, scope checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.audit.services import diff as diff_fields
from jiandu.cases import hooks
from jiandu.cases.models import CaseOutcome, CaseStep, PartyKind, PenaltyCase
from jiandu.discretion.catalogue import ViolationItem
from jiandu.discretion.vocabulary import PenaltyKind
from jiandu.engines.discretion import InputError, check_penalty
from jiandu.errors import UserError
from jiandu.org.models import Enterprise, User
from jiandu.org.selectors import visible_region_ids

CENT = Decimal("0.01")

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
    "representative",
    "violated_provision",
    "confiscated_property",
    "no_penalty_ground",
)


def today() -> dt.date:
    return timezone.localdate()


# --- validation helpers -----------------------------------------------------------------------


def _money(value: Any, label: str, field: str | None = None) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise UserError(f"{label}“{value}”不是有效的金额", field=field) from None
    if not amount.is_finite() or amount < 0:
        raise UserError(f"{label}不能为负数", field=field)
    if amount != amount.quantize(CENT):
        raise UserError(f"{label}最多保留两位小数（元、角、分）", field=field)
    return amount.quantize(CENT)


def _penalty_spec(value: Any) -> dict[str, Any]:
    """The statutory fine range as the discretion check reads it; a malformed one is refused now,
    when stored, not later when the check runs."""
    spec = dict(value or {}) if isinstance(value, dict) or value is None else value
    if not isinstance(spec, dict):
        raise UserError("法定罚款幅度应为对象（range 或 multiple）", field="penalty_spec")
    numeric: dict[str, Any] = {}
    for key, item in spec.items():
        if key != "kind" and isinstance(item, str):  # the form stores amounts as text
            try:
                item = float(Decimal(item))
            except InvalidOperation:
                raise UserError(
                    f"法定罚款幅度：字段 penalty.{key}“{item}”不是有效的数字", field="penalty_spec"
                ) from None
        numeric[key] = item
    try:
        check_penalty(numeric)
    except InputError as error:
        raise UserError(f"法定罚款幅度：{error}", field="penalty_spec") from None
    return spec


def _item_basis(item: ViolationItem) -> str:
    if item.law_title and item.article:
        return f"《{item.law_title}》{item.article}"
    return item.legal_basis[:200]


def _party_kind_for(enterprise: Enterprise) -> str:
    """个体工商户 (credit code category 2 under registration authority 9) are natural persons here."""
    return PartyKind.PERSON if enterprise.uscc[:2] == "92" else PartyKind.ORGANISATION


def _clean(case: PenaltyCase) -> None:
    """Check a draft as a whole; raise UserError with a Chinese message naming the field."""
    if case.outcome not in CaseOutcome.values:
        raise UserError(f"处理结果“{case.outcome}”无效", field="outcome")
    if case.party_kind not in PartyKind.values:
        raise UserError(f"当事人类型“{case.party_kind}”无效", field="party_kind")
    kinds = list(dict.fromkeys(case.penalty_kinds or []))
    unknown = [k for k in kinds if k not in PenaltyKind.values]
    if unknown:
        raise UserError(f"处罚种类“{unknown[0]}”无效", field="penalty_kinds")
    if not case.violation.strip():
        raise UserError("请填写违法行为（或选择违法行为事项）", field="violation")
    if case.filed_on is None:
        raise UserError("请填写立案日期", field="filed_on")
    if case.filed_on > today():
        raise UserError("立案日期不能晚于今天", field="filed_on")
    if case.outcome == CaseOutcome.NO_PENALTY:
        if case.fine or case.confiscation or kinds:
            raise UserError("不予处罚的案件不能填写处罚种类、罚款或没收金额", field="outcome")
    elif case.outcome == CaseOutcome.WARNING:
        if case.fine or case.confiscation:
            raise UserError("仅给予警告的案件不能填写罚款或没收金额", field="outcome")
        kinds = ["warning"]
    else:
        if case.fine > 0 and "fine" not in kinds:
            kinds.append("fine")
        if case.confiscation > 0 and "confiscate_gain" not in kinds:
            kinds.append("confiscate_gain")
        if "fine" in kinds and case.fine <= 0:
            raise UserError("处罚种类含罚款时，罚款金额应大于零", field="fine")
        if not kinds:
            raise UserError("予以处罚的案件请至少选择一种处罚种类", field="penalty_kinds")
    if "confiscate_property" in kinds and not case.confiscated_property.strip():
        raise UserError("处罚种类含没收非法财物时，请写明没收的财物名称和数量", field="confiscated_property")
    case.penalty_kinds = kinds
    spec = case.penalty_spec or {}
    if spec and spec.get("kind") == "range" and Decimal(str(spec.get("max", 0))) and case.fine:
        high = Decimal(str(spec["max"]))
        if case.fine > high:
            raise UserError(f"罚款{case.fine}元超过法定最高额{high}元", field="fine")
    if not isinstance(case.discretion_facts, dict):
        raise UserError("裁量情节应为键值对象", field="discretion_facts")


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
    """Tell the floors above (the case library index) that the case changed."""
    hooks.case_changed(case)
