"""REST API of case-file reviews, AV-record checks and follow-up visits (/api/reviews)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from jiandu.bounds import CodeText, Count, Day, Id, Items, LongText, ShortText
from jiandu.errors import UserError
from jiandu.org.models import User
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_region_by_code
from jiandu.reviews import selectors, services
from jiandu.reviews.models import CaseReview, FollowUp, ReviewCampaign
from jiandu.reviews.rules import RuleError, current_score_sheet, get_score_sheet

router = Router(tags=["案卷评查与回访"])


class CampaignIn(Schema):
    name: ShortText
    method: CodeText
    region_code: CodeText
    criteria: dict[str, Any] = {}
    reviewers: Items[ShortText] = []
    seed: CodeText = ""


class CampaignOut(Schema):
    id: int
    name: str
    method: str
    region_code: str
    sheet_version: str
    seed: str
    status: str
    selected: int
    draw: dict[str, Any] | None


class ReviewOut(Schema):
    id: int
    campaign_id: int
    decision_number: str
    region_code: str
    reason: str
    reviewer: str | None
    checker: str | None
    status: str
    score: Decimal | None
    grade: str
    vetoed: bool


class FindingOut(Schema):
    id: int
    item_code: str
    item_text: str
    veto: bool
    deduction: Decimal
    comment: str
    enforcement_problem: bool
    clue_id: int | None


class ReviewDetailOut(ReviewOut):
    result: dict[str, Any] | None
    findings: list[FindingOut]


class ScoreIn(Schema):
    deductions: dict[str, str] = {}
    vetoes: Items[ShortText] = []
    comments: dict[str, str] = {}
    comment: LongText = ""


class NoteIn(Schema):
    note: LongText = ""


class ClueIn(Schema):
    summary: LongText = ""


class ClueOut(Schema):
    clue_id: int
    summary: str


class AvCheckIn(Schema):
    decision_number: ShortText
    answers: dict[str, bool]
    note: LongText = ""


class AvCheckOut(Schema):
    id: int
    decision_number: str
    passed: bool
    answers: dict[str, bool]
    clue_id: int | None


class FollowUpOut(Schema):
    id: int
    kind: str
    decision_number: str
    enterprise: str
    region_code: str
    reasons: list[str]
    due_on: dt.date
    status: str
    overdue: bool
    visited_on: dt.date | None
    method: str
    answers: dict[str, str]
    rectification: str
    clue_id: int | None


class VisitIn(Schema):
    visited_on: Day
    visitors: ShortText
    method: CodeText
    answers: dict[str, str]
    rectification: LongText
    opinion: LongText = ""
    needs: ShortText = ""


class CoverageOut(Schema):
    region_code: str
    name: str
    due: int
    done: int
    overdue: int
    pending: int


def _campaign_out(c: ReviewCampaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "method": c.method,
        "region_code": c.region.code,
        "sheet_version": c.sheet_version,
        "seed": c.seed,
        "status": c.status,
        "selected": c.reviews.count(),
        "draw": c.draw,
    }


def _review_out(r: CaseReview) -> dict[str, Any]:
    return {
        "id": r.pk,
        "campaign_id": r.campaign_id,
        "decision_number": r.case.decision_number,
        "region_code": r.region.code,
        "reason": r.reason,
        "reviewer": r.reviewer.username if r.reviewer else None,
        "checker": r.checker.username if r.checker else None,
        "status": r.status,
        "score": r.score,
        "grade": r.grade,
        "vetoed": r.vetoed,
    }


def _follow_up_out(f: FollowUp) -> dict[str, Any]:
    return {
        "id": f.pk,
        "kind": f.kind,
        "decision_number": f.case.decision_number,
        "enterprise": f.case.enterprise.name,
        "region_code": f.region.code,
        "reasons": f.reasons,
        "due_on": f.due_on,
        "status": f.status,
        "overdue": selectors.is_overdue(f),
        "visited_on": f.visited_on,
        "method": f.method,
        "answers": f.answers,
        "rectification": f.rectification,
        "clue_id": f.clue_id,
    }


def _get_review(request: AuthedRequest, review_id: Id) -> CaseReview:
    check_permission(request.user, "view_reviews")
    review = selectors.get_review(user=request.user, pk=review_id)
    if review is None:
        raise HttpError(404, "案卷评查不存在或未分配给您")
    return review


def _detail(request: AuthedRequest, review_id: Id) -> dict[str, Any]:
    review = _get_review(request, review_id)
    out = _review_out(review)
    out["result"] = review.result
    out["findings"] = list(review.findings.all())
    return out


@router.get("/score-sheet", summary="当前评分表")
def score_sheet(request: AuthedRequest, version: CodeText = "") -> dict[str, Any]:
    check_permission(request.user, "view_reviews")
    try:
        sheet = get_score_sheet(version) if version else current_score_sheet(services.today())
    except RuleError as error:
        raise HttpError(404, str(error)) from None
    return {
        "version": sheet.version,
        "title": sheet.title,
        "bands": [{"grade": g, "min": str(m)} for g, m in sheet.bands],
        "veto": [{"code": v.code, "text": v.text, "basis": v.basis} for v in sheet.veto],
        "groups": [
            {
                "code": g.code,
                "name": g.name,
                "points": str(g.points),
                "items": [
                    {"code": i.code, "text": i.text, "points": str(i.points), "basis": i.basis}
                    for i in g.items
                ],
            }
            for g in sheet.groups
        ],
    }


@router.get("/campaigns", response=list[CampaignOut], summary="评查活动列表")
def campaigns(request: AuthedRequest) -> list[dict[str, Any]]:
    check_permission(request.user, "view_reviews")
    return [_campaign_out(c) for c in selectors.list_campaigns(user=request.user)[:200]]


@router.post("/campaigns", response={201: CampaignOut}, summary="建立评查活动并选案")
def create_campaign(request: AuthedRequest, payload: CampaignIn) -> Status[dict[str, Any]]:
    check_permission(request.user, "manage_reviews")
    region = get_region_by_code(user=request.user, code=payload.region_code)
    if region is None:
        raise HttpError(400, f"区划代码“{payload.region_code}”不存在或不在您的管辖范围内")
    candidates = {u.username: u for u in selectors.list_reviewer_candidates(user=request.user)}
    unknown = [name for name in payload.reviewers if name not in candidates]
    if unknown:
        raise HttpError(400, f"评查人不存在或不在您的管辖范围内：{'、'.join(unknown)}")
    reviewers: list[User] = [candidates[name] for name in payload.reviewers]
    try:
        campaign = services.create_campaign(
            actor=request.user,
            name=payload.name,
            method=payload.method,
            region=region,
            criteria=payload.criteria,
            reviewers=reviewers,
            seed=payload.seed,
        )
    except (UserError, RuleError) as error:
        raise HttpError(400, str(error)) from None
    return Status(201, _campaign_out(campaign))


@router.get("/campaigns/{campaign_id}", response=CampaignOut, summary="评查活动")
def campaign(request: AuthedRequest, campaign_id: Id) -> dict[str, Any]:
    check_permission(request.user, "view_reviews")
    found = selectors.get_campaign(user=request.user, pk=campaign_id)
    if found is None:
        raise HttpError(404, "评查活动不存在或不在您的管辖范围内")
    return _campaign_out(found)


@router.get("/campaigns/{campaign_id}/reviews", response=list[ReviewOut], summary="选案清单及入选理由")
def campaign_reviews(request: AuthedRequest, campaign_id: Id, status: CodeText = "") -> list[dict[str, Any]]:
    check_permission(request.user, "view_reviews")
    found = selectors.get_campaign(user=request.user, pk=campaign_id)
    if found is None:
        raise HttpError(404, "评查活动不存在或不在您的管辖范围内")
    return [_review_out(r) for r in selectors.list_reviews(user=request.user, campaign=found, status=status)]


class VerifyOut(Schema):
    ok: bool
    problems: list[str]


@router.get("/campaigns/{campaign_id}/verify", response=VerifyOut, summary="核验随机评查的抽取结果")
def verify_draw(request: AuthedRequest, campaign_id: Id) -> dict[str, Any]:
    check_permission(request.user, "view_reviews")
    found = selectors.get_campaign(user=request.user, pk=campaign_id)
    if found is None:
        raise HttpError(404, "评查活动不存在或不在您的管辖范围内")
    ok, problems = selectors.verify_campaign_draw(found)
    return {"ok": ok, "problems": problems}


@router.post("/campaigns/{campaign_id}/close", response=CampaignOut, summary="办结评查活动")
def close_campaign(request: AuthedRequest, campaign_id: Id) -> dict[str, Any]:
    check_permission(request.user, "view_reviews")
    found = selectors.get_campaign(user=request.user, pk=campaign_id)
    if found is None:
        raise HttpError(404, "评查活动不存在或不在您的管辖范围内")
    try:
        return _campaign_out(services.close_campaign(actor=request.user, campaign=found))
    except UserError as error:
        raise HttpError(409, str(error)) from None


@router.get("/reviews/{review_id}", response=ReviewDetailOut, summary="案卷评查详情")
def review(request: AuthedRequest, review_id: Id) -> dict[str, Any]:
    return _detail(request, review_id)


@router.post("/reviews/{review_id}/score", response=ReviewDetailOut, summary="逐项评分")
def score(request: AuthedRequest, review_id: Id, payload: ScoreIn) -> dict[str, Any]:
    found = _get_review(request, review_id)
    try:
        services.score_review(
            actor=request.user,
            review=found,
            deductions=payload.deductions,
            vetoes=payload.vetoes,
            comments=payload.comments,
            comment=payload.comment,
        )
    except UserError as error:
        raise HttpError(400, str(error)) from None
    return _detail(request, review_id)


@router.post("/reviews/{review_id}/check", response=ReviewDetailOut, summary="复核")
def check(request: AuthedRequest, review_id: Id, payload: NoteIn) -> dict[str, Any]:
    found = _get_review(request, review_id)
    try:
        services.check_review(actor=request.user, review=found, note=payload.note)
    except UserError as error:
        raise HttpError(409, str(error)) from None
    return _detail(request, review_id)


@router.post("/reviews/{review_id}/confirm", response=ReviewDetailOut, summary="确认并锁定")
def confirm(request: AuthedRequest, review_id: Id) -> dict[str, Any]:
    found = _get_review(request, review_id)
    try:
        services.confirm_review(actor=request.user, review=found)
    except UserError as error:
        raise HttpError(409, str(error)) from None
    return _detail(request, review_id)


@router.post("/findings/{finding_id}/clue", response={201: ClueOut}, summary="评查发现转为问题线索")
def finding_clue(request: AuthedRequest, finding_id: Id, payload: ClueIn) -> Status[dict[str, Any]]:
    check_permission(request.user, "view_reviews")
    finding = selectors.get_finding(user=request.user, pk=finding_id)
    if finding is None:
        raise HttpError(404, "评查发现不存在")
    try:
        clue = services.finding_to_clue(actor=request.user, finding=finding, summary=payload.summary)
    except UserError as error:
        raise HttpError(409, str(error)) from None
    return Status(201, {"clue_id": clue.pk, "summary": clue.summary})


@router.post("/av-checks", response={201: AvCheckOut}, summary="登记音像记录核查")
def av_check(request: AuthedRequest, payload: AvCheckIn) -> Status[dict[str, Any]]:
    check_permission(request.user, "check_av_records")
    case = selectors.get_case(user=request.user, decision_number=payload.decision_number)
    if case is None:
        raise HttpError(404, f"案件“{payload.decision_number}”不存在或不在您的管辖范围内")
    try:
        found = services.record_av_check(
            actor=request.user, case=case, answers=payload.answers, note=payload.note
        )
    except UserError as error:
        raise HttpError(400, str(error)) from None
    return Status(
        201,
        {
            "id": found.pk,
            "decision_number": case.decision_number,
            "passed": found.passed,
            "answers": found.answers,
            "clue_id": found.clue_id,
        },
    )


@router.get("/follow-ups", response=list[FollowUpOut], summary="回访任务")
def follow_ups(
    request: AuthedRequest,
    kind: CodeText = "",
    state: ShortText = "",
    region_code: CodeText = "",
    limit: Count = 200,
) -> list[dict[str, Any]]:
    check_permission(request.user, "view_reviews")
    items = selectors.list_follow_ups(user=request.user, kind=kind, state=state, region_code=region_code)
    return [_follow_up_out(f) for f in items[: max(1, min(limit, 2000))]]


@router.get("/follow-ups/coverage", response=list[CoverageOut], summary="双百回访覆盖情况（按县）")
def coverage(request: AuthedRequest) -> list[dict[str, Any]]:
    check_permission(request.user, "view_reviews")
    return [
        {
            "region_code": r.code,
            "name": r.name,
            "due": r.due,
            "done": r.done,
            "overdue": r.overdue,
            "pending": r.pending,
        }
        for r in selectors.follow_up_coverage(request.user)
    ]


@router.get("/follow-ups/{follow_up_id}", response=FollowUpOut, summary="回访任务详情")
def follow_up(request: AuthedRequest, follow_up_id: Id) -> dict[str, Any]:
    check_permission(request.user, "view_reviews")
    found = selectors.get_follow_up(user=request.user, pk=follow_up_id)
    if found is None:
        raise HttpError(404, "回访任务不存在或不在您的管辖范围内")
    return _follow_up_out(found)


@router.post("/follow-ups/{follow_up_id}/visit", response=FollowUpOut, summary="登记回访")
def visit(request: AuthedRequest, follow_up_id: Id, payload: VisitIn) -> dict[str, Any]:
    check_permission(request.user, "view_reviews")
    found = selectors.get_follow_up(user=request.user, pk=follow_up_id)
    if found is None:
        raise HttpError(404, "回访任务不存在或不在您的管辖范围内")
    try:
        done = services.record_visit(
            actor=request.user,
            follow_up=found,
            visited_on=payload.visited_on,
            visitors=payload.visitors,
            method=payload.method,
            answers=payload.answers,
            rectification=payload.rectification,
            opinion=payload.opinion,
            needs=payload.needs,
        )
    except UserError as error:
        raise HttpError(400, str(error)) from None
    refreshed = selectors.get_follow_up(user=request.user, pk=done.pk)
    assert refreshed is not None
    return _follow_up_out(refreshed)
