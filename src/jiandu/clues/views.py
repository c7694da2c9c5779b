"""Staff pages for problem clues: list, entry, one clue with its steps, imports, the problem list."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.clues import selectors
from jiandu.clues import services as clue_services
from jiandu.clues.forms import (
    AssessForm,
    CloseForm,
    ClueFilterForm,
    ClueForm,
    ConsultForm,
    EmailImportForm,
    ImportUploadForm,
    JudicialAnswerForm,
    JudicialRequestForm,
    MappingForm,
    OpinionForm,
    ProblemFilterForm,
    PublicReplyForm,
    ReferForm,
    TriageForm,
    read_files,
)
from jiandu.clues.imports import (
    STORED_NAME,
    cancel_work_order_import,
    fetch_mailbox,
    guess_mapping,
    import_eml,
    import_path,
    mailbox_config,
    retry_work_order_import,
    start_work_order_import,
    store_upload,
)
from jiandu.clues.models import Clue, ClueImport
from jiandu.clues.panels import panels_for
from jiandu.clues.workflow import Action, Step
from jiandu.documents.problem_list import tabular_xlsx
from jiandu.documents.table_stream import iter_table
from jiandu.documents.tabular import TableError, read_table, read_upload
from jiandu.documents.xlsx import Filing, period_text
from jiandu.errors import UserError
from jiandu.org.feedback import form_error, message_error
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, list_counties, list_domains, list_units, visible_regions
from jiandu.paging import bounded_page
from jiandu.rectify.selectors import rectifications_of_clue

PAGE_SIZE = 50


def _clue_or_404(request: AuthedRequest, pk: int) -> Clue:
    clue = selectors.get_clue(user=request.user, pk=pk)
    if clue is None:
        raise Http404("没有找到该问题线索，或不在您的管辖范围内。")
    return clue


def _form_errors(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = ";".join(str(e) for e in errors)
        parts.append(f"{label}:{text}" if label else text)
    return ";".join(parts)


@permission_required("view_clues")
def clue_list(request: AuthedRequest) -> HttpResponse:
    form = ClueFilterForm(
        request.GET or None,
        domains=list(list_domains()),
        regions=list(visible_regions(request.user)),
        hide_referred=not selectors.can_see_referrals(request.user),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    clues = selectors.list_clues(
        user=request.user,
        channel=filters.get("channel", ""),
        status=filters.get("status", ""),
        category=filters.get("category", ""),
        domain=filters.get("domain", ""),
        county=filters.get("county", ""),
        overdue=bool(filters.get("overdue")),
        query=filters.get("q", ""),
    )
    page = bounded_page(clues, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "clues/clue_list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.clue_rows(page, user=request.user),
            "can_file": has_permission(request.user, "file_clues"),
            "can_import": has_permission(request.user, "import_clues"),
            "can_export": has_permission(request.user, "export_problem_lists"),
        },
    )


@permission_required("file_clues")
@require_http_methods(["GET", "POST"])
def clue_create(request: AuthedRequest) -> HttpResponse:
    regions = visible_regions(request.user)
    form = ClueForm(request.POST or None, request.FILES or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = get_enterprise(user=request.user, uscc=data["uscc"]) if data["uscc"] else None
        try:
            clue = clue_services.file_clue(
                actor=request.user,
                channel=data["channel"],
                summary=data["summary"],
                region=data["region"],
                received_at=data["received_at"],
                enterprise=enterprise,
                enterprise_name=data["enterprise_name"],
                officers=data["officers"],
                unit_named=data["unit_named"],
                reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"],
                attachments=read_files(data["attachments"]),
            )
        except UserError as error:
            form_error(form, error)
        else:
            messages.success(request, f"问题线索已登记（编号 {clue.pk}）。")
            if has_permission(request.user, "view_clues"):
                return redirect("clue_detail", pk=clue.pk)
            return redirect("clue_create")
    return render(request, "clues/clue_form.html", {"form": form})


def _step_forms(request: AuthedRequest, clue: Clue) -> dict[str, Any]:
    units = list_units(user=request.user)
    return {
        "triage_form": TriageForm(
            units=units,
            initial={"domain": clue.domain_id, "lead_unit": clue.lead_unit_id or clue.suggested_unit_id},
        ),
        "consult_form": ConsultForm(units=units, initial={"lead_unit": clue.lead_unit_id}),
        "opinion_form": OpinionForm(
            units=units.filter(pk__in=[u.pk for u in selectors.consultation_units(clue)])
        ),
        "judicial_request_form": JudicialRequestForm(),
        "judicial_answer_form": JudicialAnswerForm(),
        "assess_form": AssessForm(
            initial={"category": clue.category, "subtype": clue.subtype, "domain": clue.domain_id}
        ),
        "refer_form": ReferForm(),
        "close_form": CloseForm(),
        "reply_form": PublicReplyForm(initial={"public_reply": clue.public_reply}),
        "can_reply": has_permission(request.user, "close_clues"),
    }


def _steps(request: AuthedRequest, clue: Clue) -> dict[str, bool]:
    steps = set(selectors.allowed_steps(clue, request.user))
    return {
        "can_open_rectification": Step.OPEN_RECTIFICATION in steps,
        "can_opinion": Step.OPINION in steps,
        "can_triage": Step.TRIAGE in steps,
    }


@permission_required("view_clues")
def clue_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _clue_or_404(request, pk))


def _render_detail(
    request: AuthedRequest, clue: Clue, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The clue page; a refused step's bound form (what the user typed) replaces its blank one."""
    detail = selectors.clue_detail(user=request.user, clue=clue)
    return render(
        request,
        "clues/clue_detail.html",
        {
            "detail": detail,
            "rectifications": rectifications_of_clue(user=request.user, clue=clue),
            "panels": panels_for(request.user, clue),
            "clue": clue,
            "actions": set(detail.actions),
            "Action": {a.name: a.value for a in Action},
            **_steps(request, clue),
            **(_step_forms(request, clue) | (bound or {})),
        },
        status=400 if bound else 200,
    )


def _refused(request: AuthedRequest, clue: Clue, form: forms.Form) -> HttpResponse:
    """A refused step (invalid form or a rule): the clue page again, keeping what was typed."""
    name = next((key for key, blank in _step_forms(request, clue).items() if type(blank) is type(form)), "_")
    return _render_detail(request, _clue_or_404(request, clue.pk), bound={name: form})


def _valid(request: AuthedRequest, form: forms.Form) -> bool:
    """True when the step's form is valid; otherwise its errors become the message on the clue page."""
    if form.is_valid():
        return True
    messages.error(request, _form_errors(form))
    return False


@permission_required("view_clues")
@require_POST
def clue_triage(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = TriageForm(request.POST, units=list_units(user=request.user))
    if _valid(request, form):
        d = form.cleaned_data
        try:
            clue_services.triage_clue(
                actor=request.user,
                clue=clue,
                domain=d["domain"],
                lead_unit=d["lead_unit"],
                category=d["category"],
                subtype=d["subtype"],
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "已完成分拣。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
@require_POST
def clue_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = CloseForm(request.POST)
    if _valid(request, form):
        try:
            clue_services.accept_clue(actor=request.user, clue=clue)
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "已受理，进入研判。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
@require_POST
def clue_consult(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = ConsultForm(request.POST, units=list_units(user=request.user))
    if _valid(request, form):
        d = form.cleaned_data
        try:
            clue_services.open_consultation(
                actor=request.user,
                clue=clue,
                lead_unit=d["lead_unit"],
                units=list(d["units"]),
                topic=d["topic"],
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "已发起会商。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
@require_POST
def clue_opinion(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = OpinionForm(request.POST, units=list_units(user=request.user))
    if _valid(request, form):
        d = form.cleaned_data
        try:
            clue_services.give_consultation_opinion(
                actor=request.user, clue=clue, unit=d["unit"], opinion=d["opinion"]
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "会商意见已保存。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
@require_POST
def clue_judicial_request(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = JudicialRequestForm(request.POST)
    if _valid(request, form):
        d = form.cleaned_data
        try:
            clue_services.request_judicial_opinion(actor=request.user, clue=clue, question=d["question"])
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "已登记征求司法行政部门意见。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
@require_POST
def clue_judicial_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = JudicialAnswerForm(request.POST)
    if _valid(request, form):
        d = form.cleaned_data
        try:
            clue_services.record_judicial_opinion(actor=request.user, clue=clue, answer=d["answer"])
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "已登记司法行政部门意见，线索回到研判。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
@require_POST
def clue_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = AssessForm(request.POST)
    if _valid(request, form):
        d = form.cleaned_data
        try:
            clue_services.assess_clue(
                actor=request.user,
                clue=clue,
                verdict=d["verdict"],
                category=d["category"],
                subtype=d["subtype"],
                domain=d["domain"],
                opinion=d["opinion"],
                cause_analysis=d["cause_analysis"],
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "研判结论已保存。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
@require_POST
def clue_refer(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = ReferForm(request.POST)
    if _valid(request, form):
        d = form.cleaned_data
        try:
            clue_services.refer_to_discipline(
                actor=request.user, clue=clue, organ=d["organ"], persons=d["persons"], reason=d["reason"]
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "已移送纪检监察机关。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
@require_POST
def clue_close(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = CloseForm(request.POST)
    if _valid(request, form):
        d = form.cleaned_data
        try:
            clue_services.close_clue(
                actor=request.user, clue=clue, note=d["note"], public_reply=d.get("public_reply", "")
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "线索已办结。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("close_clues")
@require_POST
def clue_public_reply(request: AuthedRequest, pk: int) -> HttpResponse:
    clue = _clue_or_404(request, pk)
    form = PublicReplyForm(request.POST)
    if _valid(request, form):
        try:
            clue_services.write_public_reply(
                actor=request.user, clue=clue, text=form.cleaned_data["public_reply"]
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "对外答复已保存，线索办结后向反映人公开。")
            return redirect("clue_detail", pk=clue.pk)
    return _refused(request, clue, form)


@permission_required("view_clues")
def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    attachment = selectors.get_attachment(user=request.user, pk=pk)
    if attachment is None:
        raise Http404("没有找到该附件。")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


# --- imports -----------------------------------------------------------------------------------


@permission_required("import_clues")
@require_http_methods(["GET", "POST"])
def clue_import(request: AuthedRequest) -> HttpResponse:
    """Step 1: upload a work-order table; step 2: map its columns; then the background job's page."""
    regions = visible_regions(request.user)
    context: dict[str, Any] = {
        "file_error": "",
        "jobs": selectors.list_clue_imports(user=request.user)[:10],
    }
    if request.method == "POST" and "token" in request.POST:
        token = request.POST.get("token", "")
        if not STORED_NAME.match(token) or token not in request.session.get("clue_imports", []):
            raise Http404("导入文件已失效，请重新上传。")
        path = import_path(token)
        if not path.exists():
            raise Http404("导入文件已失效，请重新上传。")
        header = iter_table(path)[0]
        form = MappingForm(request.POST, header=header)
        if form.is_valid():
            default = regions.filter(pk=form.cleaned_data["default_region"] or 0).first()
            try:
                job = start_work_order_import(
                    actor=request.user,
                    stored_name=token,
                    filename=request.session.get("clue_import_names", {}).get(token, token),
                    mapping=form.mapping(),
                    channel=form.cleaned_data["channel"],
                    default_region=default,
                    partial=form.cleaned_data["partial"],
                )
            except UserError as error:
                context["file_error"] = str(error)
            else:
                return redirect("clue_import_job", pk=job.pk)
        return render(request, "clues/clue_import.html", {**context, "mapping_form": form, "header": header})
    upload_form = ImportUploadForm(request.POST or None, request.FILES or None, regions=regions)
    if request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            data = read_upload(upload)
            read_table(data, upload.name)  # the whole table is checked readable before the mapping step
            token, header = store_upload(filename=upload.name, data=data)
        except TableError as error:
            context["file_error"] = str(error)
        except UserError as error:
            context["file_error"] = str(error)
        else:
            request.session["clue_imports"] = [*request.session.get("clue_imports", [])[-9:], token]
            names = dict(list(request.session.get("clue_import_names", {}).items())[-9:])
            request.session["clue_import_names"] = {**names, token: upload.name[:200]}
            region = upload_form.cleaned_data["default_region"]
            initial = {f"map_{k}": v for k, v in guess_mapping(header).items()}
            initial.update(
                token=token,
                channel=upload_form.cleaned_data["channel"],
                default_region=region.pk if region else "",
            )
            mapping_form = MappingForm(initial=initial, header=header)
            return render(
                request, "clues/clue_import.html", {**context, "mapping_form": mapping_form, "header": header}
            )
    return render(request, "clues/clue_import.html", {**context, "upload_form": upload_form})


def _import_job_or_404(request: AuthedRequest, pk: int) -> ClueImport:
    job = selectors.get_clue_import(user=request.user, pk=pk)
    if job is None:
        raise Http404("没有找到该导入任务。")
    return job


@permission_required("import_clues")
def clue_import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    """The job's progress; htmx polls the card every second while it runs."""
    job = _import_job_or_404(request, pk)
    template = "clues/_import_progress.html" if request.headers.get("HX-Request") else "clues/import_job.html"
    return render(request, template, {"job": job})


@permission_required("import_clues")
@require_POST
def clue_import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _import_job_or_404(request, pk)
    try:
        cancel_work_order_import(actor=request.user, job=job)
    except UserError as error:
        message_error(request, error)
    else:
        messages.success(request, "已请求取消导入；已写入的部分将全部撤回。")
    return redirect("clue_import_job", pk=job.pk)


@permission_required("import_clues")
@require_POST
def clue_import_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _import_job_or_404(request, pk)
    try:
        retry_work_order_import(actor=request.user, job=job)
    except UserError as error:
        message_error(request, error)
    return redirect("clue_import_job", pk=job.pk)


@permission_required("import_clues")
@require_http_methods(["GET", "POST"])
def email_import(request: AuthedRequest) -> HttpResponse:
    regions = visible_regions(request.user)
    form = EmailImportForm(request.POST or None, request.FILES or None, regions=regions)
    results: list[str] = []
    if request.method == "POST" and "fetch" in request.POST:
        region = regions.filter(pk=request.POST.get("region") or 0).first() or request.user.region
        if region is None:
            raise Http404("请选择区划。")
        try:
            report = fetch_mailbox(actor=request.user, region=region)
        except (UserError, OSError) as error:
            messages.error(request, f"收取邮件失败：{error}")
        else:
            messages.success(request, report.summary)
        return redirect("clue_email_import")
    if request.method == "POST" and form.is_valid():
        for upload in form.cleaned_data["emails"]:
            try:
                result = import_eml(
                    actor=request.user, data=read_upload(upload), region=form.cleaned_data["region"]
                )
            except UserError as error:
                results.append(f"{upload.name}：未登记，{error}")
                continue
            text = f"{upload.name}：" + ("此前已登记" if result.duplicate else "已登记")
            text += f"为线索 {result.clue.pk}"
            if result.skipped:
                text += f"，以下附件格式不符未保存：{'、'.join(result.skipped)}"
            results.append(text)
    return render(
        request,
        "clues/email_import.html",
        {"form": form, "results": results, "imap": mailbox_config() is not None},
    )


# --- the problem list --------------------------------------------------------------------------


@permission_required("view_clues")
def problem_list(request: AuthedRequest) -> HttpResponse:
    form = ProblemFilterForm(
        request.GET or None,
        regions=list(list_counties(request.user)),
        units=list(list_units(user=request.user)),
    )
    filters = form.filters()
    clues = selectors.list_problems(user=request.user, **filters)
    if request.GET.get("format") == "xlsx":
        if not has_permission(request.user, "export_problem_lists"):
            raise Http404("您的角色无权导出问题清单。")
        table = selectors.problem_list_table(clues, user=request.user)
        period = period_text(filters.get("since"), filters.get("until"), today=timezone.localdate())
        data = tabular_xlsx(
            title="涉企行政执法问题清单",
            subtitle=f"统计期间：{period}",
            filing=Filing(
                unit=f"{request.user.region or ''}市场监督管理局",
                filler=request.user.full_name,
                date=timezone.localdate(),
            ),
            header=selectors.PROBLEM_LIST_HEADER,
            rows=table,
            sheet="问题清单",
        )
        # the export is recorded only once the file exists (a failed export leaves no entry)
        clue_services.record_export(actor=request.user, name="问题清单", filters=filters, rows=len(table))
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('问题清单.xlsx')}"
        return response
    page = bounded_page(clues, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "clues/problem_list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.problem_list_table(page, user=request.user),
            "header": selectors.PROBLEM_LIST_HEADER,
            "query": request.GET.urlencode(),
            "can_export": has_permission(request.user, "export_problem_lists"),
        },
    )
