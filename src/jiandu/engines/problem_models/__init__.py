"""问题模型 (problem models): small rules over case, inspection, complaint and clue data that find
the four key problems in the data itself, each hit with its reasons, evidence and legal basis.

Pure Python (no Django). The thresholds, descriptions and legal bases are dated data
(``rulesets/problem_models/YYYY-MM-DD.yaml``, read with :func:`parse_rules`); the apps hand in plain
records (:class:`CaseRecord`, :class:`InspectionRecord`, :class:`ComplaintRecord`,
:class:`ClueRecord`) in a :class:`ModelData` and get :class:`Hit` objects back. 类案不同罚 uses the
similar-case statistics of :mod:`jiandu.engines.similar`; 超期办理 the deadlines of
:mod:`jiandu.engines.case_deadlines`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from jiandu.engines.problem_models.checks import CHECKS, ModelData
from jiandu.engines.problem_models.rules import (
    CaseRecord,
    ClueRecord,
    ComplaintRecord,
    Evidence,
    Hit,
    InspectionRecord,
    ModelRule,
    ModelRules,
    RuleError,
)
from jiandu.engines.problem_models.rules import parse_rules as _parse_rules

__all__ = [
    "CHECKS",
    "CaseRecord",
    "ClueRecord",
    "ComplaintRecord",
    "Evidence",
    "Hit",
    "InspectionRecord",
    "ModelData",
    "ModelRule",
    "ModelRules",
    "RuleError",
    "parse_rules",
    "run",
]


def parse_rules(data: Mapping[str, Any]) -> ModelRules:
    """The rule file; a model the engine does not implement is refused."""
    return _parse_rules(data, known=tuple(CHECKS))


def run(rules: ModelRules, data: ModelData, *, only: Iterable[str] = ()) -> list[Hit]:
    """Every hit of every enabled model (or of the models in ``only``), one per key."""
    wanted = set(only)
    hits: dict[str, Hit] = {}
    for rule in rules.models:
        if wanted and rule.code not in wanted:
            continue
        if not wanted and not rule.enabled:
            continue
        for hit in CHECKS[rule.code](rule, data):
            hits.setdefault(hit.key, hit)
    return list(hits.values())
