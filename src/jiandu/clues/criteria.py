"""The judging criteria (判定标准要点) the triage engine matches, read from the dated rule files.

`rulesets/judging_criteria/<date>.yaml` lists, for each key problem's subtype, the items a clue text
may meet (the terms that show it, the legal basis). The triage engine stays pure: this module reads
the file in force and passes the items to `Triager.suggest` as data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jiandu import rulesets
from jiandu.engines.triage.criteria import Criterion, criteria_from_data

CRITERIA_DIR = rulesets.RULESETS_DIR / "judging_criteria"


@dataclass(frozen=True)
class JudgingCriteria:
    version: str
    source: str
    items: tuple[Criterion, ...]


def _parse(data: Any) -> JudgingCriteria:
    return JudgingCriteria(
        version=str(data["version"]), source=str(data["source"]), items=criteria_from_data(data["criteria"])
    )


def criteria_in_force(on: dt.date | None = None) -> JudgingCriteria | None:
    """The criteria in force on a day (today by default); None before the first file's date."""
    path = rulesets.in_force(CRITERIA_DIR, on or timezone.localdate())
    return rulesets.load(path, _parse) if path is not None else None


def criteria_items(on: dt.date | None = None) -> tuple[Criterion, ...]:
    found = criteria_in_force(on)
    return found.items if found is not None else ()
