"""Reads of the rectification ledger: region visibility, derived due dates and overdue, export rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiandu.clues.models import Clue, ProblemCategory, ProblemSubtype
from jiandu.engines.workdays import WorkdayCalendar
from jiandu.org.holidays import load_calendar
from jiandu.org.models import User
from jiandu.org.selectors import visible_region_ids
from jiandu.rectify.models import Rectification, RectificationEvidence, RectificationStatus


@lru_cache(maxsize=512)
def _threshold(calendar: WorkdayCalendar, today: dt.date, days: int) -> dt.date:
    day = today
    while calendar.add(day, days) >= today:
        day -= dt.timedelta(days=1)
    return day


def overdue_q(items: QuerySet[Rectification], *, today: dt.date, calendar: WorkdayCalendar) -> Q:
    condition = Q(pk__in=[])
    terms = items.order_by().values_list("term_workdays", flat=True).distinct()
    for term in terms:
        condition |= Q(term_workdays=term, opened_on__lte=_threshold(calendar, today, term))
    return condition & Q(status=RectificationStatus.OPEN)


def list_rectifications(
    *,
    user: User,
    county: str = "",
    unit: int | None = None,
    category: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    status: str = "",
    overdue: bool = False,
    supervised: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Rectification]:
    items = Rectification.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "clue", "clue__domain", "region", "unit"
    )
    if county:
        items = items.filter(region__code=county)
    if unit:
        items = items.filter(unit_id=unit)
    if category:
        items = items.filter(clue__category=category)
    if since:
        items = items.filter(opened_on__gte=since)
    if until:
        items = items.filter(opened_on__lte=until)
    if status:
        items = items.filter(status=status)
    if supervised:
        items = items.filter(supervised=True)
    if overdue:
        items = items.filter(overdue_q(items, today=today or timezone.localdate(), calendar=load_calendar()))
    return items.order_by("-opened_on", "-pk")


@dataclass(frozen=True)
class LedgerRow:
    item: Rectification
    due: dt.date
    overdue: bool


def ledger_rows(items: Iterable[Rectification], *, today: dt.date | None = None) -> list[LedgerRow]:
    today = today or timezone.localdate()
    calendar = load_calendar()
    rows = []
    for item in items:
        due = calendar.add(item.opened_on, item.term_workdays)
        late = item.status == RectificationStatus.OPEN and today > due
        rows.append(LedgerRow(item=item, due=due, overdue=late))
    return rows


def rectifications_of_clue(*, user: User, clue: Clue, today: dt.date | None = None) -> list[LedgerRow]:
    items = list_rectifications(user=user).filter(clue=clue).prefetch_related("evidence").order_by("pk")
    return ledger_rows(items, today=today)


def get_rectification(*, user: User, pk: int) -> Rectification | None:
    return list_rectifications(user=user).filter(pk=pk).first()


def rectification_counts(*, user: User, today: dt.date | None = None) -> tuple[int, int]:
    items = list_rectifications(user=user).filter(status=RectificationStatus.OPEN)
    late = overdue_q(items, today=today or timezone.localdate(), calendar=load_calendar())
    counts = items.order_by().aggregate(open=Count("pk"), late=Count("pk", filter=late))
    return counts["open"], counts["late"]


LEDGER_HEADER = [
    "序号", "县（市、区）", "线索编号", "问题描述", "问题类别", "问题细类", "领域", "整改措施", "责任单位",
    "责任人", "整改方式", "建账日期", "整改期限", "是否督办", "整改状态", "完成日期", "整改结果",
    "退还金额（元）", "退还笔数", "纠正执法决定（件）", "是否逾期",
]  # fmt: skip


def ledger_table(rows: list[LedgerRow]) -> list[list[object]]:
    """The ledger (整改台账) as plain rows for the Excel writer."""
    table: list[list[object]] = []
    for index, row in enumerate(rows, start=1):
        item, clue = row.item, row.item.clue
        table.append(
            [
                index,
                item.region.name,
                clue.pk,
                clue.summary,
                ProblemCategory(clue.category).label if clue.category else "",
                ProblemSubtype(clue.subtype).label if clue.subtype else "",
                clue.domain.name if clue.domain else "",
                item.measures,
                item.unit.name,
                item.responsible_person,
                item.get_mode_display(),
                item.opened_on,
                row.due,
                "是" if item.supervised else "否",
                item.get_status_display(),
                item.completed_on,
                item.result,
                item.refund_amount,
                item.refund_count,
                item.decisions_corrected,
                "是" if row.overdue else "否",
            ]
        )
    return table


def get_evidence(*, user: User, pk: int) -> RectificationEvidence | None:
    return RectificationEvidence.objects.filter(
        pk=pk, rectification__region_id__in=visible_region_ids(user)
    ).first()
