"""One rate limit for every public endpoint, counted in the shared Django cache (Redis in production).

``@rate_limited("scope")`` wraps a Django view or a django-ninja handler (its first argument is the
request). Each client address (org/clientip.py) may make ``limit`` requests per ``window`` seconds in
the scope; past that the answer is 429 — JSON under /api/, a short Chinese page elsewhere. Limits come
from ``DEFAULT_LIMITS``, overridden per scope by ``settings.JIANDU_PUBLIC_RATE_LIMITS``. The wrapper
carries ``rate_limit_scope``, so a test can prove every public route is limited.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from jiandu.org.clientip import client_ip

F = TypeVar("F", bound=Callable[..., Any])

# (requests, seconds) per client address
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "public_page": (120, 60),  # reading published pages
    "public_download": (30, 60),
    "repair_apply": (10, 3600),
    "repair_status": (30, 600),
    "draw_verify": (10, 600),
    "mailbox": (60, 600),
    "firm_record": (30, 600),
}


def hit(scope: str, key: str) -> bool:
    """Count one request in ``scope`` for ``key``; False once the window's limit is passed."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "JIANDU_PUBLIC_RATE_LIMITS", {})}
    limit, window = (int(n) for n in limits.get(scope, DEFAULT_LIMITS["public_page"]))
    bucket = f"public-rl:{scope}:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 5):
        return limit >= 1
    try:
        return int(cache.incr(bucket)) <= limit
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 5)
        return True


def too_many(request: HttpRequest) -> HttpResponse:
    message = "请求过于频繁，请稍后再试。"
    if request.path.startswith("/api/"):
        body = json.dumps({"detail": message, "field": None}, ensure_ascii=False)
        response = HttpResponse(body, status=429, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(f"<!doctype html><title>{message}</title><p>{message}</p>", status=429)
    response["Retry-After"] = "60"
    return response


def rate_limited(scope: str) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not hit(scope, client_ip(request)):
                return too_many(request)
            return view(request, *args, **kwargs)

        wrapper.rate_limit_scope = scope  # type: ignore[attr-defined]
        # django-ninja reads a view's parameters from its signature and resolves string annotations
        # (``from __future__ import annotations``) in the globals of the function it is given: give it
        # the view's own signature, resolved where the view was written (e.g. jiandu.bounds types).
        with contextlib.suppress(NameError):
            wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
