"""The allowed state changes of a penalty case and of a credit-repair application, as data.

`check_transition` is the one place that decides whether an action may run: the role's permission,
the source state, and the guards (conditions on the case) named in the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from jiandu.cases.models import CaseOutcome, CaseStatus, PenaltyCase, PublicityStatus, RepairStatus
from jiandu.org.models import User
from jiandu.org.permissions import has_permission


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    label: str
    permission: str
    guards: tuple[str, ...] = ()


S = CaseStatus
TRANSITIONS: tuple[Transition, ...] = (
    Transition("check", S.DRAFT, S.CHECKED, "进行裁量与类案核查", "draft_cases", ("has_violation",)),
    Transition("reopen", S.CHECKED, S.DRAFT, "退回修改", "draft_cases"),
    Transition("submit_review", S.CHECKED, S.LEGAL_REVIEW, "提请法制审核", "draft_cases"),
    Transition(
        "decide",
        S.CHECKED,
        S.DECIDED,
        "作出决定",
        "decide_cases",
        ("no_legal_review_required", "deviation_explained", "not_time_barred"),
    ),
    Transition("return", S.LEGAL_REVIEW, S.DRAFT, "法制审核退回", "legal_review_cases"),
    Transition(
        "decide",
        S.LEGAL_REVIEW,
        S.DECIDED,
        "作出决定",
        "decide_cases",
        ("legal_review_passed", "deviation_explained", "not_time_barred"),
    ),
    Transition("deliver", S.DECIDED, S.DELIVERED, "登记送达", "draft_cases", ("has_documents",)),
    Transition("pay", S.DELIVERED, S.PAID, "登记缴纳罚没款", "draft_cases", ("amount_due",)),
    Transition("close", S.DELIVERED, S.CLOSED, "结案", "draft_cases", ("nothing_due",)),
    Transition("close", S.PAID, S.CLOSED, "结案", "draft_cases"),
)

# The review of a legal reviewer is not a state change (the case stays in 法制审核 until decided).
REVIEW_PERMISSION = "legal_review_cases"


def _deviation_explained(case: PenaltyCase) -> bool:
    return not needs_deviation_reason(case) or bool(case.deviation_reason.strip())


def needs_deviation_reason(case: PenaltyCase) -> bool:
    """类案不同罚 flagged, or the proposed fine outside the discretion band: the decision must say why."""
    return bool((case.similar or {}).get("flagged")) or bool(fine_outside_band(case))


def fine_outside_band(case: PenaltyCase) -> str:
    result = case.discretion or {}
    band = result.get("fine_range")
    if case.outcome != CaseOutcome.PENALTY or not band or "fine" not in (case.penalty_kinds or []):
        return ""
    from decimal import Decimal

    low, high = Decimal(str(band["min"])), Decimal(str(band["max"]))
    if case.fine < low or case.fine > high:
        return f"拟罚款{case.fine}元不在裁量幅度{low}—{high}元之内"
    return ""


GUARDS: dict[str, tuple[Callable[[PenaltyCase], bool], str]] = {
    "has_violation": (
        lambda c: bool(c.violation.strip() and c.facts.strip()),
        "请先填写违法行为和违法事实。",
    ),
    "no_legal_review_required": (
        lambda c: not c.legal_review_required,
        "本案须经法制审核(行政处罚法第五十八条),请先提请法制审核。",
    ),
    "legal_review_passed": (lambda c: c.legal_review_passed, "法制审核尚未通过,不得作出决定。"),
    "deviation_explained": (
        _deviation_explained,
        "拟处理结果与类似案件或裁量幅度不一致(类案不同罚),请填写偏离的说明后再作出决定。",
    ),
    "not_time_barred": (
        lambda c: (c.discretion or {}).get("outcome") != "time_barred" or c.outcome == CaseOutcome.NO_PENALTY,
        "裁量核查结论为超过追责时效,只能作出不予行政处罚决定。",
    ),
    "has_documents": (lambda c: c.documents.exists(), "决定文书尚未生成。"),
    "amount_due": (lambda c: c.amount_due > 0, "本案没有应缴纳的罚没款。"),
    "nothing_due": (lambda c: c.amount_due == 0, "本案有应缴纳的罚没款,请先登记缴纳。"),
}


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


def find_transition(case: PenaltyCase, action: str) -> Transition:
    for transition in transitions_from(case.status):
        if transition.action == action:
            return transition
    raise ValueError(f"案件当前状态为“{case.get_status_display()}”,不能执行该操作。")


def failed_guards(case: PenaltyCase, transition: Transition) -> list[str]:
    return [GUARDS[name][1] for name in transition.guards if not GUARDS[name][0](case)]


def check_transition(case: PenaltyCase, action: str, user: User | None) -> Transition:
    """The transition for `action`, or an error: PermissionDenied for the role, ValueError otherwise."""
    transition = find_transition(case, action)
    if user is not None and not has_permission(user, transition.permission):
        raise PermissionDenied("您的角色无权执行“" + transition.label + "”。")
    problems = failed_guards(case, transition)
    if problems:
        raise ValueError(problems[0])
    return transition


def available_actions(case: PenaltyCase, user: User) -> list[tuple[Transition, list[str]]]:
    """The actions this user's role may take now, each with the reasons it is still blocked."""
    offered = []
    for transition in transitions_from(case.status):
        if not has_permission(user, transition.permission):
            continue
        if any(not GUARDS[g][0](case) for g in transition.guards if g in STRUCTURAL_GUARDS):
            continue  # e.g. "pay" when nothing is due: not an action for this case at all
        offered.append((transition, failed_guards(case, transition)))
    return offered


STRUCTURAL_GUARDS = frozenset({"amount_due", "nothing_due"})


PUBLICITY_TRANSITIONS: dict[str, set[str]] = {
    PublicityStatus.NOT_REQUIRED: set(),
    PublicityStatus.PENDING: {PublicityStatus.PUBLISHED},
    PublicityStatus.PUBLISHED: {PublicityStatus.STOPPED},
    PublicityStatus.STOPPED: set(),
}

REPAIR_TRANSITIONS: dict[str, set[str]] = {
    RepairStatus.SUBMITTED: {RepairStatus.APPROVED, RepairStatus.REJECTED},
    RepairStatus.APPROVED: set(),
    RepairStatus.REJECTED: set(),
}


def check_state_change(table: dict[str, set[str]], current: str, target: str, labels: dict[str, str]) -> None:
    if target not in table.get(current, set()):
        raise ValueError(
            f"当前状态为“{labels.get(current, current)}”,不能变更为“{labels.get(target, target)}”。"
        )
