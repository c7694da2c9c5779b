"""The public 企业直通车 / complaint mailbox: no login, rate-limited, a receipt code to follow up."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jiandu.clues import selectors
from jiandu.clues.forms import PublicClueForm, ReceiptForm, read_files
from jiandu.clues.models import Channel
from jiandu.clues.ratelimit import allow
from jiandu.clues.services import file_clue
from jiandu.clues.uploads import UploadError
from jiandu.errors import UserError
from jiandu.org.ratelimit import rate_limited

PUBLIC_ACTOR = "企业直通车（公众提交）"


@rate_limited("mailbox")
@require_http_methods(["GET", "POST"])
def mailbox(request: HttpRequest) -> HttpResponse:
    form = PublicClueForm(request.POST or None, request.FILES or None, regions=selectors.public_regions())
    if request.method == "POST":
        if not allow(request, "mailbox_submit"):
            return render(request, "clues/public_limited.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                clue = file_clue(
                    actor=PUBLIC_ACTOR,
                    channel=Channel.DIRECT_LINE,
                    summary=data["summary"],
                    region=data["region"],
                    enterprise=selectors.enterprise_by_uscc(data["uscc"]),
                    enterprise_name=data["enterprise_name"],
                    officers=data["officers"],
                    unit_named=data["unit_named"],
                    reporter_name=data["reporter_name"],
                    reporter_phone=data["reporter_phone"],
                    attachments=read_files(data["attachments"]),
                    with_receipt=True,
                )
            except (UserError, UploadError) as error:
                form.add_error(None, str(error))
            else:
                return render(request, "clues/public_receipt.html", {"code": clue.receipt_code})
    return render(request, "clues/public_mailbox.html", {"form": form})


@rate_limited("mailbox")
def mailbox_status(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.GET or None)
    status, searched = None, False
    if form.is_valid():
        if not allow(request, "mailbox_status"):
            return render(request, "clues/public_limited.html", status=429)
        searched = True
        status = selectors.public_status(form.cleaned_data["code"])
    return render(request, "clues/public_status.html", {"form": form, "status": status, "searched": searched})
