"""Due dates move by the schedule's holiday rule; the board's states; reminders 3 working days
before and on the due day, in the app and by e-mail when configured; the schedule is data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from jiandu.audit.models import AuditEntry
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.reports.models import HolidayRule, Reminder, ReportKind, ScheduleItem
from jiandu.reports.rulesets import parse_campaign
from jiandu.reports.selectors import board, effective_due, list_reminders
from jiandu.reports.services import (
    accept_submission,
    load_campaign,
    return_submission,
    send_reminders,
    start_submission,
    submit_submission,
)

pytestmark = pytest.mark.django_db


def _item(campaign, kind=ReportKind.MONTHLY_FORM, start=dt.date(2025, 5, 1)) -> ScheduleItem:
    return ScheduleItem.objects.get(campaign=campaign, kind=kind, period_start=start)


def test_schedule_and_holiday_rule(campaign):
    assert [p.name for p in campaign.phases.all()] == ["学习部署阶段", "集中整治阶段", "总结提升阶段"]
    assert campaign.schedule.filter(kind=ReportKind.MONTHLY_FORM).count() == 4
    calendar = load_calendar()
    may = _item(campaign)  # due 2025-06-08, a Sunday
    assert may.nominal_due == dt.date(2025, 6, 8)
    assert effective_due(may, calendar) == dt.date(2025, 6, 9)
    may.holiday_rule = HolidayRule.PREVIOUS_WORKDAY
    assert effective_due(may, calendar) == dt.date(2025, 6, 6)
    may.holiday_rule = HolidayRule.KEEP
    assert effective_due(may, calendar) == dt.date(2025, 6, 8)
    july = _item(campaign, start=dt.date(2025, 7, 1))  # 2025-08-08 is a Friday: unchanged
    assert effective_due(july, calendar) == dt.date(2025, 8, 8)


def test_next_years_campaign_is_new_data(city):
    data = parse_campaign(
        {
            "code": "qiye-2026",
            "name": "2026年专项行动",
            "starts_on": "2026-03-01",
            "ends_on": "2026-11-30",
            "holiday_rule": "previous_workday",
            "template": "2025-05-01",
            "schedule": [
                {
                    "kind": "monthly_form",
                    "name": "4月情况表",
                    "period": ["2026-04-01", "2026-04-30"],
                    "due": "2026-05-10",
                }
            ],
        },
        "2026.yaml",
    )
    campaign = load_campaign(actor=city.task_force, data=data, region=city.city)
    item = campaign.schedule.get()
    # 10 May 2026 is a Sunday; Saturday 9 May is an adjusted working day （调休上班） after 劳动节
    assert load_calendar().is_workday(dt.date(2026, 5, 9))
    assert effective_due(item, load_calendar()) == dt.date(2026, 5, 9)
    assert AuditEntry.objects.filter(target_type="reports.campaign").count() == 1
    with pytest.raises(UserError):
        parse_campaign(
            {
                "code": "x",
                "name": "x",
                "starts_on": "2026-01-01",
                "ends_on": "2026-02-01",
                "holiday_rule": "sometimes",
            },
            "bad.yaml",
        )
    with pytest.raises(UserError) as error:
        parse_campaign(
            {
                "code": "x",
                "name": "x",
                "starts_on": "2026-01-01",
                "ends_on": "2026-02-01",
                "schedule": [{"kind": "monthly_form", "name": "x", "period": ["2026-01-01"], "due": "x"}],
            },
            "bad.yaml",
        )
    assert "第1项" in str(error.value)


def test_board_states_and_days_left(city, heads, campaign):
    may = _item(campaign)
    east = submit_submission(
        actor=heads.east, submission=start_submission(actor=heads.east, item=may, region=city.east)
    )
    today = dt.date(2025, 6, 4)  # before the due date: the filing above happened "now", i.e. late
    lines = board(user=city.task_force, campaign=campaign, today=today)
    line = next(line for line in lines if line.item == may)
    assert line.due == dt.date(2025, 6, 9)
    assert line.days_left == 3  # 5, 6 and 9 June
    states = {cell.region.name: cell.state for cell in line.cells}
    assert states == {"东城区": "submitted_late", "西城区": "not_started"}
    return_submission(actor=city.task_force, submission=east, comment="请修改")
    line = next(line for line in board(user=city.task_force, campaign=campaign) if line.item == may)
    assert {c.region.name: c.label for c in line.cells} == {"东城区": "已退回（逾期）", "西城区": "未开始"}
    assert line.overdue
    # a county officer's board shows only their own county
    mine = board(user=city.officer, campaign=campaign)
    assert [c.region for c in mine[0].cells] == [city.east]
    submit_submission(actor=heads.east, submission=east)
    accept_submission(actor=city.task_force, submission=east)
    line = next(line for line in board(user=city.task_force, campaign=campaign) if line.item == may)
    assert line.cells[0].label == "已采纳（逾期）"


def test_reminders_three_working_days_before_and_on_the_day(city, heads, campaign, settings):
    settings.REPORTS_EMAIL_REMINDERS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    heads.east.email = "dong@example.invalid"
    heads.east.save()
    may = _item(campaign)  # effective due 2025-06-09 (Monday)
    assert send_reminders(today=dt.date(2025, 6, 3)) == 0  # four working days before
    created = send_reminders(today=dt.date(2025, 6, 4))  # 5, 6, 9 June: three working days before
    # the May form and the first rectification report are both due on 9 June:
    # each reaches the county head and the officer of each county
    assert created == 8
    assert send_reminders(today=dt.date(2025, 6, 4)) == 0  # idempotent
    reminder = list_reminders(user=heads.east).get(item=may)
    assert reminder.kind == "ahead" and reminder.item == may and "2025年06月09日" in reminder.message
    assert reminder.emailed and {m.to[0] for m in mail.outbox} == {"dong@example.invalid"}
    assert set(list_reminders(user=city.outsider).values_list("region__name", flat=True)) == {"西城区"}
    # east files before the due day: only west is reminded on the day
    submit_submission(
        actor=heads.east, submission=start_submission(actor=heads.east, item=may, region=city.east)
    )
    send_reminders(today=dt.date(2025, 6, 9))
    due_day = Reminder.objects.filter(kind="due", item=may)
    assert {r.region.name for r in due_day} == {"西城区"}
