"""Reads of problem clues. Who reported a clue is shown only to those who must contact them."""

from __future__ import annotations

from django.db.models import QuerySet

from jiandu.clues.models import Clue
from jiandu.org.models import Role, User
from jiandu.org.selectors import visible_region_ids

REPORTER_READERS = {Role.TASK_FORCE}
MASK = "(已隐去)"


def can_see_reporter(user: User) -> bool:
    return user.is_superuser or user.role in REPORTER_READERS


def list_clues(*, user: User, channel: str = "", status: str = "") -> QuerySet[Clue]:
    clues = Clue.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "domain", "enterprise"
    )
    if channel:
        clues = clues.filter(channel=channel)
    if status:
        clues = clues.filter(status=status)
    return clues.order_by("-received_at")


def reporter_of(clue: Clue, user: User) -> str:
    if not clue.reporter_name:
        return "匿名"
    return clue.reporter_name if can_see_reporter(user) else MASK
