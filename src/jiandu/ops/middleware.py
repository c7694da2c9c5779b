"""A request id for every request (taken from the proxy's X-Request-ID when well-formed, else new),
and the session kept alive without a write per request."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from jiandu.ops.logs import request_id_var

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SessionRefreshMiddleware:
    """Keeps a signed-in session alive without writing it on every request.

    Sessions end `SESSION_COOKIE_AGE` after the last save. Instead of saving on every request
    (`SESSION_SAVE_EVERY_REQUEST`, one UPDATE and one commit per page view), the session is saved
    when it changed or when its last refresh is older than `JIANDU_SESSION_REFRESH_SECONDS` (60):
    an idle session then ends between `SESSION_COOKIE_AGE - 60 s` and `SESSION_COOKIE_AGE` after the
    last request, never later. Requests without a session cookie (the public pages) are left alone.
    """

    KEY = "_jiandu_refreshed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        if session.modified or session.get("_auth_user_id") is None:
            return response
        now = int(time.time())
        every = int(getattr(settings, "JIANDU_SESSION_REFRESH_SECONDS", 60))
        refreshed = session.get(self.KEY)
        if not isinstance(refreshed, int) or now - refreshed >= every or refreshed > now:
            session[self.KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response
