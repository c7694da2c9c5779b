"""The statutory fine range of a catalogue item for one case, as the discretion floor hands it on.

The range is computed by ONE function, `jiandu.engines.discretion.statutory_range` (every branch the
law has: 货值金额 or 违法所得 thresholds, 不足一万元 floors, no gain, individuals, 情节较重/严重, per
unit). This module gives it the item's rules (`discretion.catalogue.catalogue_rules_for`, the one
conversion of catalogue items) and turns its answer into `LawRange`, the small record the check, the
case and the documents store and print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jiandu.discretion.catalogue import CatalogueError, ViolationItem, catalogue_rules_for
from jiandu.engines.discretion.statutory import InputError, statutory_range

__all__ = ["InputError", "LawRange", "base_of", "law_range"]


def base_of(item: ViolationItem) -> str:
    """What a gain-based item's fine is counted on (货值金额、违法所得 …), as the catalogue names it."""
    return str((item.fine or {}).get("base_of", "计罚基数"))


@dataclass(frozen=True)
class LawRange:
    minimum: Decimal
    maximum: Decimal
    explanation: str  # plain Chinese: which branch of which article applies, and the figures
    articles: tuple[str, ...] = ()
    branch: str = ""
    catalogue: str = ""
    # the minimum does not grow with the amount (a fixed range, or a multiple raised to its floor):
    # the amounts it was computed from then go to the engine's 过罚相当 rule (not stored)
    fixed_minimum: bool = field(default=False, compare=False)
    amounts: Mapping[str, Decimal | None] = field(default_factory=dict, compare=False)

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


def law_range(
    item: ViolationItem,
    *,
    base: Decimal | None,
    party_kind: str = "enterprise",
    violation_date: dt.date | None = None,
    severity: str = "ordinary",
    facts: Collection[str] = (),
    units: int | None = None,
) -> LawRange | None:
    """The range the law allows for `item` in this case; None when the item sets no fine.

    `base` is the amount the item's multiple is counted on (货值金额 / 违法所得); leave it None when
    it is not known — an item whose fine depends on it then raises `InputError` naming the field.
    `units` is the number of violations of an item fined per unit (None: one, and the explanation
    says so).
    """
    try:
        rules = catalogue_rules_for([item], item.catalogue_version or "—")
    except CatalogueError as error:
        raise InputError(str(error)) from None
    if not rules.items or not rules.items[0].branches:
        return None
    amounts: dict[str, Decimal | None] = {}
    keys = {b.base for b in rules.items[0].branches if b.base}
    if base is not None:
        amounts = dict.fromkeys(keys, base)
    result = statutory_range(
        rules,
        item.code,
        violation_date=violation_date,
        party_kind="person" if party_kind == "person" else "enterprise",
        amounts=amounts,
        severity=severity,
        facts=facts,
        units=units,
    )
    floored = result.base is not None and base is not None and base < (result.base_amount or 0)
    return LawRange(
        minimum=result.min,
        maximum=result.max,
        explanation=result.explanation,
        articles=result.articles,
        branch=result.branch_label,
        catalogue=result.catalogue,
        fixed_minimum=not result.per_unit and (result.min_times is None or floored),
        amounts=amounts,
    )
