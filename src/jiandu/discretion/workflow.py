"""The life of a catalogue version as data: a draft is edited, then published once and never changed.

`TRANSITIONS` is the table (`jiandu.org.transitions`); `VERSION_TRANSITIONS` is the same table read as
"which statuses may this one become", for the services that ask it that way.
"""

from __future__ import annotations

from django.db import models

from jiandu.org.transitions import Table, Transition


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class VersionAction(models.TextChoices):
    PUBLISH = "publish", "发布"


TRANSITIONS = Table(
    "目录版本",
    (
        Transition(
            VersionAction.PUBLISH,
            {VersionStatus.DRAFT},
            VersionStatus.PUBLISHED,
            "edit_catalogue",
            label=str(VersionAction.PUBLISH.label),
        ),
    ),
    status_label=lambda status: str(VersionStatus(status).label),
)

# Items and exemption entries may be edited only in these states.
EDITABLE_IN = frozenset({VersionStatus.DRAFT})

VERSION_TRANSITIONS: dict[str, set[str]] = {
    status: {t.target for t in TRANSITIONS.transitions if status in t.sources}
    for status in VersionStatus.values
}
