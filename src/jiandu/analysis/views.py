"""Pages: the 重点县区 board, each county's profile and the cases behind a signal; the problem models."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus

from jiandu.analysis import selectors, services
from jiandu.analysis.charts import small_multiple
from jiandu.analysis.tasks import run_problem_models_task
from jiandu.engines import anomaly
from jiandu.errors import UserError
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.paging import bounded_page


def _month(request: AuthedRequest) -> str:
    """The ``month`` parameter if it is a valid YYYY-MM, else "" (the default month; a message if bad)."""
    month = request.GET.get("month", "").strip()
    if not month:
        return ""  # the selectors choose the last complete month with data
    try:
        anomaly.month_index(month)
    except anomaly.InputError as error:
        messages.error(request, str(error))
        return ""
    return month


@permission_required("view_key_counties")
def key_county_board(request: AuthedRequest) -> HttpResponse:
    board = selectors.key_county_board(user=request.user, month=_month(request))
    charts = [
        (
            row,
            small_multiple(
                series=row.series,
                band=board.band,
                title=f"{row.region.name}每万户经营主体月度罚没金额与全市区间",
                flagged=row.result.flagged,
                labels=[board.labels[0], board.labels[-1]] if board.labels else [],
            ),
        )
        for row in board.rows
    ]
    return render(
        request,
        "analysis/board.html",
        {
            "board": board,
            "charts": charts,
            "can_manage": has_permission(request.user, "manage_key_counties"),
            "clue_signals": selectors.CLUE_SIGNALS,
        },
    )


@require_POST
@permission_required("manage_key_counties")
def key_county_add(request: AuthedRequest) -> HttpResponse:
    period = request.POST.get("period", "")
    region = selectors.get_county(user=request.user, code=request.POST.get("region", ""))
    if region is None:
        raise Http404("没有该县（市、区）或不在您的管辖范围内。")
    try:
        entry = services.put_on_key_list(
            actor=request.user, region=region, period=period, note=request.POST.get("note", "")
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已将{entry.region.name}列入 {entry.period} 重点县区名单。")
    return redirect(f"{reverse('key_county_board')}?month={period}")


@require_POST
@permission_required("manage_key_counties")
def key_county_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = selectors.get_key_county(user=request.user, pk=pk)
    if entry is None:
        raise Http404("没有该重点县区记录。")
    period = entry.period
    try:
        services.remove_from_key_list(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已移出重点县区名单。")
    return redirect(f"{reverse('key_county_board')}?month={period}")


@permission_required("view_county_profiles")
def county_profile(request: AuthedRequest, code: str) -> HttpResponse:
    region = selectors.get_county(user=request.user, code=code)
    if region is None:
        raise Http404("没有该县（市、区）或不在您的管辖范围内。")
    profile = selectors.county_profile(user=request.user, region=region, month=_month(request))
    chart = small_multiple(
        series=[m.per_wan_firms for m in profile.months],
        band=profile.band,
        title=f"{region.name}每万户经营主体月度罚没金额与全市区间",
        flagged=bool(profile.result and profile.result.flagged),
        labels=[profile.months[0].month, profile.months[-1].month] if profile.months else [],
    )
    return render(
        request,
        "analysis/profile.html",
        {"profile": profile, "chart": chart, "clue_signals": selectors.CLUE_SIGNALS},
    )


@permission_required("view_county_profiles")
def county_signal_cases(request: AuthedRequest, code: str, signal: str) -> HttpResponse:
    region = selectors.get_county(user=request.user, code=code)
    if region is None:
        raise Http404("没有该县（市、区）或不在您的管辖范围内。")
    month = _month(request) or selectors.last_complete_month(city=region.parent)
    cases = selectors.signal_cases(user=request.user, region=region, signal=signal, month=month)
    title = selectors.SIGNAL_CASE_FILTERS.get(signal, "本期罚没金额最高的案件")
    return render(
        request,
        "analysis/signal_cases.html",
        {"region": region, "month": month, "cases": cases, "title": title, "signal": signal},
    )


@permission_required("view_problem_models")
def problem_model_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "analysis/models.html",
        {
            "rows": selectors.model_rows(user=request.user),
            "can_run": has_permission(request.user, "run_problem_models"),
        },
    )


@require_POST
@permission_required("run_problem_models")
def problem_model_run(request: AuthedRequest) -> HttpResponse:
    model = request.POST.get("model", "")
    if model and not selectors.is_known_model(model):
        messages.error(request, f"没有问题模型“{model}”。")
        return redirect("problem_model_list")
    result = run_problem_models_task.enqueue(model=model, username=request.user.username)
    if not result.is_finished:
        messages.success(request, "已提交后台运行，完成后新线索将出现在问题线索列表中。")
    elif result.status == TaskResultStatus.SUCCESSFUL:
        messages.success(request, f"运行完成，新登记线索 {sum((result.return_value or {}).values())} 条。")
    else:
        messages.error(request, "运行失败，详情见服务器日志；已登记的线索不受影响。")
    return redirect("problem_model_list")


@require_POST
@permission_required("run_problem_models")
def problem_model_toggle(request: AuthedRequest, code: str) -> HttpResponse:
    model = selectors.get_model(code=code)
    if model is None:
        raise Http404("没有该问题模型。")
    services.set_model_enabled(actor=request.user, model=model, enabled=not model.enabled)
    messages.success(request, f"已{'启用' if model.enabled else '停用'}{model.name}。")
    return redirect("problem_model_list")


@permission_required("view_problem_models")
def model_hit_list(request: AuthedRequest) -> HttpResponse:
    model = request.GET.get("model", "")
    hits = selectors.list_hits(user=request.user, model=model)
    page = bounded_page(hits, request.GET.get("page"), per_page=50)
    return render(
        request,
        "analysis/hits.html",
        {
            "page": page,
            "rows": page.object_list,
            "model": selectors.get_model(code=model) if model else None,
            "can_mark": has_permission(request.user, "mark_model_hits"),
            "query": f"model={model}" if model else "",
        },
    )


@require_POST
@permission_required("mark_model_hits")
def model_hit_false_positive(request: AuthedRequest, pk: int) -> HttpResponse:
    hit = selectors.get_hit(user=request.user, pk=pk)
    if hit is None:
        raise Http404("没有该模型命中。")
    try:
        services.mark_false_positive(actor=request.user, hit=hit, reason=request.POST.get("reason", ""))
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已标记为误报。")
    return redirect(f"{reverse('model_hit_list')}?model={hit.model.code}")
