"""Pages of the staff web UI. Each view parses, authorises, calls one selector or service, renders."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jiandu.audit.selectors import list_audit_entries, verify_audit_chain
from jiandu.documents.tabular import TableError, read_table, read_upload
from jiandu.org.holidays import load_calendar
from jiandu.org.models import CreditClass
from jiandu.org.permissions import check_permission, has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_counties, list_enterprises
from jiandu.org.services import ImportHeaderError, import_enterprises
from jiandu.paging import bounded_page
from jiandu.web.forms import AuditFilterForm, TableUploadForm, WorkdaysForm
from jiandu.web.selectors import get_dashboard

PAGE_SIZE = 50


def _page(request: AuthedRequest, items):  # type: ignore[no-untyped-def]
    return bounded_page(items, request.GET.get("page"), per_page=PAGE_SIZE)


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    if not has_permission(request.user, "view_dashboard") and has_permission(request.user, "file_clues"):
        # outside supervisors and monitoring points have no dashboard: their start page is clue entry
        return redirect("clue_create")
    check_permission(request.user, "view_dashboard")
    return render(request, "web/dashboard.html", {"dashboard": get_dashboard(user=request.user)})


@permission_required("view_enterprises")
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    region_code = request.GET.get("region", "")
    credit_class = request.GET.get("credit", "")
    enterprises = list_enterprises(
        user=request.user, query=query, region_code=region_code, credit_class=credit_class
    )
    return render(
        request,
        "web/enterprise_list.html",
        {
            "page": _page(request, enterprises),
            "q": query,
            "region": region_code,
            "credit": credit_class,
            "counties": list_counties(request.user),
            "credit_classes": CreditClass.choices,
        },
    )


@permission_required("import_enterprises")
@require_http_methods(["GET", "POST"])
def enterprise_import(request: AuthedRequest) -> HttpResponse:
    form = TableUploadForm(request.POST or None, request.FILES or None)
    report, file_error = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            header, rows = read_table(read_upload(upload), upload.name)
            report = import_enterprises(
                actor=request.user, header=header, rows=rows, partial=form.cleaned_data["partial"]
            )
        except (TableError, ImportHeaderError) as error:
            file_error = str(error)
    return render(
        request, "web/enterprise_import.html", {"form": form, "report": report, "file_error": file_error}
    )


@permission_required("read_audit")
def audit_list(request: AuthedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = list_audit_entries(**{k: v for k, v in filters.items() if v})
    chain = verify_audit_chain() if request.GET.get("verify") else None
    return render(
        request,
        "web/audit_list.html",
        {
            "form": form,
            "page": _page(request, entries),
            "verified": bool(request.GET.get("verify")),
            "chain": chain,
        },
    )


@permission_required("use_workdays")
def workdays(request: AuthedRequest) -> HttpResponse:
    form = WorkdaysForm(request.GET or None)
    result, warnings = None, []
    if form.is_valid():
        calendar = load_calendar()
        result = calendar.add(form.cleaned_data["start"], form.cleaned_data["days"])
        warnings = calendar.warnings_between(form.cleaned_data["start"], result)
    return render(request, "web/workdays.html", {"form": form, "result": result, "warnings": warnings})
