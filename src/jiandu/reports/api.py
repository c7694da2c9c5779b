"""REST endpoints of the reports app: the monthly form (the same JSON as the CLI) and filings."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.errors import HttpError

from jiandu.bounds import CodeText, Count, LongText
from jiandu.errors import UserError
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_region_by_code
from jiandu.reports import selectors, services

router = Router(tags=["报送与汇总"])


class SubmissionOut(Schema):
    id: int
    item: str
    kind: str
    region_code: str
    status: str
    submitted_at: dt.datetime | None
    comment: str


class DecisionIn(Schema):
    comment: LongText = ""


def _out(submission: Any) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "item": submission.item.name,
        "kind": submission.item.kind,
        "region_code": submission.region.code,
        "status": submission.status,
        "submitted_at": submission.submitted_at,
        "comment": submission.comment,
    }


@router.get("/monthly-form")
def monthly_form(
    request: AuthedRequest, region: CodeText, period: CodeText, snapshot: bool = False
) -> dict[str, Any]:
    """问题整治情况表 as JSON: one row per county under the region, plus its own units, and the total."""
    check_permission(request.user, "view_reports")
    place = get_region_by_code(user=request.user, code=region)
    if place is None:
        raise HttpError(404, f"区划“{region}”不存在或不在您的管辖范围内。")
    try:
        start = dt.datetime.strptime(period, "%Y-%m").date()
    except ValueError:
        raise HttpError(422, f"统计月份“{period}”格式错误，应为 YYYY-MM。") from None
    end = start.replace(day=month_calendar.monthrange(start.year, start.month)[1])
    item = selectors.monthly_item(place, start)
    if snapshot and item is None:
        raise HttpError(404, "该月没有问题整治情况表的报送安排。")
    form = selectors.build_form(region=place, start=start, end=end, item=item, snapshot=snapshot)
    return form.to_json()


@router.get("/submissions", response=list[SubmissionOut])
def submissions(request: AuthedRequest, status: CodeText = "") -> list[dict[str, Any]]:
    check_permission(request.user, "view_reports")
    return [_out(s) for s in selectors.list_submissions(user=request.user, status=status)[:500]]


@router.post("/submissions/{pk}/{action}", response=SubmissionOut)
def submission_action(
    request: AuthedRequest, pk: Count, action: CodeText, payload: DecisionIn
) -> dict[str, Any]:
    submission = selectors.get_submission(user=request.user, pk=pk)
    if submission is None:
        raise HttpError(404, "没有找到该报送材料。")
    try:
        if action == "submit":
            submission = services.submit_submission(actor=request.user, submission=submission)
        elif action == "accept":
            submission = services.accept_submission(
                actor=request.user, submission=submission, comment=payload.comment
            )
        elif action == "return":
            submission = services.return_submission(
                actor=request.user, submission=submission, comment=payload.comment
            )
        else:
            raise HttpError(404, f"未知的操作“{action}”。")
    except UserError as error:
        raise HttpError(422, error.message) from None
    return _out(submission)
