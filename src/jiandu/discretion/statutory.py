"""The statutory fine range of a catalogue item for one case, as the discretion floor hands it on.

The range is computed by ONE function, `jiandu.engines.discretion.statutory_range` (every branch the
law has: 货值金额 or 违法所得 thresholds, 不足一万元 floors, no gain, individuals, 情节较重/严重, per
unit). This module only turns a catalogue item into that function's rules (`item_rule`) and its
answer into `LawRange`, the small record the check, the case and the documents store and print.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiandu.discretion.catalogue import ViolationItem
from jiandu.engines.discretion.statutory import (
    Branch,
    CatalogueRules,
    InputError,
    ItemRule,
    statutory_range,
)

__all__ = ["BASE_KEYS", "InputError", "LawRange", "item_rule", "law_range"]

# The catalogue names the base of a multiple in Chinese; the engine by key.
BASE_KEYS: dict[str, str] = {
    "货值金额": "goods_value",
    "违法所得": "illegal_gain",
    "广告费用": "ad_cost",
    "违法经营额": "turnover",
    "销售额": "sales_last_year",
}
_CN_FIGURES = {"一万元": Decimal("10000"), "五千元": Decimal("5000"), "五万元": Decimal("50000")}


@dataclass(frozen=True)
class LawRange:
    minimum: Decimal
    maximum: Decimal
    explanation: str  # plain Chinese: which branch of which article applies, and the figures
    articles: tuple[str, ...] = ()
    branch: str = ""
    catalogue: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "min": str(self.minimum),
            "max": str(self.maximum),
            "explanation": self.explanation,
            "articles": list(self.articles),
            "branch": self.branch,
            "catalogue": self.catalogue,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> LawRange | None:
        if not data:
            return None
        return cls(
            minimum=Decimal(str(data.get("min", "0"))),
            maximum=Decimal(str(data.get("max", "0"))),
            explanation=str(data.get("explanation", "")),
            articles=tuple(data.get("articles") or ()),
            branch=str(data.get("branch", "")),
            catalogue=str(data.get("catalogue", "")),
        )

    @property
    def text(self) -> str:
        low, high = _yuan(self.minimum), _yuan(self.maximum)
        return f"{high}以下" if self.minimum == 0 else f"{low}以上{high}以下"


def _yuan(amount: Decimal) -> str:
    return f"{amount.normalize():,f}元"


def _figure(condition: str) -> Decimal | None:
    for words, amount in _CN_FIGURES.items():
        if words in condition:
            return amount
    match = re.search(r"(\d+)", condition)
    return Decimal(match.group(1)) if match else None


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def item_rule(item: ViolationItem) -> ItemRule:
    """The engine's rule for a catalogue item: its branches, most specific first."""
    fine = item.fine or {}
    floor = item.no_gain_rule or {}
    branches: list[Branch] = []
    if fine.get("kind") == "range":
        branches.append(Branch(label="依法", min=_d(fine["min"]), max=_d(fine["max"])))
    elif fine.get("kind") == "multiple":
        base = BASE_KEYS.get(str(fine.get("base_of", "")), "goods_value")
        condition = str(floor.get("condition", ""))
        figure = _figure(condition) if "不足" in condition else None
        low_times, high_times = _d(fine.get("min_times", 0)), _d(fine["max_times"])
        if floor.get("kind") == "range" and figure is not None:
            branches.append(
                Branch(label=condition, base=base, below=figure, min=_d(floor["min"]), max=_d(floor["max"]))
            )
            branches.append(
                Branch(
                    label=condition.replace("不足", "") + "以上",
                    base=base,
                    at_least=figure,
                    min_times=low_times,
                    max_times=high_times,
                )
            )
        elif floor.get("kind") == "range":
            branches.append(
                Branch(
                    label=condition or "没有违法所得",
                    base=base,
                    none=True,
                    min=_d(floor["min"]),
                    max=_d(floor["max"]),
                )
            )
            branches.append(
                Branch(
                    label=f"有{fine.get('base_of', '')}", base=base, min_times=low_times, max_times=high_times
                )
            )
        else:
            branches.append(
                Branch(
                    label=f"按{fine.get('base_of', '')}计",
                    base=base,
                    min_times=low_times,
                    max_times=high_times,
                )
            )
    return ItemRule(
        code=item.code,
        name=item.name,
        law=item.law,
        law_title=item.law_title or item.law,
        statute_version=item.statute_version,
        article=item.article,
        branches=tuple(branches),
    )


def law_range(
    item: ViolationItem,
    *,
    base: Decimal | None,
    party_kind: str = "enterprise",
    violation_date: dt.date | None = None,
    severity: str = "ordinary",
    facts: Collection[str] = (),
) -> LawRange | None:
    """The range the law allows for `item` in this case; None when the item sets no fine.

    `base` is the amount the item's multiple is counted on (货值金额 / 违法所得); leave it None when
    it is not known — an item whose fine depends on it then raises `InputError` naming the field.
    """
    rule = item_rule(item)
    if not rule.branches:
        return None
    amounts: dict[str, Decimal | None] = {}
    keys = {b.base for b in rule.branches if b.base}
    if base is not None:
        amounts = dict.fromkeys(keys, base)
    result = statutory_range(
        CatalogueRules(version=item.catalogue_version, items=(rule,)),
        item.code,
        violation_date=violation_date,
        party_kind="person" if party_kind == "person" else "enterprise",
        amounts=amounts,
        severity=severity,
        facts=facts,
    )
    return LawRange(
        minimum=result.min,
        maximum=result.max,
        explanation=result.explanation,
        articles=result.articles,
        branch=result.branch_label,
        catalogue=result.catalogue,
    )
