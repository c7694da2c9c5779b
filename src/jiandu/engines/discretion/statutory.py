"""The statutory fine range (法定罚款幅度) of one catalogue item for the facts of one case.

Pure Python, no Django. The rules are data: each catalogue item carries an ordered list of
:class:`Branch` es, one for every branch its article has (货值金额不足一万元 / 一万元以上, 没有违法所得,
经营者为个人, 情节较重, 情节严重, counted per unit …). :func:`statutory_range` takes the first branch
whose conditions hold and turns it into money.

Public contract (kept stable; ``jiandu.cases`` calls it)::

    statutory_range(
        rules,                         # CatalogueRules: every item version of one catalogue
        code,                          # item code, e.g. "FSL-124-1-5"
        *,
        violation_date=None,           # datetime.date; picks the item version in force that day
        party_kind="enterprise",       # "enterprise" (单位) | "person" (个人, 个体工商户的经营者)
        amounts={},                    # {"goods_value" | "illegal_gain" | "ad_cost" | "turnover"
                                       #  | "sales_last_year": Decimal | None}
        units=None,                    # number of violations for a per-unit item (None → 1, said so)
        severity="ordinary",           # "ordinary" | "heavier" (情节较重) | "serious" (情节严重)
        facts=(),                      # names of facts that hold, e.g. {"ad_cost_obviously_low"}
    ) -> StatutoryRange                # .min, .max (Decimal yuan), .articles, .branch,
                                       # .branch_label, .explanation (Chinese), .item, .catalogue …

Amounts: a key that is absent is *unknown*; ``0`` means *none* (没有违法所得); ``None`` means the
amount *cannot be calculated* (无法计算 / 无法确定). A branch that needs an unknown amount raises
:class:`InputError` naming the field (``amounts.goods_value`` …), never guesses.

Branch conditions (all that are given must hold):

* ``none``: the base amount is 0 or cannot be calculated (没有违法所得 / 无法计算);
* ``below``: the base amount is known and less than the figure (不足一万元, 0 included);
* ``at_least``: the base amount is known and at least the figure (一万元以上);
* a fine of ``min_times``/``max_times`` needs the base amount known and above 0; with
  ``base_floor`` a smaller base counts as the floor (货值金额不足十万元的,按十万元计算);
* ``party``: ``person`` or ``enterprise``;
* ``severity``: ``heavier`` holds for 情节较重 and 情节严重, ``serious`` only for 情节严重; a branch
  without ``severity`` holds for any severity (so severity branches are listed first);
* ``facts``: each named fact is stated true.

A branch fines either a fixed range (``min``/``max``) or a multiple of the base (``min_times``/
``max_times``, optionally ``cap``); with ``per_unit`` both bounds are multiplied by the number of units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "AMOUNTS",
    "MAX_AMOUNT",
    "SEVERITIES",
    "Branch",
    "CatalogueRules",
    "InputError",
    "ItemRule",
    "StatutoryRange",
    "describe_branch",
    "money",
    "statutory_range",
]

AMOUNTS: dict[str, str] = {
    "goods_value": "货值金额",
    "illegal_gain": "违法所得",
    "ad_cost": "广告费用",
    "turnover": "违法经营额",
    "sales_last_year": "上一年度销售额",
    "false_capital": "虚报注册资本金额",
}
SEVERITIES: dict[str, str] = {"ordinary": "一般", "heavier": "情节较重", "serious": "情节严重"}
PARTIES: dict[str, str] = {"enterprise": "单位", "person": "个人"}
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e15")  # 一千万亿元: far above any fine, below where fen arithmetic overflows
MAX_UNITS = 10_000_000


class InputError(ValueError):
    """One case of the input is unusable; the message is Chinese and names the field."""


@dataclass(frozen=True)
class Branch:
    """One branch of an article: its conditions and the fine it sets."""

    label: str  # Chinese, e.g. 货值金额不足一万元
    article: str = ""  # where the branch is written, when not the item's own article
    base: str | None = None  # amount key the conditions and multiples read (AMOUNTS)
    none: bool = False
    below: Decimal | None = None
    at_least: Decimal | None = None
    party: str | None = None
    severity: str | None = None
    facts: tuple[str, ...] = ()
    min: Decimal | None = None
    max: Decimal | None = None
    min_times: Decimal | None = None
    max_times: Decimal | None = None
    cap: Decimal | None = None
    per_unit: bool = False
    base_floor: Decimal | None = None  # 不足 X 的按 X 计算: the base counts as at least this

    @property
    def is_multiple(self) -> bool:
        return self.max_times is not None


@dataclass(frozen=True)
class ItemRule:
    """One version of a catalogue item, as far as the fine is concerned."""

    code: str
    name: str
    law: str  # short name, e.g. 食品安全法
    law_title: str  # e.g. 中华人民共和国食品安全法
    statute_version: dt.date  # date of the statute text applied
    article: str  # e.g. 第一百二十四条第一款第（五）项
    branches: tuple[Branch, ...]
    effective_from: dt.date | None = None  # first day this version applies (violation date)
    effective_until: dt.date | None = None  # last day it applies; None = still in force
    unit: str = ""  # for a per-unit item, what one unit is (e.g. 套商品房)
    lineage: str = ""  # code of the first version when a revision renumbered the item; "" = code
    band_kind: str = ""  # which multiple-fine bands of the discretion ruleset apply (e.g. price_gain)

    def in_force(self, day: dt.date | None) -> bool:
        if day is None:
            return self.effective_until is None
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_until is None or day <= self.effective_until


@dataclass(frozen=True)
class CatalogueRules:
    """Every item version of one catalogue version."""

    version: str
    items: tuple[ItemRule, ...]

    def versions_of(self, code: str) -> list[ItemRule]:
        """Every version of item ``code``, including items that replace it after a revision."""
        own = [item for item in self.items if item.code == code]
        family = {item.lineage or item.code for item in own}
        return [item for item in self.items if item.code == code or (item.lineage or item.code) in family]

    def item(self, code: str, day: dt.date | None = None) -> ItemRule:
        """The version of item ``code`` in force on ``day`` (today's text when ``day`` is None)."""
        versions = self.versions_of(code)
        if not versions:
            raise InputError(f"字段 item：事项编码“{code}”不在裁量基准目录（版本 {self.version}）中")
        for item in versions:
            if item.in_force(day):
                return item
        when = day.isoformat() if day else "今日"
        raise InputError(f"字段 violation_date：事项“{code}”在 {when} 没有有效的法律依据版本")


@dataclass(frozen=True)
class StatutoryRange:
    min: Decimal
    max: Decimal
    item: str
    catalogue: str
    articles: tuple[str, ...]
    branch: int  # index of the branch taken in the item's list
    branch_label: str
    explanation: str
    statute_version: dt.date
    law_title: str
    units: int = 1
    per_unit: bool = False
    base: str | None = None
    base_amount: Decimal | None = None
    min_times: Decimal | None = None
    max_times: Decimal | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def money(amount: Decimal) -> str:
    """Yuan with thousands separators, fen only when not whole: 1,234 / 1,234.50."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,.2f}"


def _times(value: Decimal) -> str:
    return format(value.normalize(), "f")


_UNKNOWN = object()


def _base_value(branch: Branch, amounts: Mapping[str, Decimal | None]) -> object:
    assert branch.base is not None
    if branch.base not in amounts:
        return _UNKNOWN
    return amounts[branch.base]


def _need(item: ItemRule, branch: Branch) -> InputError:
    key = branch.base or ""
    name = AMOUNTS.get(key, key)
    return InputError(
        f"字段 amounts.{key}：事项 {item.code} 的罚款取决于{name}（{branch.label}），"
        f"请填写{name}（没有的填 0，无法计算的填 null）"
    )


def _holds(
    item: ItemRule,
    branch: Branch,
    *,
    party_kind: str,
    amounts: Mapping[str, Decimal | None],
    severity: str,
    facts: Collection[str],
) -> bool:
    if branch.party is not None and branch.party != party_kind:
        return False
    if branch.severity == "serious" and severity != "serious":
        return False
    if branch.severity == "heavier" and severity not in ("heavier", "serious"):
        return False
    if any(fact not in facts for fact in branch.facts):
        return False
    amount_conditions = branch.none or branch.below is not None or branch.at_least is not None
    if not amount_conditions and not branch.is_multiple:
        return True
    value = _base_value(branch, amounts)
    if value is _UNKNOWN:
        raise _need(item, branch)
    if branch.none:  # a multiple of nothing is no fine: such a branch never holds
        return (value is None or value == 0) and not branch.is_multiple
    if value is None:  # cannot be calculated: only a `none` branch takes it
        return False
    assert isinstance(value, Decimal)
    if branch.below is not None and not value < branch.below:
        return False
    if branch.at_least is not None and not value >= branch.at_least:
        return False
    return not (branch.is_multiple and value <= 0)


def _check_inputs(
    party_kind: str, amounts: Mapping[str, Decimal | None], units: int | None, severity: str
) -> None:
    if not isinstance(party_kind, str) or party_kind not in PARTIES:
        raise InputError("字段 party.kind 应为 enterprise（单位）或 person（个人）")
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise InputError("字段 severity 应为 ordinary（一般）、heavier（情节较重）或 serious（情节严重）")
    for key, value in amounts.items():
        if key not in AMOUNTS:
            raise InputError(f"字段 amounts 含未知金额“{key}”，允许：{'、'.join(AMOUNTS)}")
        if value is not None and (not value.is_finite() or value < 0 or value > MAX_AMOUNT):
            raise InputError(f"字段 amounts.{key}（{AMOUNTS[key]}）应为不小于零、不超过 10^15 的数字")
    if units is not None and (
        isinstance(units, bool) or not isinstance(units, int) or not 1 <= units <= MAX_UNITS
    ):
        raise InputError(f"字段 units（违法行为个数）应为 1 至 {MAX_UNITS:,} 的整数")


def statutory_range(
    rules: CatalogueRules,
    code: str,
    *,
    violation_date: dt.date | None = None,
    party_kind: str = "enterprise",
    amounts: Mapping[str, Decimal | None] | None = None,
    units: int | None = None,
    severity: str = "ordinary",
    facts: Collection[str] = (),
) -> StatutoryRange:
    """The statutory fine range of item ``code`` for these facts; see the module docstring.

    Raises :class:`InputError` (Chinese, naming the field) for an unknown item, an item not in
    force on ``violation_date``, bad inputs, or an amount the applicable branch needs but that is
    not given.
    """
    amounts = dict(amounts or {})
    _check_inputs(party_kind, amounts, units, severity)
    item = rules.item(code, violation_date)
    for index, branch in enumerate(item.branches):
        if _holds(item, branch, party_kind=party_kind, amounts=amounts, severity=severity, facts=facts):
            return _range(rules, item, index, branch, amounts, units)
    raise InputError(
        f"字段 amounts：事项 {item.code} 的法律规定没有适用于所给事实的罚款分支，请核对金额、情节和当事人类型"
    )


def _range(
    rules: CatalogueRules,
    item: ItemRule,
    index: int,
    branch: Branch,
    amounts: Mapping[str, Decimal | None],
    units: int | None,
) -> StatutoryRange:
    notes: list[str] = []
    base_amount: Decimal | None = None
    if branch.is_multiple:
        assert branch.base is not None and branch.max_times is not None
        value = amounts[branch.base]
        assert value is not None
        if branch.base_floor is not None and value < branch.base_floor:
            floor = money(branch.base_floor)
            notes.append(f"{AMOUNTS.get(branch.base, branch.base)}不足 {floor} 元，按 {floor} 元计算")
            value = branch.base_floor
        base_amount = value
        low_times = branch.min_times or Decimal(0)
        low, high = value * low_times, value * branch.max_times
        name = AMOUNTS.get(branch.base, branch.base)
        if low_times:
            how = f"{name} {money(value)} 元的 {_times(low_times)} 倍以上 {_times(branch.max_times)} 倍以下"
        else:
            how = f"{name} {money(value)} 元的 {_times(branch.max_times)} 倍以下"
        if branch.cap is not None and high > branch.cap:
            high = branch.cap
            low = min(low, high)
            how += f"，最高不超过 {money(branch.cap)} 元"
    else:
        assert branch.max is not None
        low, high = branch.min or Decimal(0), branch.max
        how = f"{money(low)} 元以上 {money(high)} 元以下" if low else f"{money(high)} 元以下"
    count = 1
    if branch.per_unit:
        count = units or 1
        unit = item.unit or "个违法行为"
        if units is None:
            notes.append(f"未给出违法行为个数（units），按 1 {unit}计")
        how = f"每{unit} {how}，共 {count} {unit}"
        low, high = low * count, high * count
    low = low.quantize(CENT, rounding=ROUND_HALF_UP)
    high = high.quantize(CENT, rounding=ROUND_HALF_UP)
    articles = [item.article]
    if branch.article and branch.article != item.article:
        articles.append(branch.article)
    where = "、".join(articles)
    explanation = (
        f"《{item.law_title}》（{item.statute_version.isoformat()}版）{where}：{branch.label}，"
        f"罚款为{how}，即 {money(low)} 元至 {money(high)} 元。"
    )
    if notes:
        explanation += ";".join(notes) + "。"
    return StatutoryRange(
        min=low,
        max=high,
        item=item.code,
        catalogue=rules.version,
        articles=tuple(articles),
        branch=index,
        branch_label=branch.label,
        explanation=explanation,
        statute_version=item.statute_version,
        law_title=item.law_title,
        units=count,
        per_unit=branch.per_unit,
        base=branch.base if branch.is_multiple else None,
        base_amount=base_amount,
        min_times=branch.min_times if branch.is_multiple else None,
        max_times=branch.max_times,
        notes=tuple(notes),
    )


def describe_branch(branch: Branch) -> str:
    """One branch in words, for the catalogue pages: 条件：罚款."""
    where = f"（{branch.article}）" if branch.article else ""
    if branch.is_multiple:
        assert branch.max_times is not None
        name = AMOUNTS.get(branch.base or "", branch.base or "")
        low = branch.min_times or Decimal(0)
        fine = (
            f"{name}{_times(low)}倍以上{_times(branch.max_times)}倍以下"
            if low
            else f"{name}{_times(branch.max_times)}倍以下"
        )
        if branch.base_floor is not None:
            fine += f"（{name}不足 {money(branch.base_floor)} 元的按 {money(branch.base_floor)} 元计算）"
        if branch.cap is not None:
            fine += f"，最高 {money(branch.cap)} 元"
    else:
        assert branch.max is not None
        low_amount = branch.min or Decimal(0)
        fine = (
            f"{money(low_amount)} 元以上 {money(branch.max)} 元以下"
            if low_amount
            else f"{money(branch.max)} 元以下"
        )
        if branch.max == 0:
            fine = "不处罚款"
    if branch.per_unit:
        fine = f"每个违法行为 {fine}"
    return f"{branch.label}{where}：{fine}"
