"""One small transition mechanism for every workflow (clues, cases, reviews, inspections, reports, …).

Each app keeps its own table in its `workflow.py`:

    TRANSITIONS = Table("线索", (
        Transition("accept", {S.TRIAGED}, S.ASSESSING, "assess_clues", label="受理研判"),
        ...
    ), status_label=lambda s: ClueStatus(s).label)

`table.check(action, state=…, user=…, obj=…)` returns the transition or raises `UserError`
(unknown action, wrong state, no permission, a guard refused); `table.available(state, user, obj)`
lists what the user may do now, for views, API and templates to iterate. Guards are plain callables
`guard(obj) -> str` returning "" when satisfied or the Chinese reason why not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from jiandu.errors import UserError
from jiandu.org.models import User
from jiandu.org.permissions import has_permission

Guard = Callable[[Any], str]


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str
    label: str = ""
    guards: tuple[Guard, ...] = ()

    def __init__(
        self,
        action: str,
        sources: Iterable[str],
        target: str,
        permission: str,
        *,
        label: str = "",
        guards: Iterable[Guard] = (),
    ) -> None:
        object.__setattr__(self, "action", str(action))
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "permission", permission)
        object.__setattr__(self, "label", label or str(action))
        object.__setattr__(self, "guards", tuple(guards))


@dataclass(frozen=True)
class Table:
    noun: str
    transitions: tuple[Transition, ...]
    status_label: Callable[[str], str] = field(default=str)

    def actions(self) -> list[str]:
        return sorted({t.action for t in self.transitions})

    def find(self, action: str, state: str) -> Transition | None:
        for transition in self.transitions:
            if transition.action == action and str(state) in transition.sources:
                return transition
        return None

    def refusals(self, transition: Transition, obj: Any) -> list[str]:
        return [reason for guard in transition.guards if (reason := guard(obj))]

    def check(self, action: str, *, state: str, user: User | None, obj: Any = None) -> Transition:
        if not any(t.action == action for t in self.transitions):
            raise UserError(f"未知的{self.noun}办理操作“{action}”。", field="action")
        transition = self.find(action, state)
        if transition is None:
            label = next(t.label for t in self.transitions if t.action == action)
            raise UserError(
                f"{self.noun}当前状态为“{self.status_label(str(state))}”，不能执行“{label}”。",
                field="action",
            )
        if user is not None and not has_permission(user, transition.permission):
            raise UserError(f"您的角色没有“{transition.label}”的权限。", field="action")
        reasons = self.refusals(transition, obj) if obj is not None else []
        if reasons:
            raise UserError(f"不能执行“{transition.label}”:" + ";".join(reasons) + "。", field="action")
        return transition

    def available(self, *, state: str, user: User, obj: Any = None) -> list[Transition]:
        """What this user may do now (permission and source state; guards are reported on submit)."""
        return [t for t in self.transitions if str(state) in t.sources and has_permission(user, t.permission)]
