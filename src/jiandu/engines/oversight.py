"""Pure computations of the oversight app: urgent deadlines in hours, anonymising warning cases,
text likeness of precedents, the eligibility of firms for good-credit incentives and score sheets."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# --- urgent handling: deadlines in hours -----------------------------------------------------------


@dataclass(frozen=True)
class Urgency:
    due_at: dt.datetime
    overdue: bool
    hours_left: float  # negative once overdue; for a closed matter, the margin it was closed with
    on_time: bool | None  # None while open


def urgency(
    flagged_at: dt.datetime, hours: int, now: dt.datetime, closed_at: dt.datetime | None = None
) -> Urgency:
    """When an urgent matter is due, and whether it is (or was closed) late. Hours are clock hours."""
    due = flagged_at + dt.timedelta(hours=hours)
    if closed_at is not None:
        margin = (due - closed_at).total_seconds() / 3600
        return Urgency(due_at=due, overdue=False, hours_left=round(margin, 1), on_time=closed_at <= due)
    left = (due - now).total_seconds() / 3600
    return Urgency(due_at=due, overdue=now > due, hours_left=round(left, 1), on_time=None)


# --- anonymising the 典型问题 of 以案警示 ---------------------------------------------------------

USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
ID_CARD = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_SPLIT = re.compile(r"[，,、；;\s/]+")


def identifiers(text: str, names: Iterable[str]) -> list[str]:
    """What in ``text`` would identify a firm or a person: given names and the numbers that name people."""
    found: list[str] = []
    for raw in names:
        for name in _SPLIT.split(raw or ""):
            name = name.strip()
            if len(name) >= 2 and name in text and name not in found:
                found.append(name)
    for pattern in (USCC, ID_CARD, PHONE):
        for match in pattern.findall(text):
            if match not in found:
                found.append(match)
    return found


def anonymise(text: str, names: Iterable[str]) -> str:
    """``text`` with every identifier replaced: names by ×× of the same first character, numbers by ***."""
    result = text
    for item in sorted(identifiers(text, names), key=len, reverse=True):
        mask = "***" if item[0].isdigit() or item.isascii() else item[0] + "××"
        result = result.replace(item, mask)
    return result


# --- precedents: nearest by text -------------------------------------------------------------------


def _grams(text: str) -> set[str]:
    cleaned = re.sub(r"[\s，。、；：（）“”,.;:()]+", "", text)
    return {cleaned[i : i + 2] for i in range(len(cleaned) - 1)}


def likeness(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two texts (0 to 1)."""
    x, y = _grams(a), _grams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def nearest(text: str, candidates: Sequence[tuple[int, str]], limit: int = 3) -> list[tuple[int, float]]:
    """The ``limit`` candidates (id, text) most like ``text``, best first, ties by id."""
    scored = [(pk, round(likeness(text, other), 3)) for pk, other in candidates]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]


# --- good-credit incentives ---------------------------------------------------------------------


@dataclass(frozen=True)
class Penalty:
    decided_on: dt.date
    repaired: bool  # credit repaired, or the publicity stopped


def eligible(
    credit_class: str,
    penalties: Iterable[Penalty],
    *,
    classes: Sequence[str],
    window_months: int,
    today: dt.date,
) -> tuple[bool, str]:
    """Whether a firm may have 容缺受理 and apply for honours, and the reason in Chinese."""
    if credit_class not in classes:
        return False, f"信用风险分类为{credit_class}类，不在{'、'.join(classes)}类范围内"
    start = _months_before(today, window_months)
    open_ = [p for p in penalties if p.decided_on >= start and not p.repaired]
    if open_:
        latest = max(p.decided_on for p in open_)
        return False, f"近{window_months}个月内有未修复的行政处罚（{latest.isoformat()}）"
    return True, f"信用风险分类为{credit_class}类，近{window_months}个月内无未修复的行政处罚"


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return dt.date(year, month, min(day.day, last))


# --- score sheets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreItem:
    key: str
    text: str
    points: int


def total(items: Sequence[ScoreItem], scores: dict[str, float]) -> tuple[float, list[str]]:
    """The sum of the scores given, and the problems (unknown item, score outside 0..points)."""
    problems: list[str] = []
    known = {item.key: item for item in items}
    for key in scores:
        if key not in known:
            problems.append(f"评分项“{key}”不在评分表中")
    sum_ = 0.0
    for item in items:
        value = scores.get(item.key)
        if value is None:
            problems.append(f"评分项“{item.text}”未打分")
            continue
        if not 0 <= value <= item.points:
            problems.append(f"评分项“{item.text}”的得分应在 0 至 {item.points} 之间")
            continue
        sum_ += value
    return round(sum_, 1), problems
