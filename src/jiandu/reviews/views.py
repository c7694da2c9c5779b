"""Pages of case-file reviews, AV-record checks and follow-up visits."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.errors import UserError
from jiandu.org.feedback import form_error, message_error
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_counties, visible_regions
from jiandu.paging import bounded_page
from jiandu.reviews import selectors, services
from jiandu.reviews.exports import report_workbook, selection_workbook
from jiandu.reviews.forms import AvCheckForm, CampaignForm, VisitForm
from jiandu.reviews.models import CaseReview, FollowUpKind, ReviewStatus
from jiandu.reviews.rules import SCORE_SHEET_DIR, av_checklist, follow_up_rules, get_score_sheet, score_sheets
from jiandu.reviews.workflow import CAMPAIGN, FOLLOW_UP, REVIEW, FollowUpAction, available, open_actions

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: AuthedRequest, items):  # type: ignore[no-untyped-def]
    return bounded_page(items, request.GET.get("page"), per_page=PAGE_SIZE)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@permission_required("view_reviews")
@require_http_methods(["GET", "POST"])
def campaign_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    can_manage = has_permission(user, "manage_reviews")
    form = CampaignForm(
        request.POST or None,
        regions=visible_regions(user).order_by("code"),
        reviewers=selectors.list_reviewer_candidates(user=user),
        initial={"by_county": True},
    )
    error = ""
    if request.method == "POST" and can_manage and form.is_valid():
        try:
            campaign = services.create_campaign(
                actor=user,
                name=form.cleaned_data["name"],
                method=form.cleaned_data["method"],
                region=form.cleaned_data["region"],
                criteria=form.criteria(),
                reviewers=form.cleaned_data["reviewers"],
                seed=form.cleaned_data.get("seed", ""),
            )
        except UserError as failure:
            error = str(failure)
        else:
            messages.success(
                request, f"已建立评查活动“{campaign.name}”，选出案卷 {campaign.reviews.count()} 件。"
            )
            return redirect("review_campaign", pk=campaign.pk)
    return render(
        request,
        "reviews/campaign_list.html",
        {
            "campaigns": selectors.list_campaigns(user=user),
            "mine": selectors.list_my_reviews(user=user)[:50],
            "form": form if can_manage else None,
            "error": error,
        },
    )


@permission_required("view_reviews")
@require_http_methods(["GET", "POST"])
def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(user=request.user, pk=pk)
    if campaign is None:
        raise Http404("评查活动不存在或不在您的管辖范围内")
    if request.method == "POST":
        try:
            services.close_campaign(actor=request.user, campaign=campaign)
            messages.success(request, "评查活动已办结。")
        except UserError as failure:
            message_error(request, failure)
        return redirect("review_campaign", pk=pk)
    status = request.GET.get("status", "")
    verification = selectors.verify_campaign_draw(campaign) if request.GET.get("verify") else None
    return render(
        request,
        "reviews/campaign_detail.html",
        {
            "campaign": campaign,
            "campaign_actions": open_actions(CAMPAIGN, state=campaign.status),
            "verification": verification,
            "page": _page(
                request, selectors.list_reviews(user=request.user, campaign=campaign, status=status)
            ),
            "status": status,
            "statuses": ReviewStatus.choices,
        },
    )


@permission_required("view_reviews")
def campaign_selection_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(user=request.user, pk=pk)
    if campaign is None:
        raise Http404("评查活动不存在或不在您的管辖范围内")
    return _xlsx(selection_workbook(user=request.user, campaign=campaign), f"selection-{pk}.xlsx")


@permission_required("view_reviews")
def campaign_report(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign(user=request.user, pk=pk)
    if campaign is None:
        raise Http404("评查活动不存在或不在您的管辖范围内")
    if request.GET.get("format") == "xlsx":
        return _xlsx(report_workbook(user=request.user, campaign=campaign), f"review-report-{pk}.xlsx")
    report = selectors.review_report(user=request.user, campaign=campaign)
    return render(request, "reviews/report.html", {"campaign": campaign, "report": report})


@permission_required("view_reviews")
@require_http_methods(["GET", "POST"])
def review_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.get_review(user=request.user, pk=pk)
    if review is None:
        raise Http404("案卷评查不存在或未分配给您")
    if request.method == "POST":  # scoring; checking and confirming have their own views below
        sheet = get_score_sheet(review.campaign.sheet_version)
        codes = [i.code for g in sheet.groups for i in g.items]
        try:
            services.score_review(
                actor=request.user,
                review=review,
                deductions={c: request.POST.get(f"d_{c}", "").strip() for c in codes},
                vetoes=request.POST.getlist("veto"),
                comments={c: request.POST.get(f"c_{c}", "") for c in codes + [v.code for v in sheet.veto]},
                comment=request.POST.get("comment", ""),
            )
        except UserError as failure:
            message_error(request, failure)
        else:
            messages.success(request, "评分已保存。")
        return redirect("review_detail", pk=pk)
    sheet = get_score_sheet(review.campaign.sheet_version)
    findings = {f.item_code: f for f in review.findings.select_related("clue")}
    follow_up = review.case.follow_ups.filter(kind=FollowUpKind.MANDATORY).first()
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "review_actions": open_actions(REVIEW, state=review.status),
            "case": review.case,
            "sheet": sheet,
            "vetoes": [(v, findings.get(v.code)) for v in sheet.veto],
            "groups": [(g, [(i, findings.get(i.code)) for i in g.items]) for g in sheet.groups],
            "finding_list": [(f, services.finding_clue_summary(f)) for f in findings.values()],
            "follow_up": follow_up,
            "follow_up_overdue": follow_up is not None and selectors.is_overdue(follow_up),
            "can_score": not review.locked and has_permission(request.user, "score_reviews"),
            "can_confirm": not review.locked and has_permission(request.user, "confirm_reviews"),
        },
    )


def _review_or_404(request: AuthedRequest, pk: int) -> CaseReview:
    review = selectors.get_review(user=request.user, pk=pk)
    if review is None:
        raise Http404("案卷评查不存在或未分配给您")
    return review


@permission_required("view_reviews")
@require_POST
def review_check(request: AuthedRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    try:
        services.check_review(actor=request.user, review=review, note=request.POST.get("note", ""))
    except UserError as failure:
        message_error(request, failure)
    else:
        messages.success(request, "已复核。")
    return redirect("review_detail", pk=pk)


@permission_required("view_reviews")
@require_POST
def review_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    try:
        services.confirm_review(actor=request.user, review=review)
    except UserError as failure:
        message_error(request, failure)
    else:
        messages.success(request, "评查结果已确认并锁定。")
    return redirect("review_detail", pk=pk)


@permission_required("score_reviews")
@require_POST
def finding_clue(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = selectors.get_finding(user=request.user, pk=pk)
    if finding is None:
        raise Http404("评查发现不存在")
    try:
        clue = services.finding_to_clue(
            actor=request.user, finding=finding, summary=request.POST.get("summary", "")
        )
        messages.success(request, f"已转为问题线索（编号 {clue.pk}，渠道：案卷评查）。")
    except UserError as failure:
        message_error(request, failure)
    return redirect("review_detail", pk=finding.review_id)


@permission_required("view_reviews")
@require_http_methods(["GET", "POST"])
def av_checks(request: AuthedRequest) -> HttpResponse:
    checklist = av_checklist()
    form = AvCheckForm(
        request.POST or None, items=checklist.items, initial={"decision_number": request.GET.get("case", "")}
    )
    if request.method == "POST" and form.is_valid():
        case = selectors.get_case(user=request.user, decision_number=form.cleaned_data["decision_number"])
        if case is None:
            form.add_error("decision_number", "未找到该文号的案件，或案件不在您的管辖范围内。")
        else:
            try:
                check = services.record_av_check(
                    actor=request.user, case=case, answers=form.answers(), note=form.cleaned_data["note"]
                )
            except UserError as failure:
                form_error(form, failure)
            else:
                if check.passed:
                    messages.success(request, "音像记录核查已登记：符合要求。")
                else:
                    messages.warning(request, f"音像记录核查未通过，已转为问题线索（编号 {check.clue_id}）。")
                return redirect("review_av_checks")
    return render(
        request,
        "reviews/av_checks.html",
        {
            "form": form,
            "can_check": has_permission(request.user, "check_av_records"),
            "page": _page(request, selectors.list_av_checks(user=request.user)),
        },
    )


@permission_required("view_reviews")
def follow_up_list(request: AuthedRequest) -> HttpResponse:
    kind = request.GET.get("kind", FollowUpKind.MANDATORY)
    state = request.GET.get("state", "open")
    region = request.GET.get("region", "")
    query = request.GET.get("q", "").strip()
    items = selectors.list_follow_ups(
        user=request.user, kind=kind, state=state, region_code=region, query=query
    )
    page = _page(request, items)
    return render(
        request,
        "reviews/follow_up_list.html",
        {
            "page": page,
            "rows": [(f, selectors.is_overdue(f)) for f in page],
            "kind": kind,
            "state": state,
            "region": region,
            "q": query,
            "kinds": FollowUpKind.choices,
            "counties": list_counties(request.user),
        },
    )


@permission_required("view_reviews")
@require_http_methods(["GET", "POST"])
def follow_up_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    follow_up = selectors.get_follow_up(user=request.user, pk=pk)
    if follow_up is None:
        raise Http404("回访任务不存在或不在您的管辖范围内")
    rules = follow_up_rules()
    form = VisitForm(request.POST or None, questions=rules.questions)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.record_visit(
                actor=request.user,
                follow_up=follow_up,
                visited_on=form.cleaned_data["visited_on"],
                visitors=form.cleaned_data["visitors"],
                method=form.cleaned_data["method"],
                answers=form.answers(),
                rectification=form.cleaned_data["rectification"],
                opinion=form.cleaned_data["opinion"],
                needs=form.cleaned_data["needs"],
            )
        except UserError as failure:
            form_error(form, failure)
        else:
            note = f"，反映的问题已转为问题线索（编号 {done.clue_id}）" if done.clue_id else ""
            messages.success(request, f"回访已登记{note}。")
            return redirect("follow_up_detail", pk=pk)
    answers = [
        (q.text, follow_up.answers.get(q.code), follow_up.answers.get(q.code) == q.problem)
        for q in rules.questions
    ]
    return render(
        request,
        "reviews/follow_up_detail.html",
        {
            "f": follow_up,
            "case": follow_up.case,
            "overdue": selectors.is_overdue(follow_up),
            "answers": answers,
            "visit_open": FollowUpAction.RECORD_VISIT in open_actions(FOLLOW_UP, state=follow_up.status),
            "form": form
            if FollowUpAction.RECORD_VISIT in available(FOLLOW_UP, state=follow_up.status, user=request.user)
            else None,
        },
    )


@permission_required("view_reviews")
def follow_up_coverage(request: AuthedRequest) -> HttpResponse:
    return render(request, "reviews/coverage.html", {"coverage": selectors.follow_up_coverage(request.user)})


@permission_required("view_reviews")
def score_sheet_list(request: AuthedRequest) -> HttpResponse:
    sheets = sorted(score_sheets().values(), key=lambda sheet: sheet.effective_from, reverse=True)
    chosen = request.GET.get("version") or (sheets[0].version if sheets else "")
    sheet = next((x for x in sheets if x.version == chosen), None)
    return render(
        request,
        "reviews/score_sheets.html",
        {"sheets": sheets, "sheet": sheet, "directory": SCORE_SHEET_DIR, "rules": follow_up_rules()},
    )
