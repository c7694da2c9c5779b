"""The oversight rules (rulesets/oversight.yaml): urgent time limits, the incentive window, score sheets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jiandu.engines.oversight import ScoreItem
from jiandu.errors import UserError
from jiandu.rulesets import RULESETS_DIR, in_force, load


@dataclass(frozen=True)
class OversightRules:
    version: str
    default_hours: dict[str, int]
    max_hours: int
    incentive_classes: tuple[str, ...]
    incentive_window_months: int
    decision_publicity_workdays: int


def _parse(data: Any) -> OversightRules:
    urgent = data["urgent"]
    return OversightRules(
        version=str(data["version"]),
        default_hours={str(k): int(v) for k, v in urgent["default_hours"].items()},
        max_hours=int(urgent["max_hours"]),
        incentive_classes=tuple(str(c) for c in data["incentives"]["classes"]),
        incentive_window_months=int(data["incentives"]["window_months"]),
        decision_publicity_workdays=int(data["publicity"]["decision_workdays"]),
    )


def oversight_rules() -> OversightRules:
    return load(RULESETS_DIR / "oversight.yaml", _parse)


@dataclass(frozen=True)
class Condition:
    code: str
    article: str
    text: str
    exception: str  # the proviso (但……除外); empty when the item has none
    note: str


@dataclass(frozen=True)
class ExemptionRules:
    version: str
    rule: str
    conditions: tuple[Condition, ...]

    def get(self, code: str) -> Condition | None:
        return next((c for c in self.conditions if c.code == code), None)


def _parse_exemptions(data: Any) -> ExemptionRules:
    return ExemptionRules(
        version=str(data["version"]),
        rule=str(data["rule"]),
        conditions=tuple(
            Condition(
                code=str(c["code"]),
                article=str(c["article"]),
                text=str(c["text"]),
                exception=str(c.get("except", "")),
                note=str(c.get("note", "")),
            )
            for c in data["conditions"]
        ),
    )


def exemption_rules(on: dt.date) -> ExemptionRules:
    """The 尽职免责 conditions in force on a day (rulesets/duty_exemption/<date>.yaml)."""
    path = in_force(RULESETS_DIR / "duty_exemption", on)
    if path is None:
        raise UserError("尚无生效的尽职免责情形规则文件。")
    return load(path, _parse_exemptions)


@dataclass(frozen=True)
class ScoreSheet:
    version: str
    title: str
    items: tuple[ScoreItem, ...]
    bands: tuple[tuple[str, int], ...]  # (grade, minimum), highest first

    def grade(self, score: float) -> str:
        return next((g for g, low in self.bands if score >= low), self.bands[-1][0])


def _parse_sheet(data: Any) -> ScoreSheet:
    return ScoreSheet(
        version=str(data["version"]),
        title=str(data["title"]),
        items=tuple(ScoreItem(str(i["key"]), str(i["text"]), int(i["points"])) for i in data["items"]),
        bands=tuple(sorted(((str(b["grade"]), int(b["min"])) for b in data["bands"]), key=lambda b: -b[1])),
    )


def score_sheet(on: dt.date) -> ScoreSheet:
    """The 考核评议 score sheet in force on a day (rulesets/appraisal/<date>.yaml)."""
    path = in_force(RULESETS_DIR / "appraisal", on)
    if path is None:
        raise UserError("尚无生效的考核评议评分表。")
    return load(path, _parse_sheet)


@dataclass(frozen=True)
class StudyItem:
    key: str
    title: str
    issuer: str
    version: str  # the revision studied (施行版本)
    file: str  # the text in reference/law/
    required: bool


@dataclass(frozen=True)
class StudyCatalogue:
    version: str
    title: str
    source: str
    items: tuple[StudyItem, ...]

    def get(self, key: str) -> StudyItem | None:
        return next((i for i in self.items if i.key == key), None)


def _parse_catalogue(data: Any) -> StudyCatalogue:
    return StudyCatalogue(
        version=str(data["version"]),
        title=str(data["title"]),
        source=str(data["source"]),
        items=tuple(
            StudyItem(
                key=str(i["key"]),
                title=str(i["title"]),
                issuer=str(i.get("issuer", "")),
                version=str(i["version"]),
                file=str(i.get("file", "")),
                required=bool(i.get("required", True)),
            )
            for i in data["items"]
        ),
    )


def study_catalogue(on: dt.date) -> StudyCatalogue:
    """The 学习目录 (附件1) in force on a day (rulesets/study_catalogue/<date>.yaml)."""
    path = in_force(RULESETS_DIR / "study_catalogue", on)
    if path is None:
        raise UserError("尚无生效的学习目录。")
    return load(path, _parse_catalogue)
