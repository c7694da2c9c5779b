"""The city roll-up adds up: every cell is recomputed here from the raw records, in plain Python
(no selector, no aggregate query of the app), and compared with what the app files and sums."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from jiandu.clues.models import Assessment, Clue, DisciplineReferral, Suggestion
from jiandu.org.holidays import load_calendar
from jiandu.rectify.models import Rectification
from jiandu.reports.models import Practice, ReportKind, ScheduleItem
from jiandu.reports.rulesets import load_template
from jiandu.reports.selectors import build_form
from jiandu.reports.services import (
    accept_submission,
    return_submission,
    save_draft,
    start_submission,
    submit_submission,
)
from jiandu.reports.tests.conftest import make_records
from jiandu.reviews.models import CaseReview, FollowUp

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PENDING = {"received", "triaged", "assessing", "consultation", "judicial_opinion"}


def local(moment: dt.datetime) -> dt.date:
    return moment.astimezone(SHANGHAI).date()


def expected_cells(region_ids: set[int], start: dt.date, end: dt.date, cum_start: dt.date) -> dict[str, Any]:
    """Each generated column of the default template, from Python loops over every raw record."""
    calendar = load_calendar()
    clues = [c for c in Clue.objects.all() if c.region_id in region_ids]
    assessments = [
        a for a in Assessment.objects.select_related("clue", "clue__domain") if a.clue.region_id in region_ids
    ]
    items = [r for r in Rectification.objects.all() if r.region_id in region_ids]
    referrals = [
        r for r in DisciplineReferral.objects.select_related("clue") if r.clue.region_id in region_ids
    ]
    reviews = [r for r in CaseReview.objects.all() if r.region_id in region_ids]
    visits = [f for f in FollowUp.objects.all() if f.region_id in region_ids and f.kind == "mandatory"]

    def within(day: dt.date | None, lo: dt.date) -> bool:
        return day is not None and lo <= day <= end

    def received(params: dict[str, Any], lo: dt.date) -> int:
        return sum(
            1
            for c in clues
            if within(local(c.received_at), lo)
            and (params.get("channel") in (None, c.channel))
            and (params.get("domain") in (None, c.domain.code if c.domain else None))
        )

    def assessed(verdict: str, params: dict[str, Any], lo: dt.date) -> int:
        return sum(
            1
            for a in assessments
            if a.verdict == verdict
            and within(a.decided_on, lo)
            and params.get("category") in (None, a.category)
            and params.get("subtype") in (None, a.subtype)
        )

    def completed(params: dict[str, Any], lo: dt.date) -> list[Rectification]:
        return [
            r
            for r in items
            if r.status == "done" and within(r.completed_on, lo) and params.get("mode") in (None, r.mode)
        ]

    def still_open(r: Rectification) -> bool:
        return r.opened_on <= end and (
            r.status == "open" or (r.completed_on is not None and r.completed_on > end)
        )

    scored = [
        r for r in reviews if r.status in ("scored", "checked", "confirmed") and r.scored_at is not None
    ]
    rules: dict[str, Callable[[dict[str, Any], dt.date], Any]] = {
        "clues.received": received,
        "clues.confirmed": lambda p, lo: assessed("confirmed", p, lo),
        "clues.not_confirmed": lambda p, lo: assessed("not_confirmed", p, lo),
        "clues.assessing": lambda p, lo: sum(
            1 for c in clues if c.status in PENDING and local(c.received_at) <= end
        ),
        "clues.referrals": lambda p, lo: sum(1 for r in referrals if within(r.referred_on, lo)),
        "clues.suggestions": lambda p, lo: sum(
            1
            for s in Suggestion.objects.all()
            if s.region_id in region_ids and within(local(s.created_at), lo)
        ),
        "reports.practices": lambda p, lo: sum(
            1 for s in Practice.objects.all() if s.region_id in region_ids and within(local(s.created_at), lo)
        ),
        "rectify.completed": lambda p, lo: len(completed(p, lo)),
        "rectify.open": lambda p, lo: sum(1 for r in items if still_open(r)),
        "rectify.overdue": lambda p, lo: sum(
            1 for r in items if still_open(r) and calendar.add(r.opened_on, r.term_workdays) < end
        ),
        "rectify.supervised": lambda p, lo: sum(
            1 for r in items if r.supervised and within(r.supervised_on, lo)
        ),
        "rectify.refund_amount": lambda p, lo: sum(
            (r.refund_amount for r in completed(p, lo)), Decimal("0.00")
        ),
        "rectify.decisions_corrected": lambda p, lo: sum(r.decisions_corrected for r in completed(p, lo)),
        "reviews.cases_reviewed": lambda p, lo: sum(1 for r in scored if within(local(r.scored_at), lo)),
        "reviews.cases_passed": lambda p, lo: sum(
            1 for r in scored if within(local(r.scored_at), lo) and not r.vetoed and r.score >= 60
        ),
        "reviews.follow_ups_due": lambda p, lo: sum(1 for f in visits if within(f.due_on, lo)),
        "reviews.follow_ups_done": lambda p, lo: sum(
            1 for f in visits if within(f.due_on, lo) and f.status == "done"
        ),
    }
    template = load_template("2025-05-01")
    cells: dict[str, Any] = {}
    for column in template.columns:
        if column.figure:
            lo = cum_start if column.scope == "cumulative" else start
            value = rules[column.figure](column.params, lo)
            cells[column.key] = Decimal(value).quantize(Decimal("0.01")) if column.money else value
    for column in template.columns:
        if column.is_ratio:
            num, den = cells[column.numerator], cells[column.denominator]
            cells[column.key] = (
                (Decimal(num) * 100 / den).quantize(Decimal("0.1"), ROUND_HALF_UP) if den else None
            )
    return cells


def _file(user, item, region, typed=None):
    submission = start_submission(actor=user, item=item, region=region)
    if typed:
        save_draft(actor=user, submission=submission, typed=typed)
    return submit_submission(actor=user, submission=submission)


def test_rollup_of_accepted_snapshots_adds_up(records, heads, campaign):
    city = records
    item = ScheduleItem.objects.get(
        campaign=campaign, kind=ReportKind.MONTHLY_FORM, period_start=dt.date(2025, 5, 1)
    )
    start, end, cum = item.period_start, item.period_end, campaign.starts_on
    expected = {
        city.east.pk: expected_cells({city.east.pk}, start, end, cum),
        city.west.pk: expected_cells({city.west.pk}, start, end, cum),
    }
    expected[city.east.pk].update(
        forums_held=3, cards_issued=120, enterprises_visited=None, remarks="按期报送"
    )
    expected[city.west.pk].update(forums_held=2, cards_issued=None, enterprises_visited=15, remarks=None)

    east = _file(
        heads.east, item, city.east, {"forums_held": "3", "cards_issued": "120", "remarks": "按期报送"}
    )
    west = _file(heads.west, item, city.west, {"forums_held": "1"})
    accept_submission(actor=city.task_force, submission=east)
    return_submission(actor=city.task_force, submission=west, comment="座谈会场次有误，请核实")
    save_draft(actor=heads.west, submission=west, typed={"forums_held": "2", "enterprises_visited": "15"})
    west = submit_submission(actor=heads.west, submission=west)
    accept_submission(actor=city.task_force, submission=west)

    # live figures move on after the snapshots froze; the roll-up must not move with them
    make_records([city.east], seed=99, start=dt.date(2025, 5, 3), days=20, per_region=6)

    city_live = expected_cells({city.city.pk}, start, end, cum)
    city_live.update(forums_held=None, cards_issued=None, enterprises_visited=None, remarks=None)
    rollup = build_form(region=city.city, start=start, end=end, item=item, snapshot=True)
    rows = {row.region.pk: row for row in rollup.rows}
    assert [r.name for r in rollup.rows] == ["东城区", "西城区", "市本级"]
    for pk in (city.east.pk, city.west.pk):
        assert rows[pk].state == "accepted"
        assert rows[pk].cells == expected[pk], pk
    assert rows[city.city.pk].cells == city_live
    template = load_template("2025-05-01")
    all_rows = [expected[city.east.pk], expected[city.west.pk], city_live]
    for column in template.columns:
        if column.is_ratio:
            num = sum(r[column.numerator] for r in all_rows)
            den = sum(r[column.denominator] for r in all_rows)
            want = (Decimal(num) * 100 / den).quantize(Decimal("0.1"), ROUND_HALF_UP) if den else None
        elif column.typed == "text":
            want = None
        else:
            values = [r[column.key] for r in all_rows if r[column.key] is not None]
            want = sum(values) if values else None
        assert rollup.total[column.key] == want, column.key
    assert rollup.total["clues_received"] > 0 and rollup.total["refund_amount"] > 0

    live = build_form(region=city.city, start=start, end=end, item=item)
    assert live.rows[0].cells["clues_received"] > rows[city.east.pk].cells["clues_received"]


def test_missing_and_late_counties_are_never_zero(records, heads, campaign):
    city = records
    item = ScheduleItem.objects.get(
        campaign=campaign, kind=ReportKind.MONTHLY_FORM, period_start=dt.date(2025, 6, 1)
    )
    east = _file(heads.east, item, city.east)
    accept_submission(actor=city.task_force, submission=east)
    rollup = build_form(
        region=city.city, start=item.period_start, end=item.period_end, item=item, snapshot=True
    )
    west = next(r for r in rollup.rows if r.region == city.west)
    assert west.state == "late"  # due 2025-07-08 has passed and nothing was filed
    assert west.state_label == "逾期未报送"
    assert all(v is None for v in west.cells.values())
    east_row = next(r for r in rollup.rows if r.region == city.east)
    assert east_row.late and east_row.state_label == "已采纳（逾期报送）"
    own = next(r for r in rollup.rows if r.own_units)
    assert rollup.total["clues_received"] == east_row.cells["clues_received"] + own.cells["clues_received"]
    data = rollup.to_json()
    assert data["rows"][1]["status"] == "late" and data["rows"][1]["cells"]["clues_received"] is None
