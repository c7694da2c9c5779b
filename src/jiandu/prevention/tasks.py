"""Background tasks of the prevention app (django-tasks; see settings.TASKS)."""

from jiandu.prevention.imports import run_complaint_import
from jiandu.prevention.services import refresh_hotspots_task

__all__ = ["refresh_hotspots_task", "run_complaint_import"]
