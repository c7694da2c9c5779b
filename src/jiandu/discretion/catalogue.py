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

import yaml

from jiandu.discretion.vocabulary import PenaltyKind

RULESETS = Path(__file__).resolve().parent.parent / "rulesets"
CATALOGUE_FILE = RULESETS / "catalogue" / "catalogue.yaml"
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
            raise CatalogueError(f"{where}缺少计算基数(base_of)")
        low = _amount(fine.get("min_times"), f"{where}最低倍数")
        high = _amount(fine.get("max_times"), f"{where}最高倍数")
        if low > high:
            raise CatalogueError(f"{where}最低倍数大于最高倍数")
        if "cap" in fine:
            _amount(fine["cap"], f"{where}封顶额")
    else:
        raise CatalogueError(f"{where}的种类应为 range(幅度)或 multiple(倍数)")
    return dict(fine)


def check_no_gain_rule(rule: Any) -> dict[str, Any] | None:
    if rule is None:
        return None
    if not isinstance(rule, dict):
        raise CatalogueError("无违法所得规则应为对象")
    if "kind" in rule:
        check_fine(rule, "无违法所得时的罚款")
        if not str(rule.get("condition") or "").strip():
            raise CatalogueError("无违法所得规则缺少适用条件(condition)")
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
    cap = f",最高不超过 {fine['cap']:,} 元" if fine.get("cap") else ""
    if not low_times:
        return f"{fine['base_of']} {high_times} 倍以下{cap}"
    return f"{fine['base_of']} {low_times} 倍以上 {high_times} 倍以下{cap}"


def legal_basis_text(*, law_title: str, statute_version: dt.date, article: str, quote: str) -> str:
    return f"《{law_title}》({statute_version.isoformat()}版){article}:“{quote}”"


def _item(raw: dict[str, Any], laws: dict[str, Any], version: str) -> ViolationItem:
    law = laws.get(str(raw.get("law")))
    if law is None:
        raise CatalogueError(f"事项 {raw.get('code')} 引用了未登记的法律“{raw.get('law')}”")
    statute_version = law["version"]
    if isinstance(statute_version, str):
        statute_version = dt.date.fromisoformat(statute_version)
    return ViolationItem(
        code=str(raw["code"]),
        name=str(raw["name"]),
        domain=str(raw["domain"]),
        law=str(raw["law"]),
        article=str(raw["article"]),
        legal_basis=legal_basis_text(
            law_title=law["title"],
            statute_version=statute_version,
            article=raw["article"],
            quote=raw["quote"],
        ),
        penalty_kinds=check_penalty_kinds(raw.get("penalty_kinds", [])),
        fine=check_fine(raw.get("fine")),
        no_gain_rule=check_no_gain_rule(raw.get("no_gain_rule")),
        statute_version=statute_version,
        catalogue_version=version,
        law_title=str(law["title"]),
        law_file=str(law["file"]),
        article_no=int(raw["article_no"]),
        quote=str(raw["quote"]),
        note=str(raw.get("note") or ""),
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
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    version = str(data["version"])
    published = data["published_on"]
    items = tuple(_item(raw, data["laws"], version) for raw in data["items"])
    codes = [item.code for item in items]
    if len(set(codes)) != len(codes):
        raise CatalogueError("事项编码有重复")
    ex = yaml.safe_load(EXEMPTIONS_FILE.read_text(encoding="utf-8"))
    exemptions = tuple(
        _exemption(entry, lst["name"], lst["kind"], version)
        for lst in ex["lists"]
        for entry in lst["entries"]
    )
    return ShippedCatalogue(
        version=version,
        published_on=published if isinstance(published, dt.date) else dt.date.fromisoformat(published),
        laws=dict(data["laws"]),
        items=items,
        exemptions=exemptions,
        first_violation_window_years=int(ex["first_violation_window_years"]),
    )
