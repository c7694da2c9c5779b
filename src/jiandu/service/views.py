"""Staff pages of the service loop: the firm record, assistance needs, liaison, forums, procedure walks,
park visits, supervisors and monitoring points, case leads, case analysis, training and surveys.

Each view parses, fetches through a scoped selector, calls one service and renders. A `UserError`
becomes a form error or a message; a `PermissionDenied` stays a 403.
"""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.clues.services import record_export
from jiandu.documents.xlsx import Sheet, build_workbook
from jiandu.errors import UserError
from jiandu.org.feedback import attempt as _attempt
from jiandu.org.feedback import found_or_404 as _404
from jiandu.org.models import Enterprise
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_counties, visible_regions
from jiandu.service import forms as F
from jiandu.service import record as firm_record
from jiandu.service import selectors as S
from jiandu.service import services

T = TypeVar("T")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request: AuthedRequest) -> dict[str, Any]:
    user = request.user
    return {
        "regions": visible_regions(user),
        "units": S.list_units_for(user=user),
        "staff": S.list_staff(user=user),
    }


def _firm(
    request: AuthedRequest, uscc: str, form: forms.Form | None = None, field: str = "uscc"
) -> Enterprise | None:
    if not uscc.strip():
        return None
    firm = S.firm_by_uscc(user=request.user, uscc=uscc)
    if firm is None:
        raise UserError(
            f"没有找到统一社会信用代码为“{uscc.strip()}”的企业，或不在您的管辖范围内。", field=field
        )
    return firm


def _firms(request: AuthedRequest, text: str, field: str) -> list[Enterprise]:
    found = []
    for line in text.split():
        firm = _firm(request, line, field=field)
        if firm is not None:
            found.append(firm)
    return found


def _table(
    request: AuthedRequest, title: str, columns: list[str], rows: list[list[tuple[Any, str]]], **extra: Any
) -> HttpResponse:
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "service/table.html", {"title": title, "columns": columns, "page": page, **extra})


def _form(request: AuthedRequest, title: str, form: forms.Form, back: str, **extra: Any) -> HttpResponse:
    return render(request, "service/form.html", {"title": title, "form": form, "back": back, **extra})


# --- home and the firm record ---------------------------------------------------------------------


@permission_required("view_service")
def home(request: AuthedRequest) -> HttpResponse:
    form = F.FirmForm(request.GET or None)
    if form.is_valid():
        return redirect("service_record", uscc=form.cleaned_data["uscc"].strip().upper())
    return render(request, "service/home.html", {"form": form})


@permission_required("view_service")
def record(request: AuthedRequest, uscc: str) -> HttpResponse:
    data = _404(firm_record.get_record(user=request.user, uscc=uscc), "企业")
    return render(
        request,
        "service/record.html",
        {
            "record": data,
            "access_form": F.AccessCodeForm(),
            "survey_form": F.SurveyIssueForm(units=S.list_units_for(user=request.user)),
            "can_issue": has_permission(request.user, "record_inspections"),
            "can_survey": has_permission(request.user, "manage_service"),
        },
    )


@permission_required("record_inspections")
@require_POST
def access_code_issue(request: AuthedRequest, uscc: str) -> HttpResponse:
    firm = _404(S.firm_by_uscc(user=request.user, uscc=uscc), "企业")
    form = F.AccessCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择送达方式。")
        return redirect("service_record", uscc=firm.uscc)
    issued = _attempt(
        request,
        None,
        lambda: services.issue_access_code(
            actor=request.user, enterprise=firm, purpose=form.cleaned_data["purpose"]
        ),
    )
    if issued is None:
        return redirect("service_record", uscc=firm.uscc)
    context = {"firm": firm, "code": issued[1], "what": "企业查询码", "link": reverse("public_firm_record")}
    return render(request, "service/code_issued.html", context)


@permission_required("manage_service")
@require_POST
def survey_issue(request: AuthedRequest, uscc: str) -> HttpResponse:
    firm = _404(S.firm_by_uscc(user=request.user, uscc=uscc), "企业")
    form = F.SurveyIssueForm(request.POST, units=S.list_units_for(user=request.user))
    if not form.is_valid():
        messages.error(request, "请选择被测评单位和测评事项。")
        return redirect("service_record", uscc=firm.uscc)
    data = form.cleaned_data
    issued = _attempt(
        request,
        None,
        lambda: services.issue_survey(
            actor=request.user, enterprise=firm, unit=data["unit"], subject=data["subject"]
        ),
    )
    if issued is None:
        return redirect("service_record", uscc=firm.uscc)
    link = reverse("public_survey", args=[issued[1]])
    return render(
        request,
        "service/code_issued.html",
        {"firm": firm, "code": issued[1], "what": "满意度测评码", "link": link},
    )


# --- 帮扶需求清单 ---------------------------------------------------------------------------------


@permission_required("view_service")
def assistance_list(request: AuthedRequest) -> HttpResponse:
    form = F.AssistanceFilterForm(
        request.GET or None,
        regions=list(list_counties(request.user)),
        units=list(S.list_units_for(user=request.user)),
    )
    filters = form.filters()
    items = S.list_assistance(user=request.user, **filters)
    if request.GET.get("format") == "xlsx":
        rows = S.assistance_rows(items.prefetch_related("steps"))
        table = S.assistance_table(rows)
        data = build_workbook(
            [
                Sheet(
                    name="帮扶需求清单",
                    header=S.ASSISTANCE_HEADER,
                    rows=table,
                    title="企业帮扶需求清单",
                    subtitle=f"填报单位：{request.user.region or ''}市场监督管理局（按县区、责任单位排列）",
                )
            ]
        )
        record_export(actor=request.user, name="帮扶需求清单", filters=filters, rows=len(table))
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('帮扶需求清单.xlsx')}"
        return response
    table_rows = [
        [
            (r.item.pk, reverse("service_assistance_detail", args=[r.item.pk])),
            (r.item.region.name, ""),
            (r.item.requester, ""),
            (r.item.content[:40], ""),
            (r.item.unit.name, ""),
            (f"{r.due:%Y-%m-%d}" + (" 逾期" if r.overdue else ""), ""),
            (r.item.get_status_display(), ""),
            (r.item.satisfaction or "", ""),
        ]
        for r in S.assistance_rows(items)
    ]
    return _table(
        request,
        "帮扶需求清单",
        ["编号", "区划", "提出方", "需求内容", "责任单位", "办理期限", "状态", "满意度"],
        table_rows,
        filters=form,
        export="?" + (request.GET.urlencode() + "&" if request.GET else "") + "format=xlsx",
        new=reverse("service_assistance_new") if has_permission(request.user, "manage_service") else "",
        table_id="assistance-table",
    )


@permission_required("manage_service")
@require_http_methods(["GET", "POST"])
def assistance_new(request: AuthedRequest) -> HttpResponse:
    form = F.AssistanceForm(request.POST or None, **_scope(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call() -> Any:
            return services.open_assistance(
                actor=request.user,
                region=data["region"],
                unit=data["unit"],
                source=data["source"],
                content=data["content"],
                enterprise=_firm(request, data["uscc"]),
                requester=data["requester"],
                raised_on=data["raised_on"],
                term_workdays=data["term_workdays"],
            )

        item = _attempt(request, form, call)
        if item is not None:
            messages.success(request, "帮扶需求已登记。")
            return redirect("service_assistance_detail", pk=item.pk)
    return _form(request, "登记帮扶需求", form, reverse("service_assistance_list"))


@permission_required("view_service")
def assistance_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _404(S.get_assistance(user=request.user, pk=pk), "帮扶需求")
    (row,) = S.assistance_rows([item])
    return render(
        request,
        "service/assistance_detail.html",
        {
            "row": row,
            "item": item,
            "steps": list(item.steps.all()),
            "actions": S.assistance_actions(item, request.user),
            "step_form": F.StepForm(),
            "answer_form": F.AnswerForm(),
            "feedback_form": F.FeedbackForm(),
        },
    )


@permission_required("manage_service")
@require_POST
def assistance_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    item = _404(S.get_assistance(user=request.user, pk=pk), "帮扶需求")
    form_class = {"step": F.StepForm, "answer": F.AnswerForm, "feedback": F.FeedbackForm}.get(action)
    if form_class is None:
        raise Http404("没有这项操作。")
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "请完整填写后再提交。")
        return redirect("service_assistance_detail", pk=item.pk)
    data = form.cleaned_data
    done: object
    if action == "step":
        done = _attempt(
            request,
            None,
            lambda: services.add_assistance_step(actor=request.user, item=item, action=data["action"]),
        )
    elif action == "answer":
        done = _attempt(
            request,
            None,
            lambda: services.answer_assistance(actor=request.user, item=item, answer=data["answer"]),
        )
    else:
        done = _attempt(
            request,
            None,
            lambda: services.record_assistance_feedback(
                actor=request.user,
                item=item,
                satisfaction=data["satisfaction"],
                feedback=data["feedback"],
                reopen=data["reopen"],
            ),
        )
    if done is not None:
        messages.success(request, "已保存。")
    return redirect("service_assistance_detail", pk=item.pk)


# --- 局处长联络 -----------------------------------------------------------------------------------


@permission_required("view_service")
def liaison_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (a.enterprise.name, reverse("service_liaison_detail", args=[a.pk])),
            (a.region.name, ""),
            (f"{a.leader}（{a.title}）", ""),
            (a.get_category_display(), ""),
            (f"{a.assigned_on:%Y-%m-%d}", ""),
            (a.visit_count, ""),  # type: ignore[attr-defined]
        ]
        for a in S.list_liaisons(user=request.user)
    ]
    new = reverse("service_liaison_new") if has_permission(request.user, "manage_service") else ""
    return _table(
        request, "局处长联络企业", ["企业", "区划", "联络领导", "类别", "确定日期", "走访次数"], rows, new=new
    )


@permission_required("manage_service")
@require_http_methods(["GET", "POST"])
def liaison_new(request: AuthedRequest) -> HttpResponse:
    form = F.LiaisonForm(request.POST or None, **_scope(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call() -> Any:
            firm = _firm(request, data["uscc"])
            assert firm is not None  # the field is required
            return services.assign_liaison(
                actor=request.user,
                enterprise=firm,
                leader=data["leader"],
                title=data["title"],
                category=data["category"],
            )

        item = _attempt(request, form, call)
        if item is not None:
            return redirect("service_liaison_detail", pk=item.pk)
    return _form(request, "确定联络企业", form, reverse("service_liaison_list"))


@permission_required("view_service")
@require_http_methods(["GET", "POST"])
def liaison_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _404(S.get_liaison(user=request.user, pk=pk), "联络关系")
    form = F.VisitForm(request.POST or None)
    if request.method == "POST" and has_permission(request.user, "manage_service") and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            request,
            form,
            lambda: services.record_liaison_visit(
                actor=request.user, assignment=item, visited_on=data["visited_on"], content=data["content"]
            ),
        )
        if done is not None:
            messages.success(request, "走访已登记。")
            return redirect("service_liaison_detail", pk=item.pk)
    return render(
        request,
        "service/liaison_detail.html",
        {"item": item, "visits": list(item.visits.all()), "form": form},
    )


# --- 座谈会 ------------------------------------------------------------------------------------


def _split_colon(line: str) -> tuple[str, str, str]:
    """ "名称：内容" split at the first colon, full-width (as people type it) or ASCII."""
    cut = min((i for i in (line.find(":"), line.find("：")) if i >= 0), default=-1)
    return (line[:cut], line[cut], line[cut + 1 :]) if cut >= 0 else (line, "", "")


@permission_required("view_service")
def forum_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (f.title, reverse("service_forum_detail", args=[f.pk])),
            (f.region.name, ""),
            (f"{f.held_on:%Y-%m-%d}", ""),
            (f.firm_count, ""),  # type: ignore[attr-defined]
            (f.issue_count, ""),  # type: ignore[attr-defined]
        ]
        for f in S.list_forums(user=request.user)
    ]
    new = reverse("service_forum_new") if has_permission(request.user, "manage_service") else ""
    return _table(request, "座谈会", ["名称", "区划", "召开日期", "参会企业", "反映问题"], rows, new=new)


def _issue_lines(text: str) -> list[tuple[str, str, Enterprise | None]]:
    issues: list[tuple[str, str, Enterprise | None]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        who, sep, what = _split_colon(line)
        issues.append((what.strip(), who.strip(), None) if sep and what.strip() else (line.strip(), "", None))
    return issues


@permission_required("manage_service")
@require_http_methods(["GET", "POST"])
def forum_new(request: AuthedRequest) -> HttpResponse:
    form = F.ForumForm(request.POST or None, **_scope(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call() -> Any:
            return services.hold_forum(
                actor=request.user,
                region=data["region"],
                title=data["title"],
                held_on=data["held_on"],
                venue=data["venue"],
                host_unit=data["unit"],
                firms=_firms(request, data["firms"], "firms"),
                other_attendees=data["other_attendees"],
                issues=_issue_lines(data["issues"]),
            )

        forum = _attempt(request, form, call)
        if forum is not None:
            messages.success(request, "座谈会已登记。")
            return redirect("service_forum_detail", pk=forum.pk)
    return _form(request, "登记座谈会", form, reverse("service_forum_list"))


@permission_required("view_service")
@require_http_methods(["GET", "POST"])
def forum_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    forum = _404(S.get_forum(user=request.user, pk=pk), "座谈会")
    form = F.IssueForm(request.POST or None)
    if request.method == "POST" and has_permission(request.user, "manage_service") and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            request,
            form,
            lambda: services.add_forum_issue(
                actor=request.user,
                forum=forum,
                text_=data["text"],
                raised_by=data["raised_by"],
                enterprise=_firm(request, data["uscc"]),
            ),
        )
        if done is not None:
            return redirect("service_forum_detail", pk=forum.pk)
    return render(
        request,
        "service/forum_detail.html",
        {
            "forum": forum,
            "issues": list(S.forum_issues(forum)),
            "form": form,
            "need_form": F.IssueNeedForm(units=S.list_units_for(user=request.user)),
            "can_manage": has_permission(request.user, "manage_service"),
        },
    )


@permission_required("manage_service")
@require_POST
def forum_issue_convert(request: AuthedRequest, pk: int, target: str) -> HttpResponse:
    """One action per issue: into a clue, an assistance need, or a suggestion."""
    issue = _404(S.get_forum_issue(user=request.user, pk=pk), "问题")
    if target == "clue":
        done = _attempt(request, None, lambda: services.issue_to_clue(actor=request.user, issue=issue))
    elif target == "suggestion":
        done = _attempt(request, None, lambda: services.issue_to_suggestion(actor=request.user, issue=issue))
    elif target == "need":
        form = F.IssueNeedForm(request.POST, units=S.list_units_for(user=request.user))
        if not form.is_valid():
            messages.error(request, "请选择帮扶需求的责任单位。")
            return redirect("service_forum_detail", pk=issue.forum_id)
        done = _attempt(
            request,
            None,
            lambda: services.issue_to_need(actor=request.user, issue=issue, unit=form.cleaned_data["unit"]),
        )
    else:
        raise Http404("没有这项操作。")
    if done is not None:
        messages.success(
            request,
            {"clue": "已转为问题线索。", "need": "已转为帮扶需求。", "suggestion": "已列入意见建议清单。"}[
                target
            ],
        )
    return redirect("service_forum_detail", pk=issue.forum_id)


# --- 走流程 / 进园区进企业 -------------------------------------------------------------------------


@permission_required("view_service")
def finding_list(request: AuthedRequest) -> HttpResponse:
    can = has_permission(request.user, "manage_service")
    rows = [
        [
            (r.item.procedure, ""),
            (r.item.step, ""),
            (r.item.blocker[:40], ""),
            (r.item.fix[:40], ""),
            (r.item.unit.name, ""),
            (f"{r.due:%Y-%m-%d}" + (" 逾期" if r.overdue else ""), ""),
            (
                r.item.get_status_display(),
                reverse("service_finding_rectify", args=[r.item.pk])
                if can and r.item.status == "open"
                else "",
            ),
        ]
        for r in S.finding_rows(S.list_procedure_findings(user=request.user))
    ]
    return _table(
        request,
        "走流程发现的问题",
        ["办理事项", "环节", "堵点问题", "整改措施", "责任单位", "整改期限", "状态"],
        rows,
        new=reverse("service_finding_new") if can else "",
    )


@permission_required("manage_service")
@require_http_methods(["GET", "POST"])
def finding_new(request: AuthedRequest) -> HttpResponse:
    form = F.FindingForm(request.POST or None, **_scope(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = _attempt(request, form, lambda: services.record_procedure_finding(actor=request.user, **data))
        if item is not None:
            messages.success(request, "已登记，整改期限按工作日计算。")
            return redirect("service_finding_list")
    return _form(request, "登记走流程发现的问题", form, reverse("service_finding_list"))


@permission_required("manage_service")
@require_http_methods(["GET", "POST"])
def finding_rectify(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _404(S.list_procedure_findings(user=request.user).filter(pk=pk).first(), "问题")
    form = F.ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            request,
            form,
            lambda: services.rectify_procedure_finding(
                actor=request.user, finding=finding, result=form.cleaned_data["result"]
            ),
        )
        if done is not None:
            messages.success(request, "整改结果已登记。")
            return redirect("service_finding_list")
    return _form(request, f"登记整改结果：{finding}", form, reverse("service_finding_list"))


@permission_required("view_service")
def event_list(request: AuthedRequest) -> HttpResponse:
    rows = [
        [
            (e.park, ""),
            (e.region.name, ""),
            (f"{e.held_on:%Y-%m-%d}", ""),
            ("、".join(u.name for u in e.units.all()), ""),
            ("、".join(e.service_labels), ""),
            (e.firm_count, ""),  # type: ignore[attr-defined]
        ]
        for e in S.list_service_events(user=request.user)
    ]
    new = reverse("service_event_new") if has_permission(request.user, "manage_service") else ""
    return _table(
        request, "进园区进企业", ["园区", "区划", "日期", "参加单位", "服务", "服务企业数"], rows, new=new
    )


@permission_required("manage_service")
@require_http_methods(["GET", "POST"])
def event_new(request: AuthedRequest) -> HttpResponse:
    form = F.EventForm(request.POST or None, **_scope(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call() -> Any:
            return services.record_service_event(
                actor=request.user,
                region=data["region"],
                park=data["park"],
                held_on=data["held_on"],
                units=list(data["units"]),
                services=data["services"],
                firms=_firms(request, data["firms"], "firms"),
                notes=data["notes"],
            )

        if _attempt(request, form, call) is not None:
            messages.success(request, "服务活动已登记。")
            return redirect("service_event_list")
    return _form(request, "登记进园区进企业活动", form, reverse("service_event_list"))
