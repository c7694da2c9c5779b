"""Staff pages of 双随机一公开: parse, authorise, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.errors import UserError
from jiandu.inspections import selectors, services
from jiandu.inspections.forms import (
    AdHocInspectionForm,
    FollowUpForm,
    GuidanceForm,
    ItemForm,
    PlanForm,
    PlanRulesForm,
    ResultForm,
    SeedForm,
)
from jiandu.inspections.models import InspectionPlan
from jiandu.inspections.rules import current_rules
from jiandu.inspections.workflow import RESULTS_OPEN_IN, RULES_EDITABLE_IN, TRANSITIONS
from jiandu.org.feedback import form_error, message_error
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, visible_regions


def _plan_or_404(request: AuthedRequest, pk: int) -> InspectionPlan:
    plan = selectors.get_plan(user=request.user, pk=pk)
    if plan is None:
        raise Http404("抽查计划不存在或不在您的管辖范围内")
    return plan


@permission_required("view_inspections")
def plan_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "inspections/plan_list.html",
        {
            "rows": selectors.list_plan_rows(user=request.user),
            "repeat_warnings": selectors.list_repeat_warnings(request.user),
            "can_manage": has_permission(request.user, "manage_inspections"),
            "can_record": has_permission(request.user, "record_inspections"),
        },
    )


@permission_required("manage_inspections")
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest) -> HttpResponse:
    rules = current_rules()
    form = PlanForm(
        request.POST or None,
        regions=visible_regions(request.user),
        items=selectors.list_items(active_only=True),
        ratios=rules.ratios,
        initial={"window_days": rules.recent_window_days, "region": request.user.region_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                actor=request.user,
                title=data["title"],
                region=data["region"],
                items=data["items"],
                scope_regions=data["scope_regions"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                ratios=form.ratios(),
                window_days=data["window_days"],
                industry_filter=data["industry_filter"],
                joining_departments=data["joining_departments"],
                seed_source=data["seed_source"],
            )
        except UserError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已建立抽查计划 {plan.number}。")
            return redirect("inspection_plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "rules": rules})


@permission_required("view_inspections")
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "inspections": selectors.list_plan_inspections(plan=plan),
            "deadline": selectors.publication_deadline(plan),
            "draw_warning": selectors.inspector_concentration(plan),
            "rules_form": PlanRulesForm(
                ratios=plan.ratios, initial={"window_days": plan.window_days, "seed_source": plan.seed_source}
            ),
            "seed_form": SeedForm(plan_number=plan.number),
            "can_manage": has_permission(request.user, "manage_inspections"),
            "can_record": has_permission(request.user, "record_inspections"),
            "actions": {t.action for t in TRANSITIONS.available(state=plan.status, user=request.user)},
            "rules_editable": plan.status in RULES_EDITABLE_IN,
            "results_open": plan.status in RESULTS_OPEN_IN,
        },
    )


@permission_required("manage_inspections")
@require_POST
def plan_rules(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = PlanRulesForm(request.POST, ratios=plan.ratios)
    if not form.is_valid():
        messages.error(
            request,
            "请检查抽取比例和排除窗口：" + ";".join(str(e) for es in form.errors.values() for e in es),
        )
        return redirect("inspection_plan_detail", pk=plan.pk)
    try:
        services.update_plan_ratios(
            actor=request.user,
            plan=plan,
            ratios=form.ratios(),
            window_days=form.cleaned_data["window_days"],
            seed_source=form.cleaned_data["seed_source"],
        )
    except UserError as error:
        message_error(request, error)
    else:
        messages.success(request, "已保存抽取比例和排除规则。")
    return redirect("inspection_plan_detail", pk=plan.pk)


@permission_required("manage_inspections")
@require_POST
def plan_commit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        services.commit_plan(actor=request.user, plan=plan)
    except UserError as error:
        message_error(request, error)
    else:
        messages.success(request, "已公示候选名单哈希、排除情况和抽取比例。请在随机种子公布后抽取。")
    return redirect("inspection_plan_detail", pk=plan.pk)


@permission_required("manage_inspections")
@require_POST
def plan_draw(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    seed = str(SeedForm(request.POST).data.get("seed", ""))
    try:
        services.draw_plan(actor=request.user, plan=plan, seed=seed)
    except UserError as error:
        message_error(request, error)
    else:
        messages.success(request, "已完成抽取。")
    return redirect("inspection_plan_detail", pk=plan.pk)


@permission_required("manage_inspections")
@require_POST
def plan_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        services.assign_inspectors(actor=request.user, plan=plan)
    except UserError as error:
        message_error(request, error)
    else:
        messages.success(request, "已为每户抽中企业随机匹配检查人员。")
    return redirect("inspection_plan_detail", pk=plan.pk)


@permission_required("manage_inspections")
@require_POST
def plan_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        services.publish_plan(actor=request.user, plan=plan)
    except UserError as error:
        message_error(request, error)
    else:
        messages.success(request, "已在公开页面公示抽查结果。")
    return redirect("inspection_plan_detail", pk=plan.pk)


@permission_required("record_inspections")
@require_http_methods(["GET", "POST"])
def inspection_result(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = selectors.get_inspection(user=request.user, pk=pk)
    if inspection is None:
        raise Http404("检查记录不存在或不在您的管辖范围内")
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_result(
                actor=request.user,
                inspection=inspection,
                outcome=data["outcome"],
                inspected_on=data["inspected_on"],
                findings=data["findings"],
                case_note=data["case_note"],
            )
        except UserError as error:
            form_error(form, error)
        else:
            messages.success(request, "已登记检查结果。")
            if inspection.plan_id:
                return redirect("inspection_plan_detail", pk=inspection.plan_id)
            return redirect("inspection_plan_list")
    return render(request, "inspections/result_form.html", {"form": form, "inspection": inspection})


@permission_required("record_inspections")
@require_http_methods(["GET", "POST"])
def inspection_record(request: AuthedRequest) -> HttpResponse:
    form = AdHocInspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = get_enterprise(user=request.user, uscc=data["uscc"].strip().upper())
        if enterprise is None:
            form.add_error("uscc", "未找到该统一社会信用代码对应的企业，或不在您的管辖范围内")
        else:
            try:
                services.record_inspection(
                    actor=request.user,
                    enterprise=enterprise,
                    inspected_on=data["inspected_on"],
                    department=data["department"],
                    findings=data["findings"],
                )
            except UserError as error:
                form_error(form, error)
            else:
                messages.success(request, "已登记检查记录。")
                return redirect("inspection_plan_list")
    return render(request, "inspections/record_form.html", {"form": form})


@permission_required("view_inspections")
@require_http_methods(["GET", "POST"])
def item_list(request: AuthedRequest) -> HttpResponse:
    form = ItemForm(request.POST or None)
    if request.method == "POST":
        if not has_permission(request.user, "manage_inspections"):
            messages.error(request, "您的角色无权维护检查事项。")
        elif form.is_valid():
            try:
                services.create_item(actor=request.user, **form.cleaned_data)
            except UserError as error:
                form_error(form, error)
            else:
                messages.success(request, "已添加检查事项。")
                return redirect("inspection_item_list")
    return render(
        request,
        "inspections/item_list.html",
        {
            "items": selectors.list_items(),
            "form": form,
            "can_manage": has_permission(request.user, "manage_inspections"),
        },
    )


@permission_required("view_inspections")
def inspector_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "inspections/inspector_list.html",
        {"inspectors": selectors.list_inspectors(user=request.user)},
    )


@permission_required("view_inspections")
@require_http_methods(["GET", "POST"])
def guidance_list(request: AuthedRequest) -> HttpResponse:
    form = GuidanceForm(request.POST or None)
    if request.method == "POST":
        if not has_permission(request.user, "record_inspections"):
            messages.error(request, "您的角色无权登记行政指导。")
        elif form.is_valid():
            data = form.cleaned_data
            enterprise = get_enterprise(user=request.user, uscc=data["uscc"].strip().upper())
            if enterprise is None:
                form.add_error("uscc", "未找到该统一社会信用代码对应的企业，或不在您的管辖范围内")
            else:
                try:
                    services.record_guidance(
                        actor=request.user,
                        enterprise=enterprise,
                        kind=data["kind"],
                        content=data["content"],
                        issued_on=data["issued_on"],
                    )
                except UserError as error:
                    form_error(form, error)
                else:
                    messages.success(request, "已登记行政指导。")
                    return redirect("inspection_guidance_list")
    measures = selectors.list_guidance_rows(user=request.user)
    return render(
        request,
        "inspections/guidance_list.html",
        {
            "measures": measures,
            "form": form,
            "follow_up_form": FollowUpForm(),
            "can_record": has_permission(request.user, "record_inspections"),
        },
    )


@permission_required("record_inspections")
@require_POST
def guidance_follow_up(request: AuthedRequest, pk: int) -> HttpResponse:
    measure = selectors.get_guidance(user=request.user, pk=pk)
    if measure is None:
        raise Http404("行政指导记录不存在或不在您的管辖范围内")
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写跟踪检查日期和结果。")
    else:
        try:
            services.record_guidance_follow_up(
                actor=request.user,
                measure=measure,
                followed_up_on=form.cleaned_data["followed_up_on"],
                result=form.cleaned_data["result"],
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "已登记跟踪检查结果。")
    return redirect("inspection_guidance_list")
