"""Staff pages of the reports app: the task-force board, a filing, the roll-up, the lists, indicators."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.clues.models import SuggestionSource, SuggestionStatus
from jiandu.clues.selectors import get_clue, get_suggestion, list_suggestions
from jiandu.clues.services import answer_suggestion, record_suggestion
from jiandu.errors import UserError
from jiandu.org.models import Region
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_domains, list_units
from jiandu.oversight.selectors import report_panel as oversight_report_panel
from jiandu.reports import exports, selectors, services
from jiandu.reports.models import LawAction, LawLevel, ReportKind
from jiandu.reports.workflow import TRANSITIONS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _campaign(request: AuthedRequest):  # type: ignore[no-untyped-def]
    campaigns = list(selectors.list_campaigns(user=request.user))
    wanted = request.GET.get("campaign", "")
    chosen = next((c for c in campaigns if str(c.pk) == wanted), campaigns[0] if campaigns else None)
    return campaigns, chosen


@permission_required("view_reports")
def reports_board(request: AuthedRequest) -> HttpResponse:
    campaigns, campaign = _campaign(request)
    lines = selectors.board(user=request.user, campaign=campaign) if campaign else []
    region = request.user.region
    return render(
        request,
        "reports/board.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "lines": lines,
            "regions": lines[0].cells if lines else [],
            "reminders": selectors.list_reminders(user=request.user, unread_only=True)[:20],
            "own_region": region,
            "can_draft": has_permission(request.user, "draft_reports")
            and region is not None
            and region.level == "county",
        },
    )


@permission_required("draft_reports")
@require_POST
def submission_start(request: AuthedRequest, item_pk: int) -> HttpResponse:
    item = selectors.get_item(user=request.user, pk=item_pk)
    if item is None or request.user.region is None:
        raise Http404("没有找到该报送事项。")
    submission = services.start_submission(actor=request.user, item=item, region=request.user.region)
    return redirect("reports_submission", submission.pk)


def _get_submission(request: AuthedRequest, pk: int):  # type: ignore[no-untyped-def]
    submission = selectors.get_submission(user=request.user, pk=pk)
    if submission is None:
        raise Http404("没有找到该报送材料。")
    return submission


@permission_required("view_reports")
def submission_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = _get_submission(request, pk)
    template = selectors.template_for(submission.item)
    editable = submission.status in ("draft", "returned") and selectors.can_file(
        request.user, submission.region
    )
    if request.method == "POST":
        if not editable or not has_permission(request.user, "draft_reports"):
            raise PermissionDenied("您不能修改该报送材料。")
        typed = {c.key: request.POST.get(c.key, "") for c in template.typed_columns}
        narrative = {key: request.POST.get(f"narrative_{key}", "") for key, _ in selectors.SECTIONS}
        try:
            services.save_draft(
                actor=request.user,
                submission=submission,
                typed=typed,
                narrative=narrative if submission.item.kind != ReportKind.MONTHLY_FORM else None,
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "草稿已保存。")
        return redirect("reports_submission", submission.pk)
    if submission.snapshot:
        cells = selectors.decode_cells(template, submission.snapshot.get("cells", {}))
    else:
        cells = selectors.submission_live_cells(submission)
    actions = [
        t
        for t in TRANSITIONS.available(state=submission.status, user=request.user)
        if (t.action == "submit" and selectors.can_file(request.user, submission.region))
        or (t.action != "submit" and selectors.can_decide(request.user, submission))
    ]
    return render(
        request,
        "reports/submission.html",
        {
            "submission": submission,
            "lines": [(c, cells.get(c.key), submission.typed.get(c.key, "")) for c in template.columns],
            "editable": editable,
            "actions": actions,
            "diff": selectors.snapshot_diff(submission) if submission.snapshot else [],
            "sections": [(k, h, submission.narrative.get(k, "")) for k, h in selectors.SECTIONS],
            "is_report": submission.item.kind != ReportKind.MONTHLY_FORM,
            "due": selectors.due_of(submission.item),
            "oversight": oversight_report_panel(
                user=request.user,
                region_id=submission.region_id,
                start=submission.item.period_start,
                end=submission.item.period_end,
            ),
        },
    )


@permission_required("view_reports")
@require_POST
def submission_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    submission = _get_submission(request, pk)
    comment = request.POST.get("comment", "")
    try:
        if action == "submit":
            services.submit_submission(actor=request.user, submission=submission)
            messages.success(request, "已报送，报送时的数据已冻结。")
        elif action == "accept":
            services.accept_submission(actor=request.user, submission=submission, comment=comment)
            messages.success(request, "已采纳。")
        elif action == "return":
            services.return_submission(actor=request.user, submission=submission, comment=comment)
            messages.success(request, "已退回修改。")
        else:
            raise Http404("未知的操作。")
    except UserError as error:
        messages.error(request, error.message)
    return redirect("reports_submission", submission.pk)


@permission_required("view_reports")
def submission_download(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = _get_submission(request, pk)
    item = submission.item
    if item.kind == ReportKind.MONTHLY_FORM:
        form = selectors.build_form(
            region=submission.region, start=item.period_start, end=item.period_end, item=item
        )
        return _download(exports.form_workbook(form), f"{submission.region.name}{item.name}.xlsx", XLSX)
    data = exports.report_document(submission=submission, user=request.user)
    return _download(data, f"{submission.region.name}{item.name}.docx", DOCX)


@permission_required("view_reports")
def rollup(request: AuthedRequest, item_pk: int) -> HttpResponse:
    item = selectors.get_item(user=request.user, pk=item_pk)
    region = request.user.region
    if item is None or region is None or item.kind != ReportKind.MONTHLY_FORM:
        raise Http404("没有找到该问题整治情况表。")
    snapshot = request.GET.get("live") != "1"
    form = selectors.build_form(
        region=region, start=item.period_start, end=item.period_end, item=item, snapshot=snapshot
    )
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return _download(exports.rollup_workbook(form), f"{region.name}{item.name}汇总表.xlsx", XLSX)
    if fmt == "docx":
        return _download(exports.rollup_document(form), f"{region.name}{item.name}汇总.docx", DOCX)
    if fmt == "form":
        return _download(exports.form_workbook(form), f"{region.name}{item.name}.xlsx", XLSX)
    columns = [c for c in form.template.columns if not c.key.startswith(("received_", "confirmed_P"))]
    return render(
        request,
        "reports/rollup.html",
        {
            "item": item,
            "form": form,
            "columns": columns,
            "rows": [(row, [row.cells.get(c.key) for c in columns]) for row in form.rows],
            "total": [form.total.get(c.key) for c in columns],
            "snapshot": snapshot,
        },
    )


def _county(request: AuthedRequest) -> str:
    return request.GET.get("county", "")


@permission_required("view_reports")
def lists(request: AuthedRequest) -> HttpResponse:
    county = _county(request)
    if request.GET.get("format") == "xlsx":
        name = request.GET.get("list", "")
        if name in exports.LIST_NAMES:
            data = exports.list_workbook(user=request.user, name=name, county=county)
            return _download(data, f"{exports.LIST_NAMES[name]}.xlsx", XLSX)
        return _download(exports.lists_workbook(user=request.user, county=county), "三项清单.xlsx", XLSX)
    return render(
        request,
        "reports/lists.html",
        {
            "problems": selectors.problem_rows(user=request.user, county=county)[:200],
            "problem_header": selectors.PROBLEM_HEADER,
            "suggestions": selectors.list_suggestion_rows(user=request.user, county=county)[:200],
            "suggestion_header": selectors.SUGGESTION_HEADER,
            "practices": selectors.list_practices(user=request.user, county=county),
            "laws": selectors.law_rows(selectors.list_law_suggestions(user=request.user, county=county)),
            "law_header": selectors.LAW_HEADER,
            "domains": list_domains(),
            "levels": LawLevel.choices,
            "law_actions": LawAction.choices,
            "can_write": has_permission(request.user, "draft_reports") and request.user.region is not None,
            "can_select": has_permission(request.user, "decide_reports"),
            "open_suggestions": list_suggestions(
                user=request.user, county=county, status=SuggestionStatus.OPEN
            )[:50],
            "sources": SuggestionSource.choices,
            "units": list_units(user=request.user),
            "can_record": has_permission(request.user, "record_suggestions")
            and request.user.region is not None,
            "can_answer": has_permission(request.user, "answer_suggestions"),
        },
    )


@permission_required("draft_reports")
@require_POST
def practice_create(request: AuthedRequest) -> HttpResponse:
    region = request.user.region
    if region is None:
        raise PermissionDenied("您的账号未设置所属区划。")
    domain = next((d for d in list_domains() if d.code == request.POST.get("domain")), None)
    try:
        services.record_practice(
            actor=request.user,
            region=region,
            title=request.POST.get("title", ""),
            text=request.POST.get("text", ""),
            effect=request.POST.get("effect", ""),
            domain=domain,
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "典型经验做法已保存。")
    return redirect("reports_lists")


@permission_required("decide_reports")
@require_POST
def practice_select(request: AuthedRequest, pk: int) -> HttpResponse:
    practice = selectors.get_practice(user=request.user, pk=pk)
    if practice is None:
        raise Http404("没有找到该典型经验做法。")
    try:
        services.select_practice(
            actor=request.user, practice=practice, publish=request.POST.get("publish") == "1"
        )
    except UserError as error:
        messages.error(request, error.message)
    return redirect("reports_lists")


@permission_required("record_suggestions")
@require_POST
def suggestion_create(request: AuthedRequest) -> HttpResponse:
    region = request.user.region
    if region is None:
        raise PermissionDenied("您的账号未设置所属区划。")
    unit = next((u for u in list_units(user=request.user) if str(u.pk) == request.POST.get("unit")), None)
    try:
        record_suggestion(
            actor=request.user,
            region=region,
            source=request.POST.get("source", ""),
            text=request.POST.get("text", ""),
            source_ref=request.POST.get("source_ref", ""),
            unit=unit,
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "意见建议已登记。")
    return redirect("reports_lists")


@permission_required("answer_suggestions")
@require_POST
def suggestion_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    suggestion = get_suggestion(user=request.user, pk=pk)
    if suggestion is None:
        raise Http404("没有找到该意见建议。")
    try:
        answer_suggestion(actor=request.user, suggestion=suggestion, answer=request.POST.get("answer", ""))
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "答复已保存。")
    return redirect("reports_lists")


@permission_required("draft_reports")
@require_POST
def law_suggestion_create(request: AuthedRequest) -> HttpResponse:
    region = request.user.region
    if region is None:
        raise PermissionDenied("您的账号未设置所属区划。")
    clues = []
    for part in request.POST.get("clues", "").replace("\uff0c", ",").split(","):
        if not part.strip():
            continue
        clue = get_clue(user=request.user, pk=int(part)) if part.strip().isdigit() else None
        if clue is None:
            messages.error(request, f"相关线索“{part.strip()}”不存在或不在您的管辖范围内。")
            return redirect("reports_lists")
        clues.append(clue)
    try:
        services.record_law_suggestion(
            actor=request.user,
            region=region,
            document=request.POST.get("document", ""),
            level=request.POST.get("level", ""),
            provision=request.POST.get("provision", ""),
            problem=request.POST.get("problem", ""),
            action=request.POST.get("action", ""),
            proposal=request.POST.get("proposal", ""),
            clues=clues,
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "立改废释建议已保存。")
    return redirect("reports_lists")


def _month(text: str) -> tuple[dt.date, dt.date]:
    try:
        start = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        today = timezone.localdate()
        start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return start, start.replace(day=month_calendar.monthrange(start.year, start.month)[1])


@permission_required("view_reports")
def indicators(request: AuthedRequest) -> HttpResponse:
    region: Region | None = request.user.region
    if region is None:
        raise Http404("您的账号未设置所属区划。")
    parent = selectors.campaign_region(region)
    start, end = _month(request.GET.get("period", ""))
    values = selectors.indicator_table(user=request.user, region=parent, start=start, end=end)
    regions = selectors.indicator_regions(request.user, parent)
    header, rows = exports.indicator_rows(values, regions)
    if request.GET.get("format") == "xlsx":
        data = exports.single_list_workbook("评价指标", header, rows)
        return _download(data, f"评价指标{start:%Y-%m}.xlsx", XLSX)
    return render(
        request,
        "reports/indicators.html",
        {
            "header": header,
            "rows": rows,
            "charts": [exports.indicator_svg(v, regions) for v in values],
            "period": f"{start:%Y-%m}",
            "period_label": f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}",
        },
    )


@permission_required("view_reports")
@require_POST
def reminder_read(request: AuthedRequest, pk: int) -> HttpResponse:
    reminder = selectors.list_reminders(user=request.user).filter(pk=pk).first()
    if reminder is None:
        raise Http404("没有找到该提醒。")
    services.mark_reminder_read(actor=request.user, reminder=reminder)
    return redirect("reports_board")
