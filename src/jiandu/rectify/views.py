"""Staff pages of the rectification ledger (整改台账)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.clues.forms import read_files
from jiandu.clues.selectors import get_clue
from jiandu.clues.services import record_export
from jiandu.documents.problem_list import tabular_xlsx
from jiandu.documents.xlsx import Filing, period_text
from jiandu.errors import UserError
from jiandu.org.feedback import form_error, message_error
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_counties, list_units
from jiandu.paging import bounded_page
from jiandu.rectify import selectors, services
from jiandu.rectify.forms import CompleteForm, EvidenceForm, LedgerFilterForm, OpenForm, SuperviseForm
from jiandu.rectify.models import Rectification


@permission_required("view_rectifications")
def rectification_list(request: AuthedRequest) -> HttpResponse:
    form = LedgerFilterForm(
        request.GET or None,
        regions=list(list_counties(request.user)),
        units=list(list_units(user=request.user)),
    )
    filters = form.filters()
    items = selectors.list_rectifications(user=request.user, **filters)
    if request.GET.get("format") == "xlsx":
        if not has_permission(request.user, "export_problem_lists"):
            raise Http404("您的角色无权导出整改台账。")
        table = selectors.ledger_table(selectors.ledger_rows(items))
        period = period_text(filters.get("since"), filters.get("until"), today=timezone.localdate())
        data = tabular_xlsx(
            title="涉企行政执法问题整改台账",
            subtitle=f"建账期间：{period}",
            filing=Filing(
                unit=f"{request.user.region or ''}市场监督管理局",
                filler=request.user.full_name,
                date=timezone.localdate(),
            ),
            header=selectors.LEDGER_HEADER,
            rows=table,
            sheet="整改台账",
        )
        record_export(actor=request.user, name="整改台账", filters=filters, rows=len(table))
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('整改台账.xlsx')}"
        return response
    page = bounded_page(items, request.GET.get("page"), per_page=50)
    return render(
        request,
        "rectify/rectification_list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.ledger_rows(page),
            "query": request.GET.urlencode(),
            "can_export": has_permission(request.user, "export_problem_lists"),
        },
    )


@permission_required("manage_rectifications")
@require_http_methods(["GET", "POST"])
def rectification_create(request: AuthedRequest, clue_pk: int) -> HttpResponse:
    clue = get_clue(user=request.user, pk=clue_pk)
    if clue is None:
        raise Http404("没有找到该问题线索。")
    form = OpenForm(
        request.POST or None, units=list_units(user=request.user), initial={"unit": clue.lead_unit_id}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.open_rectification(
                actor=request.user,
                clue=clue,
                unit=data["unit"],
                responsible_person=data["responsible_person"],
                measures=data["measures"],
                mode=data["mode"],
                term_workdays=data["term_workdays"],
            )
        except UserError as error:
            form_error(form, error)
        else:
            messages.success(request, "整改事项已建立。")
            return redirect("rectification_detail", pk=item.pk)
    return render(request, "rectify/rectification_form.html", {"form": form, "clue": clue})


def _item_or_404(request: AuthedRequest, pk: int) -> Rectification:
    item = selectors.get_rectification(user=request.user, pk=pk)
    if item is None:
        raise Http404("没有找到该整改事项，或不在您的管辖范围内。")
    return item


@permission_required("view_rectifications")
def rectification_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    (row,) = selectors.ledger_rows([item])
    return render(
        request,
        "rectify/rectification_detail.html",
        {
            "row": row,
            "item": item,
            "evidence": list(item.evidence.all()),
            "evidence_form": EvidenceForm(),
            "complete_form": CompleteForm(),
            "supervise_form": SuperviseForm(),
            "can_manage": has_permission(request.user, "manage_rectifications"),
            "can_supervise": has_permission(request.user, "supervise_rectifications"),
        },
    )


@permission_required("manage_rectifications")
@require_POST
def rectification_evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的佐证材料。")
    else:
        try:
            services.add_evidence(
                actor=request.user, item=item, files=read_files(form.cleaned_data["evidence_files"])
            )
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "佐证材料已上传。")
    return redirect("rectification_detail", pk=item.pk)


@permission_required("manage_rectifications")
@require_POST
def rectification_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            ";".join(f"{form.fields[k].label}:{';'.join(str(e) for e in v)}" for k, v in form.errors.items()),
        )
        return redirect("rectification_detail", pk=item.pk)
    data = form.cleaned_data
    try:
        services.complete_rectification(
            actor=request.user,
            item=item,
            result=data["result"],
            refund_amount=data["refund_amount"],
            refund_count=data["refund_count"] or 0,
            decisions_corrected=data["decisions_corrected"] or 0,
            completed_on=data["completed_on"],
        )
    except UserError as error:
        message_error(request, error)
        return redirect("rectification_detail", pk=item.pk)
    messages.success(request, "整改结果已登记。")
    return redirect("clue_detail", pk=item.clue_id)


@permission_required("supervise_rectifications")
@require_POST
def rectification_supervise(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    form = SuperviseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写督办要求。")
    else:
        try:
            services.supervise_rectification(actor=request.user, item=item, note=form.cleaned_data["note"])
        except UserError as error:
            message_error(request, error)
        else:
            messages.success(request, "已列为督办事项。")
    return redirect("rectification_detail", pk=item.pk)


@permission_required("view_rectifications")
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    evidence = selectors.get_evidence(user=request.user, pk=pk)
    if evidence is None:
        raise Http404("没有找到该材料。")
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
