"""Input checking and the decision itself. See the package docstring for the rules in words."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jiandu.engines.discretion.ruleset import Ruleset, RulesetError, load_ruleset
from jiandu.engines.discretion.statutory import InputError

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
GUIDANCE = "《市场监管总局关于规范市场监督管理行政处罚裁量权的指导意见》(国市监法规〔2022〕2号)"

OUTCOMES: dict[str, str] = {
    "time_barred": "超过追责时效,不再给予行政处罚",
    "no_penalty": "不予行政处罚",
    "may_waive": "可以不予行政处罚(首违不罚)",
    "lenient": "从轻处罚",
    "mitigated": "减轻处罚",
    "aggravated": "从重处罚",
    "standard": "一般处罚",
}

# fact key -> (Chinese name, legal basis)
MITIGATING: dict[str, tuple[str, str]] = {
    "eliminated_harm": ("主动消除或者减轻违法行为危害后果", f"{LAW}第三十二条第(一)项"),
    "coerced_or_deceived": ("受他人胁迫或者诱骗实施违法行为", f"{LAW}第三十二条第(二)项"),
    "confessed_unknown": ("主动供述行政机关尚未掌握的违法行为", f"{LAW}第三十二条第(三)项"),
    "meritorious_cooperation": ("配合行政机关查处违法行为有立功表现", f"{LAW}第三十二条第(四)项"),
}
# The 指导意见 lists these 从重 circumstances; its article numbers are not yet checked ([unverified]).
AGGRAVATING: dict[str, tuple[str, str]] = {
    "repeat_within_year": ("一年内因同一种类违法行为受过行政处罚", GUIDANCE),
    "obstruction": ("拒绝、阻碍或者以暴力、威胁方式抗拒执法", GUIDANCE),
    "evidence_tampering": ("伪造、隐匿、毁灭证据", GUIDANCE),
    "retaliation": ("对举报人、证人打击报复", GUIDANCE),
    "during_emergency": ("在突发事件期间违反应对措施", f"{LAW}第四十九条"),
    "serious_consequence": ("造成严重危害后果", GUIDANCE),
}
OTHER_BOOLEANS: dict[str, str] = {
    "minor": "违法行为轻微",
    "corrected_in_time": "及时改正",
    "first_violation": "初次违法",
    "no_fault_proven": "有证据足以证明没有主观过错",
    "life_health_or_financial_with_harm": "涉及公民生命健康安全、金融安全且有危害后果",
}
FACT_BOOLEANS: tuple[str, ...] = (*OTHER_BOOLEANS, *MITIGATING, *AGGRAVATING)
FACT_DATES: dict[str, str] = {"violation_ended": "违法行为终了日期", "discovered": "发现日期"}
HARMS: dict[str, str] = {"none": "无危害后果", "minor": "危害后果轻微", "general": "一般", "serious": "严重"}
PARTY_KINDS = ("enterprise", "person")
CAPACITIES = ("full", "partial", "none")
CENT = Decimal("0.01")

_TOP_KEYS = ("id", "party", "penalty", "facts")
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


# --- checking the input -----------------------------------------------------------------------


def _unknown(data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
    extra = [key for key in data if key not in allowed]
    if extra:
        place = where or "输入"
        raise InputError(f"{place}含未知字段“{extra[0]}”,允许的字段为:{'、'.join(allowed)}")


def _amount(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"字段 {name} 应为数字(元)")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"字段 {name} 不是有限的数字")
    amount = Decimal(str(value))
    if amount < 0:
        raise InputError(f"字段 {name} 不能为负数")
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
        raise InputError("字段 penalty.kind 应为 range(罚款幅度)或 multiple(倍数罚款)")
    _unknown(raw, _PENALTY_KEYS[kind], "penalty ")
    for key in _PENALTY_KEYS[kind][1:]:
        if key not in raw:
            raise InputError(f"缺少字段 penalty.{key}")
    if kind == "range":
        low, high = _amount(raw["min"], "penalty.min"), _amount(raw["max"], "penalty.max")
        if low > high:
            raise InputError("字段 penalty.min 大于 penalty.max:罚款下限不能高于上限")
        return low, high, ""
    base = _amount(raw["base"], "penalty.base")
    low_times = _amount(raw["min_times"], "penalty.min_times")
    high_times = _amount(raw["max_times"], "penalty.max_times")
    if low_times > high_times:
        raise InputError("字段 penalty.min_times 大于 penalty.max_times:倍数下限不能高于上限")
    note = f"倍数罚款:计算基数 {_text(base)} 元 × {_text(low_times)}~{_text(high_times)} 倍"
    return base * low_times, base * high_times, note


def _date(value: Any, name: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise InputError(f"字段 facts.{name}({FACT_DATES[name]})应为 YYYY-MM-DD 格式的日期")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"字段 facts.{name}({FACT_DATES[name]})“{value}”不是有效日期") from None


def parse_case(data: Any) -> Case:
    """Check one decoded JSON line; raise :class:`InputError` naming the first bad field."""
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
        raise InputError("字段 party.kind 应为 enterprise(单位)或 person(自然人)")
    age = party.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 150):
        raise InputError("字段 party.age 应为 0 到 150 之间的整数")
    capacity = party.get("mental_capacity", "full")
    if capacity not in CAPACITIES:
        raise InputError("字段 party.mental_capacity 应为 full、partial 或 none")

    low, high, note = _penalty(_mapping(data.get("penalty"), "penalty"))

    facts = _mapping(data.get("facts"), "facts")
    _unknown(facts, (*FACT_BOOLEANS, *FACT_DATES, "harm"), "facts ")
    flags = set()
    for key in FACT_BOOLEANS:
        value = facts.get(key, False)
        if not isinstance(value, bool):
            raise InputError(f"字段 facts.{key} 应为 true 或 false")
        if value:
            flags.add(key)
    harm = facts.get("harm")
    if harm is not None and harm not in HARMS:
        raise InputError("字段 facts.harm 应为 none、minor、general 或 serious")
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


def _band(case: Case, ruleset: Ruleset, name: str) -> tuple[Decimal, Decimal]:
    assert case.fine_min is not None and case.fine_max is not None
    low, high = case.fine_min, case.fine_max
    low_fraction, high_fraction = ruleset.bands[name]
    span = high - low

    def clamp(amount: Decimal) -> Decimal:
        return min(max(_round(amount), low), high)

    return clamp(low + span * low_fraction), clamp(low + span * high_fraction)


def _mitigated(case: Case, ruleset: Ruleset) -> tuple[Decimal, Decimal] | None:
    """Below the statutory minimum and above zero; None when the statute sets no minimum."""
    assert case.fine_min is not None
    if case.fine_min <= CENT:
        return None
    low = max(_round(case.fine_min * ruleset.mitigated_lower_fraction), CENT)
    high = case.fine_min - CENT
    return min(low, high), high


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
    scope = "涉及公民生命健康安全、金融安全且有危害后果," if long else ""
    trace.add(
        f"违法行为于 {case.violation_ended.isoformat()} 终了,{case.discovered.isoformat()} 才被发现,"
        f"{scope}已超过 {years} 年追责时效(截至 {deadline.isoformat()}),不再给予行政处罚。",
        f"{LAW}第三十六条",
    )
    return True


def _no_penalty(case: Case, ruleset: Ruleset, trace: _Trace) -> bool:
    person = case.party_kind == "person"
    if person and case.age is not None and case.age < ruleset.age_no_penalty_below:
        trace.add(
            f"当事人为不满{ruleset.age_no_penalty_below}周岁的未成年人({case.age}周岁),不予行政处罚,"
            "应当责令监护人加以管教。",
            f"{LAW}第三十条",
        )
    elif person and case.mental_capacity == "none":
        trace.add(
            "当事人为在不能辨认或者不能控制自己行为时有违法行为的精神病人、智力残疾人,不予行政处罚,"
            "应当责令其监护人严加看管和治疗。",
            f"{LAW}第三十一条",
        )
    elif "minor" in case.flags and "corrected_in_time" in case.flags and case.harm == "none":
        trace.add("违法行为轻微并及时改正,没有造成危害后果,不予行政处罚。", f"{LAW}第三十三条第一款")
    elif "no_fault_proven" in case.flags:
        trace.add(
            "当事人有证据足以证明没有主观过错,不予行政处罚(法律、行政法规另有规定的从其规定)。",
            f"{LAW}第三十三条第二款",
        )
    else:
        return False
    trace.add("对当事人应当进行教育。", f"{LAW}第三十三条第三款")
    return True


def _may_waive(case: Case, trace: _Trace) -> bool:
    if not (
        "first_violation" in case.flags
        and "corrected_in_time" in case.flags
        and case.harm in ("none", "minor")
    ):
        return False
    trace.add(
        "初次违法且危害后果轻微并及时改正,可以不予行政处罚(首违不罚);不予处罚的应当对当事人进行教育。",
        f"{LAW}第三十三条第一款",
        f"{LAW}第三十三条第三款",
    )
    return True


def _mitigating(case: Case, ruleset: Ruleset) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if case.party_kind == "person" and case.age is not None and case.age < ruleset.age_adult:
        found.append(
            (
                f"已满{ruleset.age_no_penalty_below}周岁不满{ruleset.age_adult}周岁的未成年人({case.age}周岁),"
                "应当从轻或者减轻行政处罚",
                f"{LAW}第三十条",
            )
        )
    if case.party_kind == "person" and case.mental_capacity == "partial":
        found.append(
            (
                "尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人,可以从轻或者减轻",
                f"{LAW}第三十一条",
            )
        )
    for key, (label, basis) in MITIGATING.items():
        if key in case.flags:
            found.append((f"{label},应当从轻或者减轻行政处罚", basis))
    return found


def _aggravating(case: Case) -> list[tuple[str, str]]:
    return [(f"{label},依法从重", basis) for key, (label, basis) in AGGRAVATING.items() if key in case.flags]


def _fine_reason(name: str, band: tuple[Decimal, Decimal], note: str) -> str:
    prefix = f"{note};" if note else ""
    return f"{prefix}{name}幅度为 {_text(band[0])} 元至 {_text(band[1])} 元。"


def decide(case: Case, ruleset: Ruleset) -> dict[str, Any]:
    """The outcome, fine range, reasons and legal basis for one checked case."""
    trace = _Trace()
    has_fine = case.fine_min is not None
    outcome: str
    band: tuple[Decimal, Decimal] | None = None

    if _time_barred(case, ruleset, trace):
        outcome = "time_barred"
    elif _no_penalty(case, ruleset, trace):
        outcome = "no_penalty"
    elif _may_waive(case, trace):
        outcome = "may_waive"
        if has_fine:
            band = _band(case, ruleset, "lenient")
            trace.add(
                "如经裁量仍决定给予罚款,"
                + _fine_reason("按从轻处罚,罚款", band, case.fine_note).rstrip("。")
                + "(fine_range 即为此从轻幅度)。"
            )
    else:
        mitigating = _mitigating(case, ruleset)
        aggravating = _aggravating(case)
        for reason, basis in mitigating:
            trace.add(f"从轻、减轻情节:{reason}。", basis)
        for reason, basis in aggravating:
            trace.add(f"从重情节:{reason}。", basis)
        if mitigating and aggravating:
            outcome = "standard"
            trace.add(
                f"同时具有{len(mitigating)}项从轻、减轻情节和{len(aggravating)}项从重情节,"
                "综合裁量后在一般幅度内处罚。"
            )
        elif aggravating:
            outcome = "aggravated"
        elif len(mitigating) >= ruleset.mitigated_from_count:
            outcome = "mitigated"
            trace.add(
                f"具有{len(mitigating)}项从轻、减轻情节(达到{ruleset.mitigated_from_count}项),适用减轻处罚。"
            )
        elif mitigating:
            outcome = "lenient"
        else:
            outcome = "standard"
            trace.add("未发现法定不予处罚、从轻、减轻或者从重情节,在一般幅度内处罚。")
        if has_fine and outcome == "mitigated":
            band = _mitigated(case, ruleset)
            if band is None:
                band = _band(case, ruleset, "lenient")
                trace.add(
                    "法定罚款未设最低数额,无法在最低额以下减轻;可以选择较轻的处罚种类,"
                    "如处罚款的," + _fine_reason("罚款在从轻", band, case.fine_note)
                )
            else:
                trace.add(
                    _fine_reason("减轻处罚在法定最低罚款额以下、零以上,罚款", band, case.fine_note),
                    f"{LAW}第三十二条",
                )
        elif has_fine:
            name = {"lenient": "从轻", "aggravated": "从重", "standard": "一般"}[outcome]
            band = _band(case, ruleset, outcome)
            trace.add(_fine_reason(f"{name}处罚的罚款", band, case.fine_note))
    if outcome not in ("time_barred", "no_penalty"):
        trace.basis.append(f"{LAW}第五条第二款")
    if band is not None:
        trace.basis.append(f"{LAW}第三十四条;裁量基准:{ruleset.title}(版本 {ruleset.version})")
    return {
        "id": case.id,
        "outcome": outcome,
        "fine_range": None if band is None else {"min": _number(band[0]), "max": _number(band[1])},
        "reasons": trace.reasons,
        "legal_basis": trace.basis,
        "ruleset": ruleset.version,
    }


def _error(case_id: Any, message: str) -> dict[str, Any]:
    if isinstance(case_id, bool) or not isinstance(case_id, str | int):
        case_id = None
    return {"id": case_id, "error": message}


def assess(case: Mapping[str, Any], *, ruleset: Ruleset | None = None) -> dict[str, Any]:
    """One decoded CLI line in, one result out. Never raises: bad input comes back as {"id", "error"}."""
    case_id = case.get("id") if isinstance(case, Mapping) else None
    try:
        chosen = ruleset or load_ruleset()
        return decide(parse_case(case), chosen)
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
