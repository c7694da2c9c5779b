"""Input checking and the decision itself. See the package docstring for the rules in words."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jiandu.engines.discretion.catalogue import shipped_rules
from jiandu.engines.discretion.ruleset import Ruleset, RulesetError, load_ruleset
from jiandu.engines.discretion.statutory import (
    AMOUNTS,
    MAX_AMOUNT,
    SEVERITIES,
    CatalogueRules,
    InputError,
    StatutoryRange,
    statutory_range,
)

__all__ = [
    "AGGRAVATING",
    "FACT_BOOLEANS",
    "MITIGATING",
    "OUTCOMES",
    "Case",
    "InputError",
    "assess",
    "assess_lines",
    "decide",
    "parse_case",
]

LAW = "《中华人民共和国行政处罚法》"
GUIDANCE = "《市场监管总局关于规范市场监督管理行政处罚裁量权的指导意见》（国市监法规〔2022〕2号）"

OUTCOMES: dict[str, str] = {
    "time_barred": "超过追责时效，不再给予行政处罚",
    "no_penalty": "不予行政处罚",
    "may_waive": "可以不予行政处罚（首违不罚）",
    "lenient": "从轻处罚",
    "mitigated": "减轻处罚",
    "aggravated": "从重处罚",
    "standard": "一般处罚",
}

G13 = f"{GUIDANCE}第十三条"
G14 = f"{GUIDANCE}第十四条"
G15 = f"{GUIDANCE}第十五条"
G16 = f"{GUIDANCE}第十六条"

# fact key -> (Chinese name, legal basis). 第十三条 (and 行政处罚法第三十二条): shall lighten.
SHALL_MITIGATE: dict[str, tuple[str, str]] = {
    "eliminated_harm": ("主动消除或者减轻违法行为危害后果", f"{LAW}第三十二条第（一）项；{G13}第（二）项"),
    "coerced_or_deceived": ("受他人胁迫或者诱骗实施违法行为", f"{LAW}第三十二条第（二）项；{G13}第（三）项"),
    "confessed_unknown": (
        "主动供述行政机关尚未掌握的违法行为",
        f"{LAW}第三十二条第（三）项；{G13}第（四）项",
    ),
    "meritorious_cooperation": (
        "配合行政机关查处违法行为有立功表现",
        f"{LAW}第三十二条第（四）项；{G13}第（五）项",
    ),
    "other_shall_mitigate": (
        "法律、法规、规章规定其他应当从轻或者减轻行政处罚的情形",
        f"{LAW}第三十二条第（五）项；{G13}第（六）项",
    ),
}
# 指导意见第十四条: may lighten.
MAY_MITIGATE: dict[str, tuple[str, str]] = {
    "cooperated": ("积极配合市场监管部门调查并主动提供证据材料", f"{G14}第（二）项"),
    "minor_social_harm": ("违法行为轻微，社会危害性较小", f"{G14}第（三）项"),
    "secondary_role": ("在共同违法行为中起次要或者辅助作用", f"{G14}第（四）项"),
    "hardship": ("因残疾或者重大疾病等原因生活确有困难", f"{G14}第（五）项"),
}
MITIGATING: dict[str, tuple[str, str]] = {**SHALL_MITIGATE, **MAY_MITIGATE}
# 指导意见第十五条 (and 行政处罚法第四十九条): shall aggravate.
SHALL_AGGRAVATE: dict[str, tuple[str, str]] = {
    "during_emergency": (
        "在重大传染病疫情等突发事件期间违反突发事件应对措施",
        f"{LAW}第四十九条；{G15}第（一）项",
    ),
}
# 指导意见第十六条: may aggravate.
MAY_AGGRAVATE: dict[str, tuple[str, str]] = {
    "serious_consequence": ("造成他人人身伤亡或者重大财产损失等严重危害后果", f"{G16}第（一）项"),
    "instigated_others": ("教唆、胁迫、诱骗他人实施违法行为", f"{G16}第（二）项"),
    "repeat_within_year": (
        "因同一性质的违法行为受过刑事处罚，或者一年内因同一性质的违法行为受过行政处罚",
        f"{G16}第（三）项",
    ),
    "obstruction": ("阻碍或者拒不配合行政执法人员依法执行职务", f"{G16}第（四）项"),
    "retaliation": ("对行政执法人员或者举报人、证人打击报复", f"{G16}第（四）项"),
    "seized_property_tampering": (
        "隐藏、转移、损毁、使用、处置依法查封、扣押的财物或者先行登记保存的证据",
        f"{G16}第（五）项",
    ),
    "evidence_tampering": ("伪造、隐匿、毁灭证据", f"{G16}第（六）项"),
}
AGGRAVATING: dict[str, tuple[str, str]] = {**SHALL_AGGRAVATE, **MAY_AGGRAVATE}
OTHER_BOOLEANS: dict[str, str] = {
    "minor": "违法行为轻微",
    "corrected_in_time": "及时改正",
    "first_violation": "初次违法",
    "no_fault_proven": "有证据足以证明没有主观过错",
    "life_health_or_financial_with_harm": "涉及公民生命健康安全、金融安全且有危害后果",
    "ad_cost_obviously_low": "广告费用明显偏低",
}
FACT_BOOLEANS: tuple[str, ...] = (*OTHER_BOOLEANS, *MITIGATING, *AGGRAVATING)
FACT_DATES: dict[str, str] = {"violation_ended": "违法行为终了日期", "discovered": "发现日期"}
HARMS: dict[str, str] = {"none": "无危害后果", "minor": "危害后果轻微", "general": "一般", "serious": "严重"}
PARTY_KINDS = ("enterprise", "person")
CAPACITIES = ("full", "partial", "none")
CENT = Decimal("0.01")
MAX_TIMES = Decimal(1000)

_TOP_KEYS = ("id", "party", "penalty", "facts", "item", "violation_date", "amounts", "units", "severity")
_ITEM_KEYS = ("item", "violation_date", "amounts", "units", "severity")
_PARTY_KEYS = ("kind", "age", "mental_capacity")
_PENALTY_KEYS = {"range": ("kind", "min", "max"), "multiple": ("kind", "base", "min_times", "max_times")}


@dataclass(frozen=True)
class Case:
    """One case after checking: a plain, typed view of a JSON line."""

    id: Any
    party_kind: str = "enterprise"
    age: int | None = None
    mental_capacity: str = "full"
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    fine_note: str = ""
    harm: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)
    violation_ended: dt.date | None = None
    discovered: dt.date | None = None
    statutory: StatutoryRange | None = None  # the item form: the range computed from the catalogue
    band_kind: str = ""
    denied: frozenset[str] = field(default_factory=frozenset)  # facts stated false (null/absent: not stated)
    amounts: Mapping[str, Decimal | None] = field(default_factory=dict)  # the item form's amounts


# --- checking the input -----------------------------------------------------------------------


def _unknown(data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    extra = [key for key in data if key not in allowed]
    if extra:
        place = where or "输入"
        raise InputError(f"{place}含未知字段“{extra[0]}”，允许的字段为：{'、'.join(allowed)}")


def _amount(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"字段 {name} 应为数字（元）")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"字段 {name} 不是有限的数字")
    amount = Decimal(str(value))
    if amount < 0:
        raise InputError(f"字段 {name} 不能为负数")
    if amount > MAX_AMOUNT:
        raise InputError(f"字段 {name} 超出可处理的范围（不超过 10^15）")
    return amount


def _mapping(value: Any, name: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(f"字段 {name} 应为 JSON 对象")
    return value


def _penalty(raw: Mapping[str, Any]) -> tuple[Decimal | None, Decimal | None, str]:
    if not raw:
        return None, None, ""
    kind = raw.get("kind")
    if kind not in _PENALTY_KEYS:
        raise InputError("字段 penalty.kind 应为 range（罚款幅度）或 multiple（倍数罚款）")
    _unknown(raw, _PENALTY_KEYS[kind], "penalty ")
    for key in _PENALTY_KEYS[kind][1:]:
        if key not in raw:
            raise InputError(f"缺少字段 penalty.{key}")
    if kind == "range":
        low, high = _amount(raw["min"], "penalty.min"), _amount(raw["max"], "penalty.max")
        if low > high:
            raise InputError("字段 penalty.min 大于 penalty.max：罚款下限不能高于上限")
        return low, high, ""
    base = _amount(raw["base"], "penalty.base")
    low_times = _amount(raw["min_times"], "penalty.min_times")
    high_times = _amount(raw["max_times"], "penalty.max_times")
    if high_times > MAX_TIMES:
        raise InputError(f"字段 penalty.max_times 超出可处理的范围（不超过 {MAX_TIMES} 倍）")
    if low_times > high_times:
        raise InputError("字段 penalty.min_times 大于 penalty.max_times：倍数下限不能高于上限")
    note = f"倍数罚款：计算基数 {_text(base)} 元 × {_text(low_times)}~{_text(high_times)} 倍"
    return base * low_times, base * high_times, note


def check_penalty(raw: Mapping[str, Any]) -> None:
    """Raise InputError when `raw` is not a penalty object the check can read (range or multiple)."""
    _penalty(_mapping(raw, "penalty"))


def _date(value: Any, name: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise InputError(f"字段 facts.{name}（{FACT_DATES[name]}）应为 YYYY-MM-DD 格式的日期")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"字段 facts.{name}（{FACT_DATES[name]}）“{value}”不是有效日期") from None


def _item_amounts(raw: Any) -> dict[str, Decimal | None]:
    amounts = _mapping(raw, "amounts")
    _unknown(amounts, tuple(AMOUNTS), "amounts ")
    result: dict[str, Decimal | None] = {}
    for key, value in amounts.items():
        result[key] = None if value is None else _amount(value, f"amounts.{key}({AMOUNTS[key]})")
    return result


def _item_range(
    data: Mapping[str, Any], party_kind: str, flags: set[str], rules: CatalogueRules | None
) -> tuple[StatutoryRange, str]:
    code = data.get("item")
    if not isinstance(code, str) or not code.strip():
        raise InputError("字段 item 应为违法行为事项编码（如 FSL-124-1-5）")
    raw_date = data.get("violation_date")
    day = None
    if raw_date is not None:
        if not isinstance(raw_date, str) or len(raw_date) != 10:
            raise InputError("字段 violation_date（违法行为发生日期）应为 YYYY-MM-DD 格式的日期")
        try:
            day = dt.date.fromisoformat(raw_date)
        except ValueError:
            raise InputError(f"字段 violation_date（违法行为发生日期）“{raw_date}”不是有效日期") from None
    units = data.get("units")
    severity = data.get("severity", "ordinary")
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise InputError("字段 severity 应为 ordinary（一般）、heavier（情节较重）或 serious（情节严重）")
    chosen = rules or shipped_rules()
    result = statutory_range(
        chosen,
        code.strip(),
        violation_date=day,
        party_kind=party_kind,
        amounts=_item_amounts(data.get("amounts")),
        units=units,
        severity=severity,
        facts=flags,
    )
    return result, chosen.item(result.item, day).band_kind


def parse_case(data: Any, rules: CatalogueRules | None = None) -> Case:
    """Check one decoded JSON line; raise :class:`InputError` naming the first bad field.

    ``rules`` is the catalogue the item form computes the statutory range from (default: the
    shipped catalogue).
    """
    if not isinstance(data, Mapping):
        raise InputError("每行应为一个 JSON 对象")
    _unknown(data, _TOP_KEYS, "")
    case_id = data.get("id")
    if case_id is None:
        raise InputError("缺少字段 id")
    if isinstance(case_id, bool) or not isinstance(case_id, str | int):
        raise InputError("字段 id 应为字符串或整数")

    party = _mapping(data.get("party"), "party")
    _unknown(party, _PARTY_KEYS, "party ")
    kind = party.get("kind", "enterprise")
    if kind not in PARTY_KINDS:
        raise InputError("字段 party.kind 应为 enterprise（单位）或 person（自然人）")
    age = party.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 150):
        raise InputError("字段 party.age 应为 0 到 150 之间的整数")
    capacity = party.get("mental_capacity", "full")
    if capacity not in CAPACITIES:
        raise InputError("字段 party.mental_capacity 应为 full、partial 或 none")

    facts = _mapping(data.get("facts"), "facts")
    _unknown(facts, (*FACT_BOOLEANS, *FACT_DATES, "harm"), "facts ")
    flags = set()
    denied = set()
    for key in FACT_BOOLEANS:
        value = facts.get(key)
        if value is not None and not isinstance(value, bool):
            raise InputError(f"字段 facts.{key} 应为 true、false 或 null（未查明）")
        if value:
            flags.add(key)
        elif value is False:
            denied.add(key)
    harm = facts.get("harm")
    if harm is not None and (not isinstance(harm, str) or harm not in HARMS):
        raise InputError("字段 facts.harm 应为 none、minor、general 或 serious")
    statutory: StatutoryRange | None = None
    band_kind = ""
    low: Decimal | None
    high: Decimal | None
    amounts: dict[str, Decimal | None] = {}
    if "item" in data:
        if "penalty" in data:
            raise InputError("字段 penalty 与 item 只能填一个：按事项编码由目录计算法定幅度，或直接给出幅度")
        statutory, band_kind = _item_range(data, kind, flags, rules)
        amounts = _item_amounts(data.get("amounts"))
        low, high, note = statutory.min, statutory.max, ""
    else:
        penalty = _mapping(data.get("penalty"), "penalty")
        # with a fixed range (kind range) the amounts may be given for the 过罚相当 rule alone
        fixed = penalty.get("kind") == "range"
        extra = [key for key in _ITEM_KEYS if key in data and not (key == "amounts" and fixed)]
        if extra:
            raise InputError(f"字段 {extra[0]} 只用于按事项编码（item）计算法定幅度，请同时填写 item")
        low, high, note = _penalty(penalty)
        if fixed:
            amounts = _item_amounts(data.get("amounts"))

    return Case(
        id=case_id,
        party_kind=kind,
        age=age,
        mental_capacity=capacity,
        fine_min=low,
        fine_max=high,
        fine_note=note,
        harm=harm,
        flags=frozenset(flags),
        violation_ended=_date(facts.get("violation_ended"), "violation_ended"),
        discovered=_date(facts.get("discovered"), "discovered"),
        statutory=statutory,
        band_kind=band_kind,
        denied=frozenset(denied),
        amounts=amounts,
    )


# --- amounts ----------------------------------------------------------------------------------


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _number(amount: Decimal) -> int | float:
    """Yuan as JSON: an integer when whole, else a float with two decimals."""
    rounded = _round(amount)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _text(amount: Decimal) -> str:
    value = _number(amount)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def _multiple_band(case: Case, ruleset: Ruleset, name: str) -> tuple[Decimal, Decimal] | None:
    """The band in multiples of the base, when the item's kind has bands of its own."""
    statutory = case.statutory
    if statutory is None or statutory.base_amount is None or not case.band_kind:
        return None
    bands = ruleset.multiple_bands.get(case.band_kind)
    if bands is None:
        return None
    low_times, high_times = bands[name]
    return statutory.base_amount * low_times, statutory.base_amount * high_times


def _band(case: Case, ruleset: Ruleset, name: str) -> tuple[Decimal, Decimal]:
    assert case.fine_min is not None and case.fine_max is not None
    low, high = case.fine_min, case.fine_max

    def clamp(amount: Decimal) -> Decimal:
        return min(max(_round(amount), low), high)

    by_times = _multiple_band(case, ruleset, name)
    if by_times is not None:
        return clamp(by_times[0]), clamp(by_times[1])
    low_fraction, high_fraction = ruleset.bands[name]
    span = high - low
    return clamp(low + span * low_fraction), clamp(low + span * high_fraction)


def _band_note(case: Case, ruleset: Ruleset, name: str) -> str:
    if _multiple_band(case, ruleset, name) is None:
        return case.fine_note
    assert case.statutory is not None and case.statutory.base is not None
    low_times, high_times = ruleset.multiple_bands[case.band_kind][name]
    base = AMOUNTS.get(case.statutory.base, case.statutory.base)
    source = ruleset.multiple_band_sources.get(case.band_kind, "")
    return (
        f"按{base}的倍数分档（{source}）：{_times(low_times)} 至 {_times(high_times)} 倍"
        if source
        else f"按{base}的倍数分档：{_times(low_times)} 至 {_times(high_times)} 倍"
    )


def _times(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _mitigated(case: Case, ruleset: Ruleset) -> tuple[Decimal, Decimal] | None:
    """Below the statutory minimum and above zero; None when the statute sets no minimum."""
    assert case.fine_min is not None
    if case.fine_min <= CENT:
        return None
    low = max(_round(case.fine_min * ruleset.mitigated_lower_fraction), CENT)
    high = case.fine_min - CENT
    return min(low, high), high


INVOLVED = ("goods_value", "illegal_gain", "turnover", "ad_cost")  # 涉案金额: what the act was worth


def _disproportion(case: Case, ruleset: Ruleset) -> str | None:
    """The 过罚相当 reason when the amount involved is tiny beside a fixed statutory minimum.

    Applies when the amounts are given (the item form, or ``amounts`` beside a ``range`` penalty,
    which counts as a fixed range) and the minimum does not grow with the amount (a fixed range, or
    a multiple raised to a floor such as 不足一万元的按一万元计算),
    the largest amount stated above zero of 货值金额, 违法所得, 违法经营额 and 广告费用 is at most
    ``disproportion_ratio`` of that minimum, and 违法行为轻微、社会危害性较小 is not stated false.
    """
    ratio, statutory = ruleset.disproportion_ratio, case.statutory
    if ratio is None or case.fine_min is None or case.fine_min <= CENT:
        return None
    if "minor_social_harm" in case.denied or (statutory is not None and statutory.per_unit):
        return None
    if statutory is not None and statutory.min_times is not None:
        actual = case.amounts.get(statutory.base) if statutory.base else None
        if actual is None or statutory.base_amount is None or actual >= statutory.base_amount:
            return None  # a multiple of the amount itself: in proportion by the law's own measure
    stated = [(AMOUNTS[key], case.amounts[key]) for key in INVOLVED if case.amounts.get(key)]
    if not stated:  # 0 says there was none (没有违法所得: the law's own branch), not that the act was small
        return None
    name, amount = max(stated, key=lambda pair: pair[1] or Decimal(0))
    assert amount is not None
    if amount > case.fine_min * ratio:
        return None
    return (
        f"涉案金额（{name} {_text(amount)} 元）不超过法定最低罚款 {_text(case.fine_min)} 元的 "
        f"{_times(ratio * 100)}%：如查明违法行为轻微、社会危害性较小，可以减轻处罚，"
        "在法定最低罚款额以下确定罚款（过罚相当），推荐幅度因此含减轻部分；减轻的，须在处罚决定书中写明理由，"
        "查明不属于轻微的（facts.minor_social_harm 为 false），推荐幅度不含减轻部分。"
    )


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- the decision -----------------------------------------------------------------------------


@dataclass
class _Trace:
    reasons: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)

    def add(self, reason: str, *basis: str) -> None:
        self.reasons.append(reason)
        for item in basis:
            if item not in self.basis:
                self.basis.append(item)


def _time_barred(case: Case, ruleset: Ruleset, trace: _Trace) -> bool:
    if case.violation_ended is None or case.discovered is None:
        return False
    long = "life_health_or_financial_with_harm" in case.flags
    years = ruleset.limitation_years_life_health_financial if long else ruleset.limitation_years
    deadline = _years_after(case.violation_ended, years)
    if case.discovered <= deadline:
        return False
    scope = "涉及公民生命健康安全、金融安全且有危害后果，" if long else ""
    trace.add(
        f"违法行为于 {case.violation_ended.isoformat()} 终了，{case.discovered.isoformat()} 才被发现，"
        f"{scope}已超过 {years} 年追责时效（截至 {deadline.isoformat()}），不再给予行政处罚。",
        f"{LAW}第三十六条",
    )
    return True


def _no_penalty(case: Case, ruleset: Ruleset, trace: _Trace) -> bool:
    person = case.party_kind == "person"
    if person and case.age is not None and case.age < ruleset.age_no_penalty_below:
        trace.add(
            f"当事人为不满{ruleset.age_no_penalty_below}周岁的未成年人（{case.age}周岁），不予行政处罚，"
            "应当责令监护人加以管教。",
            f"{LAW}第三十条",
        )
    elif person and case.mental_capacity == "none":
        trace.add(
            "当事人为在不能辨认或者不能控制自己行为时有违法行为的精神病人、智力残疾人，不予行政处罚，"
            "应当责令其监护人严加看管和治疗。",
            f"{LAW}第三十一条",
        )
    elif "minor" in case.flags and "corrected_in_time" in case.flags and case.harm == "none":
        trace.add("违法行为轻微并及时改正，没有造成危害后果，不予行政处罚。", f"{LAW}第三十三条第一款")
    elif "no_fault_proven" in case.flags:
        trace.add(
            "当事人有证据足以证明没有主观过错，不予行政处罚（法律、行政法规另有规定的从其规定）。",
            f"{LAW}第三十三条第二款",
        )
    else:
        return False
    trace.add("对当事人应当进行教育。", f"{LAW}第三十三条第三款")
    return True


def _may_waive(case: Case, ruleset: Ruleset, trace: _Trace) -> bool:
    presumed = case.harm is None and ruleset.unstated_harm == "absent"
    if not (
        "first_violation" in case.flags
        and "corrected_in_time" in case.flags
        and (case.harm in ("none", "minor") or presumed)
    ):
        return False
    if presumed:
        trace.add(
            "危害后果未写明：按裁量规则的默认（unstated_harm: absent），"
            "未查明危害后果的视为没有造成危害后果；如有危害后果，请在 harm 中写明后重新裁量。"
        )
    trace.add(
        "初次违法且危害后果轻微并及时改正，可以不予行政处罚（首违不罚）；不予处罚的应当对当事人进行教育。",
        f"{LAW}第三十三条第一款",
        f"{LAW}第三十三条第三款",
    )
    return True


def _mitigating(case: Case, ruleset: Ruleset) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if case.party_kind == "person" and case.age is not None and case.age < ruleset.age_adult:
        found.append(
            (
                f"已满{ruleset.age_no_penalty_below}周岁不满{ruleset.age_adult}周岁的未成年人（{case.age}周岁），"
                "应当从轻或者减轻行政处罚",
                f"{LAW}第三十条",
            )
        )
    if case.party_kind == "person" and case.mental_capacity == "partial":
        found.append(
            (
                "尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人，可以从轻或者减轻",
                f"{LAW}第三十一条",
            )
        )
    for key, (label, basis) in SHALL_MITIGATE.items():
        if key in case.flags:
            found.append((f"{label}，应当从轻或者减轻行政处罚", basis))
    for key, (label, basis) in MAY_MITIGATE.items():
        if key in case.flags:
            found.append((f"{label}，可以从轻或者减轻行政处罚", basis))
    return found


def _unknown_mitigation(case: Case, ruleset: Ruleset) -> list[str]:
    """The mitigating circumstances (指导意见第十三、十四条) neither stated true nor false, by name,
    when the ruleset counts them as unknown; empty under ``unstated_mitigation: absent``."""
    if ruleset.unstated_mitigation != "unknown":
        return []
    return [
        f"{label}（{basis.split('；')[-1].replace(GUIDANCE, '指导意见')}）"
        for key, (label, basis) in MITIGATING.items()
        if key not in case.denied
        and key not in case.flags
        and (key != "hardship" or case.party_kind == "person")  # 残疾、重大疾病: a natural person
    ]


def _shall_count(case: Case, ruleset: Ruleset) -> int:
    """How many of the mitigating circumstances are 应当 (shall) ones."""
    count = sum(key in case.flags for key in SHALL_MITIGATE)
    if case.party_kind == "person" and case.age is not None and case.age < ruleset.age_adult:
        count += 1
    return count


def _aggravating(case: Case) -> list[tuple[str, str]]:
    shall = [
        (f"{label}，应当从重处罚", basis)
        for key, (label, basis) in SHALL_AGGRAVATE.items()
        if key in case.flags
    ]
    may = [
        (f"{label}，可以从重处罚", basis)
        for key, (label, basis) in MAY_AGGRAVATE.items()
        if key in case.flags
    ]
    return shall + may


def _fine_reason(name: str, band: tuple[Decimal, Decimal], note: str) -> str:
    prefix = f"{note};" if note else ""
    return f"{prefix}{name}幅度为 {_text(band[0])} 元至 {_text(band[1])} 元。"


def decide(case: Case, ruleset: Ruleset) -> dict[str, Any]:
    """The outcome, fine range, reasons and legal basis for one checked case."""
    trace = _Trace()
    has_fine = case.fine_min is not None
    outcome: str
    band: tuple[Decimal, Decimal] | None = None
    aggravating: list[tuple[str, str]] = []

    if _time_barred(case, ruleset, trace):
        outcome = "time_barred"
    elif _no_penalty(case, ruleset, trace):
        outcome = "no_penalty"
    elif _may_waive(case, ruleset, trace):
        outcome = "may_waive"
        if has_fine:
            band = _band(case, ruleset, "lenient")
            trace.add(
                "如经裁量仍决定给予罚款，"
                + _fine_reason("按从轻处罚，罚款", band, _band_note(case, ruleset, "lenient")).rstrip("。")
                + "（fine_range 即为此从轻幅度）。"
            )
    else:
        mitigating = _mitigating(case, ruleset)
        aggravating = _aggravating(case)
        for reason, basis in mitigating:
            trace.add(f"从轻、减轻情节：{reason}。", basis)
        for reason, basis in aggravating:
            trace.add(f"从重情节：{reason}。", basis)
        if mitigating and aggravating:
            outcome = "standard"
            trace.add(
                f"同时具有{len(mitigating)}项从轻、减轻情节和{len(aggravating)}项从重情节，"
                "综合裁量后在一般幅度内处罚。",
                f"{GUIDANCE}第十七条",
            )
        elif aggravating:
            outcome = "aggravated"
        elif len(mitigating) >= ruleset.mitigated_from_count and (
            not ruleset.mitigated_needs_shall or _shall_count(case, ruleset)
        ):
            outcome = "mitigated"
            trace.add(
                f"具有{len(mitigating)}项从轻、减轻情节（达到{ruleset.mitigated_from_count}项），适用减轻处罚。"
            )
        elif mitigating:
            outcome = "lenient"
            if len(mitigating) >= ruleset.mitigated_from_count:
                trace.add(
                    f"具有{len(mitigating)}项从轻、减轻情节，但均为“可以”从轻或者减轻的情节"
                    f"（{GUIDANCE}第十四条），按裁量规则适用从轻处罚；减轻须有应当从轻或者减轻的情节。"
                )
        else:
            outcome = "standard"
            if not _unknown_mitigation(case, ruleset):
                trace.add("未发现法定不予处罚、从轻、减轻或者从重情节，在一般幅度内处罚。")
        unknown = _unknown_mitigation(case, ruleset) if outcome == "standard" and not aggravating else []
        if unknown:
            trace.add(
                "未写明从重情节；以下从轻、减轻情节未写明是否具有（未查明）：" + "、".join(unknown) + "。"
                "按裁量规则，未查明的情节不视为不具有，结果为一般处罚，"
                "推荐罚款幅度含从轻部分；查明后请写明具有或者不具有，重新裁量。"
                "从重情节须有证据证明，未写明的不推定。",
                G14,
                f"{LAW}第四十条",
            )
        if has_fine and unknown:
            lenient, standard = _band(case, ruleset, "lenient"), _band(case, ruleset, "standard")
            band = min(lenient[0], standard[0]), max(lenient[1], standard[1])
            trace.add(
                _fine_reason(
                    "罚款自从轻幅度下限至一般幅度上限，", band, _band_note(case, ruleset, "standard")
                )
            )
        elif has_fine and outcome == "mitigated":
            band = _mitigated(case, ruleset)
            if band is None:
                band = _band(case, ruleset, "lenient")
                trace.add(
                    "法定罚款未设最低数额，无法在最低额以下减轻；可以选择较轻的处罚种类，"
                    "如处罚款的，" + _fine_reason("罚款在从轻", band, _band_note(case, ruleset, "lenient"))
                )
            else:
                trace.add(
                    _fine_reason("减轻处罚在法定最低罚款额以下、零以上，罚款", band, case.fine_note),
                    f"{LAW}第三十二条",
                )
        elif has_fine:
            name = {"lenient": "从轻", "aggravated": "从重", "standard": "一般"}[outcome]
            band = _band(case, ruleset, outcome)
            trace.add(_fine_reason(f"{name}处罚的罚款", band, _band_note(case, ruleset, outcome)))
    if band is not None and outcome in ("standard", "lenient") and not aggravating:
        proportion = _disproportion(case, ruleset)
        below = _mitigated(case, ruleset) if proportion else None
        if proportion and below is not None:
            band = below[0], band[1]
            trace.add(proportion, f"{G14}第（三）项", f"{LAW}第五条第二款")
            trace.add(_fine_reason("含减轻部分，罚款", band, case.fine_note))
    if outcome not in ("time_barred", "no_penalty") and f"{LAW}第五条第二款" not in trace.basis:
        trace.basis.append(f"{LAW}第五条第二款")
    if band is not None:
        trace.basis.append(f"{LAW}第三十四条；裁量基准：{ruleset.title}（版本 {ruleset.version}）")
    result: dict[str, Any] = {
        "id": case.id,
        "outcome": outcome,
        "fine_range": None if band is None else {"min": _number(band[0]), "max": _number(band[1])},
        "reasons": trace.reasons,
        "legal_basis": trace.basis,
        "ruleset": ruleset.version,
    }
    if case.statutory is not None:
        result.update(_statutory_output(case.statutory))
        result["reasons"] = [f"法定罚款幅度：{case.statutory.explanation}", *trace.reasons]
        basis = f"《{case.statutory.law_title}》{'、'.join(case.statutory.articles)}"
        result["legal_basis"] = [basis, *trace.basis]
    return result


def _statutory_output(statutory: StatutoryRange) -> dict[str, Any]:
    return {
        "statutory_range": {
            "min": _number(statutory.min),
            "max": _number(statutory.max),
            "branch": statutory.branch_label,
            "articles": list(statutory.articles),
            "explanation": statutory.explanation,
            "units": statutory.units,
        },
        "item": statutory.item,
        "statute": {"title": statutory.law_title, "version": statutory.statute_version.isoformat()},
        "catalogue": statutory.catalogue,
    }


def _error(case_id: Any, message: str) -> dict[str, Any]:
    if isinstance(case_id, bool) or not isinstance(case_id, str | int):
        case_id = None
    return {"id": case_id, "error": message}


def assess(
    case: Mapping[str, Any], *, ruleset: Ruleset | None = None, rules: CatalogueRules | None = None
) -> dict[str, Any]:
    """One decoded CLI line in, one result out. Never raises: bad input comes back as {"id", "error"}.

    ``rules``: the catalogue the item form reads (default: the shipped one)."""
    case_id = case.get("id") if isinstance(case, Mapping) else None
    try:
        chosen = ruleset or load_ruleset()
        return decide(parse_case(case, rules), chosen)
    except (InputError, RulesetError) as error:
        return _error(case_id, str(error))


def assess_lines(lines: Iterable[str], *, ruleset: Ruleset | None = None) -> Iterator[dict[str, Any]]:
    """JSON Lines in, one result per non-blank line, in order."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_constant=_reject_constant)
        except (ValueError, InputError) as error:
            detail = str(error) if isinstance(error, InputError) else "不是合法的 JSON"
            yield _error(None, f"第 {number} 行{detail}")
            continue
        yield assess(data, ruleset=ruleset)


def _reject_constant(name: str) -> Any:
    raise InputError(f"含非法数值 {name}")
