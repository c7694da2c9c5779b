"""Loading the cases app's rule files (rulesets/*.yaml), re-read when a file changes."""

from __future__ import annotations

from dataclasses import dataclass
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
        reasons.append(f"重大案件（{rules.get('legal_basis', '行政处罚法第五十八条')}）")
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


# --- the ordinary procedure (rulesets/procedure/) ------------------------------------------------

PROCEDURE_FILE = rulesets.RULESETS_DIR / "procedure" / "procedure.yaml"
STATUTES_FILE = rulesets.RULESETS_DIR / "procedure" / "statutes.yaml"


@dataclass(frozen=True)
class Procedure:
    version: str
    steps: dict[str, dict[str, Any]]
    hearing: dict[str, Any]
    discussion: dict[str, Any]
    late_fee_rate: Decimal
    no_penalty_grounds: dict[str, dict[str, Any]]
    not_filed_grounds: dict[str, str]
    delivery_methods: tuple[str, ...]
    remedies: dict[str, Any]
    payment_how: str

    def skip_reason(self, step: str) -> str:
        return str(self.steps.get(step, {}).get("skip_reason", ""))

    def days(self, step: str) -> int:
        return int(self.steps[step]["days"])


def _parse_procedure(raw: Any) -> Procedure:
    return Procedure(
        version=str(raw["version"]),
        steps={str(s["key"]): dict(s) for s in raw["steps"]},
        hearing=dict(raw["hearing"]),
        discussion=dict(raw.get("discussion") or {}),
        late_fee_rate=Decimal(str(raw["late_fee"]["daily_rate"])),
        no_penalty_grounds={str(k): dict(v) for k, v in raw["no_penalty_grounds"].items()},
        not_filed_grounds={str(k): str(v) for k, v in raw["not_filed_grounds"].items()},
        delivery_methods=tuple(str(m) for m in raw["delivery_methods"]),
        remedies=dict(raw["remedies"]),
        payment_how=str(raw["payment"]["how"]),
    )


def procedure() -> Procedure:
    return rulesets.load(PROCEDURE_FILE, _parse_procedure)


@dataclass(frozen=True)
class Statutes:
    laws: dict[str, dict[str, Any]]

    def title(self, article_id: str) -> str:
        return str(self.laws[article_id.split(":", 1)[0]]["title"])

    def text(self, article_id: str) -> str:
        law, number = article_id.split(":", 1)
        return str(self.laws[law]["articles"][number])

    def cite(self, article_ids: list[str] | tuple[str, ...]) -> str:
        """《中华人民共和国行政处罚法》第三十三条、第三十六条；《……》第……条 — grouped by law, in order."""
        groups: dict[str, list[str]] = {}
        for article_id in article_ids:
            law, number = article_id.split(":", 1)
            numbers = groups.setdefault(law, [])
            if number not in numbers:
                numbers.append(number)
        return "；".join(f"《{self.laws[law]['title']}》" + "、".join(nums) for law, nums in groups.items())


def statutes() -> Statutes:
    return rulesets.load(STATUTES_FILE, lambda raw: Statutes(laws=dict(raw["laws"])))
