"""Scoring a case file item by item, the second-reviewer check, locking, findings that become clues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.clues.models import Channel, Clue
from jiandu.clues.services import file_clue
from jiandu.errors import UserError
from jiandu.org.models import User
from jiandu.org.permissions import check_permission
from jiandu.reviews.models import (
    CaseReview,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    ReviewFinding,
    ReviewMethod,
    ReviewStatus,
)
from jiandu.reviews.rules import (
    RuleError,
    compute_score,
    get_score_sheet,
)

# A case counts as closed for reviews once it is decided.
from jiandu.reviews.services.campaigns import (
    reviewer_conflict,
)
from jiandu.reviews.workflow import REVIEW, ReviewAction, check

# --- scoring -----------------------------------------------------------------------------------


def _lock_review(review: CaseReview) -> CaseReview:
    return (
        CaseReview.objects.select_for_update().select_related("case", "campaign", "region").get(pk=review.pk)
    )


def score_review(
    *,
    actor: User,
    review: CaseReview,
    deductions: Mapping[str, Any],
    vetoes: Iterable[str] = (),
    comments: Mapping[str, str] | None = None,
    comment: str = "",
) -> CaseReview:
    """Score a case file item by item; a re-score replaces the earlier one until the result is confirmed."""
    check_permission(actor, "score_reviews")
    comments = {k: v.strip() for k, v in (comments or {}).items() if v and v.strip()}
    amounts: dict[str, Decimal] = {}
    for code, value in deductions.items():
        if value in (None, ""):
            continue
        try:
            amounts[code] = Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise UserError(f"评分项 {code}：扣分“{value}”不是数字。") from None
    veto_codes = set(vetoes)
    with transaction.atomic():
        review = _lock_review(review)
        check(REVIEW, ReviewAction.SCORE, state=review.status, what="该案卷评查")
        if review.reviewer_id is not None and review.reviewer_id != actor.pk:
            raise UserError(f"该案卷已分配给{review.reviewer}，只能由其评分。")
        conflict = reviewer_conflict(actor, review.case, cross=review.campaign.method == ReviewMethod.CROSS)
        if conflict:
            raise UserError(f"您{conflict}，应当回避，不能评查该案卷。")
        sheet = get_score_sheet(review.campaign.sheet_version)
        try:
            result = compute_score(sheet, deductions=amounts, vetoes=frozenset(veto_codes))
        except RuleError as error:
            raise UserError(str(error)) from None
        unknown_comments = [c for c in comments if sheet.item(c) is None and sheet.veto_item(c) is None]
        if unknown_comments:
            raise UserError(f"评查意见对应的评分项不存在：{'、'.join(unknown_comments)}。")
        before = snapshot(review, ["status", "score", "grade", "vetoed", "reviewer", "checker"])
        wanted: dict[str, dict[str, Any]] = {}
        for code in veto_codes:
            v = sheet.veto_item(code)
            assert v is not None
            wanted[code] = {
                "item_text": v.text,
                "group": "veto",
                "veto": True,
                "deduction": Decimal("0"),
                "enforcement_problem": v.enforcement_problem,
            }
        for code in set(amounts) | set(comments):
            item = sheet.item(code)
            if item is None or code in wanted:
                continue
            if amounts.get(code, Decimal("0")) == 0 and code not in comments:
                continue
            wanted[code] = {
                "item_text": item.text,
                "group": item.group,
                "veto": False,
                "deduction": amounts.get(code, Decimal("0")),
                "enforcement_problem": item.enforcement_problem,
            }
        existing = {f.item_code: f for f in review.findings.all()}
        for code, finding in existing.items():
            if code not in wanted:
                if finding.clue_id:
                    raise UserError(f"评分项 {code} 已转为问题线索，不能取消该项扣分。")
                finding.delete()
        for code, values in wanted.items():
            values["comment"] = comments.get(code, "")[:500]
            if code in existing:
                for key, value in values.items():
                    setattr(existing[code], key, value)
                existing[code].save()
            else:
                ReviewFinding.objects.create(review=review, item_code=code, **values)
        review.status = ReviewStatus.SCORED
        review.reviewer = actor
        review.checker = None
        review.score = result.score
        review.grade = result.grade
        review.vetoed = result.vetoed
        review.result = {
            "sheet_version": result.sheet_version,
            "score": str(result.score),
            "grade": result.grade,
            "vetoes": list(result.vetoes),
            "groups": [
                {
                    "code": g.code,
                    "name": g.name,
                    "points": str(g.points),
                    "deducted": str(g.deducted),
                    "score": str(g.score),
                }
                for g in result.groups
            ],
            "reasons": list(result.reasons),
        }
        review.comment = comment.strip()
        review.scored_at = timezone.now()
        review.save()
        after = snapshot(review, ["status", "score", "grade", "vetoed", "reviewer", "checker"])
        after["findings"] = {c: str(v["deduction"]) if not v["veto"] else "否决" for c, v in wanted.items()}
        record(
            actor=actor,
            change=change_for(review, AuditAction.UPDATE, before=before, after=after, note="评分"),
        )
    return review


def check_review(*, actor: User, review: CaseReview, note: str = "") -> CaseReview:
    """A second reviewer checks the score (复核); it must be someone other than the reviewer."""
    check_permission(actor, "score_reviews")
    with transaction.atomic():
        review = _lock_review(review)
        if review.status == ReviewStatus.CHECKED:
            raise UserError("该案卷评查已复核。")
        check(REVIEW, ReviewAction.CHECK, state=review.status, what="该案卷评查")
        if review.reviewer_id == actor.pk:
            raise UserError("复核须由评查人以外的人员进行。")
        conflict = reviewer_conflict(actor, review.case, cross=review.campaign.method == ReviewMethod.CROSS)
        if conflict:
            raise UserError(f"您{conflict}，应当回避，不能复核该案卷。")
        review.status = ReviewStatus.CHECKED
        review.checker = actor
        review.save(update_fields=["status", "checker"])
        record(
            actor=actor,
            change=change_for(
                review,
                AuditAction.TRANSITION,
                before={"status": ReviewStatus.SCORED},
                after={"status": ReviewStatus.CHECKED, "checker": actor.pk},
                note=note[:200] or "复核",
            ),
        )
    return review


def confirm_review(*, actor: User, review: CaseReview) -> CaseReview:
    """Confirm and lock a score. A case whose 双百回访 is missing cannot be closed for the campaign."""
    check_permission(actor, "confirm_reviews")
    with transaction.atomic():
        review = _lock_review(review)
        if review.status == ReviewStatus.CONFIRMED:
            raise UserError("该案卷评查结果已确认并锁定。")
        check(REVIEW, ReviewAction.CONFIRM, state=review.status, what="该案卷评查")
        missing = FollowUp.objects.filter(
            case_id=review.case_id, kind=FollowUpKind.MANDATORY, status=FollowUpStatus.PENDING
        ).first()
        if missing is not None:
            raise UserError(
                f"案件 {review.case.decision_number} 的双百回访尚未完成（期限 {missing.due_on:%Y-%m-%d}），"
                "请先完成回访再确认评查结果。"
            )
        if review.reviewer_id == actor.pk and review.checker_id in (None, actor.pk):
            raise UserError("评查人不能确认并锁定本人的评分：须由评查人以外的人员复核或者确认。")
        before = review.status
        review.status = ReviewStatus.CONFIRMED
        review.confirmed_at = timezone.now()
        review.save(update_fields=["status", "confirmed_at"])
        record(
            actor=actor,
            change=change_for(
                review,
                AuditAction.TRANSITION,
                before={"status": before},
                after={"status": ReviewStatus.CONFIRMED, "score": str(review.score), "grade": review.grade},
                note="确认并锁定",
            ),
        )
    return review


def finding_clue_summary(finding: ReviewFinding) -> str:
    review = finding.review
    case = review.case
    what = "否决项" if finding.veto else f"扣 {finding.deduction.normalize():f} 分"
    text = (
        f"案卷评查发现：{case.decision_number}（当事人 {case.enterprise.name}，"
        f"承办人员 {case.officers or '未载明'}）存在“{finding.item_text}”问题"
        f"（{finding.item_code}，{what}）。"
    )
    if finding.comment:
        text += f"评查意见：{finding.comment}。"
    return text + f"评查活动：{review.campaign.name}。"


def finding_to_clue(*, actor: User, finding: ReviewFinding, summary: str = "") -> Clue:
    """Turn a deduction or veto that points at wrong enforcement into a clue (channel: case review)."""
    check_permission(actor, "score_reviews")
    with transaction.atomic():
        finding = (
            ReviewFinding.objects.select_for_update()
            .select_related(
                "review__case__enterprise", "review__case__region", "review__case__domain", "review__campaign"
            )
            .get(pk=finding.pk)
        )
        if finding.clue_id is not None:
            raise UserError("该评查发现已转为问题线索。")
        if not finding.enforcement_problem:
            raise UserError("该评分项属于案卷形式问题，不指向执法行为，无需转为问题线索。")
        case = finding.review.case
        clue = file_clue(
            actor=actor,
            channel=Channel.CASE_REVIEW,
            summary=summary.strip() or finding_clue_summary(finding),
            region=case.region,
            enterprise=case.enterprise,
            domain=case.domain,
        )
        finding.clue = clue
        finding.save(update_fields=["clue"])
        record(
            actor=actor,
            change=change_for(
                finding,
                AuditAction.UPDATE,
                before={"clue": None},
                after={"clue": clue.pk},
                note="评查发现转为问题线索",
            ),
        )
    return clue
