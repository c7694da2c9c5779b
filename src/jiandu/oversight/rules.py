"""The oversight rules (rulesets/oversight.yaml): urgent time limits, the incentive window, score sheets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jiandu.rulesets import RULESETS_DIR, load


@dataclass(frozen=True)
class OversightRules:
    version: str
    default_hours: dict[str, int]
    max_hours: int
    incentive_classes: tuple[str, ...]
    incentive_window_months: int


def _parse(data: Any) -> OversightRules:
    urgent = data["urgent"]
    return OversightRules(
        version=str(data["version"]),
        default_hours={str(k): int(v) for k, v in urgent["default_hours"].items()},
        max_hours=int(urgent["max_hours"]),
        incentive_classes=tuple(str(c) for c in data["incentives"]["classes"]),
        incentive_window_months=int(data["incentives"]["window_months"]),
    )


def oversight_rules() -> OversightRules:
    return load(RULESETS_DIR / "oversight.yaml", _parse)
