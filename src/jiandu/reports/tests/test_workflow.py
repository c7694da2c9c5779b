"""County draft → submit (snapshot) → city accept / return → resubmit; audited; three personas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from jiandu.audit.models import AuditEntry
from jiandu.clues.models import Channel, Clue
from jiandu.errors import UserError
from jiandu.reports.models import ReportKind, ScheduleItem, SubmissionStatus
from jiandu.reports.selectors import get_submission, list_submissions, snapshot_diff, submission_live_cells
from jiandu.reports.services import (
    accept_submission,
    return_submission,
    save_draft,
    start_submission,
    submit_submission,
)
from jiandu.reports.tests.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def _may(campaign) -> ScheduleItem:
    return ScheduleItem.objects.get(
        campaign=campaign, kind=ReportKind.MONTHLY_FORM, period_start=dt.date(2025, 5, 1)
    )


def _clue(region, day=dt.date(2025, 5, 12)):
    return Clue.objects.create(
        channel=Channel.MAILBOX, received_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI),
        region=region, summary="线索",
    )  # fmt: skip


def test_full_cycle_is_audited_and_snapshot_frozen(city, heads, campaign):
    _clue(city.east)
    submission = start_submission(actor=city.officer, item=_may(campaign), region=city.east)
    assert submission.status == SubmissionStatus.DRAFT
    save_draft(actor=city.officer, submission=submission, typed={"forums_held": "2", "remarks": "无"})
    with pytest.raises(UserError):  # the officer drafts; only the county head files
        submit_submission(actor=city.officer, submission=submission)
    submission = submit_submission(actor=heads.east, submission=submission)
    assert submission.snapshot["cells"]["clues_received"] == 1
    assert submission.snapshot["cells"]["forums_held"] == 2
    assert submission.snapshot["typed"] == ["forums_held", "remarks"]
    with pytest.raises(UserError):  # frozen while the city looks at it
        save_draft(actor=heads.east, submission=submission, typed={"forums_held": "5"})

    _clue(city.east)  # the live figures move on
    assert submission_live_cells(submission)["clues_received"] == 2
    diff = {line.column.key: (line.filed, line.live) for line in snapshot_diff(submission)}
    assert diff["clues_received"] == (1, 2)

    with pytest.raises(UserError) as error:
        return_submission(actor=city.task_force, submission=submission, comment="  ")
    assert error.value.field == "comment"
    submission = return_submission(actor=city.task_force, submission=submission, comment="请补充走访企业数")
    assert submission.status == SubmissionStatus.RETURNED
    save_draft(
        actor=heads.east, submission=submission, typed={"forums_held": "2", "enterprises_visited": "30"}
    )
    submission = submit_submission(actor=heads.east, submission=submission)
    assert submission.snapshot["cells"]["clues_received"] == 2  # refrozen on resubmission
    assert submission.first_submitted_at < submission.submitted_at
    submission = accept_submission(actor=city.task_force, submission=submission)
    assert submission.status == SubmissionStatus.ACCEPTED
    with pytest.raises(UserError):
        accept_submission(actor=city.task_force, submission=submission)

    notes = list(
        AuditEntry.objects.filter(target_type="reports.submission", target_id=str(submission.pk))
        .order_by("pk")
        .values_list("note", flat=True)
    )
    assert notes == [
        "起草报送材料",
        "修改报送材料草稿",
        "报送",
        "退回修改",
        "修改报送材料草稿",
        "报送",
        "采纳",
    ]


def test_three_personas(city, heads, campaign):
    item = _may(campaign)
    east = start_submission(actor=city.officer, item=item, region=city.east)
    west = start_submission(actor=city.outsider, item=item, region=city.west)
    # city task force sees both; each county only its own
    assert set(list_submissions(user=city.task_force)) == {east, west}
    assert list(list_submissions(user=city.officer)) == [east]
    assert get_submission(user=city.outsider, pk=east.pk) is None
    # the outsider can neither draft for, edit, nor file the east county's form
    with pytest.raises(PermissionDenied):
        start_submission(actor=city.outsider, item=item, region=city.east)
    with pytest.raises(PermissionDenied):
        save_draft(actor=city.outsider, submission=east, typed={"forums_held": "9"})
    with pytest.raises(PermissionDenied):
        submit_submission(actor=heads.west, submission=east)
    east = submit_submission(actor=heads.east, submission=east)
    # a county cannot accept its own or a neighbour's filing; only the city task force can
    for actor in (heads.east, heads.west, city.officer, city.outsider):
        with pytest.raises(PermissionDenied):
            accept_submission(actor=actor, submission=east)
    # the task force cannot file for a county
    with pytest.raises(PermissionDenied):
        submit_submission(actor=city.task_force, submission=west)
    accept_submission(actor=city.task_force, submission=east)


def test_typed_cells_are_validated_with_the_field_named(city, heads, campaign):
    submission = start_submission(actor=heads.east, item=_may(campaign), region=city.east)
    for typed, field in (({"forums_held": "三场"}, "forums_held"), ({"cards_issued": "-1"}, "cards_issued"),
                         ({"clues_received": "5"}, "clues_received")):  # fmt: skip
        with pytest.raises(UserError) as error:
            save_draft(actor=heads.east, submission=submission, typed=typed)
        assert error.value.field == field
    submission.refresh_from_db()
    assert submission.typed == {}


def test_reports_start_with_generated_facts(city, heads, campaign):
    _clue(city.east)
    item = ScheduleItem.objects.get(campaign=campaign, kind=ReportKind.WORK_REPORT)
    submission = start_submission(actor=heads.east, item=item, region=city.east)
    assert set(submission.narrative) == {"problems", "effects", "practices", "mechanisms"}
    assert "共收集涉企行政执法问题线索1条" in submission.narrative["problems"]
    save_draft(actor=heads.east, submission=submission, narrative={"problems": "本局自行撰写的段落。"})
    submission.refresh_from_db()
    assert submission.narrative["problems"] == "本局自行撰写的段落。"
    with pytest.raises(UserError):
        save_draft(actor=heads.east, submission=submission, narrative={"other": "x"})
