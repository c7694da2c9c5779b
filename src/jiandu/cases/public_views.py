"""The credit-repair pages a firm uses without an account (identifies by USCC + decision number)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jiandu.cases import services
from jiandu.cases.forms import RepairApplicationForm, RepairLookupForm
from jiandu.cases.rules import repair_rules
from jiandu.cases.selectors import get_public_repair
from jiandu.org.ratelimit import rate_limited


@rate_limited("repair_apply")
@require_http_methods(["GET", "POST"])
def repair_apply(request: HttpRequest) -> HttpResponse:
    form = RepairApplicationForm(request.POST or None)
    application, refused = None, []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.apply_for_repair(
                uscc=data["uscc"],
                decision_number=data["decision_number"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                measures=data["measures"],
                declared={"harm_eliminated": data["harm_eliminated"], "not_listed": data["not_listed"]},
                commitment=data["commitment"],
                code=data["code"],
            )
        except services.RepairRefused as error:
            refused = error.reasons
    rules = repair_rules()
    return render(
        request,
        "cases/public_repair_apply.html",
        {
            "form": form,
            "application": application,
            "due": services.repair_due(application) if application else None,
            "refused": refused,
            "rules": rules,
        },
    )


@rate_limited("repair_status")
def repair_status(request: HttpRequest) -> HttpResponse:
    form = RepairLookupForm(request.GET or None)
    application, searched = None, False
    if form.is_valid():
        searched = True
        application = get_public_repair(number=form.cleaned_data["number"], uscc=form.cleaned_data["uscc"])
    return render(
        request,
        "cases/public_repair_status.html",
        {
            "form": form,
            "application": application,
            "searched": searched,
            "due": services.repair_due(application) if application else None,
        },
    )
