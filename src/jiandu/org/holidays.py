"""The working-day calendar with the holiday table staff maintain in the database."""

from __future__ import annotations

from jiandu.engines.workdays import HolidayTable, WorkdayCalendar
from jiandu.org.models import HolidayDay, HolidayKind, HolidayYear


def holiday_table() -> HolidayTable:
    days = list(HolidayDay.objects.values_list("date", "kind"))
    return HolidayTable(
        holidays=frozenset(d for d, kind in days if kind == HolidayKind.HOLIDAY),
        workdays=frozenset(d for d, kind in days if kind == HolidayKind.WORKDAY),
        years=frozenset(HolidayYear.objects.values_list("year", flat=True)),
    )


def load_calendar() -> WorkdayCalendar:
    return WorkdayCalendar(holiday_table())
