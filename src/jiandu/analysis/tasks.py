"""Background work: the problem-model run, for the worker (django-tasks) or called directly.

Idempotent: a run files only hits not filed before, so a retried or duplicated task does no harm.
Without a worker the default backend runs the task at once, in process (the embedded demo).
"""

from __future__ import annotations

from django_tasks import task

from jiandu.analysis.services import run_models
from jiandu.org.models import User


def run_problem_models(*, model: str = "", username: str = "") -> dict[str, int]:
    """Run the models (all enabled ones, or ``model``) as ``username`` (or the system); counts per model."""
    actor = User.objects.filter(username=username, is_active=True).first() if username else None
    report = run_models(actor=actor, only=[model] if model else [])
    return dict(report.filed)


@task()
def run_problem_models_task(model: str = "", username: str = "") -> dict[str, int]:
    return run_problem_models(model=model, username=username)
