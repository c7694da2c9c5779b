"""The dated rule files of this app: key-county thresholds and problem models (rulesets/*/YYYY-MM-DD.yaml)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

from jiandu import rulesets
from jiandu.engines import anomaly, problem_models, similar
from jiandu.inspections.rules import current_rules as inspection_rules

ANOMALY_DIR = rulesets.RULESETS_DIR / "anomaly"
MODELS_DIR = rulesets.RULESETS_DIR / "problem_models"
SIMILAR_DIR = rulesets.RULESETS_DIR / "similar"


def _in_force(directory: Path, on: dt.date | None) -> Path:
    """The newest file dated on or before ``on`` (today when omitted); before any took effect, the newest."""
    return rulesets.in_force(directory, on or timezone.localdate()) or max(directory.glob("*.yaml"))


def anomaly_rules(on: dt.date | None = None) -> anomaly.AnomalyRules:
    return rulesets.load(_in_force(ANOMALY_DIR, on), anomaly.parse_rules)


def model_rules(on: dt.date | None = None) -> problem_models.ModelRules:
    """The problem models in force; 重复检查 takes its window and yearly caps from the inspection rules."""
    rules = rulesets.load(_in_force(MODELS_DIR, on), problem_models.parse_rules)
    checks = inspection_rules(on)
    models = []
    for model in rules.models:
        if model.code == "repeat_inspection":
            params: dict[str, Any] = {
                "window_days": checks.recent_window_days,
                "yearly_caps": checks.yearly_caps,
                **model.params,
            }
            model = dataclasses.replace(model, params=params)
        models.append(model)
    return dataclasses.replace(rules, models=tuple(models))


def similar_rules(on: dt.date | None = None) -> similar.ConsistencyRules:
    path = rulesets.in_force(SIMILAR_DIR, on or timezone.localdate())
    return similar.ConsistencyRules() if path is None else rulesets.load(path, _parse_similar)


def _parse_similar(data: Any) -> similar.ConsistencyRules:
    return similar.parse_rules(data or {})
