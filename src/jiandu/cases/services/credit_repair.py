"""Credit repair (信用修复): public applications, eligibility from the rules, staff review."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping

from django.db import transaction

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.audit.services import diff as diff_fields
from jiandu.cases.models import (
    DECIDED_STATUSES,
    CaseOutcome,
    CaseStatus,
    CreditRepair,
    PenaltyCase,
    RepairStatus,
)
from jiandu.cases.rules import repair_rules
from jiandu.cases.services._common import _check_scope, today
from jiandu.cases.services.decisions import stop_publicity
from jiandu.cases.services.papers import repair_code_matches, repair_facts
from jiandu.cases.workflow import REPAIR_TRANSITIONS
from jiandu.engines import credit_repair as repair_engine
from jiandu.engines.uscc import validate as validate_uscc
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.org.models import User
from jiandu.org.permissions import check_permission, has_permission

# --- credit repair ----------------------------------------------------------------------------


class RepairRefused(UserError):
    """The application cannot be accepted; `reasons` says why, in Chinese."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(";".join(reasons))
        self.reasons = reasons


# Brackets a firm may type for the year of a decision number: [2026] 【2026】 (2026) 〔2026〕 …
_OPEN = "[\u3010(\uff08\uff3b\u3016{\u3014"  # [ 【 ( （ ［ 〖 { 〔
_CLOSE = "]\u3011)\uff09\uff3d\u3017}\u3015"
_BRACKETS = str.maketrans(_OPEN + _CLOSE, "\u3014" * len(_OPEN) + "\u3015" * len(_CLOSE))


def normalise_decision_number(number: str) -> str:
    """The decision number as issued: year brackets 〔〕, half-width digits, no spaces."""
    text = "".join(chr(ord(c) - 0xFEE0) if "\uff10" <= c <= "\uff19" else c for c in number)
    return re.sub(r"\s+", "", text.translate(_BRACKETS))


def system_conditions(case: PenaltyCase) -> dict[str, bool]:
    """The conditions the system can check itself (the others the applicant declares, staff verify)."""
    fulfilled = case.status in (CaseStatus.PAID, CaseStatus.CLOSED) or (
        case.status == CaseStatus.DELIVERED and case.amount_due == 0
    )
    later = PenaltyCase.objects.filter(
        enterprise_id=case.enterprise_id, decided_on__gt=case.decided_on, status__in=DECIDED_STATUSES
    ).exclude(outcome=CaseOutcome.NO_PENALTY)
    later = (
        later.filter(item_code=case.item_code) if case.item_code else later.filter(violation=case.violation)
    )
    return {"obligations_fulfilled": fulfilled, "no_new_same_penalty": not later.exclude(pk=case.pk).exists()}


DECLARED_CONDITIONS = ("harm_eliminated", "not_listed")


def repair_eligibility(
    case: PenaltyCase, *, declared: Mapping[str, bool], on: dt.date | None = None
) -> repair_engine.Eligibility:
    conditions = {key: bool(declared.get(key)) for key in DECLARED_CONDITIONS}
    conditions.update(system_conditions(case))
    return repair_engine.eligibility(
        repair_rules(), repair_facts(case), conditions=conditions, today=on or today()
    )


def find_public_case(*, uscc: str, decision_number: str) -> PenaltyCase | None:
    """The decided case a firm names by its credit code and the decision number (public pages)."""
    uscc = uscc.strip().upper()
    if not uscc or not decision_number.strip():
        return None
    return (
        PenaltyCase.objects.select_related("enterprise", "region", "region__parent", "domain")
        .filter(enterprise__uscc=uscc, decision_number=normalise_decision_number(decision_number))
        .exclude(decided_on=None)
        .first()
    )


_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def _repair_number(on: dt.date) -> str:
    """XF + date + 10 random characters (50 bits): a number tells nothing about any other application."""
    while True:
        number = f"XF{on:%Y%m%d}" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(10))
        if not CreditRepair.objects.filter(number=number).exists():
            return number


NOT_FOUND = (
    "未找到与该统一社会信用代码、决定书文号和申请码对应的行政处罚决定，请核对送达的信用修复告知书后重新填写。"
)


def apply_for_repair(
    *,
    uscc: str,
    decision_number: str,
    contact_name: str,
    contact_phone: str,
    measures: str,
    declared: Mapping[str, bool],
    commitment: bool,
    code: str,
) -> CreditRepair:
    """A firm applies, without an account, to stop the publicity of a penalty early. It proves it is
    the party by the code printed on the credit-repair notice delivered with the decision; a wrong
    code, an unknown decision and one not yet public get the same answer."""
    errors = []
    checked = validate_uscc(uscc.strip().upper())
    if not checked.valid:
        errors.append(f"统一社会信用代码：{checked.error}")
    if not contact_name.strip():
        errors.append("联系人：请填写")
    if not re.fullmatch(r"[0-9\-+ ]{7,20}", contact_phone.strip()):
        errors.append("联系电话：请填写有效的电话号码")
    if not measures.strip():
        errors.append("整改措施：请说明已采取的整改措施和消除不良影响的情况")
    if errors:
        raise RepairRefused(errors)
    case = find_public_case(uscc=uscc, decision_number=decision_number)
    if case is None or not repair_code_matches(case, code):
        raise RepairRefused([NOT_FOUND])
    result = repair_eligibility(case, declared=declared)
    if not result.eligible:
        raise RepairRefused(list(result.reasons))
    if not commitment and not all(declared.get(key) for key in DECLARED_CONDITIONS):
        raise RepairRefused(["请确认全部声明事项，或签署信用修复承诺书。"])
    with transaction.atomic():
        if CreditRepair.objects.filter(case=case, status=RepairStatus.SUBMITTED).exists():
            raise RepairRefused(["该行政处罚已有待审核的信用修复申请，请勿重复提交。"])
        submitted = today()
        application = CreditRepair.objects.create(
            number=_repair_number(submitted),
            case=case,
            region=case.region,
            contact_name=contact_name.strip()[:30],
            contact_phone=contact_phone.strip()[:30],
            measures=measures.strip(),
            declared={key: bool(declared.get(key)) for key in DECLARED_CONDITIONS},
            commitment=commitment,
            eligibility=result.as_dict(),
            submitted_on=submitted,
        )
        record(
            actor=f"申请人 {case.enterprise.uscc}",
            change=change_for(
                application, AuditAction.CREATE, after=snapshot(application), note="信用修复申请"
            ),
        )
    return application


def repair_due(application: CreditRepair) -> dt.date:
    return repair_engine.review_due(
        repair_rules(),
        submitted_on=application.submitted_on,
        commitment=application.commitment,
        calendar=load_calendar(),
    )


def repair_overdue(application: CreditRepair, *, on: dt.date | None = None) -> bool:
    """Still awaiting a decision after its review deadline (derived, never stored)."""
    return application.status == RepairStatus.SUBMITTED and repair_due(application) < (on or today())


def review_repair(*, actor: User, application: CreditRepair, approve: bool, opinion: str) -> CreditRepair:
    """Staff decide an application; approval stops the publicity of the penalty (published → stopped)."""
    check_permission(actor, "review_credit_repair")
    if not opinion.strip():
        raise UserError("请填写审核意见", field="opinion")
    with transaction.atomic():
        application = CreditRepair.objects.select_for_update().select_related("case").get(pk=application.pk)
        _check_scope(actor, application.region_id)
        transition = REPAIR_TRANSITIONS.check(
            "approve" if approve else "reject", state=application.status, user=actor
        )
        target = transition.target
        if approve:
            result = repair_eligibility(application.case, declared=application.declared)
            if not result.eligible:
                raise UserError("当前不符合信用修复条件：" + ";".join(result.reasons))
        before = snapshot(application)
        application.status = target
        application.reviewer = actor
        application.review_opinion = opinion.strip()
        application.decided_on = today()
        application.save()
        old, new = diff_fields(before, snapshot(application))
        record(actor=actor, change=change_for(application, AuditAction.TRANSITION, before=old, after=new))
        if approve:
            stop_publicity(
                actor=actor,
                case=application.case,
                stopped_on=today(),
                reason=f"信用修复（{application.number}）",
            )
    return application


def can_review_repairs(user: User) -> bool:
    return has_permission(user, "review_credit_repair")
