"""The working-day calendar: shipped tables, plus the holiday years staff enter in the database."""

from __future__ import annotations

import threading
from functools import cache

from django.db import transaction
from django.db.models import Count, Max, Min

from jiandu.audit.services import AuditAction, change_for, record
from jiandu.engines.workdays import (
    DEFAULT_TABLE_DIR,
    HolidayTable,
    WorkdayCalendar,
    load_table_dir,
    parse_table_text,
)
from jiandu.errors import UserError
from jiandu.org.models import HolidayDay, HolidayKind, HolidayYear, User


def holiday_table() -> HolidayTable:
    """Shipped YAML tables (rulesets/holidays) merged with the years staff entered."""
    days = list(HolidayDay.objects.values_list("date", "kind"))
    entered = HolidayTable(
        holidays=frozenset(d for d, kind in days if kind == HolidayKind.HOLIDAY),
        workdays=frozenset(d for d, kind in days if kind == HolidayKind.WORKDAY),
        years=frozenset(HolidayYear.objects.values_list("year", flat=True)),
    )
    shipped = _shipped_table()
    shipped = HolidayTable(
        holidays=frozenset(d for d in shipped.holidays if d.year not in entered.years),
        workdays=frozenset(d for d in shipped.workdays if d.year not in entered.years),
        years=shipped.years - entered.years,
    )
    return shipped.merge(entered)


@cache
def _shipped_table() -> HolidayTable:
    """The YAML tables shipped with the package: read once per process."""
    return load_table_dir(DEFAULT_TABLE_DIR)


_calendar_lock = threading.Lock()
_calendar: tuple[tuple[object, ...], WorkdayCalendar] | None = None


def _entered_signature() -> tuple[object, ...]:
    """One small query that changes whenever staff enter, replace or remove a holiday year."""
    summary = HolidayYear.objects.aggregate(
        n_years=Count("pk", distinct=True),
        last_year=Max("pk"),
        n_days=Count("days__pk"),
        last_day=Max("days__pk"),
        first_date=Min("days__date"),
        last_date=Max("days__date"),
    )
    return tuple(summary[key] for key in sorted(summary))


def load_calendar() -> WorkdayCalendar:
    """The working-day calendar, built once per process and rebuilt when the entered years change
    (in this process or another one: the signature is read from the database on each call)."""
    global _calendar
    signature = _entered_signature()
    cached = _calendar
    if cached is not None and cached[0] == signature:
        return cached[1]
    with _calendar_lock:
        calendar = WorkdayCalendar(holiday_table())
        _calendar = (signature, calendar)
    return calendar


def forget_calendar() -> None:
    global _calendar
    _calendar = None


def import_holiday_year(*, actor: User | None, text: str, name: str, source: str) -> HolidayYear:
    """Store (or replace) one year's arrangement from a YAML file in the format of rulesets/holidays."""
    try:
        year, holidays, workdays = parse_table_text(text, name)
    except ValueError as error:  # the engine's message names the entry and the field
        raise UserError(str(error)) from error
    if not source.strip():
        raise UserError("请填写依据，例如“国务院办公厅关于2027年部分节假日安排的通知”。")
    with transaction.atomic():
        existing = HolidayYear.objects.filter(year=year).first()
        before = None
        if existing is not None:
            before = {
                "source": existing.source,
                "days": sorted(f"{d.date}:{d.kind}" for d in existing.days.all()),
            }
            existing.delete()
        entry = HolidayYear.objects.create(year=year, source=source.strip())
        HolidayDay.objects.bulk_create(
            [HolidayDay(year=entry, date=d, kind=HolidayKind.HOLIDAY) for d in sorted(set(holidays))]
            + [HolidayDay(year=entry, date=d, kind=HolidayKind.WORKDAY) for d in sorted(set(workdays))]
        )
        days = sorted(f"{d}:holiday" for d in holidays) + sorted(f"{d}:workday" for d in workdays)
        after = {"source": entry.source, "days": days}
        transaction.on_commit(forget_calendar)
        record(
            actor=actor,
            change=change_for(
                entry,
                AuditAction.UPDATE if before else AuditAction.CREATE,
                before=before,
                after=after,
                note="节假日安排",
            ),
        )
    return entry
