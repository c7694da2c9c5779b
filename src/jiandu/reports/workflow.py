"""The county → city filing workflow of a report （报送材料）, as one transition table.

draft ─submit→ submitted ─accept→ accepted
                         └return→ returned ─submit→ submitted (resubmission)
A report not yet started has no row at all (shown as 未开始 on the board).
"""

from __future__ import annotations

from typing import Any

from jiandu.org.transitions import Table, Transition
from jiandu.reports.models import SubmissionStatus as S


class Action:
    SUBMIT = "submit"
    ACCEPT = "accept"
    RETURN = "return"


EDITABLE = frozenset({S.DRAFT, S.RETURNED})


def _has_figures(submission: Any) -> str:
    return "" if submission.item_id else "未关联报送事项"


TRANSITIONS = Table(
    "报送材料",
    (
        Transition(
            Action.SUBMIT,
            {S.DRAFT, S.RETURNED},
            S.SUBMITTED,
            "submit_reports",
            label="报送",
            guards=[_has_figures],
        ),
        Transition(Action.ACCEPT, {S.SUBMITTED}, S.ACCEPTED, "decide_reports", label="采纳"),
        Transition(Action.RETURN, {S.SUBMITTED}, S.RETURNED, "decide_reports", label="退回修改"),
    ),
    status_label=lambda s: S(s).label,
)
