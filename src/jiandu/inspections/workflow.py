"""The workflow of an inspection plan (双随机一公开) as data: one table, checked in one place.

draft → 公示候选名单 → committed → 抽取企业 → drawn → 抽取检查人员 → assigned → 公示检查结果 → published.
The services move a plan only through `move`; the plan page lists `TRANSITIONS.available(...)`.
"""

from __future__ import annotations

from django.db import models

from jiandu.errors import UserError
from jiandu.inspections.models import InspectionPlan, PlanStatus
from jiandu.org.transitions import Table, Transition

S = PlanStatus


class PlanAction(models.TextChoices):
    COMMIT = "commit", "公示候选名单"
    DRAW = "draw", "抽取企业"
    ASSIGN = "assign", "抽取检查人员"
    PUBLISH = "publish", "公示检查结果"


def _row(action: PlanAction, source: str, target: str) -> Transition:
    return Transition(action, {source}, target, "manage_inspections", label=str(action.label))


TRANSITIONS = Table(
    "抽查计划",
    (
        _row(PlanAction.COMMIT, S.DRAFT, S.COMMITTED),
        _row(PlanAction.DRAW, S.COMMITTED, S.DRAWN),
        _row(PlanAction.ASSIGN, S.DRAWN, S.ASSIGNED),
        _row(PlanAction.PUBLISH, S.ASSIGNED, S.PUBLISHED),
    ),
    status_label=lambda status: str(PlanStatus(status).label),
)

# The ratios and exclusion rules may change only before the candidate list is committed; visit results
# are recorded only once inspectors are assigned and until the results are published.
RULES_EDITABLE_IN = frozenset({S.DRAFT})
RESULTS_OPEN_IN = frozenset({S.ASSIGNED})


def move(plan: InspectionPlan, action: str) -> str:
    """Set the plan's new status for `action` and return the old one, or refuse with `UserError`."""
    row = next(t for t in TRANSITIONS.transitions if t.action == action)
    if TRANSITIONS.find(action, plan.status) is None:
        raise UserError(
            f"计划当前状态为“{plan.get_status_display()}”，不能变更为“{PlanStatus(row.target).label}”",
            field="action",
        )
    before = plan.status
    plan.status = row.target
    return before
