"""Staff pages of supervisors and monitoring points (and their own 我的反映 page), the study list and
training, and the satisfaction results (aggregate only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jiandu.org.feedback import attempt as _attempt
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import visible_regions
from jiandu.service import forms as F
from jiandu.service import selectors as S
from jiandu.service import services
from jiandu.service.views import _firm, _form, _table


def _logins(request: AuthedRequest) -> dict[str, Any]:
    return {"regions": visible_regions(request.user), "staff": S.list_supervisor_logins(user=request.user)}


@permission_required("view_service")
def supervisor_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (s.name, ""),
            (s.get_kind_display(), ""),
            (s.organisation, ""),
            (s.region.name, ""),
            (f"{s.term_start:%Y-%m-%d} 至 {s.term_end:%Y-%m-%d}", ""),
            (s.phone, ""),
            (s.user.username if s.user else "未关联", ""),
        ]
        for s in S.list_supervisors(user=request.user)
    ]
    can = has_permission(request.user, "manage_supervisors")
    return _table(
        request,
        "规范涉企行政执法监督员",
        ["姓名", "身份", "工作单位", "区划", "聘期", "联系电话", "登录账号"],
        rows,
        new=reverse("service_supervisor_new") if can else "",
        more=[("监测点", reverse("service_point_list")), ("履职情况", reverse("service_activity"))],
    )


@permission_required("manage_supervisors")
@require_http_methods(["GET", "POST"])
def supervisor_new(request: AuthedRequest) -> HttpResponse:
    form = F.SupervisorForm(request.POST or None, **_logins(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = _attempt(request, form, lambda: services.register_supervisor(actor=request.user, **data))
        if person is not None:
            messages.success(request, "监督员已登记。")
            return redirect("service_supervisor_list")
    return _form(request, "登记执法监督员", form, reverse("service_supervisor_list"))


@permission_required("view_service")
def point_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (p.name, ""),
            (p.get_kind_display(), ""),
            (p.region.name, ""),
            (p.contact_name, ""),
            (p.phone, ""),
            (p.user.username if p.user else "未关联", ""),
        ]
        for p in S.list_monitoring_points(user=request.user)
    ]
    can = has_permission(request.user, "manage_supervisors")
    return _table(
        request,
        "执法监测点",
        ["名称", "类型", "区划", "联系人", "联系电话", "登录账号"],
        rows,
        new=reverse("service_point_new") if can else "",
        more=[("监督员", reverse("service_supervisor_list")), ("履职情况", reverse("service_activity"))],
    )


@permission_required("manage_supervisors")
@require_http_methods(["GET", "POST"])
def point_new(request: AuthedRequest) -> HttpResponse:
    form = F.MonitoringPointForm(request.POST or None, **_logins(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uscc = data.pop("uscc")

        def call() -> Any:
            return services.register_monitoring_point(
                actor=request.user, enterprise=_firm(request, uscc), **data
            )

        if _attempt(request, form, call):
            messages.success(request, "监测点已登记。")
            return redirect("service_point_list")
    return _form(request, "设立执法监测点", form, reverse("service_point_list"))


@permission_required("view_service")
def activity(request: AuthedRequest) -> HttpResponse:
    rows = [
        [(a.name, ""), (a.kind, ""), (a.region, ""), (a.submitted, ""), (a.confirmed, ""), (a.closed, "")]
        for a in S.supervision_activity(user=request.user)
    ]
    return _table(
        request,
        "监督员和监测点履职情况",
        ["名称", "身份或类型", "区划", "反映问题", "认定属实", "已办结"],
        rows,
    )


@permission_required("view_own_submissions")
def my_submissions(request: AuthedRequest) -> HttpResponse:
    return render(request, "service/mine.html", {"submissions": S.my_submissions(user=request.user)})


# --- 学习目录与培训 -------------------------------------------------------------------------------


@permission_required("view_service")
def study_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (i.campaign, ""),
            (i.title, ""),
            (i.issuer, ""),
            ("必学" if i.required else "选学", ""),
            (i.region.name, ""),
        ]
        for i in S.list_study_items(user=request.user)
    ]
    can = has_permission(request.user, "manage_training")
    return _table(
        request,
        "学习目录",
        ["专项行动", "法律法规", "制定机关", "要求", "区划"],
        rows,
        new=reverse("service_study_new") if can else "",
        more=[
            ("培训记录", reverse("service_training_list")),
            ("个人学习档案", reverse("service_training_officers")),
        ],
    )


@permission_required("manage_training")
@require_http_methods(["GET", "POST"])
def study_new(request: AuthedRequest) -> HttpResponse:
    form = F.StudyItemForm(request.POST or None, regions=visible_regions(request.user))
    if request.method == "POST" and form.is_valid():
        item = _attempt(
            request, form, lambda: services.add_study_item(actor=request.user, **form.cleaned_data)
        )
        if item is not None:
            return redirect("service_study_list")
    return _form(request, "列入学习目录", form, reverse("service_study_list"))


@permission_required("view_service")
def training_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (t.title, ""),
            (t.region.name, ""),
            (f"{t.held_on:%Y-%m-%d}", ""),
            (t.hours, ""),
            (t.attendee_count, ""),  # type: ignore[attr-defined]
        ]
        for t in S.list_training(user=request.user)
    ]
    can = has_permission(request.user, "manage_training")
    return _table(
        request,
        "培训记录",
        ["培训名称", "区划", "日期", "学时", "参训人数"],
        rows,
        new=reverse("service_training_new") if can else "",
        more=[
            ("学习目录", reverse("service_study_list")),
            ("个人学习档案", reverse("service_training_officers")),
        ],
    )


@permission_required("manage_training")
@require_http_methods(["GET", "POST"])
def training_new(request: AuthedRequest) -> HttpResponse:
    form = F.TrainingForm(
        request.POST or None,
        regions=visible_regions(request.user),
        staff=S.list_staff(user=request.user),
        items=S.list_study_items(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data["study_items"], data["attendees"] = list(data["study_items"]), list(data["attendees"])
        if _attempt(request, form, lambda: services.record_training(actor=request.user, **data)):
            return redirect("service_training_list")
    return _form(request, "登记培训", form, reverse("service_training_list"))


@permission_required("view_service")
def training_officers(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (str(r.officer), ""),
            (r.officer.region.name if r.officer.region else "", ""),
            (r.sessions, ""),
            (r.hours, ""),
        ]
        for r in S.training_by_officer(user=request.user)
    ]
    return _table(request, "个人学习档案", ["姓名", "区划", "参训次数", "累计学时"], rows)


@permission_required("view_survey_results")
def survey_results(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (r.county, ""),
            (r.unit, ""),
            (r.responses, ""),
            (r.average if r.average is not None else "答卷不足，不显示", ""),
        ]
        for r in S.satisfaction_by_unit(user=request.user)
    ]
    return _table(
        request,
        "满意度测评汇总",
        ["区划", "被测评单位", "答卷数", "平均满意度（5分制）"],
        rows,
        intro=f"为保护作答企业，答卷少于 {S.MIN_RESPONSES} 份的单位不显示平均分；不提供单份答卷。",
    )
