"""Deadlines of case steps: working days vs. calendar days rolled to the next working day (no database)."""

from __future__ import annotations

import datetime as dt

from jiandu.engines.case_deadlines import deadlines, load_rules, parse_rules
from jiandu.engines.workdays import WorkdayCalendar

CAL = WorkdayCalendar()
RULES = load_rules()


def run(status, dates, *, amount_due=True, publicity="not_required", today=dt.date(2026, 6, 1)):
    return {
        d.key: d
        for d in deadlines(
            RULES,
            status=status,
            dates=dates,
            amount_due=amount_due,
            publicity_status=publicity,
            today=today,
            calendar=CAL,
        )
    }


def test_decision_within_90_calendar_days_rolls_past_holidays():
    # 2026-07-03 + 90 days = 2026-10-01, inside the National Day holiday (10-01..10-07 [2026 table]).
    items = run("draft", {"filed_on": dt.date(2026, 7, 3)})
    assert items["decide"].unit == "days"
    assert items["decide"].due > dt.date(2026, 10, 1)
    assert CAL.is_workday(items["decide"].due)


def test_delivery_seven_working_days_skips_weekend():
    items = run("decided", {"decided_on": dt.date(2026, 6, 5)})  # a Friday
    assert items["deliver"].due == CAL.add(dt.date(2026, 6, 5), 7)
    assert items["deliver"].due.weekday() < 5


def test_payment_only_when_money_is_due():
    dates = {"delivered_on": dt.date(2026, 5, 4)}
    assert "pay" in run("delivered", dates)
    assert "pay" not in run("delivered", dates, amount_due=False)


def test_publicity_deadline_follows_publicity_status_not_case_status():
    dates = {"decided_on": dt.date(2026, 5, 6)}
    assert "publish" in run("closed", dates, publicity="pending")
    assert "publish" not in run("closed", dates, publicity="published")


def test_overdue_is_derived_from_today():
    dates = {"filed_on": dt.date(2026, 1, 5)}
    assert run("checked", dates, today=dt.date(2026, 4, 1))["decide"].overdue is False
    assert run("checked", dates, today=dt.date(2026, 6, 1))["decide"].overdue is True
    assert run("closed", dates) == {}


def test_bad_unit_is_refused_naming_the_step():
    import pytest

    with pytest.raises(ValueError, match="steps 第1项"):
        parse_rules(
            {"version": "x", "steps": [{"key": "a", "label": "a", "from": "f", "days": 3, "unit": "weeks"}]}
        )
