"""Loading the cases app's rule files (rulesets/*.yaml), re-read when a file changes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jiandu import rulesets
from jiandu.engines import case_deadlines, credit_repair

DEADLINES_FILE = rulesets.RULESETS_DIR / "case_deadlines.yaml"
LEGAL_REVIEW_FILE = rulesets.RULESETS_DIR / "legal_review.yaml"
CREDIT_REPAIR_FILE = rulesets.RULESETS_DIR / "credit_repair.yaml"


def deadline_rules() -> case_deadlines.DeadlineRules:
    return rulesets.load(DEADLINES_FILE, case_deadlines.parse_rules)


def repair_rules() -> credit_repair.RepairRules:
    return rulesets.load(CREDIT_REPAIR_FILE, credit_repair.parse_rules)


def legal_review_rules() -> dict[str, Any]:
    return rulesets.load(LEGAL_REVIEW_FILE, dict)


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
