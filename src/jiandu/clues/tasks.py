"""Background tasks of the clues app (django-tasks; see settings.TASKS)."""

from jiandu.clues.imports import run_work_order_import

__all__ = ["run_work_order_import"]
