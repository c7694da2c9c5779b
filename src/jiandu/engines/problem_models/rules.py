"""The records the problem models read, the hits they produce, and the dated rule file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = [
    "CaseRecord",
    "ClueRecord",
    "ComplaintRecord",
    "Evidence",
    "Hit",
    "InspectionRecord",
    "ModelRule",
    "ModelRules",
    "RuleError",
    "parse_rules",
]


class RuleError(ValueError):
    """A rule file that cannot be used; the message is Chinese and names the model and field."""


@dataclass(frozen=True)
class CaseRecord:
    id: int
    label: str  # the decision number, or a placeholder for a case not yet decided
    region: str  # code of the region that enforces
    enterprise_id: int | None
    enterprise_name: str
    enterprise_region: str  # code of the firm's region
    domain: str
    item: str  # the catalogue item code, or the violation text when there is none
    violation: str
    status: str
    outcome: str
    fine: Decimal
    filed_on: dt.date
    decided_on: dt.date | None = None
    submitted_for_review_on: dt.date | None = None
    delivered_on: dt.date | None = None
    publicity_status: str = "not_required"
    amount_due: bool = False
    statutory_max: Decimal | None = None  # the highest fine the statute allows, when known
    statutory_min: Decimal | None = None  # the lowest fine the statute prescribes, when known
    facts: Mapping[str, Any] = field(default_factory=dict)  # discretion facts as recorded
    discretion: Mapping[str, Any] | None = None  # the stored discretion result
    text: str = ""  # facts, basis and notes, searched for markers (联合执法, 指定管辖, ...)

    @property
    def decided(self) -> bool:
        return self.decided_on is not None


@dataclass(frozen=True)
class InspectionRecord:
    id: int
    enterprise_id: int
    enterprise_name: str
    region: str
    department: str
    inspected_on: dt.date
    credit_class: str = ""


@dataclass(frozen=True)
class ComplaintRecord:
    id: int
    enterprise_id: int | None
    enterprise_name: str
    region: str
    domain: str
    received_on: dt.date


@dataclass(frozen=True)
class ClueRecord:
    id: int
    label: str
    region: str
    status: str
    overdue: bool  # its current step is past its deadline (derived by the caller)
    step_started_on: dt.date | None = None


@dataclass(frozen=True)
class Evidence:
    kind: str  # case | inspection | complaint | clue | enterprise
    id: int
    label: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "label": self.label}


@dataclass(frozen=True)
class Hit:
    model: str
    version: str
    key: str  # stable: the same finding gets the same key on every run (no duplicate clue)
    region: str
    summary: str
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    category: str
    subtype: str
    domain: str = ""
    enterprise_id: int | None = None
    legal_basis: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelRule:
    code: str
    name: str
    description: str
    category: str
    subtype: str
    legal_basis: tuple[str, ...]
    version: str
    enabled: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelRules:
    version: str
    lookback_days: int
    models: tuple[ModelRule, ...]

    def get(self, code: str) -> ModelRule | None:
        return next((m for m in self.models if m.code == code), None)


_MODEL_KEYS = {
    "code",
    "name",
    "description",
    "category",
    "subtype",
    "legal_basis",
    "enabled",
    "params",
    "version",
}
CATEGORIES = ("P0", "P1", "P2", "P3", "P4")


def parse_rules(data: Mapping[str, Any], *, known: tuple[str, ...] = ()) -> ModelRules:
    """Rules from the YAML mapping. ``known``: the model codes the engine implements."""
    if not isinstance(data, Mapping):
        raise RuleError("问题模型规则文件应为键值表")
    version = str(data.get("version") or "")
    if not version:
        raise RuleError("问题模型规则须有 version")
    lookback = data.get("lookback_days", 365)
    if not isinstance(lookback, int) or lookback <= 0:
        raise RuleError("lookback_days 须为正整数")
    models: list[ModelRule] = []
    seen: set[str] = set()
    for index, item in enumerate(data.get("models") or [], start=1):
        where = f"models 第{index}项"
        if not isinstance(item, Mapping):
            raise RuleError(f"{where} 应为键值表")
        extra = set(item) - _MODEL_KEYS
        if extra:
            raise RuleError(f"{where} 含未知字段：{'、'.join(sorted(extra))}")
        code = str(item.get("code") or "")
        if known and code not in known:
            raise RuleError(f"{where} 的 code“{code}”不是已实现的模型")
        if code in seen:
            raise RuleError(f"{where} 的 code“{code}”重复")
        seen.add(code)
        category = str(item.get("category") or "")
        if category not in CATEGORIES:
            raise RuleError(f"{where}（{code}）的 category 须为 P0 至 P4")
        if not item.get("name") or not item.get("legal_basis"):
            raise RuleError(f"{where}（{code}）须有 name 和 legal_basis")
        models.append(
            ModelRule(
                code=code,
                name=str(item["name"]),
                description=str(item.get("description") or "").strip(),
                category=category,
                subtype=str(item.get("subtype") or ""),
                legal_basis=tuple(str(b) for b in item["legal_basis"]),
                version=str(item.get("version") or version),
                enabled=bool(item.get("enabled", True)),
                params=dict(item.get("params") or {}),
            )
        )
    return ModelRules(version=version, lookback_days=lookback, models=tuple(models))
