"""The dated defaults for 双随机一公开 (rulesets/inspections/*.yaml): ratios, yearly caps, windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jiandu import rulesets

RULES_DIR = rulesets.RULESETS_DIR / "inspections"


@dataclass(frozen=True)
class InspectionRules:
    version: str
    ratios: dict[str, str]
    yearly_caps: dict[str, int | None]
    recent_window_days: int
    inspectors_per_firm: int
    publish_within_workdays: int
    rectification_workdays: int
    guidance_follow_up_workdays: int


def current_rules(on: dt.date | None = None) -> InspectionRules:
    """The newest rules file dated on or before ``on`` (today in Asia/Shanghai when omitted); before
    any file took effect, the newest file."""
    path = rulesets.in_force(RULES_DIR, on or timezone.localdate()) or max(RULES_DIR.glob("*.yaml"))
    return rulesets.load(path, _parse)


def _parse(data: Any) -> InspectionRules:
    return InspectionRules(
        version=str(data["version"]),
        ratios={str(k): str(v) for k, v in data["ratios"].items()},
        yearly_caps={str(k): (None if v is None else int(v)) for k, v in data["yearly_caps"].items()},
        recent_window_days=int(data["recent_window_days"]),
        inspectors_per_firm=int(data["inspectors_per_firm"]),
        publish_within_workdays=int(data["publish_within_workdays"]),
        rectification_workdays=int(data["rectification_workdays"]),
        guidance_follow_up_workdays=int(data["guidance_follow_up_workdays"]),
    )
