"""Staff pages for penalty cases and credit-repair review. Parse, authorise, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.cases import services
from jiandu.cases.forms import (
    CaseForm,
    DateForm,
    DecideForm,
    DeliverForm,
    FlagsForm,
    NoteForm,
    RepairReviewForm,
    ReviewForm,
)
from jiandu.cases.integrations import DISCRETION_LABELS, exemptions_for, follow_ups_of, list_items
from jiandu.cases.models import CaseStatus, PenaltyCase, RepairStatus
from jiandu.cases.selectors import (
    case_deadlines,
    case_documents,
    get_case,
    get_document,
    get_repair,
    list_cases,
    list_repairs,
)
from jiandu.cases.workflow import available_actions, fine_outside_band, needs_deviation_reason
from jiandu.org.holidays import load_calendar
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, list_counties
from jiandu.paging import bounded_page

PAGE_SIZE = 50
STATUS_FILTERS = [("", "全部"), ("open", "办理中"), ("overdue", "已逾期"), *CaseStatus.choices]


def _page(request: AuthedRequest, items: Any) -> Any:
    return bounded_page(items, request.GET.get("page"), per_page=PAGE_SIZE)


def _case_or_404(request: AuthedRequest, pk: int) -> PenaltyCase:
    case = get_case(user=request.user, pk=pk)
    if case is None:
        raise Http404("案件不存在或不在您的管辖区划内")
    return case


@permission_required("view_cases")
def case_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    region_code = request.GET.get("region", "")
    status = request.GET.get("status", "")
    page = _page(request, list_cases(user=request.user, region_code=region_code, query=query, status=status))
    calendar = load_calendar()
    rows = [
        (case, [] if case.status == CaseStatus.CLOSED else case_deadlines(case, calendar=calendar))
        for case in page
    ]
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "rows": rows,
            "q": query,
            "region": region_code,
            "status": status,
            "statuses": STATUS_FILTERS,
            "counties": list_counties(request.user),
            "can_draft": has_permission(request.user, "draft_cases"),
        },
    )


def _enterprise_error(form: CaseForm) -> None:
    form.add_error("uscc", "未找到该统一社会信用代码对应的经营主体,或其不在您的管辖区划内")


@permission_required("draft_cases")
@require_http_methods(["GET", "POST"])
def case_create(request: AuthedRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprise = get_enterprise(user=request.user, uscc=form.cleaned_data["uscc"].strip().upper())
        if enterprise is None:
            _enterprise_error(form)
        else:
            try:
                case = services.create_case(
                    actor=request.user, enterprise=enterprise, **form.service_values()
                )
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "已创建拟处罚案件,请进行裁量与类案核查。")
                return redirect("case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "case": None, "items": list_items()})


@permission_required("draft_cases")
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    form = CaseForm(request.POST or None, initial=CaseForm.initial_for(case))
    form.fields["uscc"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(actor=request.user, case=case, changes=form.service_values())
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存修改。")
            return redirect("case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "case": case, "items": list_items()})


@permission_required("view_cases")
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    discretion = case.discretion or {}
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "steps": case.steps.select_related("actor"),
            "documents": case_documents(case),
            "deadlines": case_deadlines(case),
            "actions": available_actions(case, request.user),
            "discretion": discretion,
            "discretion_label": DISCRETION_LABELS.get(discretion.get("outcome", ""), ""),
            "similar": case.similar or {},
            "outside_band": fine_outside_band(case),
            "needs_reason": needs_deviation_reason(case),
            "plan": services.publicity_plan(case) if case.decided_on else None,
            "publicity_expired": services.publicity_expired(case),
            "follow_ups": follow_ups_of(case),
            "exemptions": exemptions_for(case.item_code),
            "repairs": case.credit_repairs.all(),
            "can_review": has_permission(request.user, "legal_review_cases")
            and case.status == CaseStatus.LEGAL_REVIEW,
            "can_draft": has_permission(request.user, "draft_cases"),
            "forms": {
                "note": NoteForm(),
                "review": ReviewForm(),
                "decide": DecideForm(
                    initial={"deviation_reason": case.deviation_reason, "education_note": case.education_note}
                ),
                "deliver": DeliverForm(),
                "date": DateForm(),
                "flags": FlagsForm(initial={"reconsidered": case.reconsidered, "litigated": case.litigated}),
            },
        },
    )


def _note(data: dict[str, Any]) -> str:
    return str(data.get("note") or "")


# action name → (form class, service call taking (request, case, cleaned data))
ACTIONS: dict[str, tuple[type, Callable[[AuthedRequest, PenaltyCase, dict[str, Any]], Any], str]] = {
    "check": (NoteForm, lambda r, c, d: services.run_checks(actor=r.user, case=c), "已完成裁量与类案核查。"),
    "reopen": (
        NoteForm,
        lambda r, c, d: services.reopen_case(actor=r.user, case=c, note=_note(d)),
        "已退回修改。",
    ),
    "submit_review": (
        NoteForm,
        lambda r, c, d: services.submit_for_review(actor=r.user, case=c, note=_note(d)),
        "已提请法制审核。",
    ),
    "review": (
        ReviewForm,
        lambda r, c, d: services.review_case(actor=r.user, case=c, passed=d["passed"], opinion=d["opinion"]),
        "已登记法制审核意见。",
    ),
    "decide": (
        DecideForm,
        lambda r, c, d: services.decide_case(
            actor=r.user,
            case=c,
            decided_on=d.get("decided_on"),
            deviation_reason=d.get("deviation_reason", ""),
            education_note=d.get("education_note", ""),
        ),
        "已作出决定并生成文书。",
    ),
    "deliver": (
        DeliverForm,
        lambda r, c, d: services.deliver_case(
            actor=r.user, case=c, delivered_on=d.get("delivered_on"), method=d["method"]
        ),
        "已登记送达。",
    ),
    "pay": (
        DateForm,
        lambda r, c, d: services.record_payment(actor=r.user, case=c, paid_on=d.get("on")),
        "已登记缴纳。",
    ),
    "close": (
        DateForm,
        lambda r, c, d: services.close_case(actor=r.user, case=c, closed_on=d.get("on")),
        "已结案。",
    ),
    "publish": (
        DateForm,
        lambda r, c, d: services.publish_case(actor=r.user, case=c, published_on=d.get("on")),
        "已登记公示。",
    ),
    "flags": (
        FlagsForm,
        lambda r, c, d: services.set_case_flags(
            actor=r.user, case=c, reconsidered=d["reconsidered"], litigated=d["litigated"]
        ),
        "已更新复议、诉讼情况。",
    ),
}


@permission_required("view_cases")
@require_POST
def case_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    case = _case_or_404(request, pk)
    if action not in ACTIONS:
        raise Http404("未知的操作")
    form_class, call, done = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}{' '.join(e)}" for f, e in form.errors.items()
        )
        messages.error(request, f"输入有误:{errors}")
        return redirect("case_detail", pk=case.pk)
    try:
        call(request, case, form.cleaned_data)
    except PermissionDenied:
        raise
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("case_detail", pk=case.pk)


@permission_required("view_cases")
def case_document(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    document = get_document(user=request.user, case_id=pk, kind=kind)
    if document is None:
        raise Http404("文书不存在")
    response = HttpResponse(
        bytes(document.content),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(document.filename)}"
    return response


@permission_required("review_credit_repair")
def repair_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = _page(request, list_repairs(user=request.user, status=status))
    rows = [
        (application, services.repair_due(application), services.repair_overdue(application))
        for application in page
    ]
    return render(
        request,
        "cases/repair_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": [("", "全部"), *RepairStatus.choices],
        },
    )


@permission_required("review_credit_repair")
@require_http_methods(["GET", "POST"])
def repair_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_repair(user=request.user, pk=pk)
    if application is None:
        raise Http404("申请不存在或不在您的管辖区划内")
    form = RepairReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_repair(
                actor=request.user,
                application=application,
                approve=form.cleaned_data["approve"],
                opinion=form.cleaned_data["opinion"],
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已登记审核结论。")
            return redirect("repair_detail", pk=application.pk)
    current = services.repair_eligibility(application.case, declared=application.declared)
    return render(
        request,
        "cases/repair_detail.html",
        {
            "application": application,
            "form": form,
            "due": services.repair_due(application),
            "overdue": services.repair_overdue(application),
            "current": current,
        },
    )
