"""Publicity of penalty information and credit repair (信用修复), from rules as data.

Sources: 《市场监督管理行政处罚信息公示规定》(总局令第45号) Arts. 2, 13, 14 and
《市场监督管理信用修复管理办法》(国市监信规〔2021〕3号) Art. 6; the numbers live in
``rulesets/credit_repair.yaml``. Every result carries its reasons, legal basis and rule version.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import yaml

__all__ = [
    "Condition",
    "Eligibility",
    "PenaltyFacts",
    "PublicityPlan",
    "RepairRules",
    "add_months",
    "eligibility",
    "load_rules",
    "parse_rules",
    "publicity_plan",
    "review_due",
]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "rulesets" / "credit_repair.yaml"

KIND_LABELS = {
    "warning": "警告",
    "criticism": "通报批评",
    "fine": "罚款",
    "confiscate_gain": "没收违法所得",
    "confiscate_property": "没收非法财物",
    "suspend_licence": "暂扣许可证件",
    "downgrade": "降低资质等级",
    "revoke_licence": "吊销许可证件/营业执照",
    "restrict_business": "限制开展生产经营活动",
    "suspend_business": "责令停产停业",
    "close": "责令关闭",
    "ban_employment": "限制从业",
    "detention": "行政拘留",
}


class Calendar(Protocol):
    def add(self, start: dt.date, n: int) -> dt.date: ...


@dataclass(frozen=True)
class ConditionRule:
    key: str
    label: str
    legal_basis: str


@dataclass(frozen=True)
class RepairRules:
    version: str
    publicity_basis: str
    not_published_kinds_only: frozenset[str]
    short_kinds: frozenset[str]
    short_months: int
    long_months: int
    low_fine_below: Mapping[str, Decimal]
    repair_basis: str
    earliest_months: int
    earliest_months_by_domain: Mapping[str, int]
    never_eligible_kinds: frozenset[str]
    conditions: tuple[ConditionRule, ...]
    decide_workdays: int
    commitment_decide_workdays: int
    commitment_letter: str


def parse_rules(raw: Mapping[str, Any]) -> RepairRules:
    publicity, repair, review = raw["publicity"], raw["repair"], raw["review"]
    return RepairRules(
        version=str(raw["version"]),
        publicity_basis=str(publicity["legal_basis"]),
        not_published_kinds_only=frozenset(publicity["not_published_kinds_only"]),
        short_kinds=frozenset(publicity["short_kinds"]),
        short_months=int(publicity["short_months"]),
        long_months=int(publicity["long_months"]),
        low_fine_below={k: Decimal(str(v)) for k, v in publicity["low_fine_below"].items()},
        repair_basis=str(repair["legal_basis"]),
        earliest_months=int(repair["earliest_months"]),
        earliest_months_by_domain={
            k: int(v) for k, v in (repair.get("earliest_months_by_domain") or {}).items()
        },
        never_eligible_kinds=frozenset(repair["never_eligible_kinds"]),
        conditions=tuple(
            ConditionRule(key=str(c["key"]), label=str(c["label"]), legal_basis=str(c["legal_basis"]))
            for c in repair["conditions"]
        ),
        decide_workdays=int(review["decide_workdays"]),
        commitment_decide_workdays=int(review["commitment_decide_workdays"]),
        commitment_letter=" ".join(str(raw.get("commitment_letter", "")).split()),
    )


def load_rules(path: Path = DEFAULT_PATH) -> RepairRules:
    return parse_rules(yaml.safe_load(path.read_text(encoding="utf-8")))


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the last day of the month when that day does not exist."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, month_calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PenaltyFacts:
    party_kind: str  # "organisation" | "person"
    domain_code: str
    penalty_kinds: tuple[str, ...]
    fine: Decimal
    published_on: dt.date | None = None


@dataclass(frozen=True)
class PublicityPlan:
    published: bool
    months: int | None
    short: bool
    repairable: bool
    earliest_months: int | None
    reasons: tuple[str, ...]
    legal_basis: tuple[str, ...]
    ruleset: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    earliest_application_on: dt.date | None = None

    @property
    def period_label(self) -> str:
        if not self.published or self.months is None:
            return "不予公示"
        return f"{self.months}个月" if self.months < 12 else f"{self.months // 12}年"


def _kinds_label(kinds: Sequence[str]) -> str:
    return "、".join(KIND_LABELS.get(k, k) for k in kinds)


def publicity_plan(rules: RepairRules, facts: PenaltyFacts) -> PublicityPlan:
    """Which publicity period applies and whether (and from when) repair can be applied for."""
    kinds = tuple(facts.penalty_kinds)
    reasons: list[str] = []
    basis = [rules.publicity_basis]
    if not kinds:
        return PublicityPlan(
            published=False,
            months=None,
            short=False,
            repairable=False,
            earliest_months=None,
            reasons=("未给予行政处罚（不予行政处罚），没有需要公示的行政处罚信息。",),
            legal_basis=("《市场监督管理行政处罚信息公示规定》第二条",),
            ruleset=rules.version,
        )
    if set(kinds) <= rules.not_published_kinds_only:
        return PublicityPlan(
            published=False,
            months=None,
            short=False,
            repairable=False,
            earliest_months=None,
            reasons=(f"仅给予{_kinds_label(kinds)}的行政处罚信息不予公示。",),
            legal_basis=("《市场监督管理行政处罚信息公示规定》第二条",),
            ruleset=rules.version,
        )
    threshold = rules.low_fine_below.get(facts.party_kind, rules.low_fine_below["organisation"])
    low_fine = "fine" not in kinds or facts.fine < threshold
    short = set(kinds) <= rules.short_kinds and low_fine
    party = "自然人" if facts.party_kind == "person" else "法人或其他组织"
    if short:
        months = rules.short_months
        reasons.append(
            f"仅受到{_kinds_label(kinds)}"
            + (f"（罚款{facts.fine}元，低于对{party}的较低数额标准{threshold}元）" if "fine" in kinds else "")
            + f"，公示期为{months}个月，期满自动停止公示，无需申请信用修复。"
        )
    else:
        months = rules.long_months
        if "fine" in kinds and not low_fine:
            reasons.append(f"罚款{facts.fine}元，不低于对{party}的较低数额标准{threshold}元。")
        heavier = [k for k in kinds if k not in rules.short_kinds]
        if heavier:
            reasons.append(f"处罚种类包括{_kinds_label(heavier)}。")
        reasons.append(f"公示期为{months // 12}年。")
    never = [k for k in kinds if k in rules.never_eligible_kinds]
    repairable = not short and not never
    earliest: int | None = None
    if never:
        reasons.append(f"受到{_kinds_label(never)}的，不得提前停止公示（不得申请信用修复）。")
        basis.append("《市场监督管理行政处罚信息公示规定》第十四条第三款")
    elif repairable:
        earliest = rules.earliest_months_by_domain.get(facts.domain_code, rules.earliest_months)
        reasons.append(
            f"自公示之日起满{earliest}个月后，且同时符合四项条件的，可以申请提前停止公示（信用修复）。"
        )
        basis.append(rules.repair_basis)
    starts = facts.published_on
    return PublicityPlan(
        published=True,
        months=months,
        short=short,
        repairable=repairable,
        earliest_months=earliest,
        reasons=tuple(reasons),
        legal_basis=tuple(basis),
        ruleset=rules.version,
        starts_on=starts,
        ends_on=add_months(starts, months) if starts else None,
        earliest_application_on=add_months(starts, earliest) if starts and earliest is not None else None,
    )


@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    met: bool
    legal_basis: str


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    plan: PublicityPlan
    conditions: tuple[Condition, ...]
    reasons: tuple[str, ...]
    ruleset: str
    missing: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "eligible": self.eligible,
            "reasons": list(self.reasons),
            "conditions": [
                {"key": c.key, "label": c.label, "met": c.met, "legal_basis": c.legal_basis}
                for c in self.conditions
            ],
            "publicity": {
                "published": plan.published,
                "months": plan.months,
                "repairable": plan.repairable,
                "starts_on": plan.starts_on.isoformat() if plan.starts_on else None,
                "ends_on": plan.ends_on.isoformat() if plan.ends_on else None,
                "earliest_application_on": (
                    plan.earliest_application_on.isoformat() if plan.earliest_application_on else None
                ),
                "reasons": list(plan.reasons),
            },
            "legal_basis": list(plan.legal_basis),
            "ruleset": self.ruleset,
        }


def eligibility(
    rules: RepairRules, facts: PenaltyFacts, *, conditions: Mapping[str, bool], today: dt.date
) -> Eligibility:
    """Whether an application for early stop of publicity can be granted today."""
    plan = publicity_plan(rules, facts)
    reasons: list[str] = []
    results = tuple(
        Condition(key=c.key, label=c.label, met=bool(conditions.get(c.key, False)), legal_basis=c.legal_basis)
        for c in rules.conditions
    )
    if not plan.published:
        reasons.append("该行政处罚信息不予公示，无需申请信用修复。")
    elif plan.short:
        reasons.append("该行政处罚信息公示期满三个月自动停止公示，不适用信用修复申请。")
    elif not plan.repairable:
        reasons.append("该行政处罚不得提前停止公示。")
    elif plan.starts_on is None:
        reasons.append("该行政处罚信息尚未公示，暂不能申请信用修复。")
    else:
        assert plan.earliest_application_on is not None and plan.ends_on is not None
        if today >= plan.ends_on:
            reasons.append(f"公示期已于{plan.ends_on.isoformat()}届满，已停止公示。")
        elif today < plan.earliest_application_on:
            reasons.append(
                f"自公示之日起满{plan.earliest_months}个月方可申请，最早申请日期为"
                f"{plan.earliest_application_on.isoformat()}。"
            )
    missing = tuple(c.label for c in results if not c.met)
    for label in missing:
        reasons.append(f"不符合条件：{label}。")
    eligible = not reasons
    if eligible:
        reasons.append("符合提前停止公示的时限要求和四项条件。")
    return Eligibility(
        eligible=eligible,
        plan=plan,
        conditions=results,
        reasons=tuple(reasons),
        ruleset=rules.version,
        missing=missing,
    )


def review_due(rules: RepairRules, *, submitted_on: dt.date, commitment: bool, calendar: Calendar) -> dt.date:
    """When staff must decide an application: faster for the commitment-letter track (承诺制)."""
    days = rules.commitment_decide_workdays if commitment else rules.decide_workdays
    return calendar.add(submitted_on, days)
