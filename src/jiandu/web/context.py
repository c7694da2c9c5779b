"""Template context: the navigation for the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

NAVIGATION = [
    ("dashboard", "工作台"),
    ("enterprise_list", "经营主体"),
    ("case_list", "处罚案件"),
    ("clue_list", "问题线索"),
    ("workdays", "工作日计算"),
    ("audit_list", "审计留痕"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"navigation": []}
    return {"navigation": NAVIGATION}
