"""API authentication: a browser session (with CSRF) or a bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from jiandu.org.models import ApiToken
from jiandu.org.services import token_digest


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.select_related("user", "user__region")
            .filter(digest=token_digest(token), revoked=False, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


API_AUTH = [SessionAuth(), TokenAuth()]
