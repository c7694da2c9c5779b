"""Public pages, no login: the 典型问题 of 以案警示, anonymised (no clue, firm or officer is shown)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiandu.oversight.selectors import published_warning_cases


def warning_cases(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_warning_cases(), 20).get_page(request.GET.get("page"))
    return render(request, "oversight/public_warnings.html", {"page": page})
