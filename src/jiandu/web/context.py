"""Template context: the navigation for the signed-in user, collected from every app's config and
grouped by the two loops of the work (执法监督, 服务型执法) plus 系统."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest

from jiandu.org.notifications import unread_count
from jiandu.org.permissions import has_permission

# Order of the apps in the top navigation; an app lists its own entries in apps.py.
NAVIGATION_ORDER = [
    "web", "org", "clues", "rectify", "cases", "discretion", "library",
    "inspections", "reviews", "reports", "analysis", "prevention", "service", "oversight", "audit",
]  # fmt: skip

# The groups and, in order, the url names of the entries each holds, with the short label shown.
# An entry no group names goes under 其他, so a new app's page is never lost.
NAVIGATION_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    ("执法监督", [
        ("clue_list", "线索"), ("rectification_list", "整改"), ("review_campaigns", "评查"),
        ("follow_ups", "回访"), ("reports_board", "报表"), ("key_county_board", "重点县区"),
        ("problem_model_list", "问题模型"), ("oversight_home", "紧急处置与专项"),
    ]),
    ("服务型执法", [
        ("prevention_warnings", "预警"), ("prevention_hotspots", "投诉热点"), ("prevention_guides", "指引"),
        ("inspection_plan_list", "双随机"), ("case_list", "案件"), ("discretion_catalogue", "裁量"),
        ("library_search", "案例库"), ("library_similar", "类案比对"), ("repair_list", "信用修复"),
        ("service_home", "企业档案"), ("service_my_submissions", "我的反映"),
    ]),
    ("系统", [
        ("audit_list", "审计"), ("enterprise_list", "基础数据"), ("workdays", "工作日计算"),
    ]),
]  # fmt: skip
# entries reachable without a navigation line of their own (the guides are inside 预警's app)
EXTRA_ENTRIES = [("prevention_guides", "合规指引", "view_prevention")]


def _entries() -> list[tuple[str, str, str]]:
    entries: list[tuple[str, str, str]] = []
    for label in NAVIGATION_ORDER:
        config = apps.get_app_config(label)
        entries.extend(getattr(config, "navigation", []))
    ordered = [label for label in (c.label for c in apps.get_app_configs()) if label not in NAVIGATION_ORDER]
    for label in ordered:  # apps added later (their own `navigation`) come after the known ones
        entries.extend(getattr(apps.get_app_config(label), "navigation", []))
    dashboard, *rest = entries
    # the working-day calculator sits at the end, after the business pages
    tools = [e for e in rest if e[0] == "workdays"]
    return [dashboard, *[e for e in rest if e[0] != "workdays"], *EXTRA_ENTRIES, *tools]


def grouped(entries: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The allowed (url name, label) entries as (url name, short label, full label) in their groups;
    empty groups are dropped."""
    allowed = dict(entries)
    placed: set[str] = {"dashboard"}
    groups = []
    for title, members in NAVIGATION_GROUPS:
        links = [(name, short, allowed[name]) for name, short in members if name in allowed]
        placed.update(name for name, _ in members)
        if links:
            groups.append((title, links))
    others = [(name, label, label) for name, label in entries if name not in placed]
    if others:
        groups.append(("其他", others))
    return groups


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "navigation_groups": []}
    allowed = [(name, label) for name, label, permission in _entries() if has_permission(user, permission)]
    return {
        "navigation": allowed,
        "navigation_groups": grouped(allowed),
        "can": {permission: has_permission(user, permission) for permission in ("import_enterprises",)},
        "unread_notifications": unread_count(user),
    }
