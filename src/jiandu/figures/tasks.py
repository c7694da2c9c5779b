"""The aggregate refresh as a background task (idempotent: it recomputes everything from the raw rows)."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task

from jiandu.figures import services


@task()
def refresh_figures_task(full: bool = False) -> int:
    try:
        return services.refresh_figures(full=full).rows
    finally:
        cache.delete(services.LOCK_KEY)
