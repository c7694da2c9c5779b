"""Deadlines of the steps of a penalty case, from a dated rule table (rulesets/case_deadlines.yaml).

Each rule says from which date a step is counted, how many days it has and whether those are
working days (工作日) or calendar days. A calendar-day period that ends on a rest day runs on to the
next working day. Overdue is derived from ``today``, never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import yaml

__all__ = ["Calendar", "Deadline", "DeadlineRule", "DeadlineRules", "deadlines", "load_rules", "parse_rules"]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "rulesets" / "case_deadlines.yaml"

Unit = Literal["workdays", "days"]


class Calendar(Protocol):
    def add(self, start: dt.date, n: int) -> dt.date: ...

    def is_workday(self, d: dt.date) -> bool: ...


@dataclass(frozen=True)
class DeadlineRule:
    key: str
    label: str
    start_field: str
    days: int
    unit: Unit
    statuses: tuple[str, ...]
    legal_basis: str
    only_if_amount_due: bool = False
    publicity: str = ""


@dataclass(frozen=True)
class DeadlineRules:
    version: str
    steps: tuple[DeadlineRule, ...]
    remedies: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    start: dt.date
    due: dt.date
    days: int
    unit: Unit
    legal_basis: str
    overdue: bool
    ruleset: str

    @property
    def unit_label(self) -> str:
        return "个工作日" if self.unit == "workdays" else "日"


def parse_rules(raw: Mapping[str, Any]) -> DeadlineRules:
    steps = []
    for index, item in enumerate(raw.get("steps") or []):
        where = f"steps 第{index + 1}项"
        unit = item.get("unit", "workdays")
        if unit not in ("workdays", "days"):
            raise ValueError(f"{where} 的 unit 须为 workdays 或 days")
        days = item.get("days")
        if not isinstance(days, int) or days <= 0:
            raise ValueError(f"{where} 的 days 须为正整数")
        steps.append(
            DeadlineRule(
                key=str(item["key"]),
                label=str(item["label"]),
                start_field=str(item["from"]),
                days=days,
                unit=unit,
                statuses=tuple(str(s) for s in item.get("statuses") or ()),
                legal_basis=str(item.get("legal_basis", "")),
                only_if_amount_due=bool(item.get("only_if_amount_due", False)),
                publicity=str(item.get("publicity", "")),
            )
        )
    return DeadlineRules(version=str(raw["version"]), steps=tuple(steps), remedies=raw.get("remedies") or {})


def load_rules(path: Path = DEFAULT_PATH) -> DeadlineRules:
    return parse_rules(yaml.safe_load(path.read_text(encoding="utf-8")))


def due_date(rule: DeadlineRule, start: dt.date, calendar: Calendar) -> dt.date:
    if rule.unit == "workdays":
        return calendar.add(start, rule.days)
    due = start + dt.timedelta(days=rule.days)
    while not calendar.is_workday(due):
        due += dt.timedelta(days=1)
    return due


def _applies(rule: DeadlineRule, status: str, publicity_status: str, amount_due: bool) -> bool:
    if rule.publicity:
        return publicity_status == rule.publicity
    if rule.only_if_amount_due and not amount_due:
        return False
    return status in rule.statuses


def deadlines(
    rules: DeadlineRules,
    *,
    status: str,
    dates: Mapping[str, dt.date | None],
    amount_due: bool,
    publicity_status: str,
    today: dt.date,
    calendar: Calendar,
) -> list[Deadline]:
    """The deadlines running for a case in its current state (a step with no start date has none)."""
    running: list[Deadline] = []
    for rule in rules.steps:
        if not _applies(rule, status, publicity_status, amount_due):
            continue
        start = dates.get(rule.start_field)
        if start is None:
            continue
        due = due_date(rule, start, calendar)
        running.append(
            Deadline(
                key=rule.key,
                label=rule.label,
                start=start,
                due=due,
                days=rule.days,
                unit=rule.unit,
                legal_basis=rule.legal_basis,
                overdue=today > due,
                ruleset=rules.version,
            )
        )
    return running
