"""Public pages, no login: the firm's own record (USCC + the code delivered with a notice) and the
satisfaction survey (a code in the link). Both are rate-limited per client address; the record also
per USCC, so guessing codes for one firm from many addresses is slowed as well."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jiandu.clues.ratelimit import client_address
from jiandu.errors import UserError
from jiandu.org.ratelimit import rate_limited
from jiandu.service import record as firm_record
from jiandu.service import services
from jiandu.service.forms import PublicFirmForm, SurveyAnswerForm
from jiandu.service.rules import service_rules


def allow(key: str, limit: int, window: int = 3600) -> bool:
    """Count one attempt under ``key`` in a fixed window; False once the limit is passed."""
    bucket = f"service-ratelimit:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 5):
        return True
    try:
        return int(cache.incr(bucket)) <= limit
    except ValueError:
        cache.set(bucket, 1, timeout=window + 5)
        return True


@rate_limited("firm_record")
@require_http_methods(["GET", "POST"])
def firm_record_page(request: HttpRequest) -> HttpResponse:
    form = PublicFirmForm(request.POST or None)
    record = None
    if request.method == "POST" and form.is_valid():
        limit = service_rules().access_lookups_per_hour
        uscc = form.cleaned_data["uscc"].strip().upper()
        if not (allow(f"firm:{client_address(request)}", limit) and allow(f"uscc:{uscc}", limit)):
            return render(request, "service/public_limited.html", status=429)
        firm = services.firm_for_code(uscc=uscc, code=form.cleaned_data["code"])
        if firm is None:
            form.add_error(None, "统一社会信用代码或查询码不正确，或查询码已过期。请核对送达文书上的查询码。")
        else:
            record = firm_record.get_public_record(firm)
    return render(request, "service/public_firm.html", {"form": form, "record": record})


@rate_limited("firm_record")
@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, code: str) -> HttpResponse:
    if not allow(f"survey:{client_address(request)}", service_rules().survey_lookups_per_hour):
        return render(request, "service/public_limited.html", status=429)
    survey = services.find_survey(code)
    if survey is None:
        raise Http404("测评码无效或已作答。")
    questions = service_rules().survey_questions
    form = SurveyAnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_survey(
                code=code,
                scores={key: data[key] for key, _ in questions},
                overall=data["overall"],
                comment=data["comment"],
            )
        except UserError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "service/public_survey_done.html")
    return render(request, "service/public_survey.html", {"form": form, "survey": survey})
