"""What each role may do, as a table. Region scope is applied separately, by the selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from jiandu.org.models import Role, User

STAFF: set[str] = {
    Role.TASK_FORCE,
    Role.BUSINESS_UNIT,
    Role.COUNTY_BUREAU,
    Role.OFFICER,
    Role.LEGAL_REVIEWER,
    Role.AUDITOR,
}

PERMISSIONS: dict[str, tuple[str, set[str]]] = {
    "view_dashboard": ("查看工作台", STAFF),
    "view_enterprises": ("查看经营主体", STAFF),
    "import_enterprises": ("导入经营主体", {Role.TASK_FORCE.value, Role.COUNTY_BUREAU.value}),
    "view_cases": ("查看处罚案件", STAFF),
    "view_clues": ("查看问题线索", STAFF),
    "read_audit": ("查看审计留痕", {Role.AUDITOR.value, Role.TASK_FORCE.value}),
    "manage_holidays": ("维护节假日安排", {Role.TASK_FORCE.value, Role.LEGAL_REVIEWER.value}),
    "use_workdays": ("工作日计算", STAFF | {Role.SUPERVISOR.value}),
}


def has_permission(user: Any, permission: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.role in PERMISSIONS[permission][1]


def check_permission(user: User, permission: str) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied(f"您的角色无权{PERMISSIONS[permission][0]}。")


View = TypeVar("View", bound=Callable[..., Any])


def permission_required(permission: str) -> Callable[[View], View]:
    """Login first, then the role check; a refusal is a 403 page that says which right is missing."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            check_permission(request.user, permission)
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorate
