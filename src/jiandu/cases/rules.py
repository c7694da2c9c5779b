"""Loading the cases app's rule files (rulesets/*.yaml), re-read when a file changes."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from jiandu.engines import case_deadlines, credit_repair

RULESETS = Path(__file__).resolve().parent.parent / "rulesets"
DEADLINES_FILE = RULESETS / "case_deadlines.yaml"
LEGAL_REVIEW_FILE = RULESETS / "legal_review.yaml"
CREDIT_REPAIR_FILE = RULESETS / "credit_repair.yaml"


def _mtime(path: Path) -> float:
    return path.stat().st_mtime


@lru_cache(maxsize=4)
def _deadline_rules(path: str, mtime: float) -> case_deadlines.DeadlineRules:
    return case_deadlines.load_rules(Path(path))


def deadline_rules() -> case_deadlines.DeadlineRules:
    return _deadline_rules(str(DEADLINES_FILE), _mtime(DEADLINES_FILE))


@lru_cache(maxsize=4)
def _repair_rules(path: str, mtime: float) -> credit_repair.RepairRules:
    return credit_repair.load_rules(Path(path))


def repair_rules() -> credit_repair.RepairRules:
    return _repair_rules(str(CREDIT_REPAIR_FILE), _mtime(CREDIT_REPAIR_FILE))


@lru_cache(maxsize=4)
def _legal_review(path: str, mtime: float) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return data


def legal_review_rules() -> dict[str, Any]:
    return _legal_review(str(LEGAL_REVIEW_FILE), _mtime(LEGAL_REVIEW_FILE))


def legal_review_reasons(
    *, is_major: bool, party_kind: str, amount: Decimal, penalty_kinds: list[str], outcome: str
) -> list[str]:
    """Why a case needs 法制审核 (行政处罚法 Art. 58), from legal_review.yaml; empty when it does not."""
    rules = legal_review_rules()
    reasons = []
    if is_major and rules.get("always_for_major", True):
        reasons.append(f"重大案件({rules.get('legal_basis', '行政处罚法第五十八条')})")
    for rule in rules.get("rules") or []:
        if rule.get("enabled", True) is False:
            continue
        if "party_kind" in rule and rule["party_kind"] != party_kind:
            continue
        hit = True
        if "amount_at_least" in rule:
            hit = hit and amount >= Decimal(str(rule["amount_at_least"]))
        if "penalty_kinds" in rule:
            hit = hit and bool(set(rule["penalty_kinds"]) & set(penalty_kinds))
        if "outcome" in rule:
            hit = hit and outcome == rule["outcome"]
        if hit:
            reasons.append(f"{rule['label']}({rule.get('legal_basis', '')})")
    return reasons
