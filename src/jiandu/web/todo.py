"""我的待办: what this person must do now, gathered from each app's selectors.

A provider is a function ``(user, today, calendar) -> list[TodoItem]``. Web's own providers, below,
read the selectors of the apps it sits on; an app can contribute more without importing web by naming
functions in its AppConfig: ``todo_providers = ["jiandu.<app>.todo.items"]``. Due dates count working
days (`org.holidays.load_calendar`); overdue items come first, then the nearest due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from jiandu.cases.models import CaseStatus, LeadStatus
from jiandu.cases.rules import procedure, statutes
from jiandu.cases.selectors import case_deadlines, list_cases, list_leads
from jiandu.clues.models import ClueStatus, Consultation
from jiandu.clues.selectors import deadline_of, list_clues
from jiandu.engines.workdays import WorkdayCalendar
from jiandu.org.holidays import load_calendar
from jiandu.org.models import RegionLevel, Role, User
from jiandu.org.permissions import has_permission
from jiandu.org.selectors import visible_region_ids
from jiandu.rectify.models import RectificationStatus
from jiandu.rectify.selectors import list_rectifications
from jiandu.reports.selectors import BoardState, board, list_campaigns
from jiandu.reviews.selectors import list_follow_ups, list_my_reviews

PER_PROVIDER = 30  # rows read per provider; the page shows the most urgent
REPORT_OVERDUE_WINDOW = 40  # working days: older missed reports stay on the reports board
ASSESS_STATES = [ClueStatus.TRIAGED, ClueStatus.ASSESSING, ClueStatus.JUDICIAL_OPINION]


@dataclass(frozen=True)
class TodoItem:
    kind: str  # what to do: 分拣, 研判, 会商意见, 整改, 督办, 法制审核, 作出决定, 补正, 回访, 评查, 报送
    title: str
    url: str
    due: dt.date | None = None
    days_left: int | None = None  # working days from today; negative once overdue
    supervised: bool = False
    basis: str = ""  # the legal term the due date comes from, e.g. 作出处罚决定（行政处罚法第六十条…）

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -(self.days_left or 0)


Provider = Callable[[User, dt.date, WorkdayCalendar], list[TodoItem]]


def days_left(due: dt.date, today: dt.date, calendar: WorkdayCalendar) -> int:
    if due >= today:
        return calendar.count(today, due)
    return -calendar.count(due, today)


def _item(kind: str, title: str, url: str, due: dt.date | None, today: dt.date, cal: WorkdayCalendar, **kw):  # type: ignore[no-untyped-def]
    left = days_left(due, today, cal) if due is not None else None
    return TodoItem(kind=kind, title=title, url=url, due=due, days_left=left, **kw)


def _own(user: User) -> Q:
    """Work that belongs to this person's unit or, for a county bureau without a unit, its county."""
    if user.unit_id:
        return Q(lead_unit_id=user.unit_id)
    if user.role == Role.COUNTY_BUREAU and user.region_id:
        return Q(region_id=user.region_id)
    return Q(pk__in=[])


def clue_items(user: User, today: dt.date, cal: WorkdayCalendar) -> list[TodoItem]:
    items: list[TodoItem] = []
    clues = list_clues(user=user)
    if has_permission(user, "triage_clues"):
        scope = clues.filter(status=ClueStatus.RECEIVED)
        if user.region is not None and user.region.level == RegionLevel.CITY:
            # the city's task force triages what reached the city; counties triage their own
            scope = scope.filter(Q(region_id=user.region_id) | Q(region__parent_id=user.region_id))
        for clue in scope.order_by("step_started_on", "pk")[:PER_PROVIDER]:
            items.append(
                _item(
                    "分拣",
                    f"线索第{clue.pk}号：{clue.summary[:30]}",
                    reverse("clue_detail", args=[clue.pk]),
                    deadline_of(clue, cal),
                    today,
                    cal,
                )
            )
    if has_permission(user, "assess_clues"):
        for clue in clues.filter(_own(user), status__in=ASSESS_STATES).order_by("step_started_on", "pk")[
            :PER_PROVIDER
        ]:
            items.append(
                _item(
                    "研判",
                    f"线索第{clue.pk}号：{clue.summary[:30]}",
                    reverse("clue_detail", args=[clue.pk]),
                    deadline_of(clue, cal),
                    today,
                    cal,
                )
            )
        if user.unit_id:
            pending = (
                Consultation.objects.filter(
                    clue__region_id__in=visible_region_ids(user),
                    clue__status=ClueStatus.CONSULTATION,
                    units=user.unit_id,
                )
                .exclude(opinions__unit_id=user.unit_id)
                .select_related("clue")[:PER_PROVIDER]
            )
            for consultation in pending:
                clue = consultation.clue
                items.append(
                    _item(
                        "会商意见",
                        f"线索第{clue.pk}号会商：{consultation.topic[:30]}",
                        reverse("clue_detail", args=[clue.pk]),
                        deadline_of(clue, cal),
                        today,
                        cal,
                    )
                )
    return items


def rectification_items(user: User, today: dt.date, cal: WorkdayCalendar) -> list[TodoItem]:
    if not has_permission(user, "manage_rectifications"):
        return []
    rows = list_rectifications(user=user, status=RectificationStatus.OPEN)
    if user.unit_id:
        rows = rows.filter(unit_id=user.unit_id)
    elif user.role == Role.COUNTY_BUREAU and user.region_id:
        rows = rows.filter(region_id=user.region_id)
    else:
        rows = rows.filter(supervised=True)
    items = []
    for row in rows.order_by("-supervised", "opened_on", "pk")[:PER_PROVIDER]:
        items.append(
            _item(
                "督办" if row.supervised else "整改",
                f"整改事项第{row.pk}号：{row.measures[:30]}",
                reverse("rectification_detail", args=[row.pk]),
                cal.add(row.opened_on, row.term_workdays),
                today,
                cal,
                supervised=row.supervised,
            )
        )
    return items


# which running deadline (rulesets/case_deadlines.yaml) a case task is held to
CASE_TASK_DEADLINE = {"法制审核": "legal_review", "作出决定": "decide", "补正": "decide"}


def case_items(user: User, today: dt.date, cal: WorkdayCalendar) -> list[TodoItem]:
    """Case tasks, each with the legal term that runs for the case now (case_deadlines: 90 days from
    立案 to decide, 10 working days for 法制审核, …), so the list sorts by the statutory due date."""
    items: list[TodoItem] = []
    cases = list_cases(user=user).select_related("notice")

    def add(kind: str, qs) -> None:  # type: ignore[no-untyped-def]
        for case in qs.order_by("filed_on", "pk")[:PER_PROVIDER]:
            label = case.decision_number or f"第{case.pk}号"
            running = case_deadlines(case, today=today, calendar=cal)
            wanted = [d for d in running if d.key == CASE_TASK_DEADLINE[kind]] or running
            term = min(wanted, key=lambda d: d.due) if wanted else None
            items.append(
                _item(
                    kind,
                    f"案件{label}：{case.violation[:30]}",
                    reverse("case_detail", args=[case.pk]),
                    term.due if term else None,
                    today,
                    cal,
                    basis=f"{term.label}：{term.legal_basis}" if term else "",
                )
            )

    if has_permission(user, "legal_review_cases"):
        add("法制审核", cases.filter(status=CaseStatus.LEGAL_REVIEW))
    if has_permission(user, "decide_cases") and user.role != Role.TASK_FORCE:
        add("作出决定", cases.filter(status__in=[CaseStatus.REVIEWED, CaseStatus.DISCUSSED]))
    if has_permission(user, "draft_cases"):
        returned = cases.filter(created_by=user, status=CaseStatus.DRAFT).exclude(legal_review_opinion="")
        add("补正", returned.filter(legal_review_passed=False))
    return items


def lead_items(user: User, today: dt.date, cal: WorkdayCalendar) -> list[TodoItem]:
    """案源 this person registered and has not yet decided on: 立案 or 不予立案 within 15 working days of
    discovery (程序规定第十八条; the number is read from rulesets/procedure)."""
    if not has_permission(user, "draft_cases"):
        return []
    step = procedure().steps["lead"]
    workdays = int(step["days"])
    basis = f"{step['label']}：{statutes().cite(tuple(step['articles']))}（{workdays}个工作日）"
    leads = list_leads(user=user, status=LeadStatus.OPEN).filter(created_by=user)
    items = []
    for lead in leads.order_by("discovered_on", "pk")[:PER_PROVIDER]:
        items.append(
            _item(
                "立案审查",
                f"案源：{lead.enterprise.name}（{lead.source}）",
                reverse("lead_detail", args=[lead.pk]),
                cal.add(lead.discovered_on, workdays),
                today,
                cal,
                basis=basis,
            )
        )
    return items


def follow_up_items(user: User, today: dt.date, cal: WorkdayCalendar) -> list[TodoItem]:
    if not has_permission(user, "record_follow_ups") or user.region is None:
        return []
    if user.region.level != RegionLevel.COUNTY and user.role != Role.OFFICER:
        return []  # the city sees coverage on the dashboard; the county does the visits
    items = []
    for visit in list_follow_ups(user=user, state="open")[:PER_PROVIDER]:
        items.append(
            _item(
                "回访",
                f"{visit.get_kind_display()}：{visit.case.enterprise.name}",
                reverse("follow_up_detail", args=[visit.pk]),
                visit.due_on,
                today,
                cal,
            )
        )
    return items


def review_items(user: User, today: dt.date, cal: WorkdayCalendar) -> list[TodoItem]:
    items = []
    for review in list_my_reviews(user=user)[:PER_PROVIDER]:
        items.append(
            _item(
                "评查",
                f"{review.campaign}：{review.case.decision_number}",
                reverse("review_detail", args=[review.pk]),
                None,
                today,
                cal,
            )
        )
    return items


def report_items(user: User, today: dt.date, cal: WorkdayCalendar) -> list[TodoItem]:
    region = user.region
    if not has_permission(user, "draft_reports") or region is None or region.level != RegionLevel.COUNTY:
        return []
    open_states = {BoardState.NOT_STARTED, BoardState.DRAFT, BoardState.RETURNED}
    items = []
    for campaign in list_campaigns(user=user)[:5]:
        for line in board(user=user, campaign=campaign, today=today):
            if line.days_left > 10 or line.days_left < -REPORT_OVERDUE_WINDOW:
                continue  # far ahead, or long past (those stay on the reports board)
            for cell in line.cells:
                if cell.region.pk == region.pk and cell.state in open_states:
                    url = (
                        reverse("reports_submission", args=[cell.submission.pk])
                        if cell.submission
                        else reverse("reports_board")
                    )
                    kind = "退回修改" if cell.state == BoardState.RETURNED else "报送"
                    items.append(_item(kind, f"{campaign}：{line.item}", url, line.due, today, cal))
    return items[:PER_PROVIDER]


PROVIDERS: list[Provider] = [
    clue_items,
    rectification_items,
    case_items,
    lead_items,
    follow_up_items,
    review_items,
    report_items,
]


def providers() -> list[Provider]:
    extra: list[Provider] = []
    for config in apps.get_app_configs():
        for path in getattr(config, "todo_providers", []):
            extra.append(import_string(path))
    return [*PROVIDERS, *extra]


def sort_key(item: TodoItem) -> tuple[int, int, int, str]:
    # overdue first (the longest overdue first), then 督办, then the nearest due date, undated last
    far = 10**6
    return (
        0 if item.overdue else 1,
        item.days_left if item.days_left is not None else far,
        0 if item.supervised else 1,
        item.kind,
    )


def my_todos(*, user: User, today: dt.date | None = None) -> list[TodoItem]:
    today = today or timezone.localdate()
    calendar = load_calendar()
    items: list[TodoItem] = []
    for provider in providers():
        items.extend(provider(user, today, calendar))
    return sorted(items, key=sort_key)
