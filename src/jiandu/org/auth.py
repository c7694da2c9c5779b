"""API authentication: a browser session (with CSRF) or a bearer token.

A request carrying ``Authorization: Bearer …`` is judged by its token alone: the session is not tried,
so no CSRF check stands in the way of a token write (a browser never adds that header by itself). A
session request must pass the CSRF check, as before. A token of an inactive account, or of an account
that is locked by failed logins (org/logins.py), is refused.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from jiandu.org.logins import account_locked
from jiandu.org.models import ApiToken
from jiandu.org.services import token_digest


def _has_bearer(request: HttpRequest) -> bool:
    return str(request.headers.get("Authorization", "")).lower().startswith("bearer ")


class SessionOrNothing(SessionAuth):
    """The session, with its CSRF check, only for a request that is not sent with a bearer token."""

    def __call__(self, request: HttpRequest) -> Any:
        if _has_bearer(request) or not request.user.is_authenticated:
            return None
        return super().__call__(request)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.select_related("user", "user__region")
            .filter(digest=token_digest(token), revoked=False, user__is_active=True)
            .first()
        )
        if api_token is None or account_locked(api_token.user.get_username()):
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


API_AUTH = [SessionOrNothing(), TokenAuth()]
