"""Public pages (no login): committed plans, seeds, draws, results, and a form to verify any draw."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jiandu.inspections import selectors
from jiandu.inspections.drawfiles import InputError, verify_texts
from jiandu.inspections.forms import VerifyForm
from jiandu.inspections.models import InspectionPlan
from jiandu.org.ratelimit import rate_limited


def _plan(number: str) -> InspectionPlan:
    plan = selectors.get_public_plan(number=number)
    if plan is None:
        raise Http404("该抽查计划不存在或尚未公示")
    return plan


@rate_limited("public_page")
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/public_list.html", {"plans": selectors.list_public_plans()})


@rate_limited("public_page")
def plan_detail(request: HttpRequest, number: str) -> HttpResponse:
    plan = _plan(number)
    check = selectors.verify_stored_draw(plan) if request.GET.get("verify") and plan.draw_result else None
    return render(
        request,
        "inspections/public_detail.html",
        {
            "plan": plan,
            "items": plan.items.all(),
            "results": selectors.public_results(plan),
            "check": check,
            "reference": selectors.reference_script(),
            "result_json": json.dumps(plan.draw_result, ensure_ascii=False, indent=2)
            if plan.draw_result
            else "",
        },
    )


@rate_limited("public_download")
def candidates_csv(request: HttpRequest, number: str) -> HttpResponse:
    candidates, _ = selectors.public_candidate_files(_plan(number))
    response = HttpResponse(candidates, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{number}-candidates.csv"'
    return response


@rate_limited("public_download")
def exclude_txt(request: HttpRequest, number: str) -> HttpResponse:
    _, excluded = selectors.public_candidate_files(_plan(number))
    response = HttpResponse(excluded, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{number}-exclude.txt"'
    return response


@rate_limited("public_download")
def result_json(request: HttpRequest, number: str) -> HttpResponse:
    plan = _plan(number)
    if not plan.draw_result:
        raise Http404("该计划尚未抽取")
    body = json.dumps(plan.draw_result, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{number}-result.json"'
    return response


@rate_limited("public_download")
def reference_script(request: HttpRequest) -> HttpResponse:
    return HttpResponse(selectors.reference_script(), content_type="text/x-python; charset=utf-8")


@rate_limited("draw_verify")
@require_http_methods(["GET", "POST"])
def verify_draw(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    outcome: tuple[bool, list[str]] | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = verify_texts(
                result=data["result"],
                candidates=data["candidates"],
                exclude=data["exclude"],
                ratios=data["ratios"],
            )
        except InputError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "inspections/public_verify.html",
        {"form": form, "outcome": outcome, "reference": selectors.reference_script()},
    )
