"""Pages of the case library: search, similar-case check, typical cases."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.cases import services as case_services
from jiandu.errors import UserError
from jiandu.library import selectors, services
from jiandu.library.forms import SearchForm, SimilarCheckForm, TypicalCaseForm
from jiandu.library.index import index_store
from jiandu.org.feedback import message_error
from jiandu.org.permissions import has_permission, permission_required
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_counties, list_domains, visible_regions

PAGE_SIZE = 20


def _domain_choices() -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in list_domains()]


@permission_required("search_library")
def search(request: AuthedRequest) -> HttpResponse:
    form = SearchForm(
        request.GET or None,
        domains=_domain_choices(),
        regions=[(r.code, r.name) for r in list_counties(request.user)],
    )
    page, number = None, 1
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        raw_page = request.GET.get("page", "1")
        number = max(1, int(raw_page)) if raw_page.isdigit() else 1
        page = selectors.search_library(
            user=request.user,
            filters=selectors.LibraryFilters(
                text=data["q"],
                domain=data["domain"],
                item_code=data["item"],
                region_code=data["region"],
                year_from=data["year_from"],
                year_to=data["year_to"],
                fine_min=data["fine_min"],
                fine_max=data["fine_max"],
                kind=data["kind"],
                outcome=data["outcome"],
            ),
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "number": number,
        "has_next": page is not None and number * PAGE_SIZE < page.total,
        "query": query.urlencode(),
        "ready": index_store().exists(),
        "can_rebuild": has_permission(request.user, "rebuild_library_index"),
    }
    return render(request, "library/search.html", context)


@permission_required("check_similar_cases")
def similar_check(request: AuthedRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    case = None
    if "case" in request.GET and "text" not in request.GET:
        raw_case = request.GET["case"]
        case = (
            selectors.get_case_for_check(user=request.user, pk=int(raw_case)) if raw_case.isdigit() else None
        )
        if case is None:
            raise Http404("案件不存在或不在您的管辖范围内")
        initial = {
            "text": "\n".join(t for t in (case.violation, case.facts) if t),
            "item_code": case.item_code,
            "domain": case.domain.code,
            "proposed_outcome": case.outcome,
            "proposed_fine": case.fine,
            "case": case.pk,
            **{k: v for k, v in case_services.similar_inputs(case).items() if v not in (None, "")},
        }
    bound = "text" in request.GET
    form = SimilarCheckForm(request.GET if bound else None, initial=initial, domains=_domain_choices())
    result = None
    if bound and form.is_valid():
        data = form.cleaned_data
        result = services.check_similar(
            text=data["text"],
            item_code=data["item_code"],
            domain_name=data["domain"],
            proposed_outcome=data["proposed_outcome"],
            proposed_fine=data["proposed_fine"],
            exclude_case_id=data["case"],
            user=request.user,
            fine_base=data["fine_base"],
            units=data["units"],
            party_kind=data["party_kind"] or "enterprise",
            statutory_min=data["statutory_min"],
            statutory_max=data["statutory_max"],
            mitigation_reason=data["mitigation_reason"].strip(),
            aggravation_reason=data["aggravation_reason"].strip(),
        )
    return render(request, "library/similar.html", {"form": form, "result": result, "case": case})


@permission_required("search_library")
def typical_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "library/typical_list.html",
        {
            "cases": selectors.list_typical_cases(user=request.user),
            "can_manage": has_permission(request.user, "manage_typical_cases"),
        },
    )


@permission_required("search_library")
def typical_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    typical = selectors.get_typical_case(user=request.user, pk=pk)
    if typical is None:
        raise Http404("典型案例不存在或不在您的管辖范围内")
    return render(
        request,
        "library/typical_detail.html",
        {"typical": typical, "can_manage": has_permission(request.user, "manage_typical_cases")},
    )


def _typical_form(request: AuthedRequest, instance: Any = None) -> TypicalCaseForm:
    form = TypicalCaseForm(request.POST or None, instance=instance)
    form.fields["region"].queryset = visible_regions(request.user)  # type: ignore[attr-defined]
    return form


@permission_required("manage_typical_cases")
@require_http_methods(["GET", "POST"])
def typical_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    typical = None
    if pk is not None:
        typical = selectors.get_typical_case(user=request.user, pk=pk)
        if typical is None:
            raise Http404("典型案例不存在或不在您的管辖范围内")
    form = _typical_form(request, typical)
    error = ""
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if typical is None:
                typical = services.create_typical_case(actor=request.user, **values)
            else:
                typical = services.update_typical_case(actor=request.user, typical=typical, **values)
        except UserError as failure:
            error = str(failure)
        else:
            messages.success(request, "典型案例已保存，案例库索引已更新。")
            return redirect("library_typical_detail", pk=typical.pk)
    return render(request, "library/typical_form.html", {"form": form, "typical": typical, "error": error})


@permission_required("manage_typical_cases")
@require_POST
def typical_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    typical = selectors.get_typical_case(user=request.user, pk=pk)
    if typical is None:
        raise Http404("典型案例不存在或不在您的管辖范围内")
    try:
        services.delete_typical_case(actor=request.user, typical=typical)
    except UserError as failure:
        message_error(request, failure)
        return redirect("library_typical_detail", pk=pk)
    messages.success(request, "典型案例已删除。")
    return redirect("library_typical_list")


@permission_required("rebuild_library_index")
@require_POST
def index_rebuild(request: AuthedRequest) -> HttpResponse:
    messages.success(request, str(services.rebuild_index(actor=request.user)))
    return redirect("library_search")
