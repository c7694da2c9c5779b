"""Staff pages for penalty cases and credit-repair review. Parse, authorise, call one service, render.

Each step of the procedure has its own view (one service call each); the case page lists the steps
the user may take now by iterating `CASE_TRANSITIONS`. A refused step re-renders the page with the
typed text kept and the reason shown, never a redirect that loses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.cases import services
from jiandu.cases.forms import (
    CaseForm,
    CloseForm,
    DateForm,
    DecideForm,
    DeclineLeadForm,
    DeliverForm,
    DiscussForm,
    FlagsForm,
    HearingReportForm,
    HearingRequestForm,
    HearingScheduleForm,
    LeadForm,
    NoteForm,
    NotifyForm,
    OpinionForm,
    RepairReviewForm,
    RepresentationForm,
    RepresentationReviewForm,
    RequiredNoteForm,
)
from jiandu.cases.models import CaseStatus, LeadStatus, PenaltyCase, RepairStatus
from jiandu.cases.selectors import (
    case_deadlines,
    case_documents,
    get_case,
    get_document,
    get_lead,
    get_repair,
    list_cases,
    list_leads,
    list_repairs,
    similar_for_reader,
)
from jiandu.cases.workflow import (
    CASE_TRANSITIONS,
    fine_outside_band,
    hearing_in_scope,
    needs_deviation_reason,
    offered,
    result_of,
    statement_deadline,
)
from jiandu.discretion.selectors import exemptions_for, list_items
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, list_counties
from jiandu.paging import bounded_page

PAGE_SIZE = 50
STATUS_FILTERS = [("", "全部"), ("open", "办理中"), ("overdue", "已逾期"), *CaseStatus.choices]

# The form each step of the procedure takes (the table says who may take it and when).
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "check": NoteForm,
    "reopen": NoteForm,
    "notify": NotifyForm,
    "request_hearing": HearingRequestForm,
    "submit_review": NoteForm,
    "return": OpinionForm,
    "pass_review": OpinionForm,
    "discuss": DiscussForm,
    "decide": DecideForm,
    "deliver": DeliverForm,
    "pay": DateForm,
    "enforce": DateForm,
    "close": CloseForm,
}


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
    form.add_error("uscc", "未找到该统一社会信用代码对应的经营主体，或其不在您的管辖区划内")


@permission_required("draft_cases")
@require_http_methods(["GET", "POST"])
def case_create(request: AuthedRequest) -> HttpResponse:
    lead = None
    if request.GET.get("lead"):
        lead = (
            get_lead(user=request.user, pk=int(request.GET["lead"]))
            if request.GET["lead"].isdigit()
            else None
        )
        if lead is None or lead.status != LeadStatus.OPEN:
            raise Http404("案源不存在或已处理")
    initial = {"uscc": lead.enterprise.uscc, "facts": lead.description} if lead else None
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        enterprise = get_enterprise(user=request.user, uscc=form.cleaned_data["uscc"].strip().upper())
        if enterprise is None:
            _enterprise_error(form)
        else:
            try:
                if lead is not None:
                    values = {k: v for k, v in form.service_values().items() if k != "filed_on"}
                    case = services.file_lead(
                        actor=request.user, lead=lead, filed_on=form.cleaned_data["filed_on"], **values
                    )
                else:
                    case = services.create_case(
                        actor=request.user, enterprise=enterprise, **form.service_values()
                    )
            except UserError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "已创建拟处罚案件，请进行裁量与类案核查。")
                return redirect("case_detail", pk=case.pk)
    return render(
        request, "cases/case_form.html", {"form": form, "case": None, "items": list_items(), "lead": lead}
    )


@permission_required("draft_cases")
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    form = CaseForm(request.POST or None, initial=CaseForm.initial_for(case))
    form.fields["uscc"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(actor=request.user, case=case, changes=form.service_values())
        except UserError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "已保存修改。")
            return redirect("case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "case": case, "items": list_items()})


def _detail(
    request: AuthedRequest, case: PenaltyCase, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    actions = []
    for transition, blocked in offered(
        case, CASE_TRANSITIONS.available(state=case.status, user=request.user)
    ):
        form_class = ACTION_FORMS[transition.action]
        initial: dict[str, Any] = {}
        if transition.action == "decide":
            initial = {"deviation_reason": case.deviation_reason, "education_note": case.education_note}
        form = bound.get(transition.action) or form_class(initial=initial, prefix=transition.action)
        actions.append(
            {
                "transition": transition,
                "blocked": blocked,
                "url": reverse(f"case_{transition.action}", args=[case.pk]),
                "form": form,
            }
        )
    can_draft = has_permission(request.user, "draft_cases")
    in_statement = case.status in (CaseStatus.NOTIFIED, CaseStatus.HEARING)
    hearing = getattr(case, "hearing", None)
    context = {
        "case": case,
        "steps": case.steps.select_related("actor"),
        "documents": case_documents(case),
        "deadlines": case_deadlines(case),
        "actions": actions,
        "result": result_of(case),
        "similar": similar_for_reader(case, request.user),
        "outside_band": fine_outside_band(case),
        "needs_reason": needs_deviation_reason(case),
        "plan": services.publicity_plan(case) if case.decided_on else None,
        "publicity_expired": services.publicity_expired(case),
        "follow_ups": list(case.follow_ups.all()) if hasattr(case, "follow_ups") else [],
        "exemptions": exemptions_for(case.item_code) if case.item_code else [],
        "repairs": case.credit_repairs.all(),
        "notice": getattr(case, "notice", None),
        "statement_deadline": statement_deadline(case),
        "hearing_scope": hearing_in_scope(case),
        "hearing": hearing,
        "representations": case.representations.select_related("reviewed_by"),
        "can_draft": can_draft,
        "can_represent": can_draft and in_statement,
        "can_waive": can_draft and case.status == CaseStatus.NOTIFIED,
        "can_schedule": can_draft and case.status == CaseStatus.HEARING and hearing and not hearing.report,
        "forms": {
            "representation": bound.get("representation") or RepresentationForm(prefix="representation"),
            "representation_review": bound.get("representation_review")
            or RepresentationReviewForm(prefix="rr"),
            "waive": bound.get("waive") or RequiredNoteForm(prefix="waive"),
            "schedule": bound.get("schedule") or HearingScheduleForm(prefix="schedule"),
            "hearing_report": bound.get("hearing_report") or HearingReportForm(prefix="hearing_report"),
            "publish": bound.get("publish") or DateForm(prefix="publish"),
            "flags": bound.get("flags")
            or FlagsForm(
                prefix="flags", initial={"reconsidered": case.reconsidered, "litigated": case.litigated}
            ),
        },
    }
    return render(request, "cases/case_detail.html", context, status=400 if bound else 200)


@permission_required("view_cases")
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, _case_or_404(request, pk))


def _submit(
    request: AuthedRequest,
    pk: int,
    name: str,
    form_class: type[forms.Form],
    run: Callable[[PenaltyCase, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Bind the step's form, run its one service; on refusal re-render with the typed text kept."""
    case = _case_or_404(request, pk)
    prefix = {"representation_review": "rr"}.get(name, name)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            run(case, form.cleaned_data)
        except UserError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done)
            return redirect("case_detail", pk=case.pk)
    messages.error(
        request, "未能办理：" + ";".join(str(e) for errors in form.errors.values() for e in errors)
    )
    return _detail(request, _case_or_404(request, pk), bound={name: form})


@permission_required("draft_cases")
@require_POST
def case_check(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.run_checks(actor=request.user, case=case)

    return _submit(request, pk, "check", NoteForm, run, "已完成裁量与类案核查。")


@permission_required("draft_cases")
@require_POST
def case_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.reopen_case(actor=request.user, case=case, note=data["note"])

    return _submit(request, pk, "reopen", NoteForm, run, "已退回调查。")


@permission_required("draft_cases")
@require_POST
def case_notify(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.notify_case(
            actor=request.user,
            case=case,
            issued_on=data.get("issued_on"),
            delivered_on=data.get("delivered_on"),
            method=data["method"],
        )

    return _submit(request, pk, "notify", NotifyForm, run, "已制作并送达行政处罚告知书。")


@permission_required("draft_cases")
@require_POST
def case_representation(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.record_representation(
            actor=request.user, case=case, argument=data["argument"], received_on=data.get("received_on")
        )

    return _submit(request, pk, "representation", RepresentationForm, run, "已登记陈述申辩意见，请逐项复核。")


@permission_required("draft_cases")
@require_POST
def case_representation_review(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        representation = case.representations.filter(pk=item).first()
        if representation is None:
            raise UserError("该陈述申辩意见不存在")
        return services.review_representation(
            actor=request.user, representation=representation, adopted=data["adopted"], review=data["review"]
        )

    return _submit(request, pk, "representation_review", RepresentationReviewForm, run, "已登记复核意见。")


@permission_required("draft_cases")
@require_POST
def case_waive(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.waive_statement(actor=request.user, case=case, note=data["note"])

    return _submit(request, pk, "waive", RequiredNoteForm, run, "已登记当事人放弃陈述申辩。")


@permission_required("draft_cases")
@require_POST
def case_request_hearing(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.request_hearing(actor=request.user, case=case, requested_on=data.get("requested_on"))

    return _submit(
        request, pk, "request_hearing", HearingRequestForm, run, "已登记听证要求，请发出听证通知书。"
    )


@permission_required("draft_cases")
@require_POST
def case_schedule_hearing(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.schedule_hearing(
            actor=request.user,
            case=case,
            held_on=data["held_on"],
            place=data["place"],
            host=data["host"],
            public=data["public"],
        )

    return _submit(request, pk, "schedule", HearingScheduleForm, run, "已制作听证通知书。")


@permission_required("draft_cases")
@require_POST
def case_hearing_report(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.report_hearing(
            actor=request.user,
            case=case,
            record_text=data["record"],
            report=data["report"],
            absent=data["absent"],
        )

    return _submit(request, pk, "hearing_report", HearingReportForm, run, "已登记听证笔录和听证报告。")


@permission_required("draft_cases")
@require_POST
def case_submit_review(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.submit_for_review(actor=request.user, case=case, note=data["note"])

    return _submit(request, pk, "submit_review", NoteForm, run, "已提请法制审核。")


@permission_required("legal_review_cases")
@require_POST
def case_return(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.return_case(actor=request.user, case=case, opinion=data["opinion"])

    return _submit(request, pk, "return", OpinionForm, run, "已退回办案人员。")


@permission_required("legal_review_cases")
@require_POST
def case_pass_review(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.pass_review(actor=request.user, case=case, opinion=data["opinion"])

    return _submit(request, pk, "pass_review", OpinionForm, run, "法制审核通过。")


@permission_required("decide_cases")
@require_POST
def case_discuss(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.discuss_case(
            actor=request.user, case=case, discussed_on=data.get("discussed_on"), note=data["note"]
        )

    return _submit(request, pk, "discuss", DiscussForm, run, "已登记集体讨论。")


@permission_required("decide_cases")
@require_POST
def case_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.decide_case(
            actor=request.user,
            case=case,
            decided_on=data.get("decided_on"),
            deviation_reason=data.get("deviation_reason", ""),
            education_note=data.get("education_note", ""),
        )

    return _submit(request, pk, "decide", DecideForm, run, "已作出决定并生成文书。")


@permission_required("draft_cases")
@require_POST
def case_deliver(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.deliver_case(
            actor=request.user,
            case=case,
            delivered_on=data.get("delivered_on"),
            method=data["method"],
            receiver=data.get("receiver", ""),
        )

    return _submit(request, pk, "deliver", DeliverForm, run, "已登记送达，送达回证已生成。")


@permission_required("draft_cases")
@require_POST
def case_pay(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.record_payment(actor=request.user, case=case, paid_on=data.get("on"))

    return _submit(request, pk, "pay", DateForm, run, "已登记缴纳。")


@permission_required("draft_cases")
@require_POST
def case_enforce(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.apply_enforcement(actor=request.user, case=case, applied_on=data.get("on"))

    return _submit(request, pk, "enforce", DateForm, run, "已登记申请人民法院强制执行。")


@permission_required("draft_cases")
@require_POST
def case_close(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.close_case(
            actor=request.user, case=case, closed_on=data.get("on"), reason=data.get("reason") or ""
        )

    return _submit(request, pk, "close", CloseForm, run, "已结案。")


@permission_required("draft_cases")
@require_POST
def case_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.publish_case(actor=request.user, case=case, published_on=data.get("on"))

    return _submit(request, pk, "publish", DateForm, run, "已登记公示。")


@permission_required("draft_cases")
@require_POST
def case_flags(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(case: PenaltyCase, data: dict[str, Any]) -> Any:
        return services.set_case_flags(
            actor=request.user, case=case, reconsidered=data["reconsidered"], litigated=data["litigated"]
        )

    return _submit(request, pk, "flags", FlagsForm, run, "已更新复议、诉讼情况。")


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@permission_required("view_cases")
def case_document(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    document = get_document(user=request.user, case_id=pk, kind=kind)
    if document is None:
        raise Http404("文书不存在")
    return _docx(bytes(document.content), document.filename)


# --- 案源 -------------------------------------------------------------------------------------------


@permission_required("view_cases")
@require_http_methods(["GET", "POST"])
def lead_list(request: AuthedRequest) -> HttpResponse:
    form = LeadForm(request.POST or None)
    if request.method == "POST":
        if not has_permission(request.user, "draft_cases"):
            raise Http404("无权登记案源")
        if form.is_valid():
            enterprise = get_enterprise(user=request.user, uscc=form.cleaned_data["uscc"].strip().upper())
            if enterprise is None:
                form.add_error("uscc", "未找到该统一社会信用代码对应的经营主体，或其不在您的管辖区划内")
            else:
                try:
                    lead = services.register_lead(
                        actor=request.user,
                        enterprise=enterprise,
                        source=form.cleaned_data["source"],
                        description=form.cleaned_data["description"],
                        discovered_on=form.cleaned_data["discovered_on"],
                    )
                except UserError as error:
                    form.add_error(error.field if error.field in form.fields else None, error.message)
                else:
                    messages.success(request, "已登记案源，请在十五个工作日内核查并决定是否立案。")
                    return redirect("lead_detail", pk=lead.pk)
    status = request.GET.get("status", "")
    page = _page(request, list_leads(user=request.user, status=status))
    rows = [(lead, services.lead_due(lead)) for lead in page]
    return render(
        request,
        "cases/lead_list.html",
        {"page": page, "rows": rows, "form": form, "can_draft": has_permission(request.user, "draft_cases"),
         "status": status, "statuses": [("", "全部"), *LeadStatus.choices]},
        status=400 if form.errors else 200,
    )  # fmt: skip


@permission_required("view_cases")
@require_http_methods(["GET", "POST"])
def lead_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    lead = get_lead(user=request.user, pk=pk)
    if lead is None:
        raise Http404("案源不存在或不在您的管辖区划内")
    decline = DeclineLeadForm(request.POST or None, prefix="decline")
    if request.method == "POST":
        if not has_permission(request.user, "draft_cases"):
            raise Http404("无权处理案源")
        if decline.is_valid():
            try:
                services.decline_lead(
                    actor=request.user,
                    lead=lead,
                    ground=decline.cleaned_data["ground"],
                    note=decline.cleaned_data["note"],
                )
            except UserError as error:
                decline.add_error(None, error.message)
            else:
                messages.success(request, "已决定不予立案。")
                return redirect("lead_detail", pk=lead.pk)
    return render(
        request,
        "cases/lead_detail.html",
        {"lead": lead, "due": services.lead_due(lead), "decline": decline,
         "can_draft": has_permission(request.user, "draft_cases")},
        status=400 if decline.errors else 200,
    )  # fmt: skip


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
        except UserError as error:
            form.add_error(None, error.message)
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


@permission_required("review_credit_repair")
def repair_decision(request: AuthedRequest, pk: int) -> HttpResponse:
    """准予 / 不予信用修复决定书 of a decided application."""
    application = get_repair(user=request.user, pk=pk)
    if application is None or application.status == RepairStatus.SUBMITTED:
        raise Http404("申请不存在或尚未审核")
    return _docx(services.repair_decision_document(application), f"信用修复决定书-{application.number}.docx")
