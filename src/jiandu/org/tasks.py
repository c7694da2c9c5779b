"""Background tasks of the org app (django-tasks; see settings.TASKS)."""

from jiandu.org.enterprise_imports import run_enterprise_import

__all__ = ["run_enterprise_import"]
