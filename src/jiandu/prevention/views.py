"""Staff pages: hotspots, complaint imports with progress, the graded warning list and its letters,
individual reminders, compliance guides, the 普法 calendar and the evaluation of warnings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.documents.table_stream import iter_table
from jiandu.documents.warning_letter import combined_letters, letters_zip, reminder_notice, warning_letter
from jiandu.engines.hotspots import Period
from jiandu.errors import UserError
from jiandu.org.permissions import check_permission, has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, list_units, visible_regions
from jiandu.prevention import imports, selectors, services
from jiandu.prevention.documents import letter_text, reminder_text
from jiandu.prevention.forms import (
    ActivityForm,
    ActivityRecordForm,
    CheckForm,
    CloseForm,
    DeliveryForm,
    GuideForm,
    LettersForm,
    MappingForm,
    ReminderForm,
    ReviewForm,
    UploadForm,
    items_to_text,
    text_to_items,
)
from jiandu.prevention.models import HotspotKind, RiskWarning, WarningStatus
from jiandu.prevention.workflow import TRANSITIONS

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, filename: str, content_type: str = DOCX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _warning_or_404(request: AuthedRequest, pk: int) -> RiskWarning:
    warning = selectors.get_warning(user=request.user, pk=pk)
    if warning is None:
        raise Http404("没有找到该预警，或不在您的管辖范围内。")
    return warning


# --- hotspots --------------------------------------------------------------------------------------


@permission_required("view_prevention")
def hotspot_list(request: AuthedRequest) -> HttpResponse:
    periods = selectors.hotspot_periods()
    period = request.GET.get("period", "") if request.GET.get("period") in periods else ""
    kind = request.GET.get("kind", "") if request.GET.get("kind") in HotspotKind.values else ""
    rows = selectors.list_hotspots(user=request.user, period=period, kind=kind)
    return render(
        request,
        "prevention/hotspot_list.html",
        {
            "rows": rows[:300],
            "periods": periods,
            "period": period or (periods[0] if periods else ""),
            "kind": kind,
            "kinds": HotspotKind.choices,
            "can_refresh": has_permission(request.user, "refresh_hotspots"),
            "can_draft": has_permission(request.user, "draft_warnings"),
        },
    )


@permission_required("refresh_hotspots")
@require_POST
def hotspot_refresh(request: AuthedRequest) -> HttpResponse:
    text = request.POST.get("as_of", "")
    as_of = None
    if text:
        try:
            year, month = (int(p) for p in text.split("-"))
            as_of = Period.as_of_month("month", year, month)
        except ValueError:
            messages.error(request, f"月份“{text}”格式错误，应为 2026-10。")
            return redirect("prevention_hotspots")
    try:
        rows = services.refresh_hotspots(actor=request.user, as_of=as_of)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已重新计算投诉热点，共 {len(rows)} 个。")
    return redirect("prevention_hotspots")


@permission_required("view_prevention")
def hotspot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    hotspot = selectors.get_hotspot(user=request.user, pk=pk)
    if hotspot is None:
        raise Http404("没有找到该热点，或不在您的管辖范围内。")
    series = selectors.cell_series(
        user=request.user, region=hotspot.region, domain_id=hotspot.domain_id, issue=hotspot.issue
    )
    peak = max((n for _p, n in series), default=0) or 1
    bars = [(label, n, round(100 * n / peak)) for label, n in series]
    return render(
        request,
        "prevention/hotspot_detail.html",
        {"hotspot": hotspot, "bars": bars, "can_draft": has_permission(request.user, "draft_warnings")},
    )


@permission_required("draft_warnings")
@require_POST
def hotspot_warn(request: AuthedRequest, pk: int) -> HttpResponse:
    hotspot = selectors.get_hotspot(user=request.user, pk=pk)
    if hotspot is None:
        raise Http404("没有找到该热点，或不在您的管辖范围内。")
    try:
        warning = services.warning_from_hotspot(actor=request.user, hotspot=hotspot)
    except UserError as error:
        messages.error(request, error.message)
        return redirect("prevention_hotspot", pk=pk)
    messages.success(request, f"已起草预警 {warning.number}，请补充内容后提交审核。")
    return redirect("prevention_warning", pk=warning.pk)


# --- imports --------------------------------------------------------------------------------------


def _chunks(upload: Any) -> Iterator[bytes]:
    yield from upload.chunks()


@permission_required("import_complaints")
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "jobs": selectors.list_imports(user=request.user)[:20]}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored, header = imports.store_upload(filename=upload.name, chunks=_chunks(upload))
        except UserError as error:
            context["file_error"] = error.message
        else:
            regions = [(r.pk, r.name) for r in visible_regions(request.user)]
            initial = {f"map_{k}": v for k, v in imports.guess_mapping(header).items()}
            initial.update(stored=stored, filename=upload.name, source=form.cleaned_data["source"])
            context.update(
                mapping_form=MappingForm(initial=initial, header=header, regions=regions), header=header
            )
    return render(request, "prevention/import.html", context)


@permission_required("import_complaints")
@require_POST
def import_start(request: AuthedRequest) -> HttpResponse:
    stored = request.POST.get("stored", "")
    if not imports.STORED_NAME.match(stored) or not imports.import_path(stored).exists():
        raise Http404("导入文件已失效，请重新上传。")
    header = iter_table(imports.import_path(stored))[0]
    regions = [(r.pk, r.name) for r in visible_regions(request.user)]
    form = MappingForm(request.POST, header=header, regions=regions)
    context: dict[str, Any] = {"mapping_form": form, "header": header, "jobs": []}
    if form.is_valid():
        default = visible_regions(request.user).filter(pk=form.cleaned_data["default_region"] or 0).first()
        try:
            job = imports.start_import(
                actor=request.user,
                stored_name=stored,
                filename=form.cleaned_data["filename"],
                source=form.cleaned_data["source"],
                mapping=form.mapping(),
                default_region=default,
                partial=form.cleaned_data["partial"],
            )
        except UserError as error:
            context["file_error"] = error.message
        else:
            return redirect("prevention_import", pk=job.pk)
    return render(request, "prevention/import.html", context)


@permission_required("import_complaints")
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = selectors.get_import(user=request.user, pk=pk)
    if job is None:
        raise Http404("没有找到该导入任务。")
    template = (
        "prevention/_import_progress.html"
        if request.headers.get("HX-Request")
        else "prevention/import_job.html"
    )
    return render(request, template, {"job": job})


# --- warnings ----------------------------------------------------------------------------------------


@permission_required("view_prevention")
def warning_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in WarningStatus.values else ""
    page = Paginator(selectors.list_warnings(user=request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "prevention/warning_list.html",
        {"page": page, "status": status, "statuses": WarningStatus.choices},
    )


@permission_required("view_prevention")
def warning_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    warning = _warning_or_404(request, pk)
    series = selectors.cell_series(
        user=request.user, region=warning.region, domain_id=warning.domain_id, issue=warning.issue
    )
    return render(
        request,
        "prevention/warning_detail.html",
        {
            "warning": warning,
            "actions": [t.action for t in TRANSITIONS.available(state=warning.status, user=request.user)],
            "letters": selectors.list_letters(user=request.user, warning=warning),
            "evaluation": selectors.evaluate_warning(warning),
            "series": series,
            "review_form": ReviewForm(),
            "close_form": CloseForm(),
            "letters_form": LettersForm(),
            "delivery_form": DeliveryForm(),
            "can_letters": has_permission(request.user, "draft_warnings")
            and warning.status in {WarningStatus.APPROVED, WarningStatus.PUBLISHED},
        },
    )


def _act(request: AuthedRequest, pk: int, call: Any) -> HttpResponse:
    warning = _warning_or_404(request, pk)
    try:
        call(warning)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"预警 {warning.number} 当前状态：{warning.get_status_display()}。")
    return redirect("prevention_warning", pk=pk)


@permission_required("draft_warnings")
@require_POST
def warning_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda w: services.submit_warning(actor=request.user, warning=w))


@permission_required("review_warnings")
@require_POST
def warning_review(request: AuthedRequest, pk: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写审核意见。")
        return redirect("prevention_warning", pk=pk)
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda w: services.review_warning(
            actor=request.user,
            warning=w,
            approve=request.POST.get("decision") == "approve",
            opinion=data["opinion"],
            warn_associations=data["warn_associations"],
            warn_firms=data["warn_firms"],
            warn_public=data["warn_public"],
        ),
    )


@permission_required("publish_warnings")
@require_POST
def warning_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda w: services.publish_warning(actor=request.user, warning=w))


@permission_required("draft_warnings")
@require_POST
def warning_close(request: AuthedRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(request, pk, lambda w: services.close_warning(actor=request.user, warning=w, note=note))


@permission_required("draft_warnings")
@require_POST
def warning_letters(request: AuthedRequest, pk: int) -> HttpResponse:
    warning = _warning_or_404(request, pk)
    form = LettersForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写行业协会名称或经营主体代码。")
        return redirect("prevention_warning", pk=pk)
    firms, unknown = [], []
    for uscc in form.uscc_list():
        firm = get_enterprise(user=request.user, uscc=uscc)
        (firms.append(firm) if firm else unknown.append(uscc))
    if unknown:
        messages.error(
            request, f"以下统一社会信用代码在您的管辖范围内没有对应的经营主体：{'、'.join(unknown[:5])}。"
        )
        return redirect("prevention_warning", pk=pk)
    try:
        letters = services.issue_letters(
            actor=request.user,
            warning=warning,
            association=form.cleaned_data["association"],
            enterprises=firms,
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已制发提醒书 {len(letters)} 份。")
    return redirect("prevention_warning", pk=pk)


@permission_required("view_prevention")
def letter_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.get_letter(user=request.user, pk=pk)
    if letter is None:
        raise Http404("没有找到该提醒书。")
    return _download(warning_letter(letter_text(letter)), f"违法风险预警提醒书-{letter.number}.docx")


@permission_required("view_prevention")
def letters_bundle(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    warning = _warning_or_404(request, pk)
    texts = [letter_text(letter) for letter in selectors.list_letters(user=request.user, warning=warning)]
    if not texts:
        raise Http404("该预警尚未制发提醒书。")
    if fmt == "zip":
        return _download(letters_zip(texts), f"违法风险预警提醒书-{warning.number}.zip", "application/zip")
    return _download(combined_letters(texts), f"违法风险预警提醒书-{warning.number}-合并.docx")


@permission_required("draft_warnings")
@require_POST
def letter_deliver(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.get_letter(user=request.user, pk=pk)
    if letter is None:
        raise Http404("没有找到该提醒书。")
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择送达方式。")
    else:
        try:
            services.record_delivery(
                actor=request.user,
                letter=letter,
                method=form.cleaned_data["method"],
                receiver=form.cleaned_data["receiver"],
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记 {letter.number} 送达。")
    return redirect("prevention_warning", pk=letter.warning_id)


@permission_required("view_prevention")
def evaluation(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "prevention/evaluation.html",
        {"evaluations": selectors.evaluation_summary(user=request.user)},
    )


# --- reminders -----------------------------------------------------------------------------------------


@permission_required("view_prevention")
@require_http_methods(["GET", "POST"])
def reminder_list(request: AuthedRequest) -> HttpResponse:
    form = ReminderForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if request.method == "POST":
        if not has_permission(request.user, "record_reminders"):
            raise Http404("您的角色无权登记个别提醒。")
        if form.is_valid():
            data = form.cleaned_data
            firm = get_enterprise(user=request.user, uscc=data["uscc"].strip().upper())
            if firm is None:
                form.add_error("uscc", "您的管辖范围内没有该统一社会信用代码的经营主体。")
            else:
                try:
                    services.record_reminder(
                        actor=request.user,
                        enterprise=firm,
                        kind=data["kind"],
                        origin=data["origin"],
                        origin_ref=data["origin_ref"],
                        content=data["content"],
                        given_on=data["given_on"],
                        follow_up_on=data["follow_up_on"],
                    )
                except UserError as error:
                    form.add_error(error.field if error.field in form.fields else None, error.message)
                else:
                    messages.success(request, f"已登记对{firm.name}的个别提醒。")
                    return redirect("prevention_reminders")
    page = Paginator(selectors.list_reminders(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "prevention/reminder_list.html",
        {
            "page": page,
            "form": form,
            "check_form": CheckForm(),
            "can_record": has_permission(request.user, "record_reminders"),
        },
    )


@permission_required("record_reminders")
@require_POST
def reminder_check(request: AuthedRequest, pk: int) -> HttpResponse:
    reminder = selectors.get_reminder(user=request.user, pk=pk)
    if reminder is None:
        raise Http404("没有找到该提醒。")
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择跟进结果并填写检查情况。")
        return redirect("prevention_reminders")
    try:
        services.check_reminder(
            actor=request.user,
            reminder=reminder,
            complied=form.cleaned_data["complied"],
            note=form.cleaned_data["note"],
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已登记跟进检查结果。")
    return redirect("prevention_reminders")


@permission_required("view_prevention")
def reminder_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    reminder = selectors.get_reminder(user=request.user, pk=pk)
    if reminder is None:
        raise Http404("没有找到该提醒。")
    return _download(
        reminder_notice(reminder_text(reminder)), f"违法风险预警提醒告知书-{reminder.enterprise.name}.docx"
    )


# --- guides ----------------------------------------------------------------------------------------


@permission_required("view_prevention")
def guide_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "prevention/guide_list.html", {"guides": selectors.list_guides(user=request.user)})


@permission_required("view_prevention")
@require_http_methods(["GET", "POST"])
def guide_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    guide = selectors.get_guide(user=request.user, pk=pk)
    if guide is None:
        raise Http404("没有找到该合规指引。")
    latest = selectors.guide_version(guide)
    form = GuideForm(request.POST or None, initial={"items": items_to_text(latest.items if latest else [])})
    if request.method == "POST":
        check_permission(request.user, "edit_guides")
        try:
            if "publish" in request.POST:
                services.publish_guide(actor=request.user, guide=guide)
                messages.success(request, "已发布最新版本。")
                return redirect("prevention_guide", pk=pk)
            if form.is_valid():
                version = services.revise_guide(
                    actor=request.user,
                    guide=guide,
                    items=text_to_items(form.cleaned_data["items"]),
                    note=form.cleaned_data["note"],
                )
                messages.success(request, f"已保存第 {version.number} 版，发布后对外公开。")
                return redirect("prevention_guide", pk=pk)
        except UserError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "prevention/guide_detail.html",
        {
            "guide": guide,
            "latest": latest,
            "versions": guide.versions.order_by("-number"),
            "form": form,
            "can_edit": has_permission(request.user, "edit_guides"),
        },
    )


# --- 普法 ------------------------------------------------------------------------------------------


@permission_required("view_prevention")
@require_http_methods(["GET", "POST"])
def education_year(request: AuthedRequest, year: int) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404("年度无效。")
    dates = services.key_dates(year)
    units = [(u.pk, u.name) for u in list_units(user=request.user)]
    form = ActivityForm(request.POST or None, key_dates=[(d["code"], d["name"]) for d in dates], units=units)
    if request.method == "POST" and "plan" in request.POST:
        if not has_permission(request.user, "plan_education"):
            raise Http404("您的角色无权计划普法活动。")
        if form.is_valid():
            data = form.cleaned_data
            unit = list_units(user=request.user).filter(pk=data["unit"]).first()
            try:
                if unit is None:
                    raise UserError("请选择开展单位。", field="unit")
                services.plan_activity(
                    actor=request.user,
                    unit=unit,
                    key_date=data["key_date"],
                    kind=data["kind"],
                    title=data["title"],
                    planned_on=data["planned_on"],
                )
            except UserError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "已加入普法计划。")
                return redirect("prevention_education", year=year)
    activities = list(selectors.list_activities(user=request.user, year=year))
    by_date = {d["code"]: [a for a in activities if a.key_date == d["code"]] for d in dates}
    return render(
        request,
        "prevention/education_year.html",
        {
            "year": year,
            "dates": [(d, by_date[d["code"]]) for d in dates],
            "summary": selectors.education_year(user=request.user, year=year),
            "form": form,
            "record_form": ActivityRecordForm(initial={"held_on": timezone.localdate()}),
            "can_plan": has_permission(request.user, "plan_education"),
        },
    )


@permission_required("view_prevention")
def education_current(request: AuthedRequest) -> HttpResponse:
    return redirect("prevention_education", year=timezone.localdate().year)


@permission_required("plan_education")
@require_POST
def activity_record(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = selectors.get_activity(user=request.user, pk=pk)
    if activity is None:
        raise Http404("没有找到该普法活动。")
    form = ActivityRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写开展日期、覆盖经营主体数和发放材料份数。")
    else:
        data = form.cleaned_data
        try:
            services.record_activity(
                actor=request.user,
                activity=activity,
                held_on=data["held_on"],
                firms_reached=data["firms_reached"],
                materials=data["materials"],
                note=data["note"],
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已登记开展情况。")
    return redirect("prevention_education", year=activity.year)
