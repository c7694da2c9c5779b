"""The one discretion check: the facts of a case → a `DiscretionResult` (frozen).

Used by the case workflow (`jiandu.cases`), the discretion page and API, and the documents. The
statutory range comes from the catalogue item (with every branch the law has), the outcome and the
band from the discretion engine. Whether the violation is the firm's first is a fact the caller
supplies (the case history lives a floor above: `jiandu.cases.selectors.is_first_violation`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jiandu.discretion import selectors
from jiandu.discretion.catalogue import Exemption, ViolationItem
from jiandu.discretion.statutory import InputError, LawRange, base_of, law_range
from jiandu.engines.discretion import MITIGATING, OUTCOMES, Ruleset, assess, available_rulesets

__all__ = [
    "CheckFacts",
    "DiscretionResult",
    "LawRange",
    "check_discretion",
    "facts_from_engine_case",
    "outcome_label",
    "ruleset_in_force",
    "violation_day",
]

# Outcomes after which the officer may (or must) decide not to punish.
NO_PENALTY_OUTCOMES = frozenset({"no_penalty", "may_waive", "time_barred"})


def outcome_label(outcome: str) -> str:
    return OUTCOMES.get(outcome, "")


@dataclass(frozen=True)
class CheckFacts:
    """What the check needs to know about one case (plain data; no model instances)."""

    item_code: str = ""
    party_kind: str = "enterprise"  # "enterprise" or "person" (natural person, 个体工商户)
    party: Mapping[str, Any] = field(default_factory=dict)  # age, mental_capacity of a person
    circumstances: Mapping[str, Any] = field(default_factory=dict)  # the engine's `facts`
    base: Decimal | None = None  # 货值金额 or 违法所得, as the item's rule names it
    first_violation: bool | None = None  # from the firm's history; None = not known
    statutory: tuple[Decimal, Decimal] | None = None  # a range typed by the officer (no item)
    case_id: str = ""
    # the circumstances are the findings of a finished investigation (调查终结): a 从轻/减轻 circumstance
    # not recorded was not found, so it is sent as false; otherwise it is unknown to the engine
    # (ruleset unstated_mitigation: unknown) and the band reaches into the 从轻 part
    findings_complete: bool = False
    # the day of the violation (行为终了之日 for a continuing one); None = the `violation_ended` fact,
    # else the day of the check. It chooses the ruleset and the catalogue item version in force.
    violation_date: dt.date | None = None


@dataclass(frozen=True)
class DiscretionResult:
    outcome: str = ""
    fine_range: tuple[Decimal, Decimal] | None = None  # the band the engine recommends
    statutory: LawRange | None = None  # what the law allows for this item and base
    reasons: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    ruleset: str = ""
    item_code: str = ""
    catalogue_version: str = ""  # the catalogue version the statutory range came from
    exemptions: tuple[dict[str, Any], ...] = ()
    error: str = ""

    @property
    def label(self) -> str:
        return outcome_label(self.outcome)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def may_decide_no_penalty(self) -> bool:
        return self.outcome in NO_PENALTY_OUTCOMES

    def outside(self, fine: Decimal) -> str:
        """Why `fine` does not fit: beyond the law (never allowed) or outside the recommended band."""
        if self.statutory is not None and fine > self.statutory.maximum:
            return f"拟罚款{fine}元超过法定最高额{self.statutory.maximum}元"
        if self.fine_range is not None:
            low, high = self.fine_range
            if fine < low or fine > high:
                return f"拟罚款{fine}元不在裁量幅度{low}元至{high}元之内"
        return ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, as stored with a case (`PenaltyCase.discretion`)."""
        return {
            "outcome": self.outcome,
            "fine_range": (
                {"min": str(self.fine_range[0]), "max": str(self.fine_range[1])} if self.fine_range else None
            ),
            "statutory": self.statutory.as_dict() if self.statutory else None,
            "reasons": list(self.reasons),
            "legal_basis": list(self.legal_basis),
            "ruleset": self.ruleset,
            "item_code": self.item_code,
            "catalogue_version": self.catalogue_version,
            "exemptions": [dict(e) for e in self.exemptions],
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> DiscretionResult:
        if not data:
            return cls()
        band = data.get("fine_range")
        return cls(
            outcome=str(data.get("outcome", "")),
            fine_range=(Decimal(str(band["min"])), Decimal(str(band["max"]))) if band else None,
            statutory=LawRange.from_dict(data.get("statutory")),
            reasons=tuple(data.get("reasons") or ()),
            legal_basis=tuple(data.get("legal_basis") or ()),
            ruleset=str(data.get("ruleset", "")),
            item_code=str(data.get("item_code", "")),
            catalogue_version=str(data.get("catalogue_version", "")),
            exemptions=tuple(data.get("exemptions") or ()),
            error=str(data.get("error", "")),
        )


def facts_from_engine_case(
    case: Mapping[str, Any],
    *,
    item_code: str = "",
    base: Decimal | None = None,
    first_violation: bool | None = None,
) -> CheckFacts:
    """A case object of the `jiandu discretion` contract (party, facts, penalty range) as `CheckFacts`."""
    party = dict(case.get("party") or {})
    penalty = case.get("penalty") or {}
    statutory = None
    if isinstance(penalty, Mapping) and penalty.get("kind") == "range":
        statutory = (Decimal(str(penalty.get("min", 0))), Decimal(str(penalty.get("max", 0))))
    elif (
        isinstance(penalty, Mapping) and penalty.get("kind") == "multiple" and penalty.get("base") is not None
    ):
        amount = Decimal(str(penalty["base"]))
        statutory = (amount * Decimal(str(penalty["min_times"])), amount * Decimal(str(penalty["max_times"])))
    facts = case.get("facts") or {}
    return CheckFacts(
        item_code=item_code,
        party_kind="person" if party.get("kind") == "person" else "enterprise",
        party={k: v for k, v in party.items() if k != "kind"},
        circumstances=dict(facts) if isinstance(facts, Mapping) else {"_invalid": facts},
        base=base,
        first_violation=first_violation,
        statutory=statutory,
        case_id=str(case.get("id", "")),
    )


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _exemption(entry: Exemption) -> dict[str, Any]:
    return {
        "code": entry.code,
        "kind": entry.kind,
        "description": entry.description,
        "conditions": list(entry.conditions),
    }


def violation_day(facts: CheckFacts, *, on: dt.date) -> dt.date:
    """The day whose rules apply: the violation date (行政处罚法第三十七条: 适用违法行为发生时的规定),
    taken from `violation_date`, else the stated `violation_ended` fact, else `on` (the day of the check)."""
    if facts.violation_date is not None:
        return facts.violation_date
    ended = facts.circumstances.get("violation_ended")
    if isinstance(ended, dt.date):
        return ended
    if isinstance(ended, str):
        try:
            return dt.date.fromisoformat(ended)
        except ValueError:
            return on  # the engine reports the malformed date
    return on


def ruleset_in_force(day: dt.date, rulesets: tuple[Ruleset, ...] | None = None) -> Ruleset:
    """The newest ruleset whose `effective_from` is on or before `day` (the oldest if none is yet)."""
    known = sorted(rulesets or available_rulesets(), key=lambda r: r.effective_from)
    in_force = [r for r in known if r.effective_from <= day]
    return in_force[-1] if in_force else known[0]


def check_discretion(
    facts: CheckFacts, *, on: dt.date, rulesets: tuple[Ruleset, ...] | None = None
) -> DiscretionResult:
    """Run the check for one case on day `on`. The ruleset and the catalogue item version are those in
    force on the violation date (`violation_day`); `rulesets` replaces the shipped ones (tests)."""
    day = violation_day(facts, on=on)
    item: ViolationItem | None = selectors.get_item(facts.item_code) if facts.item_code else None
    if facts.item_code and item is None:
        return DiscretionResult(item_code=facts.item_code, error=f"事项编码{facts.item_code}不在现行目录中")
    notes: list[str] = []
    law: LawRange | None = None
    if facts.statutory is not None:
        low, high = facts.statutory
        law = LawRange(minimum=low, maximum=high, explanation="按承办人员填写的法定罚款幅度计算。")
    elif item is not None:
        try:
            law = law_range(item, base=facts.base, party_kind=facts.party_kind, violation_date=day)
        except InputError:
            base = base_of(item)
            return DiscretionResult(
                item_code=item.code,
                catalogue_version=item.catalogue_version,
                error=f"该事项的罚款数额取决于{base}，请填写计罚基数（{base}；没有的填0）后再核查。",
            )
    circumstances = dict(facts.circumstances)
    if facts.findings_complete:
        for key in MITIGATING:
            circumstances.setdefault(key, False)
    if facts.first_violation is not None:
        circumstances["first_violation"] = facts.first_violation
    data: dict[str, Any] = {
        "id": facts.case_id or "case",
        "party": {"kind": "person" if facts.party_kind == "person" else "enterprise", **dict(facts.party)},
        "facts": circumstances,
    }
    if law is not None:
        data["penalty"] = {"kind": "range", "min": _number(law.minimum), "max": _number(law.maximum)}
        if law.fixed_minimum and law.amounts:  # for the ruleset's 过罚相当 rule (涉案金额 beside the minimum)
            data["amounts"] = {key: None if v is None else _number(v) for key, v in law.amounts.items()}
        notes.append(law.explanation)
    raw = assess(data, ruleset=ruleset_in_force(day, rulesets))
    if "error" in raw:
        return DiscretionResult(item_code=facts.item_code, error=str(raw["error"]))
    band = raw.get("fine_range")
    basis = [str(b) for b in raw.get("legal_basis", [])]
    if item is not None:
        basis.insert(0, item.legal_basis)
    return DiscretionResult(
        outcome=str(raw["outcome"]),
        fine_range=(Decimal(str(band["min"])), Decimal(str(band["max"]))) if band else None,
        statutory=law,
        reasons=tuple(n for n in [*notes, *(str(r) for r in raw.get("reasons", []))] if n),
        legal_basis=tuple(basis),
        ruleset=str(raw.get("ruleset", "")),
        item_code=item.code if item is not None else "",
        catalogue_version=item.catalogue_version if item is not None else "",
        exemptions=tuple(_exemption(e) for e in selectors.exemptions_for(item.code))
        if item is not None
        else (),
    )
