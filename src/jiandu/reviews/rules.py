"""Rule data of the reviews app, read from dated YAML under rulesets/: score sheets, the 双百回访
criteria and the AV-record checklist. Plain Python: loading, validating and scoring, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from jiandu.engines.uscc import is_individual_business

RULESETS = Path(__file__).resolve().parent.parent / "rulesets"
SCORE_SHEET_DIR = RULESETS / "score_sheets"
FOLLOW_UP_FILE = RULESETS / "follow_up.yaml"
AV_CHECK_FILE = RULESETS / "av_check.yaml"

ZERO = Decimal("0")


class RuleError(ValueError):
    """A rule file that cannot be used, or input that does not fit the rules."""


# --- score sheets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VetoItem:
    code: str
    text: str
    basis: str
    enforcement_problem: bool


@dataclass(frozen=True)
class ScoreItem:
    code: str
    text: str
    points: Decimal
    minimum: Decimal
    basis: str
    enforcement_problem: bool
    group: str


@dataclass(frozen=True)
class ScoreGroup:
    code: str
    name: str
    points: Decimal
    items: tuple[ScoreItem, ...]


@dataclass(frozen=True)
class ScoreSheet:
    version: str
    title: str
    effective_from: dt.date
    total: Decimal
    bands: tuple[tuple[str, Decimal], ...]
    veto: tuple[VetoItem, ...]
    groups: tuple[ScoreGroup, ...]

    def item(self, code: str) -> ScoreItem | None:
        return next((i for g in self.groups for i in g.items if i.code == code), None)

    def veto_item(self, code: str) -> VetoItem | None:
        return next((v for v in self.veto if v.code == code), None)

    def grade(self, score: Decimal) -> str:
        for grade, minimum in self.bands:
            if score >= minimum:
                return grade
        return self.bands[-1][0]

    @property
    def failing_grade(self) -> str:
        return self.bands[-1][0]


@dataclass(frozen=True)
class GroupScore:
    code: str
    name: str
    points: Decimal
    deducted: Decimal
    score: Decimal


@dataclass(frozen=True)
class ScoreResult:
    sheet_version: str
    score: Decimal
    grade: str
    vetoed: bool
    vetoes: tuple[str, ...]
    groups: tuple[GroupScore, ...]
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _decimal(value: Any, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise RuleError(f"{where}：“{value}”不是数字") from None


def parse_score_sheet(data: Mapping[str, Any], name: str) -> ScoreSheet:
    try:
        groups = []
        for g in data["groups"]:
            items = tuple(
                ScoreItem(
                    code=str(i["code"]),
                    text=str(i["text"]),
                    points=_decimal(i["points"], f"{name} 评分项 {i['code']} 分值"),
                    minimum=_decimal(i.get("min", 0), f"{name} 评分项 {i['code']} 最低扣分"),
                    basis=str(i.get("basis", "")),
                    enforcement_problem=bool(i.get("enforcement_problem", False)),
                    group=str(g["code"]),
                )
                for i in g["items"]
            )
            groups.append(
                ScoreGroup(
                    code=str(g["code"]),
                    name=str(g["name"]),
                    points=_decimal(g["points"], f"{name} 分组 {g['code']} 分值"),
                    items=items,
                )
            )
        sheet = ScoreSheet(
            version=str(data["version"]),
            title=str(data["title"]),
            effective_from=dt.date.fromisoformat(str(data["effective_from"])),
            total=_decimal(data["total"], f"{name} 总分"),
            bands=tuple(
                (str(b["grade"]), _decimal(b["min"], f"{name} 等次 {b['grade']}"))
                for b in sorted(data["bands"], key=lambda b: -Decimal(str(b["min"])))
            ),
            veto=tuple(
                VetoItem(
                    code=str(v["code"]),
                    text=str(v["text"]),
                    basis=str(v.get("basis", "")),
                    enforcement_problem=bool(v.get("enforcement_problem", True)),
                )
                for v in data.get("veto", [])
            ),
            groups=tuple(groups),
        )
    except (KeyError, TypeError) as error:
        raise RuleError(f"评分表 {name} 缺少字段 {error}") from None
    codes = [i.code for g in sheet.groups for i in g.items] + [v.code for v in sheet.veto]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise RuleError(f"评分表 {name} 中编号重复：{'、'.join(duplicates)}")
    if sum((g.points for g in sheet.groups), ZERO) != sheet.total:
        raise RuleError(f"评分表 {name} 各组分值之和不等于总分 {sheet.total}")
    if not sheet.bands:
        raise RuleError(f"评分表 {name} 未设等次")
    return sheet


@cache
def _sheets_cached(directory: str, stamp: tuple[tuple[str, float], ...]) -> dict[str, ScoreSheet]:
    sheets = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        sheet = parse_score_sheet(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
        sheets[sheet.version] = sheet
    return sheets


def score_sheets(directory: Path = SCORE_SHEET_DIR) -> dict[str, ScoreSheet]:
    """Every score sheet by version; re-read when a file changes (the legal team edits them)."""
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(directory.glob("*.yaml")))
    return _sheets_cached(str(directory), stamp)


def current_score_sheet(on: dt.date, directory: Path = SCORE_SHEET_DIR) -> ScoreSheet:
    sheets = [s for s in score_sheets(directory).values() if s.effective_from <= on]
    if not sheets:
        raise RuleError(f"没有 {on} 已生效的评分表，请在 rulesets/score_sheets/ 中添加。")
    return max(sheets, key=lambda s: s.effective_from)


def get_score_sheet(version: str) -> ScoreSheet:
    sheet = score_sheets().get(version)
    if sheet is None:
        raise RuleError(f"评分表版本 {version} 不存在")
    return sheet


def compute_score(
    sheet: ScoreSheet, *, deductions: Mapping[str, Decimal], vetoes: set[str] | frozenset[str]
) -> ScoreResult:
    """Apply deductions item by item, capped per group at the group's points; any veto fails the file."""
    for code in vetoes:
        if sheet.veto_item(code) is None:
            raise RuleError(f"否决项 {code} 不在评分表 {sheet.version} 中")
    by_group: dict[str, Decimal] = {}
    reasons: list[str] = []
    for code, amount in deductions.items():
        item = sheet.item(code)
        if item is None:
            raise RuleError(f"评分项 {code} 不在评分表 {sheet.version} 中")
        if amount < 0:
            raise RuleError(f"评分项 {code}：扣分不能为负数")
        if amount == 0:
            continue
        if amount > item.points:
            raise RuleError(f"评分项 {code}：扣分 {amount} 超过该项分值 {item.points}")
        if amount < item.minimum:
            raise RuleError(f"评分项 {code}：扣分不得低于 {item.minimum}")
        by_group[item.group] = by_group.get(item.group, ZERO) + amount
        reasons.append(f"{code} {item.text} 扣 {amount} 分")
    groups = []
    for g in sheet.groups:
        deducted = min(by_group.get(g.code, ZERO), g.points)
        groups.append(GroupScore(g.code, g.name, g.points, deducted, g.points - deducted))
    if vetoes:
        reasons = [f"否决项 {c} {sheet.veto_item(c).text}" for c in sorted(vetoes)] + reasons  # type: ignore[union-attr]
        score = ZERO
        grade = sheet.failing_grade
    else:
        score = sum((g.score for g in groups), ZERO)
        grade = sheet.grade(score)
    return ScoreResult(
        sheet_version=sheet.version,
        score=score.quantize(Decimal("0.01")),
        grade=grade,
        vetoed=bool(vetoes),
        vetoes=tuple(sorted(vetoes)),
        groups=tuple(groups),
        reasons=tuple(reasons),
    )


# --- 双百回访 criteria -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    problem: str


@dataclass(frozen=True)
class FollowUpRules:
    version: str
    applies_from: dt.date
    deadline_workdays: int
    after_penalty_deadline_workdays: int
    large_fine_person: Decimal
    large_fine_organisation: Decimal
    major_penalty_kinds: frozenset[str]
    legal_review_cases: bool
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class CaseFacts:
    """What the 双百回访 rule needs to know about a case."""

    decided_on: dt.date
    uscc: str
    fine: Decimal
    penalty_kinds: tuple[str, ...]
    is_major: bool
    reconsidered: bool
    litigated: bool
    person: bool = False  # the party is a natural person (自然人, incl. 个体工商户)


def parse_follow_up_rules(data: Mapping[str, Any], name: str = "follow_up.yaml") -> FollowUpRules:
    try:
        return FollowUpRules(
            version=str(data["version"]),
            applies_from=dt.date.fromisoformat(str(data["applies_from"])),
            deadline_workdays=int(data["deadline_workdays"]),
            after_penalty_deadline_workdays=int(data["after_penalty_deadline_workdays"]),
            large_fine_person=_decimal(data["large_fine"]["person"], f"{name} large_fine.person"),
            large_fine_organisation=_decimal(
                data["large_fine"]["organisation"], f"{name} large_fine.organisation"
            ),
            major_penalty_kinds=frozenset(str(k) for k in data.get("major_penalty_kinds", [])),
            legal_review_cases=bool(data.get("legal_review_cases", True)),
            questions=tuple(
                Question(str(q["code"]), str(q["text"]), str(q["problem"])) for q in data["questions"]
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise RuleError(f"回访规则 {name} 有误：{error}") from None


def follow_up_rules(path: Path = FOLLOW_UP_FILE) -> FollowUpRules:
    return _follow_up_cached(str(path), path.stat().st_mtime)


@cache
def _follow_up_cached(path: str, mtime: float) -> FollowUpRules:
    return parse_follow_up_rules(yaml.safe_load(Path(path).read_text(encoding="utf-8")), Path(path).name)


PENALTY_KIND_LABELS = {
    "revoke_licence": "吊销许可证件/营业执照",
    "suspend_licence": "暂扣许可证件",
    "suspend_business": "责令停产停业",
    "close": "责令关闭",
    "downgrade": "降低资质等级",
    "restrict_business": "限制开展生产经营活动",
    "ban_employment": "限制从业",
}


def mandatory_visit_reasons(facts: CaseFacts, rules: FollowUpRules) -> list[str]:
    """Why a case needs a 双百回访 (empty: it does not). Each reason names its rule."""
    if facts.decided_on < rules.applies_from:
        return []
    reasons = []
    if facts.reconsidered:
        reasons.append("当事人申请行政复议")
    if facts.litigated:
        reasons.append("当事人提起行政诉讼")
    person = facts.person or is_individual_business(facts.uscc)
    threshold = rules.large_fine_person if person else rules.large_fine_organisation
    if facts.fine >= threshold:
        who = "自然人（个体工商户）" if person else "单位"
        reasons.append(f"罚款 {facts.fine:,.2f} 元达到{who}较大数额标准 {threshold:,.0f} 元（第六十三条）")
    heavy = [k for k in facts.penalty_kinds if k in rules.major_penalty_kinds]
    if heavy:
        labels = "、".join(PENALTY_KIND_LABELS.get(k, k) for k in heavy)
        reasons.append(f"处罚种类为{labels}（第六十三条）")
    if rules.legal_review_cases and facts.is_major:
        reasons.append("经法制审核的重大案件（第五十八条）")
    return reasons


# --- AV-record checklist -------------------------------------------------------------------------


@dataclass(frozen=True)
class AvChecklist:
    version: str
    items: tuple[Question, ...]


def av_checklist(path: Path = AV_CHECK_FILE) -> AvChecklist:
    return _av_cached(str(path), path.stat().st_mtime)


@cache
def _av_cached(path: str, mtime: float) -> AvChecklist:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    try:
        return AvChecklist(
            version=str(data["version"]),
            items=tuple(Question(str(i["code"]), str(i["text"]), "no") for i in data["items"]),
        )
    except (KeyError, TypeError) as error:
        raise RuleError(f"音像记录核查清单有误：{error}") from None
