"""Every public endpoint is rate-limited through the shared cache — found from the URL resolver and the
API, so a new public route without a limit fails here."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache, caches
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jiandu.api import api
from jiandu.ops.tests.services import require_redis
from jiandu.org import ratelimit

pytestmark = pytest.mark.django_db


def _patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def public_routes():
    routes = _patterns(get_resolver().url_patterns)
    return [(route, view) for route, view in routes if route.startswith("public/")]


def anonymous_operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if operation.auth_param is None:  # auth=None: anyone
                    yield f"{prefix}{path}", operation


def test_every_public_page_is_rate_limited():
    routes = public_routes()
    assert len(routes) >= 15
    missing = [route for route, view in routes if not getattr(view, "rate_limit_scope", "")]
    assert missing == []


def test_every_anonymous_api_operation_is_rate_limited():
    operations = list(anonymous_operations())
    assert len(operations) >= 5
    missing = [path for path, op in operations if not getattr(op.view_func, "rate_limit_scope", "")]
    assert missing == []


def _hammer(client, settings, n: int) -> list[int]:
    settings.JIANDU_PUBLIC_RATE_LIMITS = {"public_page": (3, 60)}
    return [client.get(reverse("public_guides")).status_code for _ in range(n)]


def test_limit_with_the_local_memory_cache(client, settings):
    cache.clear()
    assert _hammer(client, settings, 5) == [200, 200, 200, 429, 429]
    other = client.get(reverse("public_guides"), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 200


def test_api_refusal_is_json(client, settings):
    cache.clear()
    settings.JIANDU_PUBLIC_RATE_LIMITS = {"public_page": (1, 60)}
    client.get("/api/prevention/public/guides")
    response = client.get("/api/prevention/public/guides")
    assert response.status_code == 429 and response.json()["detail"].startswith("请求过于频繁")


@pytest.mark.redis
def test_limit_is_shared_through_redis(client, settings):
    url = require_redis()  # the real Redis, as in production (skipped locally without it, failed in CI)
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"i17b-test-{os.getpid()}",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 2},
        }
    }
    caches["default"].clear()
    try:
        assert _hammer(client, settings, 4) == [200, 200, 200, 429]
        assert ratelimit.hit("public_page", "127.0.0.1") is False  # the count lives in Redis
    finally:
        caches["default"].clear()
