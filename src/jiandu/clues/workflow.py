"""The assessment workflow as data: which action moves a clue from which states to which, and who may.

`TRANSITIONS` is the one table (`jiandu.org.transitions.Table`); `transition_for` is the one place it is
checked; views, API and templates iterate `TRANSITIONS.available(...)` and `STEPS.available(...)`.
Deadlines per step come from ``rulesets/clue_deadlines.yaml`` in working days; overdue is derived,
never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from jiandu import rulesets
from jiandu.clues.models import Clue, ClueStatus
from jiandu.org.models import Role, User
from jiandu.org.transitions import Table, Transition

DEADLINES_FILE = rulesets.RULESETS_DIR / "clue_deadlines.yaml"

S = ClueStatus


class Action(models.TextChoices):
    TRIAGE = "triage", "分拣"
    ACCEPT = "accept", "受理研判"
    CONSULT = "consult", "发起会商"
    REQUEST_JUDICIAL = "request_judicial", "征求司法行政意见"
    RECORD_JUDICIAL = "record_judicial", "登记司法行政意见"
    CONFIRM = "confirm", "认定"
    REJECT = "reject", "不予认定"
    REFER = "refer", "移送纪检监察"
    START_RECTIFICATION = "start_rectification", "开始整改"
    FINISH_RECTIFICATION = "finish_rectification", "整改完成"
    CLOSE = "close", "办结"


def _label(status: str) -> str:
    return str(ClueStatus(status).label)


def _row(action: Action, sources: set[str], target: str, permission: str) -> Transition:
    return Transition(action, sources, target, permission, label=str(action.label))


TRANSITIONS = Table(
    "线索",
    (
        _row(Action.TRIAGE, {S.RECEIVED}, S.TRIAGED, "triage_clues"),
        _row(Action.ACCEPT, {S.TRIAGED}, S.ASSESSING, "assess_clues"),
        _row(Action.CONSULT, {S.ASSESSING}, S.CONSULTATION, "assess_clues"),
        _row(Action.REQUEST_JUDICIAL, {S.ASSESSING, S.CONSULTATION}, S.JUDICIAL_OPINION, "assess_clues"),
        _row(Action.RECORD_JUDICIAL, {S.JUDICIAL_OPINION}, S.ASSESSING, "assess_clues"),
        _row(Action.CONFIRM, {S.ASSESSING, S.CONSULTATION}, S.CONFIRMED, "assess_clues"),
        _row(Action.REJECT, {S.ASSESSING, S.CONSULTATION}, S.NOT_CONFIRMED, "assess_clues"),
        _row(
            Action.REFER,
            {S.TRIAGED, S.ASSESSING, S.CONSULTATION, S.JUDICIAL_OPINION, S.CONFIRMED, S.RECTIFYING},
            S.REFERRED,
            "refer_discipline",
        ),
        _row(Action.START_RECTIFICATION, {S.CONFIRMED}, S.RECTIFYING, "manage_rectifications"),
        _row(Action.FINISH_RECTIFICATION, {S.RECTIFYING}, S.RECTIFIED, "manage_rectifications"),
        _row(Action.CLOSE, {S.NOT_CONFIRMED, S.RECTIFIED, S.REFERRED}, S.CLOSED, "close_clues"),
    ),
    status_label=_label,
)

# A business-unit user may take these only on clues their own unit leads.
UNIT_BOUND: frozenset[str] = frozenset(
    {
        Action.ACCEPT,
        Action.CONSULT,
        Action.REQUEST_JUDICIAL,
        Action.RECORD_JUDICIAL,
        Action.CONFIRM,
        Action.REJECT,
    }
)


class Step(models.TextChoices):
    """Work on a clue that does not move it: (re-)triage, a consultation opinion, opening ledger items."""

    TRIAGE = "triage", "分拣"
    OPINION = "opinion", "填写会商意见"
    OPEN_RECTIFICATION = "open_rectification", "建立整改事项"


# The states each step is open in; the services refuse the same steps outside them.
STEPS = Table(
    "线索",
    (
        Transition(Step.TRIAGE, {S.RECEIVED, S.TRIAGED}, "", "triage_clues", label=str(Step.TRIAGE.label)),
        Transition(Step.OPINION, {S.CONSULTATION}, "", "assess_clues", label=str(Step.OPINION.label)),
        Transition(
            Step.OPEN_RECTIFICATION,
            {S.CONFIRMED, S.RECTIFYING},
            "",
            "manage_rectifications",
            label=str(Step.OPEN_RECTIFICATION.label),
        ),
    ),
    status_label=_label,
)


def transition(action: str) -> Transition:
    """The row of the table for an action (each clue action has one row)."""
    return next(t for t in TRANSITIONS.transitions if t.action == action)


def transition_for(status: str, action: str) -> Transition:
    """The transition for `action` from `status`, or `UserError` saying why not (roles are checked apart)."""
    return TRANSITIONS.check(action, state=status, user=None)


def unit_blocked(action: str, clue: Clue, user: User) -> bool:
    """A business unit acting on a clue another unit leads (see UNIT_BOUND)."""
    return (
        action in UNIT_BOUND
        and user.role == Role.BUSINESS_UNIT
        and not user.is_superuser
        and clue.lead_unit_id is not None
        and user.unit_id != clue.lead_unit_id
    )


@dataclass(frozen=True)
class DeadlineRules:
    version: str
    basis: str
    steps: dict[str, int]
    immediate: int
    deadline: int


def _parse_deadlines(data: dict[str, Any]) -> DeadlineRules:
    steps = {str(k): int(v) for k, v in (data.get("steps") or {}).items()}
    unknown = set(steps) - set(ClueStatus.values)
    if unknown:
        raise ValueError(f"{DEADLINES_FILE.name}：未知的线索状态 {', '.join(sorted(unknown))}")
    rect = data.get("rectification") or {}
    return DeadlineRules(
        version=str(data.get("version", "")),
        basis=str(data.get("basis", "")),
        steps=steps,
        immediate=int(rect.get("immediate", 5)),
        deadline=int(rect.get("deadline", 30)),
    )


def deadline_rules() -> DeadlineRules:
    return rulesets.load(DEADLINES_FILE, _parse_deadlines)
