"""Public pages (no login): compliance guides with search, and the published risk warnings."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jiandu.org.ratelimit import rate_limited
from jiandu.org.selectors import list_domains
from jiandu.prevention import selectors


@rate_limited("public_page")
def guide_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    domain = request.GET.get("domain", "").strip()[:40]
    return render(
        request,
        "prevention/public_guides.html",
        {
            "guides": selectors.public_guides(query=query, domain=domain),
            "query": query,
            "domain": domain,
            "domains": list_domains(),
        },
    )


@rate_limited("public_page")
def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_public_guide(pk=pk)
    if found is None:
        raise Http404("没有找到该合规指引。")
    guide, version = found
    return render(request, "prevention/public_guide.html", {"guide": guide, "version": version})


@rate_limited("public_page")
def warning_list(request: HttpRequest) -> HttpResponse:
    return render(request, "prevention/public_warnings.html", {"warnings": selectors.public_warnings()[:200]})


@rate_limited("public_page")
def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    warning = selectors.get_public_warning(pk=pk)
    if warning is None:
        raise Http404("没有找到该预警。")
    return render(request, "prevention/public_warning.html", {"warning": warning})
