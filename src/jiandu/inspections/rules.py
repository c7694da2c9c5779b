"""The dated defaults for 双随机一公开 (rulesets/inspections/*.yaml): ratios, yearly caps, windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent.parent / "rulesets" / "inspections"


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


@lru_cache(maxsize=4)
def current_rules(on: dt.date | None = None) -> InspectionRules:
    """The newest rules file dated on or before ``on`` (today when omitted)."""
    day = on or dt.date.today()
    files = sorted(p for p in RULES_DIR.glob("*.yaml") if p.stem <= day.isoformat()) or sorted(
        RULES_DIR.glob("*.yaml")
    )
    data = yaml.safe_load(files[-1].read_text(encoding="utf-8"))
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
