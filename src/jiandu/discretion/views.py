"""Pages: catalogue browse and detail, exemption lists, the discretion check, drafts and publishing."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.cases.selectors import is_first_violation
from jiandu.discretion import selectors, services
from jiandu.discretion.catalogue import describe_branches, describe_fine
from jiandu.discretion.checks import check_discretion
from jiandu.discretion.forms import CheckForm, ExemptionEditForm, ItemEditForm, WindowForm, check_facts
from jiandu.discretion.workflow import EDITABLE_IN
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, list_domains


@permission_required("view_discretion")
def catalogue(request: AuthedRequest) -> HttpResponse:
    domain = request.GET.get("domain", "")
    query = request.GET.get("q", "").strip()
    items = selectors.list_items(domain_name=domain or None, query=query)
    return render(
        request,
        "discretion/catalogue.html",
        {
            "rows": [(item, describe_fine(item.fine)) for item in items],
            "domains": list_domains().values_list("name", flat=True),
            "domain": domain,
            "q": query,
            "version": selectors.current_version_id(),
            "can_edit": has_permission(request.user, "edit_catalogue"),
            "can_check": has_permission(request.user, "check_discretion"),
        },
    )


@permission_required("view_discretion")
def item_detail(request: AuthedRequest, code: str) -> HttpResponse:
    item = selectors.get_item(code)
    if item is None:
        raise Http404("没有这个违法行为事项")
    return render(
        request,
        "discretion/item_detail.html",
        {
            "item": item,
            "fine": describe_fine(item.fine),
            "no_gain": describe_fine(item.no_gain_rule)
            if item.no_gain_rule and "kind" in item.no_gain_rule
            else "",
            "exemptions": selectors.exemptions_for(code),
            "can_check": has_permission(request.user, "check_discretion"),
            "branches": describe_branches(item),
        },
    )


@permission_required("view_discretion")
def exemptions(request: AuthedRequest) -> HttpResponse:
    entries = selectors.list_exemptions()
    return render(
        request,
        "discretion/exemptions.html",
        {
            "groups": [(kind, [e for e in entries if e.kind == kind]) for kind in ("首违不罚", "轻微不罚")],
            "version": selectors.current_version_id(),
            "window": selectors.first_violation_window_years(),
        },
    )


@permission_required("check_discretion")
def check(request: AuthedRequest) -> HttpResponse:
    submitted = "party_kind" in request.GET  # a link with only ?item_code= pre-fills the form
    form = CheckForm(
        request.GET if submitted else None, initial={"item_code": request.GET.get("item_code", "")}
    )
    result = None
    if submitted and form.is_valid():
        uscc = form.cleaned_data.get("uscc", "").strip().upper()
        enterprise = get_enterprise(user=request.user, uscc=uscc) if uscc else None
        if uscc and enterprise is None:
            form.add_error("uscc", "未找到该经营主体，或不在您的管辖范围内。")
        else:
            item_code = form.cleaned_data.get("item_code", "").strip()
            first = None
            if enterprise is not None and item_code:
                first = is_first_violation(
                    enterprise=enterprise, item_code=item_code, on=timezone.localdate()
                )
            result = check_discretion(check_facts(form, first_violation=first), on=timezone.localdate())
            if enterprise is not None and first is not None:
                history = "没有" if first else "已有"
                years = selectors.first_violation_window_years()
                note = (
                    f"经查询，{enterprise.name}在{years}年内{history}因同一事项受到行政处罚或者警告的记录。"
                )
                result = replace(result, reasons=(note, *result.reasons))
    return render(
        request,
        "discretion/check.html",
        {
            "form": form,
            "result": result,
        },
    )


@permission_required("view_discretion")
@require_http_methods(["GET", "POST"])
def versions(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            draft = services.create_draft(actor=request.user, note=request.POST.get("note", ""))
        except services.CatalogueError as error:
            messages.error(request, str(error))
            return redirect("discretion_versions")
        messages.success(request, "已新建草稿版本，请修订后发布。")
        return redirect("discretion_version", pk=draft.pk)
    return render(
        request,
        "discretion/versions.html",
        {
            "versions": selectors.list_versions(),
            "current": selectors.current_version_id(),
            "can_edit": has_permission(request.user, "edit_catalogue"),
        },
    )


@permission_required("view_discretion")
def version_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    version = selectors.get_version(pk)
    if version is None:
        raise Http404("没有这个目录版本")
    return render(
        request,
        "discretion/version_detail.html",
        {
            "version": version,
            "rows": [(row, describe_fine(row.fine)) for row in selectors.version_items(version)],
            "exemptions": version.exemptions.all(),
            "editable": version.status in EDITABLE_IN and has_permission(request.user, "edit_catalogue"),
        },
    )


@permission_required("edit_catalogue")
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    version = selectors.get_version(pk)
    row = version.items.select_related("domain").filter(code=code).first() if version else None
    if version is None or row is None:
        raise Http404("没有这个事项")
    form = ItemEditForm(request.POST or None, initial=ItemEditForm.initial_for(row))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(actor=request.user, version=version, code=code, changes=form.changes())
        except services.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已保存事项 {code}。")
            return redirect("discretion_version", pk=version.pk)
    return render(request, "discretion/item_edit.html", {"form": form, "version": version, "row": row})


@permission_required("edit_catalogue")
@require_POST
def version_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    version = selectors.get_version(pk)
    if version is None:
        raise Http404("没有这个目录版本")
    try:
        published = services.publish_version(
            actor=request.user, version=version, note=request.POST.get("note", "")
        )
    except services.CatalogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已发布版本 {published.version}，此后作出的裁量将记录该版本。")
    return redirect("discretion_version", pk=pk)


@permission_required("edit_catalogue")
@require_http_methods(["GET", "POST"])
def exemption_edit(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    version = selectors.get_version(pk)
    entry = version.exemptions.filter(code=code).first() if version else None
    if version is None or entry is None:
        raise Http404("没有这个免罚清单事项")
    form = ExemptionEditForm(request.POST or None, initial=ExemptionEditForm.initial_for(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_exemption(actor=request.user, version=version, code=code, changes=form.changes())
        except services.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已保存免罚清单事项 {code}。")
            return redirect("discretion_version", pk=version.pk)
    return render(
        request, "discretion/exemption_edit.html", {"form": form, "version": version, "entry": entry}
    )


@permission_required("edit_catalogue")
@require_POST
def version_window(request: AuthedRequest, pk: int) -> HttpResponse:
    version = selectors.get_version(pk)
    if version is None:
        raise Http404("没有这个目录版本")
    form = WindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "初次违法认定期间应为 1 到 10 年。")
        return redirect("discretion_version", pk=pk)
    try:
        services.update_window(actor=request.user, version=version, years=form.cleaned_data["years"])
    except services.CatalogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已保存初次违法认定期间。")
    return redirect("discretion_version", pk=pk)
