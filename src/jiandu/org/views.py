"""The signed-in user's own API tokens; the login page with its growing delay."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jiandu.errors import UserError
from jiandu.org.feedback import message_error
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_api_tokens
from jiandu.org.services import issue_api_token, revoke_api_token


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthedRequest) -> HttpResponse:
    new_token = ""
    if request.method == "POST":
        try:
            new_token = issue_api_token(
                actor=request.user, user=request.user, name=request.POST.get("name", "")
            )
        except UserError as error:
            message_error(request, error)
    return render(
        request, "org/api_tokens.html", {"tokens": list_api_tokens(user=request.user), "new_token": new_token}
    )


@login_required
@require_POST
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(list_api_tokens(user=request.user), pk=pk)
    revoke_api_token(actor=request.user, token=token)
    messages.success(request, f"已吊销令牌“{token.name}”。")
    return redirect("api_tokens")


class DelayedLoginView(auth_views.LoginView):
    """The login page; a try that must still wait (org/logins.py) is answered 429 with the wait."""

    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        wait = int(getattr(self.request, "jiandu_login_wait", 0))
        if wait:
            return render(self.request, "registration/locked.html", {"wait": wait}, status=429)
        return super().form_invalid(form)
