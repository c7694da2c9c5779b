"""Scoring item by item, the second-reviewer check, locking, and findings that become clues."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from jiandu.audit.models import AuditEntry
from jiandu.clues.models import Clue
from jiandu.errors import UserError
from jiandu.org.models import Role
from jiandu.org.tests.factories import UserFactory
from jiandu.reviews.models import FollowUp, ReviewStatus
from jiandu.reviews.services import (
    check_review,
    close_campaign,
    confirm_review,
    create_campaign,
    ensure_follow_up_task,
    finding_to_clue,
    score_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(city, files):
    campaign = create_campaign(actor=city.task_force, name="交叉评查", method="cross", region=city.west,
                               reviewers=[files.east_reviewer])  # fmt: skip
    return campaign.reviews.select_related("case").first()


def test_score_with_deduction_and_comment(city, files, review):
    scored = score_review(
        actor=files.east_reviewer, review=review, deductions={"D01": "5", "W01": "1", "S02": ""},
        comments={"D01": "按最高限额处罚，未说明理由"}, comment="裁量说理不足",
    )  # fmt: skip
    assert scored.status == ReviewStatus.SCORED
    assert scored.score == Decimal("94.00") and scored.grade == "优秀"
    findings = {f.item_code: f for f in scored.findings.all()}
    assert set(findings) == {"D01", "W01"}
    assert findings["D01"].comment == "按最高限额处罚，未说明理由" and findings["D01"].enforcement_problem
    assert not findings["W01"].enforcement_problem
    # re-scoring replaces the earlier score
    again = score_review(actor=files.east_reviewer, review=review, deductions={}, vetoes=["V03"])
    assert again.score == 0 and again.grade == "不合格" and again.vetoed
    assert set(again.findings.values_list("item_code", flat=True)) == {"V03"}
    assert AuditEntry.objects.filter(target_type="reviews.casereview", note="评分").count() == 2


def test_only_the_assigned_reviewer_scores(city, files, review):
    with pytest.raises(UserError, match="只能由其评分"):
        score_review(actor=files.legal, review=review, deductions={"D01": "1"})
    with pytest.raises(UserError, match="超过该项分值"):
        score_review(actor=files.east_reviewer, review=review, deductions={"D03": "9"})
    with pytest.raises(UserError, match="不是数字"):
        score_review(actor=files.east_reviewer, review=review, deductions={"D03": "五"})


def test_reviewer_who_handled_the_case_must_recuse(city, files):
    campaign = create_campaign(actor=city.task_force, name="全面", method="full", region=city.east)
    handled = campaign.reviews.get(case=files.east_cases[0])  # officers: 赵西评、刘一
    with pytest.raises(UserError, match="曾承办该案件"):
        score_review(actor=files.west_reviewer, review=handled, deductions={})


def test_second_reviewer_checks_then_result_is_locked(city, files, review):
    score_review(actor=files.east_reviewer, review=review, deductions={"W02": "2"})
    with pytest.raises(UserError, match="评查人以外"):
        check_review(actor=files.east_reviewer, review=review)
    checked = check_review(actor=files.legal, review=review, note="同意")
    assert checked.status == ReviewStatus.CHECKED and checked.checker == files.legal
    with pytest.raises(PermissionDenied):
        confirm_review(actor=files.east_reviewer, review=review)  # officers cannot confirm
    confirmed = confirm_review(actor=city.task_force, review=review)
    assert confirmed.locked
    with pytest.raises(UserError, match="不允许"):
        score_review(actor=files.east_reviewer, review=review, deductions={"W02": "1"})
    assert confirmed.score == Decimal("98.00")


def test_confirm_waits_for_the_mandatory_visit(city, files, review):
    case = review.case
    case.reconsidered = True
    case.save()
    task = ensure_follow_up_task(case=case, actor=city.task_force)
    assert isinstance(task, FollowUp)
    score_review(actor=files.east_reviewer, review=review, deductions={})
    with pytest.raises(UserError, match="双百回访尚未完成"):
        confirm_review(actor=city.task_force, review=review)
    with pytest.raises(UserError, match="未确认"):
        close_campaign(actor=city.task_force, campaign=review.campaign)


def test_deduction_becomes_a_prefilled_clue(city, files, review):
    score_review(actor=files.east_reviewer, review=review, deductions={"D01": "5", "F02": "1"},
                 comments={"D01": "顶格处罚无理由"})  # fmt: skip
    finding = review.findings.get(item_code="D01")
    clue = finding_to_clue(actor=files.east_reviewer, finding=finding)
    assert clue.channel == "case_review"
    assert clue.region == review.case.region and clue.enterprise == review.case.enterprise
    assert review.case.decision_number in clue.summary and "顶格处罚无理由" in clue.summary
    assert "扣 5 分" in clue.summary
    finding.refresh_from_db()
    assert finding.clue == clue
    with pytest.raises(UserError, match="已转为问题线索"):
        finding_to_clue(actor=files.east_reviewer, finding=finding)
    with pytest.raises(UserError, match="形式问题"):
        finding_to_clue(actor=files.east_reviewer, finding=review.findings.get(item_code="F02"))
    with pytest.raises(UserError, match="不能取消"):
        score_review(actor=files.east_reviewer, review=review, deductions={})
    assert Clue.objects.filter(channel="case_review").count() == 1


def test_auditor_cannot_score(city, files, review):
    auditor = UserFactory(role=Role.AUDITOR, region=city.city)
    with pytest.raises(PermissionDenied):
        score_review(actor=auditor, review=review, deductions={})


def test_a_reviewer_cannot_confirm_and_lock_their_own_scoring_alone(city, files, review):
    """Defect: `fazhi` scored a file and confirmed it with no second person."""
    reviewer = files.east_reviewer
    reviewer.role = Role.LEGAL_REVIEWER  # a role that may both score and confirm
    reviewer.save()
    score_review(actor=reviewer, review=review, deductions={})
    with pytest.raises(UserError, match="本人的评分"):
        confirm_review(actor=reviewer, review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SCORED
    confirmed = confirm_review(actor=city.task_force, review=review)  # a second person may
    assert confirmed.status == ReviewStatus.CONFIRMED
