"""我的待办 shared through the cache until the next write.

Composing the to-do list reads nine bounded lists and computes working-day deadlines: the largest
part of the dashboard's cost once the figures are cached. Every write goes through a service that
records an audit entry, and `audit.signals.recorded` fires for each; on commit, the "work generation"
in the shared cache moves on, which retires every cached list at once. A cached list is therefore
never older than the last write anywhere, and at most `JIANDU_TODO_CACHE_SECONDS` old otherwise
(the day is part of the key, so overdue counts turn over at midnight). The cache must be shared by
every web process (Redis): without `REDIS_URL` the setting is 0 and the list is composed each time.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from jiandu.org.models import User
from jiandu.web.todo import TodoItem, my_todos

GENERATION_KEY = "jiandu:work-generation"


def _generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # a fresh (or flushed) cache starts from the clock, never below a value used before
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return int(value or 0)


def _advance() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key is gone: start again from the clock
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def on_audit_entries(sender: Any, entries: list[Any], **kwargs: Any) -> None:
    transaction.on_commit(_advance)


def cached_todos(*, user: User) -> list[TodoItem]:
    seconds = int(getattr(settings, "JIANDU_TODO_CACHE_SECONDS", 0))
    if seconds <= 0:
        return my_todos(user=user)
    key = f"jiandu:todos:v1:{user.pk}:{timezone.localdate()}:{_generation()}"
    cached = cache.get(key)
    if isinstance(cached, list):
        return cached
    todos = my_todos(user=user)
    cache.set(key, todos, seconds)
    return todos
