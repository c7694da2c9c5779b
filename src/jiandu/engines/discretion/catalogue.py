"""The rule catalogue file (``rulesets/catalogue/catalogue.yaml``) read through one strict schema.

Pure Python (pydantic, no Django). Every mapping of the file has a closed set of keys with fixed
types: an unknown key, a missing key or a value of the wrong type is refused with a Chinese message
naming the file, the item code and the field, e.g.
``catalogue.yaml 事项 PRP-7 字段 note(说明):不是允许的字段``. (An unquoted comma inside a YAML
flow mapping used to split a text silently into a cut-short value and a stray key; the schema now
refuses the stray key, see ``docs/decisions/0007-catalogue-schema-and-statutory-range.md``.)

From the checked file :func:`catalogue_rules` builds the :class:`~.statutory.CatalogueRules` the
statutory range is computed from: one :class:`~.statutory.ItemRule` per item and law text in force,
with its fine branches — written out in the item (``branches``) or derived from ``fine`` and
``no_gain_rule`` (see :func:`derive_branches`).

Dating: a law names the text it cites (``file``, ``version``), the first and last day that text
applies to a violation (``in_force_from``, ``in_force_until``) and any later texts in which the
cited articles stand unchanged (``later_texts``); each gives the item a version for its period. An
item whose article moved in a revision is a new item that ``replaces`` the old code; asking for the
old code on a later date finds the new item.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError

from jiandu.engines.discretion.ruleset import RulesetError
from jiandu.engines.discretion.statutory import AMOUNTS, Branch, CatalogueRules, ItemRule

__all__ = [
    "BASE_OF",
    "CATALOGUE_FILE",
    "PENALTY_KINDS",
    "CatalogueFile",
    "ExemptionFile",
    "ItemEntry",
    "LawEntry",
    "catalogue_rules",
    "derive_branches",
    "load_catalogue_file",
    "load_exemptions_file",
    "parse_catalogue",
    "parse_exemptions",
    "shipped_catalogue_file",
    "shipped_rules",
]

CATALOGUE_FILE = Path(__file__).resolve().parents[2] / "rulesets" / "catalogue" / "catalogue.yaml"

# The values of jiandu.cases.models.PenaltyKind (a test keeps the two lists equal).
PENALTY_KINDS = (
    "warning",
    "criticism",
    "fine",
    "confiscate_gain",
    "confiscate_property",
    "suspend_licence",
    "downgrade",
    "revoke_licence",
    "restrict_business",
    "suspend_business",
    "close",
    "ban_employment",
)  # no 行政拘留 (detention): only public security organs may impose it
# The Chinese base of a multiple fine → the amount key of the CLI (statutory.AMOUNTS).
BASE_OF: dict[str, str] = {
    "货值金额": "goods_value",
    "违法所得": "illegal_gain",
    "广告费用": "ad_cost",
    "违法经营额": "turnover",
    "上一年度销售额": "sales_last_year",
    "虚报注册资本金额": "false_capital",
}

Number = int | float
PenaltyKindName = Literal[
    "warning",
    "criticism",
    "fine",
    "confiscate_gain",
    "confiscate_property",
    "suspend_licence",
    "downgrade",
    "revoke_licence",
    "restrict_business",
    "suspend_business",
    "close",
    "ban_employment",
    "detention",
]

FIELD_NAMES: dict[str, str] = {
    "version": "版本号",
    "published_on": "发布日期",
    "laws": "法律表",
    "items": "事项表",
    "code": "事项编码",
    "domain": "领域",
    "law": "法律简称",
    "article_no": "条号",
    "article": "条款",
    "name": "违法行为",
    "penalty_kinds": "处罚种类",
    "fine": "罚款规则",
    "no_gain_rule": "无违法所得时的规则",
    "quote": "条文摘录",
    "note": "说明",
    "branches": "罚款分支",
    "unit": "计数单位",
    "replaces": "所替代的事项",
    "band_kind": "倍数罚款分档类别",
    "kind": "种类",
    "min": "最低额",
    "max": "最高额",
    "base_of": "计算基数",
    "min_times": "最低倍数",
    "max_times": "最高倍数",
    "cap": "封顶额",
    "condition": "适用条件",
    "item_codes": "对应事项编码",
    "description": "情形",
    "requires": "判断条件",
    "conditions": "适用条件",
    "follow_up": "后续要求",
    "source": "来源",
    "verified": "已核对原文",
    "entries": "清单事项",
    "lists": "清单",
    "first_violation_window_years": "初次违法认定期间（年）",
    "below": "门槛（不足）",
    "text": "文字说明",
    "title": "法律名称",
    "file": "法律文本文件",
    "in_force_from": "施行日期",
    "in_force_until": "停止适用日期",
    "later_texts": "后续文本",
    "label": "分支说明",
    "base": "金额字段",
    "none": "没有或者无法计算",
    "at_least": "门槛（以上）",
    "party": "当事人类型",
    "severity": "情节",
    "facts": "所需事实",
    "per_unit": "按个数计",
    "base_floor": "计算基数下限",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LaterText(_Strict):
    file: str
    version: dt.date
    in_force_from: dt.date


class LawEntry(_Strict):
    title: str
    file: str
    version: dt.date
    in_force_from: dt.date | None = None
    in_force_until: dt.date | None = None
    later_texts: list[LaterText] = []
    note: str = ""


class FineRange(_Strict):
    kind: Literal["range"]
    min: Number = Field(ge=0)
    max: Number = Field(ge=0)


class FineMultiple(_Strict):
    kind: Literal["multiple"]
    base_of: str
    min_times: Number = Field(ge=0)
    max_times: Number = Field(ge=0)
    cap: Number | None = Field(default=None, ge=0)


class NoGainRange(_Strict):
    condition: str
    kind: Literal["range"]
    min: Number = Field(ge=0)
    max: Number = Field(ge=0)
    below: Number | None = Field(default=None, gt=0)


class NoGainMultiple(_Strict):
    condition: str
    kind: Literal["multiple"]
    base_of: str
    min_times: Number = Field(ge=0)
    max_times: Number = Field(ge=0)
    below: Number | None = Field(default=None, gt=0)


class NoGainText(_Strict):
    text: str


_TAGS = ("range", "multiple", "text")


def _kind(value: Any) -> str | None:
    """The union member a fine rule is checked as: its ``kind``, or ``text`` when it has none."""
    if isinstance(value, dict):
        kind = value.get("kind", "text")
        return kind if kind in _TAGS else None
    return getattr(value, "kind", "text")


class BranchEntry(_Strict):
    label: str
    article: str = ""
    base: (
        Literal["goods_value", "illegal_gain", "ad_cost", "turnover", "sales_last_year", "false_capital"]
        | None
    ) = None
    none: bool = False
    below: Number | None = Field(default=None, gt=0)
    at_least: Number | None = Field(default=None, gt=0)
    party: Literal["person", "enterprise"] | None = None
    severity: Literal["heavier", "serious"] | None = None
    facts: list[str] = []
    min: Number | None = Field(default=None, ge=0)
    max: Number | None = Field(default=None, ge=0)
    min_times: Number | None = Field(default=None, ge=0)
    max_times: Number | None = Field(default=None, ge=0)
    cap: Number | None = Field(default=None, ge=0)
    per_unit: bool = False
    base_floor: Number | None = Field(default=None, gt=0)


class ItemEntry(_Strict):
    code: str = Field(pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$")
    domain: str
    law: str
    article_no: int = Field(ge=1, le=999)
    article: str
    name: str
    penalty_kinds: list[PenaltyKindName]
    fine: (
        Annotated[
            Annotated[FineRange, Tag("range")] | Annotated[FineMultiple, Tag("multiple")],
            Discriminator(_kind),
        ]
        | None
    )
    no_gain_rule: (
        Annotated[
            Annotated[NoGainRange, Tag("range")]
            | Annotated[NoGainMultiple, Tag("multiple")]
            | Annotated[NoGainText, Tag("text")],
            Discriminator(_kind),
        ]
        | None
    )
    quote: str
    note: str = ""
    branches: list[BranchEntry] | None = None
    unit: str = ""
    replaces: str = ""
    band_kind: str = ""


class CatalogueFile(_Strict):
    version: str
    published_on: dt.date
    laws: dict[str, LawEntry]
    items: list[ItemEntry]


class ExemptionEntry(_Strict):
    code: str
    item_codes: list[str]
    description: str
    requires: dict[str, bool | list[str] | str] = {}
    conditions: list[str]
    follow_up: list[str]
    source: str = ""
    verified: bool = False


class ExemptionList(_Strict):
    name: str
    kind: Literal["首违不罚", "轻微不罚"]
    basis: str = ""
    entries: list[ExemptionEntry]


class ExemptionFile(_Strict):
    """rulesets/exemptions/exemptions.yaml: the 首违不罚 and 轻微违法不予处罚 lists."""

    first_violation_window_years: int = Field(ge=1, le=20)
    lists: list[ExemptionList]


# --- reading -----------------------------------------------------------------------------------

_MESSAGES = {
    "extra_forbidden": "不是允许的字段（文字中未加引号的逗号会把文字截断成多余的字段，请给整段文字加引号）",
    "missing": "缺少此字段",
    "literal_error": "取值不在允许范围内",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "float_type": "应为数字",
    "bool_type": "应为 true 或 false",
    "date_type": "应为 YYYY-MM-DD 格式的日期",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "greater_than_equal": "不能为负数",
    "greater_than": "应大于零",
    "less_than_equal": "超出允许范围",
    "union_tag_invalid": "种类（kind）应为 range（幅度）或 multiple（倍数）",
    "union_tag_not_found": "种类（kind）应为 range（幅度）或 multiple（倍数）",
    "string_pattern_mismatch": "格式不对（大写字母、数字，以连字符分段）",
}


def _describe(error: Any, raw: Any, file_name: str) -> str:
    loc = list(error["loc"])
    where = file_name
    if loc[:1] == ["items"] and len(loc) > 1 and isinstance(loc[1], int):
        items = raw.get("items")
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        code = item.get("code") if isinstance(item, dict) else None
        where += f" 事项 {code}" if code else f" 第 {loc[1] + 1} 个事项"
        loc = loc[2:]
    elif loc[:1] == ["lists"] and len(loc) > 1 and isinstance(loc[1], int):
        lists = raw.get("lists")
        entry_list = lists[loc[1]] if isinstance(lists, list) and loc[1] < len(lists) else None
        name = entry_list.get("name") if isinstance(entry_list, dict) else None
        where += f" 清单“{name}”" if name else f" 第 {loc[1] + 1} 个清单"
        loc = loc[2:]
        if (
            loc[:1] == ["entries"]
            and len(loc) > 1
            and isinstance(loc[1], int)
            and isinstance(entry_list, dict)
        ):
            entries = entry_list.get("entries")
            entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
            code = entry.get("code") if isinstance(entry, dict) else None
            where += f" 事项 {code}" if code else f" 第 {loc[1] + 1} 项"
            loc = loc[2:]
    elif loc[:1] == ["laws"] and len(loc) > 1:
        where += f" 法律“{loc[1]}”"
        loc = loc[2:]
    parts: list[str] = []
    number_expected = False
    for number, part in enumerate(loc):
        if isinstance(part, int):
            if parts:
                parts[-1] += f"[{part + 1}]"
            continue
        if number and loc[number - 1] in ("fine", "no_gain_rule") and part in _TAGS:
            continue
        if part in ("int", "float"):  # a member of the int | float union: say "a number"
            number_expected = True
            continue
        parts.append(str(part))
    path = ".".join(parts) or "（整个对象）"
    last = parts[-1].split("[")[0] if parts else ""
    label = f"（{FIELD_NAMES[last]}）" if last in FIELD_NAMES else ""
    message = "应为数字" if number_expected else _MESSAGES.get(error["type"], "不符合格式要求")
    return f"{where} 字段 {path}{label}：{message}"


def parse_catalogue(raw: Any, file_name: str = "catalogue.yaml") -> CatalogueFile:
    """Check decoded YAML against the schema and the cross-field rules; raise RulesetError in Chinese."""
    if not isinstance(raw, dict):
        raise RulesetError(f"{file_name}：应为一个 YAML 对象")
    try:
        catalogue = CatalogueFile.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        raise RulesetError(_describe(first, raw, file_name)) from None
    _cross_check(catalogue, file_name)
    return catalogue


def _cross_check(catalogue: CatalogueFile, file_name: str) -> None:
    codes: set[str] = set()
    for item in catalogue.items:
        where = f"{file_name} 事项 {item.code}"
        if item.code in codes:
            raise RulesetError(f"{where} 字段 code（事项编码）：编码重复")
        codes.add(item.code)
        if item.law not in catalogue.laws:
            raise RulesetError(f"{where} 字段 law（法律简称）：“{item.law}”不在法律表中")
        for name, rule in (("fine", item.fine), ("no_gain_rule", item.no_gain_rule)):
            if isinstance(rule, FineRange | NoGainRange) and rule.min > rule.max:
                raise RulesetError(f"{where} 字段 {name}.min（最低额）：大于最高额")
            if isinstance(rule, FineMultiple | NoGainMultiple):
                if rule.min_times > rule.max_times:
                    raise RulesetError(f"{where} 字段 {name}.min_times（最低倍数）：大于最高倍数")
                if _base_key(rule.base_of) is None:
                    raise RulesetError(
                        f"{where} 字段 {name}.base_of（计算基数）：“{rule.base_of}”不是已知的计算基数"
                        f"（{'、'.join(BASE_OF)}）"
                    )
        for number, branch in enumerate(item.branches or (), start=1):
            _check_branch(branch, f"{where} 字段 branches[{number}]")
    for item in catalogue.items:
        if item.replaces and item.replaces not in codes:
            raise RulesetError(
                f"{file_name} 事项 {item.code} 字段 replaces（所替代的事项）：“{item.replaces}”不存在"
            )


def _check_branch(branch: BranchEntry, where: str) -> None:
    fixed = branch.max is not None
    multiple = branch.max_times is not None
    if fixed == multiple:
        raise RulesetError(f"{where}：应写明 max（最高额）或 max_times（最高倍数）之一")
    if (multiple or branch.none or branch.below or branch.at_least) and branch.base is None:
        raise RulesetError(f"{where} 字段 base（金额字段）：按金额判断或计算的分支须写明金额字段")
    if fixed and branch.min is not None and branch.max is not None and branch.min > branch.max:
        raise RulesetError(f"{where} 字段 min（最低额）：大于最高额")
    low_times, high_times = branch.min_times, branch.max_times
    if low_times is not None and high_times is not None and low_times > high_times:
        raise RulesetError(f"{where} 字段 min_times（最低倍数）：大于最高倍数")
    if fixed and (branch.min_times is not None or branch.cap is not None):
        raise RulesetError(f"{where}：固定幅度的分支不能写倍数或封顶额")
    if multiple and branch.none:
        raise RulesetError(f"{where}：“没有或者无法计算”的分支不能按该金额的倍数计罚")
    if multiple and branch.min is not None:
        raise RulesetError(f"{where}：倍数分支不能写 min（最低额）")


def parse_exemptions(raw: Any, file_name: str = "exemptions.yaml") -> ExemptionFile:
    """Check the exemption lists against their schema; raise RulesetError in Chinese."""
    if not isinstance(raw, dict):
        raise RulesetError(f"{file_name}：应为一个 YAML 对象")
    try:
        parsed = ExemptionFile.model_validate(raw)
    except ValidationError as error:
        raise RulesetError(_describe(error.errors()[0], raw, file_name)) from None
    codes = [entry.code for lst in parsed.lists for entry in lst.entries]
    duplicate = next((code for code in codes if codes.count(code) > 1), None)
    if duplicate:
        raise RulesetError(f"{file_name} 事项 {duplicate} 字段 code（编号）：编号重复")
    return parsed


def load_exemptions_file(path: Path) -> ExemptionFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RulesetError(f"{path.name}：无法读取（{error.__class__.__name__}）") from None
    return parse_exemptions(raw, path.name)


def load_catalogue_file(path: Path) -> CatalogueFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RulesetError(f"{path.name}：无法读取（{error.__class__.__name__}）") from None
    return parse_catalogue(raw, path.name)


@cache
def shipped_catalogue_file() -> CatalogueFile:
    return load_catalogue_file(CATALOGUE_FILE)


# --- fine branches -----------------------------------------------------------------------------


def _base_key(base_of: str) -> str | None:
    for name, key in BASE_OF.items():
        if base_of.startswith(name) or base_of.endswith(name):
            return key
    return None


def _d(value: Number | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _branch(entry: BranchEntry, per_unit: bool) -> Branch:
    return Branch(
        label=entry.label,
        article=entry.article,
        base=entry.base,
        none=entry.none,
        below=_d(entry.below),
        at_least=_d(entry.at_least),
        party=entry.party,
        severity=entry.severity,
        facts=tuple(entry.facts),
        min=_d(entry.min) if entry.max is not None else None,
        max=_d(entry.max),
        min_times=_d(entry.min_times) if entry.max_times is not None else None,
        max_times=_d(entry.max_times),
        cap=_d(entry.cap),
        per_unit=entry.per_unit or per_unit,
        base_floor=_d(entry.base_floor),
    )


def _rule_branch(rule: NoGainRange | NoGainMultiple, base: str | None, per_unit: bool, **when: Any) -> Branch:
    if isinstance(rule, NoGainRange):
        return Branch(
            label=rule.condition, base=base, min=_d(rule.min), max=_d(rule.max), per_unit=per_unit, **when
        )
    return Branch(
        label=rule.condition,
        base=_base_key(rule.base_of),
        min_times=_d(rule.min_times),
        max_times=_d(rule.max_times),
        per_unit=per_unit,
        **when,
    )


def derive_branches(item: ItemEntry) -> tuple[Branch, ...]:
    """The branches of an item: its own ``branches`` list, or the ones ``fine``/``no_gain_rule`` say.

    Derived: a ``range`` fine is one branch; a ``multiple`` fine is a branch on its base amount,
    preceded by the ``no_gain_rule`` branch when that rule has a fine — for amounts under
    ``below`` when the rule names a threshold (不足一万元; also for none at all when the condition
    says 没有), else for no amount or one that cannot be calculated (没有违法所得). A ``range`` fine
    with a ``multiple`` rule under a threshold (认证认可条例第六十六条) applies from the threshold up.
    An item with ``unit`` is counted per unit.
    """
    per_unit = bool(item.unit)
    if item.branches is not None:
        return tuple(_branch(entry, per_unit) for entry in item.branches)
    branches: list[Branch] = []
    fine, rule = item.fine, item.no_gain_rule
    base = _base_key(fine.base_of) if isinstance(fine, FineMultiple) else None
    below: Decimal | None = None
    if isinstance(rule, NoGainRange | NoGainMultiple):
        below = _d(rule.below)
        rule_base = base if isinstance(rule, NoGainRange) else _base_key(rule.base_of)
        if below is not None and "没有" in rule.condition:
            branches.append(_rule_branch(rule, rule_base, per_unit, none=True))
        if below is not None:
            branches.append(_rule_branch(rule, rule_base, per_unit, below=below))
        else:
            branches.append(_rule_branch(rule, rule_base, per_unit, none=True))
    if isinstance(fine, FineMultiple):
        assert base is not None
        branches.append(
            Branch(
                label=f"按{AMOUNTS[base]}计算",
                base=base,
                at_least=below if isinstance(rule, NoGainRange) else None,
                min_times=_d(fine.min_times),
                max_times=_d(fine.max_times),
                cap=_d(fine.cap),
                per_unit=per_unit,
            )
        )
    elif isinstance(fine, FineRange):
        threshold = rule if isinstance(rule, NoGainMultiple) and below is not None else None
        branches.append(
            Branch(
                label=threshold.condition.replace("不足", "达到") if threshold else "法定罚款幅度",
                base=_base_key(threshold.base_of) if threshold else None,
                at_least=below if threshold else None,
                min=_d(fine.min),
                max=_d(fine.max),
                per_unit=per_unit,
            )
        )
    return tuple(branches)


# --- rules by date -----------------------------------------------------------------------------


def _periods(law: LawEntry) -> list[tuple[dt.date, dt.date | None, dt.date | None]]:
    """(text version, first day, last day) for the cited text and each later text."""
    texts = [(law.version, law.in_force_from), *((t.version, t.in_force_from) for t in law.later_texts)]
    periods: list[tuple[dt.date, dt.date | None, dt.date | None]] = []
    for number, (version, start) in enumerate(texts):
        if number + 1 < len(texts):
            following = texts[number + 1][1]
            assert following is not None
            end: dt.date | None = following - dt.timedelta(days=1)
        else:
            end = law.in_force_until
        periods.append((version, start, end))
    return periods


def _lineage(item: ItemEntry, by_code: dict[str, ItemEntry]) -> str:
    seen = {item.code}
    while item.replaces and item.replaces in by_code and item.replaces not in seen:
        item = by_code[item.replaces]
        seen.add(item.code)
    return item.code


def catalogue_rules(catalogue: CatalogueFile) -> CatalogueRules:
    by_code = {item.code: item for item in catalogue.items}
    rules: list[ItemRule] = []
    for item in catalogue.items:
        law = catalogue.laws[item.law]
        branches = derive_branches(item)
        for version, start, end in _periods(law):
            rules.append(
                ItemRule(
                    code=item.code,
                    name=item.name,
                    law=item.law,
                    law_title=law.title,
                    statute_version=version,
                    article=item.article,
                    branches=branches,
                    effective_from=start,
                    effective_until=end,
                    unit=item.unit,
                    lineage=_lineage(item, by_code),
                    band_kind=item.band_kind,
                )
            )
    return CatalogueRules(version=catalogue.version, items=tuple(rules))


@cache
def shipped_rules() -> CatalogueRules:
    return catalogue_rules(shipped_catalogue_file())
