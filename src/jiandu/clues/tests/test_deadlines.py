"""Step deadlines in working days from the YAML rules; overdue derived in lists, filters and the summary."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from jiandu.clues.models import ClueStatus
from jiandu.clues.selectors import clue_rows, list_clues, overdue_summary
from jiandu.clues.tests.factories import ClueFactory
from jiandu.clues.workflow import deadline_rules
from jiandu.org.holidays import load_calendar

pytestmark = pytest.mark.django_db


def test_rules_cover_the_open_steps_with_positive_working_days():
    rules = deadline_rules()
    assert rules.basis and rules.version
    for status in (ClueStatus.RECEIVED, ClueStatus.TRIAGED, ClueStatus.ASSESSING, ClueStatus.CONSULTATION):
        assert rules.steps[status] > 0
    assert ClueStatus.CLOSED not in rules.steps


@time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC))
def test_overdue_counts_working_days_across_the_national_day_holiday(city):
    days = deadline_rules().steps[ClueStatus.ASSESSING]
    calendar = load_calendar()
    started = dt.date(2026, 9, 15)
    due = calendar.add(started, days)
    assert (due - started).days > days  # the holiday and weekends push the deadline out
    late = ClueFactory(region=city.east, status=ClueStatus.ASSESSING, step_started_on=started)
    fresh = ClueFactory(region=city.east, status=ClueStatus.ASSESSING, step_started_on=dt.date(2026, 10, 9))
    ClueFactory(region=city.east, status=ClueStatus.CLOSED, step_started_on=dt.date(2025, 1, 1))
    today = dt.date(2026, 10, 12)
    expected_late = today > due
    rows = {
        r.clue.pk: r for r in clue_rows(list_clues(user=city.task_force), user=city.task_force, today=today)
    }
    assert rows[late.pk].deadline == due and rows[late.pk].overdue == expected_late
    assert not rows[fresh.pk].overdue
    overdue_ids = set(
        list_clues(user=city.task_force, overdue=True, today=today).values_list("pk", flat=True)
    )
    assert overdue_ids == ({late.pk} if expected_late else set())


@time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
def test_overdue_filter_matches_the_derived_flag_for_every_start_date(city):
    today = dt.date(2026, 11, 20)
    for back in range(0, 40, 3):
        ClueFactory(
            region=city.east, status=ClueStatus.TRIAGED, step_started_on=today - dt.timedelta(days=back)
        )
    rows = clue_rows(list_clues(user=city.task_force), user=city.task_force, today=today)
    flagged = {r.clue.pk for r in rows if r.overdue}
    filtered = set(list_clues(user=city.task_force, overdue=True, today=today).values_list("pk", flat=True))
    assert flagged == filtered and 0 < len(flagged) < len(rows)


@time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
def test_summary_and_dashboard_include_are_scoped_by_region(client, city):
    old = dt.date(2026, 9, 1)
    ClueFactory(region=city.east, status=ClueStatus.ASSESSING, step_started_on=old)
    ClueFactory(region=city.west, status=ClueStatus.ASSESSING, step_started_on=old)
    ClueFactory(region=city.west, status=ClueStatus.ASSESSING, step_started_on=dt.date(2026, 11, 19))
    city_wide = overdue_summary(city.task_force)
    east_only = overdue_summary(city.officer)
    assert (city_wide.open_clues, city_wide.overdue_clues) == (3, 2)
    assert (east_only.open_clues, east_only.overdue_clues) == (1, 1)
    html = render_to_string("clues/_overdue.html", {"overdue": city_wide})
    assert 'id="stat-overdue-clues">2<' in html
    client.force_login(city.task_force)
    page = client.get(reverse("clue_list"), {"overdue": "on"}).content.decode()
    assert page.count("逾期</span>") == 2
