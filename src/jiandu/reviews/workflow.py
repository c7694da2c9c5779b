"""The three small workflows of case-file reviews and follow-up visits, as tables (`jiandu.org.transitions`).

A campaign is closed once; a review is scored (and re-scored), checked by a second person, then confirmed
and locked; a follow-up task is done once. Services check a step with `check`; the pages ask
`available(...)` what to offer.
"""

from __future__ import annotations

from django.db import models

from jiandu.errors import UserError
from jiandu.org.models import User
from jiandu.org.transitions import Table, Transition
from jiandu.reviews.models import CampaignStatus, FollowUpStatus, ReviewStatus


class CampaignAction(models.TextChoices):
    CLOSE = "close", "办结评查活动"


class ReviewAction(models.TextChoices):
    SCORE = "score", "评分"
    CHECK = "check", "复核"
    CONFIRM = "confirm", "确认并锁定"


class FollowUpAction(models.TextChoices):
    RECORD_VISIT = "record_visit", "登记回访"


R = ReviewStatus

CAMPAIGN = Table(
    "评查活动",
    (
        Transition(
            CampaignAction.CLOSE,
            {CampaignStatus.SELECTED},
            CampaignStatus.CLOSED,
            "confirm_reviews",
            label=str(CampaignAction.CLOSE.label),
        ),
    ),
    status_label=lambda status: str(CampaignStatus(status).label),
)

REVIEW = Table(
    "案卷评查",
    (
        Transition(
            ReviewAction.SCORE, {R.PENDING, R.SCORED, R.CHECKED}, R.SCORED, "score_reviews", label="评分"
        ),
        Transition(ReviewAction.CHECK, {R.SCORED}, R.CHECKED, "score_reviews", label="复核"),
        Transition(
            ReviewAction.CONFIRM, {R.SCORED, R.CHECKED}, R.CONFIRMED, "confirm_reviews", label="确认并锁定"
        ),
    ),
    status_label=lambda status: str(ReviewStatus(status).label),
)

FOLLOW_UP = Table(
    "回访任务",
    (
        Transition(
            FollowUpAction.RECORD_VISIT,
            {FollowUpStatus.PENDING},
            FollowUpStatus.DONE,
            "record_follow_ups",
            label=str(FollowUpAction.RECORD_VISIT.label),
        ),
    ),
    status_label=lambda status: str(FollowUpStatus(status).label),
)


def check(table: Table, action: str, *, state: str, what: str) -> Transition:
    """The row for `action` from `state`, or `UserError` saying that `what` cannot take it now."""
    transition = table.find(action, state)
    if transition is None:
        raise UserError(f"{what}当前状态不允许此操作。", field="action")
    return transition


def available(table: Table, *, state: str, user: User) -> set[str]:
    """The actions of `table` this user may take from `state` (for templates: ``"check" in actions``)."""
    return {t.action for t in table.available(state=state, user=user)}


def open_actions(table: Table, *, state: str) -> set[str]:
    """The actions of `table` open from `state` whoever asks (the service then checks the role)."""
    return {t.action for t in table.transitions if state in t.sources}
