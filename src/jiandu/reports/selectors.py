"""Reads of the reports app: schedules and due dates, the monthly form (live or as filed), the city
roll-up, the task-force board, the lists and the evaluation indicators. Region-scoped throughout.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jiandu.clues.models import Clue, Suggestion
from jiandu.clues.selectors import list_problems, list_suggestions, problem_list_table
from jiandu.engines.workdays import WorkdayCalendar
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Region, User
from jiandu.org.permissions import has_permission
from jiandu.org.selectors import visible_region_ids
from jiandu.rectify.models import Rectification, RectificationStatus
from jiandu.reports.figures import DISTRIBUTIONS, FIGURES, GROUPED, Scope
from jiandu.reports.models import (
    Campaign,
    HolidayRule,
    LawSuggestion,
    Practice,
    Reminder,
    ReportKind,
    ScheduleItem,
    Submission,
    SubmissionStatus,
)
from jiandu.reports.rulesets import Column, Indicator, Template, load_indicators, load_template

Cell = int | Decimal | str | None
ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")


# --- campaigns and due dates ----------------------------------------------------------------------


def list_campaigns(*, user: User) -> QuerySet[Campaign]:
    ids = visible_region_ids(user)
    region = user.region if user.is_authenticated else None
    parent = region.parent_id if region is not None else None
    return Campaign.objects.filter(Q(region_id__in=ids) | Q(region_id=parent)).order_by("-starts_on")


def get_campaign(*, user: User, pk: int) -> Campaign | None:
    return list_campaigns(user=user).filter(pk=pk).first()


def effective_due(item: ScheduleItem, calendar: WorkdayCalendar) -> dt.date:
    """The nominal due date moved by the schedule's holiday rule when it falls on a day off."""
    day = item.nominal_due
    rule = item.rule
    if rule == HolidayRule.KEEP:
        return day
    step = dt.timedelta(days=1 if rule == HolidayRule.NEXT_WORKDAY else -1)
    while not calendar.is_workday(day):
        day += step
    return day


def due_of(item: ScheduleItem) -> dt.date:
    return effective_due(item, load_calendar())


def workdays_left(due: dt.date, today: dt.date, calendar: WorkdayCalendar) -> int:
    """Working days from today to the due date (0 on the day, negative once past)."""
    if due >= today:
        return calendar.count(today, due)
    return -calendar.count(due, today)


def schedule_of(campaign: Campaign) -> list[ScheduleItem]:
    return list(campaign.schedule.select_related("campaign").order_by("nominal_due", "kind", "pk"))


def campaign_region(region: Region) -> Region:
    """The region whose campaign a region files under: a county files to its city."""
    return region.parent if region.level == "county" and region.parent is not None else region


def monthly_item(region: Region, period_start: dt.date) -> ScheduleItem | None:
    return (
        ScheduleItem.objects.filter(
            campaign__region=campaign_region(region), kind=ReportKind.MONTHLY_FORM, period_start=period_start
        )
        .select_related("campaign")
        .first()
    )


def get_item(*, user: User, pk: int) -> ScheduleItem | None:
    return (
        ScheduleItem.objects.filter(campaign__in=list_campaigns(user=user), pk=pk)
        .select_related("campaign")
        .first()
    )


# --- rows of a form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    region: Region
    name: str
    members: tuple[int, ...]  # record region ids counted in this row
    own_units: bool = False


def row_specs(region: Region, template: Template) -> list[RowSpec]:
    """One row per region under ``region`` (with its subtree), then the region's own units."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    if not children:
        return [RowSpec(region, region.name, (region.pk,))]
    grandchildren: dict[int, list[int]] = {}
    for pk, parent in Region.objects.filter(parent__in=children).values_list("pk", "parent_id"):
        grandchildren.setdefault(parent, []).append(pk)
    rows = [RowSpec(child, child.name, (child.pk, *grandchildren.get(child.pk, ()))) for child in children]
    rows.append(RowSpec(region, template.own_units_label, (region.pk,), own_units=True))
    return rows


def _scope(
    rows: Sequence[RowSpec], start: dt.date, end: dt.date, template: Template, calendar: WorkdayCalendar
) -> Scope:
    row_of = {member: row.region.pk for row in rows for member in row.members}
    return Scope(row_of, start, end, calendar, Decimal(str(template.params.get("review_pass_score", 60))))


def _ratio(numerator: Cell, denominator: Cell) -> Decimal | None:
    if (
        not isinstance(numerator, int | Decimal)
        or not isinstance(denominator, int | Decimal)
        or not denominator
    ):
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_PLACE, ROUND_HALF_UP)


def _finish(template: Template, cells: dict[str, Cell]) -> dict[str, Cell]:
    for column in template.columns:
        if column.is_ratio:
            cells[column.key] = _ratio(cells.get(column.numerator), cells.get(column.denominator))
        elif column.money and isinstance(cells.get(column.key), int | Decimal):
            cells[column.key] = Decimal(cells[column.key] or 0).quantize(TWO_PLACES)
    return cells


def live_cells(
    *,
    rows: Sequence[RowSpec],
    template: Template,
    start: dt.date,
    end: dt.date,
    cumulative_start: dt.date,
    calendar: WorkdayCalendar | None = None,
) -> dict[int, dict[str, Cell]]:
    """Every generated cell of every row, one grouped query per (figure, params, scope)."""
    calendar = calendar or load_calendar()
    period = _scope(rows, start, end, template, calendar)
    cumulative = period.with_dates(min(cumulative_start, start), end)
    cells: dict[int, dict[str, Cell]] = {row.region.pk: {} for row in rows}
    families: dict[tuple[str, str, str], dict[tuple[int, Any], int]] = {}
    for column in template.columns:
        if not column.figure:
            continue
        scope = cumulative if column.scope == "cumulative" else period
        family = (column.figure, next(iter(column.params)), column.scope) if len(column.params) == 1 else None
        if family is not None and family[:2] in GROUPED:
            if family not in families:
                families[family] = GROUPED[family[:2]](scope)
            value = column.params[family[1]]
            for row in rows:
                cells[row.region.pk][column.key] = families[family].get((row.region.pk, value), 0)
            continue
        values = FIGURES[column.figure](scope, column.params)
        for row in rows:
            cells[row.region.pk][column.key] = values.get(row.region.pk, 0)
    return cells


def _typed_value(column: Column, raw: Any) -> Cell:
    if raw is None or raw == "":
        return None
    if column.typed == "integer":
        return int(raw)
    if column.typed == "money":
        return Decimal(str(raw)).quantize(TWO_PLACES)
    return str(raw)


def cells_with_typed(
    template: Template, generated: dict[str, Cell], typed: dict[str, Any]
) -> dict[str, Cell]:
    cells = dict(generated)
    for column in template.typed_columns:
        cells[column.key] = _typed_value(column, typed.get(column.key))
    return _finish(template, cells)


def encode_cells(cells: dict[str, Cell]) -> dict[str, Any]:
    """JSON-safe cells for storing a snapshot (money and ratios as exact strings)."""
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in cells.items()}


def decode_cells(template: Template, data: dict[str, Any]) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for column in template.columns:
        value = data.get(column.key)
        if value is None:
            cells[column.key] = None
        elif column.is_ratio or column.money:
            cells[column.key] = Decimal(str(value))
        else:
            cells[column.key] = value
    return cells


# --- the form, live or as filed -------------------------------------------------------------------


class RowState:
    LIVE = "live"
    ACCEPTED = "accepted"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    DRAFT = "draft"
    MISSING = "missing"
    LATE = "late"


ROW_STATE_LABELS = {
    RowState.LIVE: "实时数据",
    RowState.ACCEPTED: "已采纳",
    RowState.SUBMITTED: "已报送待审核",
    RowState.RETURNED: "已退回修改",
    RowState.DRAFT: "草稿未报送",
    RowState.MISSING: "未报送",
    RowState.LATE: "逾期未报送",
}


@dataclass
class FormRow:
    region: Region
    name: str
    cells: dict[str, Cell]
    state: str = RowState.LIVE
    typed_keys: list[str] = field(default_factory=list)
    late: bool = False
    own_units: bool = False

    @property
    def has_data(self) -> bool:
        return self.state in (RowState.LIVE, RowState.ACCEPTED)

    @property
    def state_label(self) -> str:
        label = ROW_STATE_LABELS[self.state]
        return f"{label}（逾期报送）" if self.late and self.state == RowState.ACCEPTED else label


@dataclass
class FormTable:
    template: Template
    region: Region
    period_start: dt.date
    period_end: dt.date
    item: ScheduleItem | None
    rows: list[FormRow]
    total: dict[str, Cell]
    snapshot: bool

    @property
    def period(self) -> str:
        return f"{self.period_start:%Y-%m}"

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%Y年%m月%d日}至{self.period_end:%Y年%m月%d日}"

    def to_json(self) -> dict[str, Any]:
        return {
            "template": self.template.version,
            "period": self.period,
            "region": self.region.code,
            "snapshot": self.snapshot,
            "columns": [
                {"key": c.key, "label": c.title, "typed": bool(c.typed)} for c in self.template.columns
            ],
            "rows": [
                {
                    "region": row.region.code,
                    "name": row.name,
                    "status": row.state,
                    "cells": {k: json_value(v) for k, v in row.cells.items()},
                    "typed": row.typed_keys,
                }
                for row in self.rows
            ],
            "total": {k: json_value(v) for k, v in self.total.items()},
        }


def json_value(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def sum_rows(template: Template, rows: Iterable[FormRow]) -> dict[str, Cell]:
    """The total of the rows that carry data; a ratio is recomputed from the summed columns."""
    rows = [row for row in rows if row.has_data]
    total: dict[str, Cell] = {}
    for column in template.columns:
        if not column.additive:
            total[column.key] = None
            continue
        values = [row.cells.get(column.key) for row in rows]
        numbers = [v for v in values if isinstance(v, int | Decimal)]
        if not numbers:
            total[column.key] = None if column.typed or not rows else 0
            continue
        total[column.key] = sum(numbers, Decimal(0) if column.money else 0)
    return _finish(template, total)


def _cumulative_start(item: ScheduleItem | None, region: Region, start: dt.date) -> dt.date:
    if item is not None:
        return item.campaign.starts_on
    campaign = (
        Campaign.objects.filter(region=campaign_region(region), starts_on__lte=start, ends_on__gte=start)
        .order_by("-starts_on")
        .first()
    )
    return campaign.starts_on if campaign else start


def template_for(item: ScheduleItem | None) -> Template:
    if item is not None and item.campaign.template_version:
        return load_template(item.campaign.template_version)
    return load_template("2025-05-01")


def build_form(
    *,
    region: Region,
    start: dt.date,
    end: dt.date,
    item: ScheduleItem | None = None,
    snapshot: bool = False,
    today: dt.date | None = None,
    calendar: WorkdayCalendar | None = None,
) -> FormTable:
    """The form for ``region``: one row per county (and the region's own units), live or as filed.

    With ``snapshot`` the county rows are their accepted snapshots; a county that has not filed,
    filed late, or is still waiting is shown with its state and no figures (never as zero).
    """
    calendar = calendar or load_calendar()
    template = template_for(item)
    rows = row_specs(region, template)
    # as filed, the county rows come from their snapshots: only the region's own units are computed
    live_rows = [r for r in rows if r.own_units] if snapshot else rows
    generated = live_cells(
        rows=live_rows,
        template=template,
        start=start,
        end=end,
        cumulative_start=_cumulative_start(item, region, start),
        calendar=calendar,
    )
    submissions = (
        {s.region_id: s for s in Submission.objects.filter(item=item, region__in=[r.region for r in rows])}
        if item is not None
        else {}
    )
    today = today or timezone.localdate()
    due = effective_due(item, calendar) if item is not None else None
    form_rows: list[FormRow] = []
    for spec in rows:
        submission = submissions.get(spec.region.pk)
        typed = submission.typed if submission is not None else {}
        typed_keys = [c.key for c in template.typed_columns if typed.get(c.key) not in (None, "")]
        cells = cells_with_typed(template, generated.get(spec.region.pk, {}), typed)
        row = FormRow(spec.region, spec.name, cells, typed_keys=typed_keys, own_units=spec.own_units)
        if snapshot and not spec.own_units:
            row.late = bool(submission and due and is_late(submission, due))
            if (
                submission is not None
                and submission.status == SubmissionStatus.ACCEPTED
                and submission.snapshot
            ):
                row.state = RowState.ACCEPTED
                row.cells = decode_cells(template, submission.snapshot.get("cells", {}))
                row.typed_keys = list(submission.snapshot.get("typed", []))
            else:
                if submission is None or submission.status == SubmissionStatus.DRAFT:
                    past = due is not None and today > due
                    row.state = (
                        RowState.LATE if past else (RowState.DRAFT if submission else RowState.MISSING)
                    )
                else:
                    row.state = str(submission.status)
                row.cells = {c.key: None for c in template.columns}
                row.typed_keys = []
        form_rows.append(row)
    return FormTable(template, region, start, end, item, form_rows, sum_rows(template, form_rows), snapshot)


def is_late(submission: Submission, due: dt.date) -> bool:
    first = submission.first_submitted_at
    return first is not None and timezone.localdate(first) > due


def submission_live_cells(submission: Submission, calendar: WorkdayCalendar | None = None) -> dict[str, Cell]:
    """The county's own figures as they stand now (for the draft, and for the diff to the snapshot)."""
    item = submission.item
    template = template_for(item)
    # a county files for its own records; a city filing for itself covers its own units only
    own_units = Region.objects.filter(parent=submission.region).exists()
    spec = RowSpec(submission.region, submission.region.name, (submission.region.pk,), own_units=own_units)
    generated = live_cells(
        rows=[spec],
        template=template,
        start=item.period_start,
        end=item.period_end,
        cumulative_start=item.campaign.starts_on,
        calendar=calendar,
    )[submission.region.pk]
    return cells_with_typed(template, generated, submission.typed)


@dataclass(frozen=True)
class DiffLine:
    column: Column
    filed: Cell
    live: Cell


def snapshot_diff(submission: Submission) -> list[DiffLine]:
    """Where the live figures moved on since the snapshot was frozen."""
    if not submission.snapshot:
        return []
    template = template_for(submission.item)
    filed = decode_cells(template, submission.snapshot.get("cells", {}))
    live = submission_live_cells(submission)
    return [
        DiffLine(column, filed.get(column.key), live.get(column.key))
        for column in template.columns
        if not column.typed and filed.get(column.key) != live.get(column.key)
    ]


# --- submissions ----------------------------------------------------------------------------------


def list_submissions(
    *, user: User, item: ScheduleItem | None = None, status: str = ""
) -> QuerySet[Submission]:
    qs = Submission.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "item", "item__campaign", "region", "submitted_by", "decided_by"
    )
    if item is not None:
        qs = qs.filter(item=item)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("item__nominal_due", "region__code")


def get_submission(*, user: User, pk: int) -> Submission | None:
    return list_submissions(user=user).filter(pk=pk).first()


def can_decide(user: User, submission: Submission) -> bool:
    """The city task force decides on what a region under it filed, never on its own region's filing."""
    return (
        has_permission(user, "decide_reports")
        and submission.region_id in visible_region_ids(user)
        and (user.is_superuser or submission.region_id != user.region_id)
    )


def can_file(user: User, region: Region) -> bool:
    return region.pk in visible_region_ids(user) and (user.is_superuser or user.region_id == region.pk)


# --- the task-force board -------------------------------------------------------------------------


class BoardState:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SUBMITTED_LATE = "submitted_late"
    RETURNED = "returned"
    ACCEPTED = "accepted"


BOARD_LABELS = {
    BoardState.NOT_STARTED: "未开始",
    BoardState.DRAFT: "草稿",
    BoardState.SUBMITTED: "已报送",
    BoardState.SUBMITTED_LATE: "逾期报送",
    BoardState.RETURNED: "已退回",
    BoardState.ACCEPTED: "已采纳",
}


@dataclass(frozen=True)
class BoardCell:
    region: Region
    state: str
    late: bool
    submission: Submission | None

    @property
    def label(self) -> str:
        label = BOARD_LABELS[self.state]
        if self.late and self.state in (BoardState.ACCEPTED, BoardState.RETURNED):
            label += "（逾期）"
        return label


@dataclass(frozen=True)
class BoardLine:
    item: ScheduleItem
    due: dt.date
    days_left: int
    cells: list[BoardCell]

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def board_state(submission: Submission | None, due: dt.date, today: dt.date) -> tuple[str, bool]:
    if submission is None:
        return BoardState.NOT_STARTED, today > due
    late = is_late(submission, due) or (submission.first_submitted_at is None and today > due)
    if submission.status == SubmissionStatus.SUBMITTED:
        return (BoardState.SUBMITTED_LATE if late else BoardState.SUBMITTED), late
    return str(submission.status), late


def filing_regions(user: User, campaign: Campaign) -> list[Region]:
    """The regions that file under a campaign and that the user may see: the counties of its region."""
    ids = visible_region_ids(user)
    return list(Region.objects.filter(parent=campaign.region, pk__in=ids).order_by("code"))


def board(*, user: User, campaign: Campaign, today: dt.date | None = None) -> list[BoardLine]:
    today = today or timezone.localdate()
    calendar = load_calendar()
    regions = filing_regions(user, campaign)
    items = schedule_of(campaign)
    submissions = {
        (s.item_id, s.region_id): s for s in Submission.objects.filter(item__in=items, region__in=regions)
    }
    lines = []
    for item in items:
        due = effective_due(item, calendar)
        cells = []
        for region in regions:
            submission = submissions.get((item.pk, region.pk))
            state, late = board_state(submission, due, today)
            cells.append(BoardCell(region, state, late, submission))
        lines.append(BoardLine(item, due, workdays_left(due, today, calendar), cells))
    return lines


def list_reminders(*, user: User, unread_only: bool = False) -> QuerySet[Reminder]:
    qs = Reminder.objects.filter(user=user, region_id__in=visible_region_ids(user)).select_related(
        "item", "region"
    )
    if unread_only:
        qs = qs.filter(read_at=None)
    return qs.order_by("-created_at", "-pk")


# --- the three lists and 立改废释 -------------------------------------------------------------------

PROBLEM_HEADER = [
    "序号", "县（市、区）", "线索编号", "线索来源", "接收日期", "涉及经营主体", "问题描述", "问题类别",
    "问题细类", "领域", "研判机构", "研判日期", "认定意见", "原因剖析", "办理状态", "反映人", "整改情况",
]  # fmt: skip
SUGGESTION_HEADER = [
    "序号",
    "县（市、区）",
    "来源",
    "来源说明",
    "意见建议内容",
    "领域",
    "答复机构",
    "答复意见",
    "答复时间",
    "状态",
]
PRACTICE_HEADER = ["序号", "县（市、区）", "标题", "主要做法", "工作成效", "领域", "状态", "发布日期"]
LAW_HEADER = [
    "序号",
    "县（市、区）",
    "法律法规规章或文件名称",
    "效力层级",
    "涉及条款",
    "存在的问题",
    "建议类型",
    "具体建议",
    "相关线索",
]


def _rectification_states(clue_ids: list[int]) -> dict[int, str]:
    states: dict[int, list[str]] = {}
    items = Rectification.objects.filter(clue_id__in=clue_ids).order_by("pk")
    for clue_id, mode, status in items.values_list("clue_id", "mode", "status"):
        label = ("立行立改" if mode == "immediate" else "限期整改") + (
            "已完成" if status == RectificationStatus.DONE else "整改中"
        )
        states.setdefault(clue_id, []).append(label)
    return {k: "；".join(v) for k, v in states.items()}


def problem_rows(
    *, user: User, county: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> list[list[object]]:
    """主要问题清单： confirmed problems with cause analysis and the state of their rectification."""
    clues = list(list_problems(user=user, county=county, since=since, until=until))
    table = problem_list_table(clues, user=user)
    states = _rectification_states([c.pk for c in clues])
    return [[*row, states.get(clue.pk, "尚未建立整改台账")] for row, clue in zip(table, clues, strict=True)]


def suggestion_rows(suggestions: Iterable[Suggestion]) -> list[list[object]]:
    return [
        [
            index,
            s.region.name,
            s.get_source_display(),
            s.source_ref,
            s.text,
            s.domain.name if s.domain else "",
            s.unit.name if s.unit else "",
            s.answer,
            timezone.localdate(s.answered_at) if s.answered_at else "",
            s.get_status_display(),
        ]
        for index, s in enumerate(suggestions, start=1)
    ]


def list_suggestion_rows(
    *, user: User, county: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> list[list[object]]:
    return suggestion_rows(list_suggestions(user=user, county=county, since=since, until=until))


def list_practices(*, user: User, county: str = "", status: str = "") -> QuerySet[Practice]:
    qs = Practice.objects.filter(region_id__in=visible_region_ids(user)).select_related("region", "domain")
    if county:
        qs = qs.filter(region__code=county)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("region__code", "created_at", "pk")


def get_practice(*, user: User, pk: int) -> Practice | None:
    return list_practices(user=user).filter(pk=pk).first()


def practice_rows(practices: Iterable[Practice]) -> list[list[object]]:
    return [
        [
            index,
            p.region.name,
            p.title,
            p.text,
            p.effect,
            p.domain.name if p.domain else "",
            p.get_status_display(),
            p.published_on or "",
        ]
        for index, p in enumerate(practices, start=1)
    ]


def list_law_suggestions(*, user: User, county: str = "") -> QuerySet[LawSuggestion]:
    qs = LawSuggestion.objects.filter(region_id__in=visible_region_ids(user)).select_related("region")
    if county:
        qs = qs.filter(region__code=county)
    return qs.prefetch_related("clues").order_by("region__code", "created_at", "pk")


def law_rows(items: Iterable[LawSuggestion]) -> list[list[object]]:
    return [
        [
            index,
            item.region.name,
            item.document,
            item.get_level_display(),
            item.provision,
            item.problem,
            item.get_action_display(),
            item.proposal,
            "、".join(str(c.pk) for c in item.clues.all()),
        ]
        for index, item in enumerate(items, start=1)
    ]


def clues_for_law_suggestion(*, user: User, ids: Sequence[int]) -> list[Clue]:
    return list(Clue.objects.filter(region_id__in=visible_region_ids(user), pk__in=ids))


# --- evaluation indicators ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    values: dict[int, Decimal | None]  # region id -> percent
    median: Decimal | None


def _overlap(first: dict[int, int], second: dict[int, int]) -> Decimal | None:
    a_total, b_total = sum(first.values()), sum(second.values())
    if not a_total or not b_total:
        return None
    share: Decimal = sum(
        (
            min(Decimal(first.get(d, 0)) / a_total, Decimal(second.get(d, 0)) / b_total)
            for d in set(first) | set(second)
        ),
        Decimal(0),
    )
    return (share * 100).quantize(ONE_PLACE, ROUND_HALF_UP)


def _growth(now: Any, before: Any) -> Decimal | None:
    if not before:
        return None
    return ((Decimal(now or 0) - Decimal(before)) * 100 / Decimal(before)).quantize(ONE_PLACE, ROUND_HALF_UP)


def _last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def indicator_regions(user: User, parent: Region) -> list[Region]:
    """The regions under ``parent`` that the user may see, in code order (the indicator columns)."""
    return list(Region.objects.filter(parent=parent, pk__in=visible_region_ids(user)).order_by("code"))


def indicator_table(
    *, user: User, region: Region, start: dt.date, end: dt.date, version: str = "2025-05-01"
) -> list[IndicatorValue]:
    """Each indicator per county of ``region`` for the period, with the median over all its counties.

    The user sees the values of the counties in their scope; the median is over every county (a
    county officer sees where their county stands without seeing the others).
    """
    ruleset = load_indicators(version)
    template = load_template("2025-05-01")
    visible = set(visible_region_ids(user))
    rows = [r for r in row_specs(region, template) if not r.own_units]
    scope = _scope(rows, start, end, template, load_calendar())
    result = []
    for indicator in ruleset.indicators:
        values: dict[int, Decimal | None] = {}
        if indicator.kind == "ratio":
            numerator, denominator = (FIGURES[t.figure](scope, t.params) for t in indicator.terms)
            values = {
                r.region.pk: _ratio(numerator.get(r.region.pk, 0), denominator.get(r.region.pk, 0))
                for r in rows
            }
        elif indicator.kind == "overlap":
            first, second = (DISTRIBUTIONS[t.figure](scope) for t in indicator.terms)
            values = {
                r.region.pk: _overlap(first.get(r.region.pk, {}), second.get(r.region.pk, {})) for r in rows
            }
        else:
            term = indicator.terms[0]
            now = FIGURES[term.figure](scope, term.params)
            before = FIGURES[term.figure](scope.with_dates(_last_year(start), _last_year(end)), term.params)
            values = {r.region.pk: _growth(now.get(r.region.pk), before.get(r.region.pk)) for r in rows}
        present = [v for v in values.values() if v is not None]
        median = Decimal(statistics.median(present)).quantize(ONE_PLACE, ROUND_HALF_UP) if present else None
        result.append(IndicatorValue(indicator, {k: v for k, v in values.items() if k in visible}, median))
    return result


# --- narrative of the reports ---------------------------------------------------------------------

SECTIONS = [
    ("problems", "一、突出问题排查整治"),
    ("effects", "二、整治成效分析研判"),
    ("practices", "三、经验做法总结提炼"),
    ("mechanisms", "四、建立长效机制"),
]


def _fmt(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def fact_paragraphs(cells: dict[str, Cell], *, region_name: str, period_label: str) -> dict[str, str]:
    """The generated first paragraph of each of the four parts: facts only, for the county to edit."""
    get = cells.get
    return {
        "problems": (
            f"{period_label}，{region_name}共收集涉企行政执法问题线索{_fmt(get('clues_received'))}条，"
            f"经研判认定属于四类重点问题{_fmt(get('clues_confirmed'))}个，不予认定{_fmt(get('clues_not_confirmed'))}条，"
            f"尚在研判{_fmt(get('clues_assessing'))}条。"
        ),
        "effects": (
            f"截至统计截止日，完成整改{_fmt(get('rectified'))}项（其中立行立改{_fmt(get('rectified_immediate'))}项、"
            f"限期整改{_fmt(get('rectified_deadline'))}项），正在整改{_fmt(get('rectifying'))}项，"
            f"逾期未完成{_fmt(get('rectify_overdue'))}项；退还费用和罚没款{_fmt(get('refund_amount'))}元，"
            f"纠正执法决定{_fmt(get('decisions_corrected'))}件，移送纪检监察{_fmt(get('referrals'))}件。"
        ),
        "practices": (
            f"评查案卷{_fmt(get('cases_reviewed'))}卷，合格率{_fmt(get('review_pass_rate'))}%;"
            f"双百回访覆盖率{_fmt(get('follow_up_coverage'))}%；收集意见建议{_fmt(get('suggestions'))}条，"
            f"形成典型经验做法{_fmt(get('practices'))}篇。"
        ),
        "mechanisms": "针对排查中发现的共性问题，提出立改废释建议并完善相关制度。",
    }
