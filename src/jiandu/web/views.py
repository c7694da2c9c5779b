"""Pages of the staff web UI. Each view parses, authorises, calls one selector or service, renders."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.audit.selectors import list_audit_entries, verify_audit_chain
from jiandu.documents.tabular import TableError, read_table, read_upload
from jiandu.engines.identity import mask_record
from jiandu.errors import UserError
from jiandu.org.enterprise_imports import (
    cancel_enterprise_import,
    import_path,
    retry_enterprise_import,
    start_enterprise_import,
    store_upload,
)
from jiandu.org.feedback import message_error
from jiandu.org.holidays import load_calendar
from jiandu.org.models import CreditClass, EnterpriseImport
from jiandu.org.notifications import list_notifications, mark_read
from jiandu.org.permissions import check_permission, has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import (
    get_enterprise_import,
    list_counties,
    list_enterprise_imports,
    list_enterprises,
)
from jiandu.paging import bounded_page
from jiandu.web.forms import AuditFilterForm, TableUploadForm, WorkdaysForm
from jiandu.web.selectors import get_dashboard
from jiandu.web.todocache import cached_todos

PAGE_SIZE = 50
TODO_ON_DASHBOARD = 12

REPORTER_KEYS = frozenset({"reporter_name", "reporter_phone", "reporter_email"})


def _page(request: AuthedRequest, items):  # type: ignore[no-untyped-def]
    return bounded_page(items, request.GET.get("page"), per_page=PAGE_SIZE)


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    if not has_permission(request.user, "view_dashboard") and has_permission(request.user, "file_clues"):
        # outside supervisors and monitoring points have no dashboard: their start page is clue entry
        return redirect("clue_create")
    check_permission(request.user, "view_dashboard")
    todos = cached_todos(user=request.user)
    return render(
        request,
        "web/dashboard.html",
        {
            "dashboard": get_dashboard(user=request.user),
            "todos": todos[:TODO_ON_DASHBOARD],
            "todo_count": len(todos),
            "cache_seconds": settings.JIANDU_DASHBOARD_CACHE_SECONDS,
            "figures_max_age": settings.JIANDU_FIGURES_MAX_AGE,
        },
    )


@permission_required("view_dashboard")
def todo_list(request: AuthedRequest) -> HttpResponse:
    todos = cached_todos(user=request.user)
    return render(request, "web/todo_list.html", {"todos": todos, "todo_count": len(todos)})


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "web/notifications.html", {"page": _page(request, list_notifications(user=request.user))}
    )


@login_required
@require_POST
def notification_read(request: AuthedRequest) -> HttpResponse:
    note = None
    if request.POST.get("id", "").isdigit():
        note = list_notifications(user=request.user).filter(pk=int(request.POST["id"])).first()
        if note is None:
            raise Http404("没有找到该通知。")
    mark_read(actor=request.user, notification=note)
    if note is not None and note.url.startswith("/"):
        return redirect(note.url)
    return redirect("notification_list")


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
    """Upload a table; the background job checks, stages and applies it (its page shows progress)."""
    form = TableUploadForm(request.POST or None, request.FILES or None)
    file_error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = ""
        try:
            data = read_upload(upload)
            read_table(data, upload.name)  # unreadable files are refused here, not in the background
            stored, _header = store_upload(filename=upload.name, data=data)
            job = start_enterprise_import(
                actor=request.user,
                stored_name=stored,
                filename=upload.name,
                partial=form.cleaned_data["partial"],
            )
        except (TableError, UserError) as error:
            if stored:
                import_path(stored).unlink(missing_ok=True)
            file_error = str(error)
        else:
            return redirect("enterprise_import_job", pk=job.pk)
    jobs = list_enterprise_imports(user=request.user)[:10]
    return render(
        request, "web/enterprise_import.html", {"form": form, "file_error": file_error, "jobs": jobs}
    )


def _enterprise_import_or_404(request: AuthedRequest, pk: int) -> EnterpriseImport:
    job = get_enterprise_import(user=request.user, pk=pk)
    if job is None:
        raise Http404("没有找到该导入任务。")
    return job


@permission_required("import_enterprises")
def enterprise_import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    """The job's progress; htmx polls the card every second while it runs."""
    job = _enterprise_import_or_404(request, pk)
    template = (
        "web/_enterprise_import_progress.html"
        if request.headers.get("HX-Request")
        else "web/enterprise_import_job.html"
    )
    return render(request, template, {"job": job})


@permission_required("import_enterprises")
@require_POST
def enterprise_import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _enterprise_import_or_404(request, pk)
    try:
        cancel_enterprise_import(actor=request.user, job=job)
    except UserError as error:
        message_error(request, error)
    else:
        messages.success(request, "已请求取消导入；暂存的数据将全部撤回。")
    return redirect("enterprise_import_job", pk=job.pk)


@permission_required("import_enterprises")
@require_POST
def enterprise_import_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _enterprise_import_or_404(request, pk)
    try:
        retry_enterprise_import(actor=request.user, job=job)
    except UserError as error:
        message_error(request, error)
    return redirect("enterprise_import_job", pk=job.pk)


@permission_required("read_audit")
def audit_list(request: AuthedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = list_audit_entries(**{k: v for k, v in filters.items() if v})
    chain = verify_audit_chain() if request.GET.get("verify") else None
    page = _page(request, entries)
    if not has_permission(request.user, "view_reporters"):  # e.g. the auditor: no reporter identity
        for entry in page:
            entry.before = mask_record(entry.before, REPORTER_KEYS)
            entry.after = mask_record(entry.after, REPORTER_KEYS)
    return render(
        request,
        "web/audit_list.html",
        {
            "form": form,
            "page": page,
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
