"""Background work of the case library: every write to the full-text index happens here.

In production the web processes only enqueue; the worker (`jiandu worker`) is the index's one writer,
and web processes read the generation named in ``CURRENT`` (reloaded on every search). Without Redis
the immediate backend runs the task in the web process, right after the commit, as before.
The task reads the rows afresh, so running it twice, or late, gives the same index (idempotent).
"""

from __future__ import annotations

import logging

from django_tasks import task

from jiandu.library import services as library_services

logger = logging.getLogger(__name__)


@task()
def apply_index_changes(cases: list[int], typicals: list[int], removed: list[str]) -> int:
    """Re-read the named cases and typical cases from the database and put them in the index."""
    try:
        return library_services.sync_index(cases=cases, typicals=typicals, removed=removed)
    except Exception:
        # The workflow that enqueued this has committed and goes on; the queue records the failure.
        logger.exception(
            "案例库索引更新失败（案件 %s，典型案例 %s），请运行 jiandu index rebuild", cases, typicals
        )
        raise
