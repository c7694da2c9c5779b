"""双百回访 tasks: made from the case data, working-day deadlines, derived overdue, visits, coverage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jiandu.audit.models import AuditEntry
from jiandu.clues.models import Clue
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.reviews.models import FollowUp, FollowUpKind, FollowUpStatus
from jiandu.reviews.selectors import follow_up_coverage, is_overdue, list_follow_ups
from jiandu.reviews.services import (
    ensure_follow_up_task,
    record_visit,
    schedule_after_penalty_visit,
    sync_follow_up_tasks,
)
from jiandu.reviews.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

GOOD = {"procedure_explained": "yes", "rights_told": "yes", "conduct_civil": "yes",
        "improper_demands": "no", "extra_burden": "no"}  # fmt: skip


@time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False)
def test_task_created_once_with_a_working_day_deadline(city):
    case = CaseFactory(region=city.east, decided_on=dt.date(2026, 6, 1), fine=Decimal("150000"))
    task = ensure_follow_up_task(case=case, actor=city.task_force)
    assert task is not None and task.kind == FollowUpKind.MANDATORY
    # 20 working days after 2026-06-01, skipping weekends and 端午节 (2026-06-19)
    assert task.due_on == dt.date(2026, 6, 30)
    assert load_calendar().count(dt.date(2026, 6, 1), task.due_on) == 20
    assert "较大数额" in task.reasons[0]
    assert ensure_follow_up_task(case=case, actor=city.task_force) == task  # idempotent
    assert FollowUp.objects.count() == 1
    assert AuditEntry.objects.filter(target_type="reviews.followup", action="create").count() == 1


def test_no_task_for_an_ordinary_or_undecided_case(city):
    assert ensure_follow_up_task(case=CaseFactory(region=city.east), actor=None) is None
    draft = CaseFactory(region=city.east, status="draft", reconsidered=True)
    assert ensure_follow_up_task(case=draft, actor=None) is None


def test_a_later_flag_creates_the_task(city):
    case = CaseFactory(region=city.east)
    assert ensure_follow_up_task(case=case, actor=None) is None
    case.litigated = True
    case.save()
    assert ensure_follow_up_task(case=case, actor=None).reasons == ["当事人提起行政诉讼"]


def test_overdue_is_derived_from_the_date(city):
    case = CaseFactory(region=city.east, reconsidered=True, decided_on=dt.date(2026, 6, 1))
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        task = ensure_follow_up_task(case=case, actor=None)
        assert not is_overdue(task)
        assert list_follow_ups(user=city.task_force, state="overdue").count() == 0
    with time_machine.travel(dt.datetime(2026, 7, 10, 10, tzinfo=dt.UTC), tick=False):
        assert is_overdue(task)
        assert list(list_follow_ups(user=city.task_force, state="overdue")) == [task]
        rows = {r.name: r for r in follow_up_coverage(city.task_force)}
        assert (rows["东城区"].due, rows["东城区"].done, rows["东城区"].overdue) == (1, 0, 1)


def test_visit_completes_the_task_and_a_problem_becomes_a_clue(city):
    case = CaseFactory(region=city.east, is_major=True, decided_on=dt.date(2026, 6, 1))
    task = ensure_follow_up_task(case=case, actor=None)
    answers = {**GOOD, "improper_demands": "yes"}
    with time_machine.travel(dt.datetime(2026, 6, 20, 10, tzinfo=dt.UTC), tick=False):
        done = record_visit(
            actor=city.officer, follow_up=task, visited_on=dt.date(2026, 6, 18), visitors="韩立磊、杨文静",
            method="on_site", answers=answers, rectification="done", opinion="检查人员曾暗示购买指定产品",
        )  # fmt: skip
    assert done.status == FollowUpStatus.DONE and done.visited_on == dt.date(2026, 6, 18)
    clue = Clue.objects.get(channel="follow_up")
    assert done.clue == clue and "吃拿卡要" in clue.summary and case.decision_number in clue.summary
    with pytest.raises(UserError, match="不允许"):
        record_visit(actor=city.officer, follow_up=task, visited_on=dt.date(2026, 6, 18), visitors="x",
                     method="phone", answers=GOOD, rectification="done")  # fmt: skip


def test_visit_input_is_checked(city):
    case = CaseFactory(region=city.east, is_major=True, decided_on=dt.date(2026, 6, 1))
    task = ensure_follow_up_task(case=case, actor=None)
    base = dict(actor=city.officer, follow_up=task, visitors="韩立磊", method="phone", rectification="done")
    with pytest.raises(UserError, match="未回答"):
        record_visit(**base, visited_on=dt.date(2026, 6, 5), answers={"rights_told": "yes"})
    with pytest.raises(UserError, match="不能早于"):
        record_visit(**base, visited_on=dt.date(2026, 5, 5), answers=GOOD)
    with pytest.raises(UserError, match="回访方式"):
        record_visit(**{**base, "method": "letter"}, visited_on=dt.date(2026, 6, 5), answers=GOOD)
    good = record_visit(**base, visited_on=dt.date(2026, 6, 5), answers=GOOD)
    assert good.clue is None and not Clue.objects.exists()


def test_sync_creates_missing_tasks_once(city):
    needs = [
        CaseFactory(region=city.east, reconsidered=True),
        CaseFactory(region=city.west, penalty_kinds=["fine", "suspend_business"]),
        CaseFactory(region=city.west, fine=Decimal("100000")),
    ]
    CaseFactory(region=city.west)  # ordinary
    CaseFactory(region=city.west, reconsidered=True, decided_on=dt.date(2024, 6, 1))  # before the campaign
    report = sync_follow_up_tasks()
    assert report.created == 3
    assert set(FollowUp.objects.values_list("case_id", flat=True)) == {c.pk for c in needs}
    assert sync_follow_up_tasks().created == 0


def test_after_penalty_visit_is_one_per_case(city):
    case = CaseFactory(region=city.east)
    first = schedule_after_penalty_visit(case=case, actor=None)
    assert first.kind == FollowUpKind.AFTER_PENALTY
    assert schedule_after_penalty_visit(case=case, actor=None) == first


def test_coverage_by_county_and_visibility(city):
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        for region, n in ((city.east, 3), (city.west, 2)):
            for _ in range(n):
                ensure_follow_up_task(case=CaseFactory(region=region, reconsidered=True), actor=None)
        task = FollowUp.objects.filter(region=city.east).first()
        record_visit(actor=city.officer, follow_up=task, visited_on=dt.date(2026, 6, 1), visitors="韩立磊",
                     method="phone", answers=GOOD, rectification="done")  # fmt: skip
        rows = {r.name: r for r in follow_up_coverage(city.task_force)}
        assert (rows["东城区"].due, rows["东城区"].done, rows["东城区"].pending) == (3, 1, 2)
        assert (rows["西城区"].due, rows["西城区"].done) == (2, 0)
        assert (rows["合计"].due, rows["合计"].done) == (5, 1)
        assert rows["东城区"].rate == "33.3%"
        county_view = [r.name for r in follow_up_coverage(city.outsider)]
        assert county_view == ["西城区", "合计"]
