"""Template context: the navigation for the signed-in user, collected from every app's config."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest

from jiandu.org.permissions import has_permission

# Order of the apps in the top navigation; an app lists its own entries in apps.py.
NAVIGATION_ORDER = [
    "web", "org", "clues", "rectify", "cases", "discretion", "library",
    "inspections", "reviews", "reports", "analysis", "prevention", "service", "oversight", "audit",
]  # fmt: skip


def _entries() -> list[tuple[str, str, str]]:
    entries: list[tuple[str, str, str]] = []
    for label in NAVIGATION_ORDER:
        config = apps.get_app_config(label)
        entries.extend(getattr(config, "navigation", []))
    dashboard, *rest = entries
    # the working-day calculator sits at the end, after the business pages
    tools = [e for e in rest if e[0] == "workdays"]
    return [dashboard, *[e for e in rest if e[0] != "workdays"], *tools]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    return {
        "navigation": [
            (name, label) for name, label, permission in _entries() if has_permission(user, permission)
        ],
        "can": {permission: has_permission(user, permission) for permission in ("import_enterprises",)},
    }
