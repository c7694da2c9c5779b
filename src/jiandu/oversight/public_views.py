"""Public pages, no login: the 典型问题 of 以案警示, anonymised (no clue, firm or officer is shown)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiandu.org.ratelimit import rate_limited
from jiandu.oversight.rules import oversight_rules
from jiandu.oversight.selectors import (
    decision_publicity,
    public_decisions,
    public_items,
    published_inspections,
    published_warning_cases,
)


@rate_limited("public_page")
def warning_cases(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_warning_cases(), 20).get_page(request.GET.get("page"))
    return render(request, "oversight/public_warnings.html", {"page": page})


@rate_limited("public_page")
def enforcement(request: HttpRequest) -> HttpResponse:
    """行政执法公示: before (the enforcement items and their legal basis), during (published inspection
    results) and after (decisions, whether published within the limit, and their 法制审核)."""
    query = request.GET.get("q", "")[:50]
    items = Paginator(public_items(query=query), 30).get_page(request.GET.get("items"))
    decisions = Paginator(public_decisions(), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/public_enforcement.html",
        {
            "items": items,
            "query": query,
            "inspections": published_inspections(),
            "decisions": decision_publicity(decisions),
            "page": decisions,
            "workdays": oversight_rules().decision_publicity_workdays,
        },
    )
