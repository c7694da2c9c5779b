"""What `/healthz` checks: the database, the cache, the task queue and the case-library index."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    ms: float


def _timed(name: str, probe: object) -> Check:
    started = time.perf_counter()
    try:
        detail = probe()  # type: ignore[operator]
        ok = True
    except Exception as failure:  # a health probe reports every failure instead of raising
        detail, ok = f"{type(failure).__name__}: {failure}", False
    return Check(name, ok, str(detail), round((time.perf_counter() - started) * 1000, 1))


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("缓存写入后读不到")
    cache.delete(key)
    return str(settings.CACHES["default"]["BACKEND"]).rsplit(".", 1)[-1]


def _queue() -> str:
    if settings.TASK_QUEUE != "rq":
        return "immediate （任务在本进程内执行）"
    import django_rq

    queue = django_rq.get_queue("default")
    queue.connection.ping()
    from rq import Worker

    workers = Worker.count(connection=queue.connection)
    return f"rq: {len(queue)} 个任务排队，{workers} 个 worker"


def _index() -> str:
    root = Path(settings.SEARCH_INDEX_DIR)
    if not root.exists():
        return "尚未建立（jiandu index rebuild）"
    return str(root)


def run_checks() -> list[Check]:
    return [
        _timed("database", _database),
        _timed("cache", _cache),
        _timed("queue", _queue),
        _timed("index", _index),
    ]
