"""Staff pages of the hand-over to case handling （案源） and of the case analysis fed back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.errors import UserError
from jiandu.org.feedback import attempt as _attempt
from jiandu.org.feedback import found_or_404 as _404
from jiandu.org.models import Domain, Unit
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.service import forms as F
from jiandu.service import selectors as S
from jiandu.service import services
from jiandu.service.models import CaseLeadSource
from jiandu.service.rules import service_rules
from jiandu.service.views import _firm, _form, _scope, _split_colon, _table


@permission_required("view_service")
def case_lead_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    leads = S.lead_rows(S.list_case_leads(user=request.user, status=status))
    pending = list(S.pending_handovers(user=request.user)[:50])
    units = S.list_units_for(user=request.user)
    return render(
        request,
        "service/case_leads.html",
        {
            "rows": leads,
            "pending": pending,
            "handover_form": F.HandoverForm(units=units),
            "can_hand_over": has_permission(request.user, "record_inspections"),
            "rules": service_rules(),
        },
    )


@permission_required("record_inspections")
@require_POST
def case_lead_from_inspection(request: AuthedRequest, inspection_pk: int) -> HttpResponse:
    inspection = S.get_pending_handover(user=request.user, pk=inspection_pk)
    if inspection is None:
        raise Http404("没有找到该检查，或已移交案源。")
    form = F.HandoverForm(request.POST, units=S.list_units_for(user=request.user))
    if not form.is_valid():
        messages.error(request, "请选择领域和办案机构。")
        return redirect("service_case_lead_list")
    data = form.cleaned_data
    lead = _attempt(
        request,
        None,
        lambda: services.hand_over_inspection(
            actor=request.user,
            inspection=inspection,
            domain=data["domain"],
            handling_unit=data["handling_unit"],
        ),
    )
    if lead is None:
        return redirect("service_case_lead_list")
    messages.success(request, "已移交案源。")
    return redirect("service_case_lead_detail", pk=lead.pk)


@permission_required("record_inspections")
@require_http_methods(["GET", "POST"])
def case_lead_new(request: AuthedRequest) -> HttpResponse:
    form = F.CaseLeadForm(request.POST or None, **_scope(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call() -> Any:
            firm = _firm(request, data["uscc"])
            assert firm is not None
            return services.register_case_lead(
                actor=request.user,
                enterprise=firm,
                domain=data["domain"],
                facts=data["facts"],
                handling_unit=data["handling_unit"],
                source=data["source"],
                discovered_on=data["discovered_on"],
            )

        lead = _attempt(request, form, call)
        if lead is not None:
            return redirect("service_case_lead_detail", pk=lead.pk)
    return _form(request, "登记案源", form, reverse("service_case_lead_list"))


@permission_required("view_service")
def case_lead_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    lead = _404(S.get_case_lead(user=request.user, pk=pk), "案源")
    (row,) = S.lead_rows([lead])
    return render(
        request,
        "service/case_lead_detail.html",
        {
            "row": row,
            "lead": lead,
            "actions": S.lead_actions(lead, request.user),
            "extend_form": F.ExtendForm(),
            "file_form": F.FileForm(),
            "decline_form": F.DeclineForm(),
            "rules": service_rules(),
            "inspection_source": lead.source == CaseLeadSource.INSPECTION,
        },
    )


@permission_required("handle_case_leads")
@require_POST
def case_lead_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    lead = _404(S.get_case_lead(user=request.user, pk=pk), "案源")
    user = request.user
    if action == "accept":
        done = _attempt(request, None, lambda: services.accept_case_lead(actor=user, lead=lead))
    elif action == "extend":
        extend = F.ExtendForm(request.POST)
        reason = extend.cleaned_data["reason"] if extend.is_valid() else ""
        done = _attempt(
            request, None, lambda: services.extend_case_lead(actor=user, lead=lead, reason=reason)
        )
    elif action == "file":
        file_form = F.FileForm(request.POST)
        violation = file_form.cleaned_data["violation"] if file_form.is_valid() else ""
        done = _attempt(
            request, None, lambda: services.file_case_from_lead(actor=user, lead=lead, violation=violation)
        )
    elif action == "decline":
        decline = F.DeclineForm(request.POST)
        data = decline.cleaned_data if decline.is_valid() else {"ground": "", "reason": ""}
        done = _attempt(
            request,
            None,
            lambda: services.decline_case_lead(
                actor=user, lead=lead, ground=data["ground"], reason=data["reason"]
            ),
        )
    else:
        raise Http404("没有这项操作。")
    if done is not None:
        messages.success(request, "已办理。")
    return redirect("service_case_lead_detail", pk=lead.pk)


# --- case analysis fed back -------------------------------------------------------------------------


@permission_required("view_service")
def analysis_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (a.title, reverse("service_analysis_detail", args=[a.pk])),
            (a.region.name, ""),
            (f"{a.period_start:%Y-%m-%d} 至 {a.period_end:%Y-%m-%d}", ""),
            (f"{a.created_on:%Y-%m-%d}", ""),
        ]
        for a in S.list_analyses(user=request.user)
    ]
    new = reverse("service_analysis_new") if has_permission(request.user, "handle_case_leads") else ""
    return _table(
        request,
        "案件分析与共性问题反馈",
        ["名称", "区划", "分析期间", "形成日期"],
        rows,
        new=new,
        more=[("待签收的共性问题", reverse("service_problem_list"))],
    )


def _problem_lines(text: str, units: list[Unit]) -> list[tuple[str, Unit, Domain | None]]:
    by_name = {u.name: u for u in units}
    problems: list[tuple[str, Unit, Domain | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, what = _split_colon(line)
        unit = by_name.get(name.strip())
        if not sep or unit is None or not what.strip():
            raise UserError(
                f"第 {number} 行应写成“单位名称：共性问题”，且单位须在可选机构中。",
                field="problems",
                row=number,
            )
        problems.append((what.strip(), unit, None))
    return problems


@permission_required("handle_case_leads")
@require_http_methods(["GET", "POST"])
def analysis_new(request: AuthedRequest) -> HttpResponse:
    form = F.AnalysisForm(request.POST or None)
    statistics: list[dict[str, object]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = request.user.region
        if region is None:
            raise Http404("您的账号没有管辖区划。")
        statistics = S.case_statistics(user=request.user, start=data["period_start"], end=data["period_end"])

        def call() -> Any:
            return services.record_case_analysis(
                actor=request.user,
                region=region,
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                summary=data["summary"],
                statistics=statistics,
                problems=_problem_lines(data["problems"], list(S.list_units_for(user=request.user))),
            )

        analysis = _attempt(request, form, call)
        if analysis is not None:
            return redirect("service_analysis_detail", pk=analysis.pk)
    today = dt.date.today()
    preview = S.case_statistics(user=request.user, start=today.replace(month=1, day=1), end=today)
    return _form(request, "形成案件分析", form, reverse("service_analysis_list"), statistics=preview)


@permission_required("view_service")
def analysis_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    analysis = _404(S.get_analysis(user=request.user, pk=pk), "案件分析")
    return render(
        request,
        "service/analysis_detail.html",
        {"analysis": analysis, "problems": list(S.analysis_problems(analysis))},
    )


@permission_required("view_service")
def problem_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "service/problems.html",
        {"problems": list(S.problems_for_unit(user=request.user)), "form": F.AcknowledgeForm()},
    )


@permission_required("view_service")
@require_POST
def problem_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    problem = _404(S.get_problem(user=request.user, pk=pk), "共性问题")
    form = F.AcknowledgeForm(request.POST)
    action = form.cleaned_data["action_taken"] if form.is_valid() else ""
    if _attempt(
        request,
        None,
        lambda: services.acknowledge_problem(actor=request.user, problem=problem, action_taken=action),
    ):
        messages.success(request, "已签收。")
    return redirect("service_problem_list")
