"""The shipped rule catalogue and no-penalty lists (YAML under rulesets/), as frozen dataclasses.

The YAML is the seed of the first catalogue version; later versions live in the database and are
edited by legal reviewers. Both are read into the same `ViolationItem` / `Exemption` shapes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from jiandu.discretion.vocabulary import PenaltyKind
from jiandu.engines.discretion.catalogue import (
    ItemEntry,
    catalogue_rules,
    load_exemptions_file,
    parse_catalogue,
    shipped_catalogue_file,
)
from jiandu.engines.discretion.ruleset import RulesetError
from jiandu.engines.discretion.statutory import CatalogueRules, describe_branch

RULESETS = Path(__file__).resolve().parent.parent / "rulesets"
EXEMPTIONS_FILE = RULESETS / "exemptions" / "exemptions.yaml"

EXEMPTION_KINDS = {"first_violation": "首违不罚", "minor": "轻微不罚"}


class CatalogueError(ValueError):
    """An item or exemption entry is not valid; the message is Chinese and names the field."""


@dataclass(frozen=True)
class ViolationItem:
    code: str
    name: str
    domain: str  # Chinese domain name, as org.Domain.name
    law: str  # short name, e.g. 食品安全法
    article: str  # e.g. 第一百二十四条第一款第（五）项
    legal_basis: str  # full text: title, version, article and the quoted clause
    penalty_kinds: tuple[str, ...]  # values of jiandu.discretion.vocabulary.PenaltyKind
    fine: dict[str, Any] | None
    no_gain_rule: dict[str, Any] | None
    statute_version: dt.date
    catalogue_version: str
    law_title: str = ""
    law_file: str = ""
    article_no: int = 0
    quote: str = ""
    note: str = ""
    branches: tuple[dict[str, Any], ...] = ()  # the fine branches written out in the item, if any
    unit: str = ""  # counted per unit: what one unit is
    replaces: str = ""  # the code of the item this one replaces after a revision
    band_kind: str = ""  # which multiple-fine bands of the discretion ruleset apply

    @property
    def penalty_kind_labels(self) -> list[str]:
        labels = dict(PenaltyKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.penalty_kinds]


@dataclass(frozen=True)
class Exemption:
    code: str
    list_name: str
    kind: str  # 首违不罚 or 轻微不罚
    item_codes: tuple[str, ...]
    description: str
    conditions: tuple[str, ...]
    follow_up: tuple[str, ...]
    requires: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    verified: bool = False
    catalogue_version: str = ""


def _amount(value: Any, where: str) -> Decimal:
    if isinstance(value, bool):
        raise CatalogueError(f"{where}应为数字")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise CatalogueError(f"{where}应为数字") from None
    if not number.is_finite() or number < 0:
        raise CatalogueError(f"{where}应为不小于零的数字")
    return number


def check_fine(fine: Any, where: str = "罚款") -> dict[str, Any] | None:
    """Validate a fine rule; numbers are kept as plain JSON numbers."""
    if fine is None:
        return None
    if not isinstance(fine, dict):
        raise CatalogueError(f"{where}应为对象")
    kind = fine.get("kind")
    if kind == "range":
        low, high = _amount(fine.get("min"), f"{where}最低额"), _amount(fine.get("max"), f"{where}最高额")
        if low > high:
            raise CatalogueError(f"{where}最低额大于最高额")
    elif kind == "multiple":
        if not str(fine.get("base_of") or "").strip():
            raise CatalogueError(f"{where}缺少计算基数（base_of）")
        low = _amount(fine.get("min_times"), f"{where}最低倍数")
        high = _amount(fine.get("max_times"), f"{where}最高倍数")
        if low > high:
            raise CatalogueError(f"{where}最低倍数大于最高倍数")
        if "cap" in fine:
            _amount(fine["cap"], f"{where}封顶额")
    else:
        raise CatalogueError(f"{where}的种类应为 range（幅度）或 multiple（倍数）")
    return dict(fine)


def check_no_gain_rule(rule: Any) -> dict[str, Any] | None:
    if rule is None:
        return None
    if not isinstance(rule, dict):
        raise CatalogueError("无违法所得规则应为对象")
    if "kind" in rule:
        check_fine(rule, "无违法所得时的罚款")
        if not str(rule.get("condition") or "").strip():
            raise CatalogueError("无违法所得规则缺少适用条件（condition）")
    elif not str(rule.get("text") or "").strip():
        raise CatalogueError("无违法所得规则应写明 text 或罚款幅度")
    return dict(rule)


def check_penalty_kinds(kinds: Any) -> tuple[str, ...]:
    if not isinstance(kinds, list | tuple):
        raise CatalogueError("处罚种类应为列表")
    known = set(PenaltyKind.values)
    for kind in kinds:
        if kind not in known:
            raise CatalogueError(f"处罚种类“{kind}”不在处罚种类表中")
    return tuple(kinds)


def describe_fine(fine: dict[str, Any] | None) -> str:
    """A short Chinese description of a fine rule, for pages and documents."""
    if not fine:
        return "未设罚款"
    if fine["kind"] == "range":
        low, high = fine["min"], fine["max"]
        return f"{high:,} 元以下" if not low else f"{low:,} 元以上 {high:,} 元以下"
    low_times, high_times = fine["min_times"], fine["max_times"]
    cap = f"，最高不超过 {fine['cap']:,} 元" if fine.get("cap") else ""
    if not low_times:
        return f"{fine['base_of']} {high_times} 倍以下{cap}"
    return f"{fine['base_of']} {low_times} 倍以上 {high_times} 倍以下{cap}"


def legal_basis_text(*, law_title: str, statute_version: dt.date, article: str, quote: str) -> str:
    return f"《{law_title}》（{statute_version.isoformat()}版）{article}：“{quote}”"


def _item(entry: ItemEntry, laws: dict[str, Any], version: str) -> ViolationItem:
    law = laws[entry.law]
    statute_version = law["version"]
    raw = entry.model_dump(exclude_unset=True)
    return ViolationItem(
        code=entry.code,
        name=entry.name,
        domain=entry.domain,
        law=entry.law,
        article=entry.article,
        legal_basis=legal_basis_text(
            law_title=law["title"],
            statute_version=statute_version,
            article=entry.article,
            quote=entry.quote,
        ),
        penalty_kinds=check_penalty_kinds(list(entry.penalty_kinds)),
        fine=check_fine(raw.get("fine")),
        no_gain_rule=check_no_gain_rule(raw.get("no_gain_rule")),
        statute_version=statute_version,
        catalogue_version=version,
        law_title=str(law["title"]),
        law_file=str(law["file"]),
        article_no=entry.article_no,
        quote=entry.quote,
        note=entry.note,
        branches=tuple(raw.get("branches") or ()),
        unit=entry.unit,
        replaces=entry.replaces,
        band_kind=entry.band_kind,
    )


@dataclass(frozen=True)
class ShippedCatalogue:
    version: str
    published_on: dt.date
    laws: dict[str, Any]
    items: tuple[ViolationItem, ...]
    exemptions: tuple[Exemption, ...]
    first_violation_window_years: int


def _exemption(raw: dict[str, Any], list_name: str, kind: str, version: str) -> Exemption:
    if kind not in EXEMPTION_KINDS.values():
        raise CatalogueError(f"免罚清单“{list_name}”的种类应为首违不罚或轻微不罚")
    return Exemption(
        code=str(raw["code"]),
        list_name=list_name,
        kind=kind,
        item_codes=tuple(raw.get("item_codes") or ()),
        description=str(raw["description"]),
        conditions=tuple(raw.get("conditions") or ()),
        follow_up=tuple(raw.get("follow_up") or ()),
        requires=dict(raw.get("requires") or {}),
        source=str(raw.get("source") or ""),
        verified=bool(raw.get("verified", False)),
        catalogue_version=version,
    )


@cache
def shipped_catalogue() -> ShippedCatalogue:
    """The shipped YAML, read only through the strict schema of ``jiandu.engines.discretion.catalogue``."""
    try:
        data = shipped_catalogue_file()
    except RulesetError as error:
        raise CatalogueError(str(error)) from None
    version = data.version
    published = data.published_on
    laws = {name: law.model_dump(exclude_unset=True) for name, law in data.laws.items()}
    items = tuple(_item(entry, laws, version) for entry in data.items)
    try:
        ex = load_exemptions_file(EXEMPTIONS_FILE).model_dump(exclude_unset=True)
    except RulesetError as error:
        raise CatalogueError(str(error)) from None
    exemptions = tuple(
        _exemption(entry, lst["name"], lst["kind"], version)
        for lst in ex["lists"]
        for entry in lst["entries"]
    )
    return ShippedCatalogue(
        version=version,
        published_on=published,
        laws=laws,
        items=items,
        exemptions=exemptions,
        first_violation_window_years=int(ex["first_violation_window_years"]),
    )


def _entry(item: ViolationItem) -> dict[str, Any]:
    """A catalogue item as the YAML schema spells it (only the keys that are set)."""
    entry: dict[str, Any] = {
        "code": item.code,
        "domain": item.domain,
        "law": item.law,
        "article_no": item.article_no,
        "article": item.article,
        "name": item.name,
        "penalty_kinds": list(item.penalty_kinds),
        "fine": item.fine,
        "no_gain_rule": item.no_gain_rule,
        "quote": item.quote,
    }
    optional = {
        "note": item.note,
        "branches": [dict(b) for b in item.branches] if item.branches else None,
        "unit": item.unit,
        "replaces": item.replaces,
        "band_kind": item.band_kind,
    }
    entry.update({key: value for key, value in optional.items() if value})
    return entry


def catalogue_rules_for(
    items: tuple[ViolationItem, ...] | list[ViolationItem], version: str
) -> CatalogueRules:
    """The statutory-range rules of a catalogue version (e.g. the items of a published database
    version), checked through the same schema as the shipped file, with the shipped law table (law
    titles, text versions and their dates). Raises CatalogueError naming the item and field."""
    shipped = shipped_catalogue_file()
    data = {
        "version": version,
        "published_on": shipped.published_on,
        "laws": {name: law.model_dump(exclude_unset=True) for name, law in shipped.laws.items()},
        "items": [_entry(item) for item in items],
    }
    try:
        return catalogue_rules(parse_catalogue(data, f"目录版本 {version}"))
    except RulesetError as error:
        raise CatalogueError(str(error)) from None


def describe_branches(item: ViolationItem) -> list[str]:
    """The fine branches of an item in words (as the statutory range applies them, in order)."""
    try:
        rules = catalogue_rules_for([item], item.catalogue_version or "—")
    except CatalogueError as error:
        return [f"罚款规则无法读取：{error}"]
    return [describe_branch(branch) for branch in rules.items[0].branches] if rules.items else []
