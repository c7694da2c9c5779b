"""A fixed-window rate limit on the Django cache, for the public pages (no third-party captcha)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from jiandu.org.clientip import client_ip

# (requests, seconds) per client address; override with settings.JIANDU_PUBLIC_RATE_LIMITS
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "mailbox_submit": (5, 3600),
    "mailbox_status": (30, 600),
}


def client_address(request: HttpRequest) -> str:
    """The client's address (a forwarding header only from a trusted proxy, see org/clientip.py)."""
    return client_ip(request)


def allow(request: HttpRequest, scope: str) -> bool:
    """Count one request in ``scope`` for the client; False once the window's limit is reached."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "JIANDU_PUBLIC_RATE_LIMITS", {})}
    limit, window = limits[scope]
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_address(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        return True
    allowed: bool = int(count) <= limit
    return allowed
