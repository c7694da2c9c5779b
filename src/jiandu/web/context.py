"""Template context: the navigation for the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jiandu.org.permissions import has_permission

# (url name, label, permission needed to see the entry)
NAVIGATION = [
    ("dashboard", "工作台", "view_dashboard"),
    ("enterprise_list", "经营主体", "view_enterprises"),
    ("case_list", "处罚案件", "view_cases"),
    ("clue_list", "问题线索", "view_clues"),
    ("workdays", "工作日计算", "use_workdays"),
    ("audit_list", "审计留痕", "read_audit"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"navigation": []}
    return {
        "navigation": [
            (name, label)
            for name, label, permission in NAVIGATION
            if has_permission(request.user, permission)
        ],
        "can": {
            permission: has_permission(request.user, permission) for permission in ("import_enterprises",)
        },
    }
