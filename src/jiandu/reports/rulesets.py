"""The dated rule data of the reports app: campaigns, form templates and evaluation indicators.

Files live under ``src/jiandu/rulesets/reports/`` (campaigns/*.yaml, templates/<version>.yaml,
indicators/<version>.yaml). They are parsed here into frozen dataclasses; a bad file fails loudly
with a Chinese message naming the file and the entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from jiandu.errors import UserError

RULESET_DIR = Path(__file__).resolve().parent.parent / "rulesets" / "reports"
TYPED_KINDS = ("integer", "money", "text")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    header: tuple[str, ...]
    unit: str = ""
    figure: str = ""
    scope: str = "period"  # period | cumulative
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    typed: str = ""  # integer | money | text: the county types it
    numerator: str = ""  # ratio columns: computed from two other columns
    denominator: str = ""

    @property
    def is_ratio(self) -> bool:
        return bool(self.numerator)

    @property
    def additive(self) -> bool:
        return not self.is_ratio and self.typed != "text"

    @property
    def money(self) -> bool:
        return self.unit == "元" or self.typed == "money"

    @property
    def title(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit and self.unit not in self.label else self.label


@dataclass(frozen=True)
class Template:
    version: str
    valid_from: dt.date
    name: str
    own_units_label: str
    total_label: str
    columns: tuple[Column, ...]
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def typed_columns(self) -> list[Column]:
        return [c for c in self.columns if c.typed]


def _date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UserError(f"{where}：日期“{value}”格式错误，应为 YYYY-MM-DD。") from None


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise UserError(f"找不到规则文件 {path.name}。")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise UserError(f"{path.name}：文件内容应为键值结构。")
    return data


def parse_template(data: dict[str, Any], name: str) -> Template:
    columns: list[Column] = []
    keys: set[str] = set()
    for index, raw in enumerate(data.get("columns") or [], start=1):
        where = f"{name} 第{index}列"
        key = str(raw.get("key", ""))
        if not key or key in keys:
            raise UserError(f"{where}：键“{key}”为空或重复。")
        keys.add(key)
        ratio = raw.get("ratio") or {}
        typed = str(raw.get("typed", "") or "")
        figure = str(raw.get("figure", "") or "")
        if typed and typed not in TYPED_KINDS:
            raise UserError(f"{where}：填报类型“{typed}”无效，应为 integer、money 或 text。")
        if sum(bool(x) for x in (typed, figure, ratio)) != 1:
            raise UserError(f"{where}：每列须且只须指定 figure、typed 或 ratio 之一。")
        scope = str(raw.get("scope", "period"))
        if scope not in ("period", "cumulative"):
            raise UserError(f"{where}：统计范围“{scope}”无效，应为 period 或 cumulative。")
        columns.append(
            Column(
                key=key,
                label=str(raw["label"]),
                header=tuple(str(h) for h in raw.get("header") or ()),
                unit=str(raw.get("unit", "") or ""),
                figure=figure,
                scope=scope,
                params=dict(raw.get("params") or {}),
                typed=typed,
                numerator=str(ratio.get("numerator", "")),
                denominator=str(ratio.get("denominator", "")),
            )
        )
    for column in columns:
        if column.is_ratio and not {column.numerator, column.denominator} <= keys:
            raise UserError(f"{name}：比率列“{column.key}”引用了不存在的列。")
    rows = data.get("rows") or {}
    return Template(
        version=str(data["version"]),
        valid_from=_date(data.get("valid_from"), name),
        name=str(data.get("name", "问题整治情况表")),
        own_units_label=str(rows.get("own_units", "本级")),
        total_label=str(rows.get("total", "合计")),
        columns=tuple(columns),
        params=dict(data.get("params") or {}),
    )


@cache
def load_template(version: str) -> Template:
    if not version or "/" in version or version.startswith("."):
        raise UserError(f"情况表模板版本“{version}”无效。")
    path = RULESET_DIR / "templates" / f"{version}.yaml"
    return parse_template(_load(path), path.name)


# --- campaigns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleEntry:
    kind: str
    name: str
    period_start: dt.date
    period_end: dt.date
    due: dt.date
    holiday_rule: str = ""


@dataclass(frozen=True)
class CampaignData:
    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    holiday_rule: str
    template: str
    source: str
    phases: tuple[tuple[str, dt.date, dt.date], ...]
    schedule: tuple[ScheduleEntry, ...]


HOLIDAY_RULES = ("keep", "next_workday", "previous_workday")
KINDS = ("monthly_form", "rectification_report", "work_report")


def parse_campaign(data: dict[str, Any], name: str) -> CampaignData:
    rule = str(data.get("holiday_rule", "next_workday"))
    if rule not in HOLIDAY_RULES:
        raise UserError(f"{name}：节假日规则“{rule}”无效，应为 keep、next_workday 或 previous_workday。")
    phases = tuple(
        (str(p["name"]), _date(p["starts_on"], name), _date(p["ends_on"], name))
        for p in data.get("phases") or []
    )
    schedule: list[ScheduleEntry] = []
    for index, raw in enumerate(data.get("schedule") or [], start=1):
        where = f"{name} 报送安排第{index}项"
        kind = str(raw.get("kind", ""))
        if kind not in KINDS:
            raise UserError(f"{where}：报送事项“{kind}”无效。")
        period = raw.get("period") or []
        if len(period) != 2:
            raise UserError(f"{where}：period 应为[起始日， 截止日]。")
        start, end = _date(period[0], where), _date(period[1], where)
        if end < start:
            raise UserError(f"{where}：统计截止日早于起始日。")
        item_rule = str(raw.get("holiday_rule", "") or "")
        if item_rule and item_rule not in HOLIDAY_RULES:
            raise UserError(f"{where}：节假日规则“{item_rule}”无效。")
        schedule.append(
            ScheduleEntry(kind, str(raw["name"]), start, end, _date(raw.get("due"), where), item_rule)
        )
    return CampaignData(
        code=str(data["code"]),
        name=str(data["name"]),
        starts_on=_date(data["starts_on"], name),
        ends_on=_date(data["ends_on"], name),
        holiday_rule=rule,
        template=str(data.get("template", "")),
        source=str(data.get("source", "")),
        phases=phases,
        schedule=tuple(schedule),
    )


def load_campaign_file(path: Path) -> CampaignData:
    return parse_campaign(_load(path), path.name)


def campaign_files() -> list[Path]:
    return sorted((RULESET_DIR / "campaigns").glob("*.yaml"))


# --- evaluation indicators ------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    figure: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    formula: str
    kind: str  # ratio | growth | overlap
    better: str  # higher | lower
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class IndicatorSet:
    version: str
    valid_from: dt.date
    source: str
    indicators: tuple[Indicator, ...]


_TERMS = {"ratio": ("numerator", "denominator"), "growth": ("term",), "overlap": ("first", "second")}


@cache
def load_indicators(version: str = "2025-05-01") -> IndicatorSet:
    path = RULESET_DIR / "indicators" / f"{version}.yaml"
    data = _load(path)
    indicators = []
    for index, raw in enumerate(data.get("indicators") or [], start=1):
        kind = str(raw.get("kind", ""))
        if kind not in _TERMS:
            raise UserError(f"{path.name} 第{index}项指标：计算方式“{kind}”无效。")
        terms = tuple(
            Term(str(raw[name]["figure"]), dict(raw[name].get("params") or {})) for name in _TERMS[kind]
        )
        indicators.append(
            Indicator(
                key=str(raw["key"]),
                label=str(raw["label"]),
                formula=str(raw.get("formula", "")),
                kind=kind,
                better=str(raw.get("better", "higher")),
                terms=terms,
            )
        )
    return IndicatorSet(
        version=str(data["version"]),
        valid_from=_date(data.get("valid_from"), path.name),
        source=str(data.get("source", "")),
        indicators=tuple(indicators),
    )
