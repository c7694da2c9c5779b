"""The assessment workflow as data: which action moves a clue from which states to which, and who may.

`TRANSITIONS` is the one table; `transition_for` is the one place it is checked. Deadlines per step
come from ``rulesets/clue_deadlines.yaml`` in working days; overdue is derived, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from jiandu import rulesets
from jiandu.clues.models import ClueStatus

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


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str
    unit_bound: bool  # a business-unit user may act only on clues of their own unit


def _t(action: str, sources: set[str], target: str, permission: str, unit_bound: bool = False) -> Transition:
    return Transition(action, frozenset(sources), target, permission, unit_bound)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t(Action.TRIAGE, {S.RECEIVED}, S.TRIAGED, "triage_clues"),
        _t(Action.ACCEPT, {S.TRIAGED}, S.ASSESSING, "assess_clues", unit_bound=True),
        _t(Action.CONSULT, {S.ASSESSING}, S.CONSULTATION, "assess_clues", unit_bound=True),
        _t(Action.REQUEST_JUDICIAL, {S.ASSESSING, S.CONSULTATION}, S.JUDICIAL_OPINION, "assess_clues", True),
        _t(Action.RECORD_JUDICIAL, {S.JUDICIAL_OPINION}, S.ASSESSING, "assess_clues", unit_bound=True),
        _t(Action.CONFIRM, {S.ASSESSING, S.CONSULTATION}, S.CONFIRMED, "assess_clues", unit_bound=True),
        _t(Action.REJECT, {S.ASSESSING, S.CONSULTATION}, S.NOT_CONFIRMED, "assess_clues", unit_bound=True),
        _t(
            Action.REFER,
            {S.TRIAGED, S.ASSESSING, S.CONSULTATION, S.JUDICIAL_OPINION, S.CONFIRMED, S.RECTIFYING},
            S.REFERRED,
            "refer_discipline",
        ),
        _t(Action.START_RECTIFICATION, {S.CONFIRMED}, S.RECTIFYING, "manage_rectifications"),
        _t(Action.FINISH_RECTIFICATION, {S.RECTIFYING}, S.RECTIFIED, "manage_rectifications"),
        _t(Action.CLOSE, {S.NOT_CONFIRMED, S.RECTIFIED, S.REFERRED}, S.CLOSED, "close_clues"),
    )
}


class TransitionError(ValueError):
    """The action is not allowed from the clue's current state; the message is for the user."""


def transition_for(status: str, action: str) -> Transition:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(f"未知的办理操作“{action}”")
    if status not in transition.sources:
        raise TransitionError(
            f"线索当前状态为“{ClueStatus(status).label}”,不能执行“{Action(action).label}”。"
        )
    return transition


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
        raise ValueError(f"{DEADLINES_FILE.name}:未知的线索状态 {', '.join(sorted(unknown))}")
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
