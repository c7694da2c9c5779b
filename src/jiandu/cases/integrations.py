"""The one place the cases app calls the other apps' engines and services.

Discretion (`jiandu.engines.discretion`, rule catalogue in `jiandu.discretion`), similar cases and
the case index (`jiandu.library`), follow-up visits (`jiandu.reviews`). Imports are made inside the
functions so that the cases app loads even while a neighbour is being rebuilt; a missing catalogue
or index is reported in the result instead of stopping the case.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

logger = logging.getLogger(__name__)

DISCRETION_LABELS: dict[str, str] = {
    "time_barred": "超过追责时效,不再给予行政处罚",
    "no_penalty": "不予行政处罚",
    "may_waive": "可以不予行政处罚(首违不罚)",
    "lenient": "从轻处罚",
    "mitigated": "减轻处罚",
    "aggravated": "从重处罚",
    "standard": "一般处罚",
}


def assess_discretion(case_json: Mapping[str, Any]) -> dict[str, Any]:
    """The discretion engine's result for one case object of the `jiandu discretion` contract."""
    from jiandu.engines.discretion import assess

    return dict(assess(case_json))


def get_item(code: str) -> Any | None:
    """A violation item of the rule catalogue (code, name, domain, legal_basis, fine, …), or None."""
    if not code:
        return None
    try:
        from jiandu.discretion.selectors import get_item as catalogue_get_item
    except ImportError:
        logger.warning("违法行为事项目录尚不可用")
        return None
    return catalogue_get_item(code)


def list_items() -> list[Any]:
    """The current catalogue's items (for the item picker), or none while it is unavailable."""
    try:
        from jiandu.discretion.selectors import list_items as catalogue_items
    except ImportError:
        return []
    return list(catalogue_items())


def exemptions_for(item_code: str) -> list[Any]:
    """The 首违不罚 / 轻微不罚 list entries naming this item (kind, description, conditions)."""
    if not item_code:
        return []
    try:
        from jiandu.discretion.selectors import exemptions_for as catalogue_exemptions
    except ImportError:
        return []
    return list(catalogue_exemptions(item_code))


def item_field(item: Any, name: str, default: Any = "") -> Any:
    if item is None:
        return default
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def is_first_violation(*, enterprise: Any, item_code: str, on: Any) -> bool | None:
    """Whether the firm has no earlier penalty for the same item in the window; None if unknown."""
    if not item_code:
        return None
    try:
        from jiandu.discretion.services import is_first_violation as check
    except ImportError:
        return None
    return bool(check(enterprise=enterprise, item_code=item_code, on=on))


def check_similar(
    *,
    text: str,
    item_code: str,
    domain_name: str,
    proposed_outcome: str,
    proposed_fine: Decimal | None,
    exclude_case_id: int | None,
    user: Any,
) -> dict[str, Any]:
    try:
        from jiandu.library.services import check_similar as library_check
    except ImportError:
        return {
            "count": 0,
            "similar": [],
            "distribution": {},
            "median": None,
            "percentile": None,
            "flagged": False,
            "reasons": ["类案库尚不可用,未进行类案核查。"],
            "enough": False,
            "unavailable": True,
        }
    result = library_check(
        text=text,
        item_code=item_code,
        domain_name=domain_name,
        proposed_outcome=proposed_outcome,
        proposed_fine=proposed_fine,
        exclude_case_id=exclude_case_id,
        user=user,
    )
    safe: dict[str, Any] = _json_safe(dict(result))
    return safe


def index_case(case: Any) -> None:
    try:
        from jiandu.library.services import index_case as library_index
    except ImportError:
        return
    try:
        library_index(case)
    except Exception:  # the index can be rebuilt (`jiandu index rebuild`); never lose the case for it
        logger.exception("案例库索引更新失败:案件 %s", case.pk)


def schedule_follow_ups(*, case: Any, actor: Any) -> None:
    """事后回访 after every decision, and the mandatory 双百回访 when the case calls for one."""
    from jiandu.reviews.services import ensure_follow_up_task, schedule_after_penalty_visit

    schedule_after_penalty_visit(case=case, actor=actor)
    ensure_follow_up_task(case=case, actor=actor)


def ensure_mandatory_follow_up(*, case: Any, actor: Any) -> None:
    from jiandu.reviews.services import ensure_follow_up_task

    ensure_follow_up_task(case=case, actor=actor)


def follow_ups_of(case: Any) -> list[Any]:
    try:
        return list(case.follow_ups.all())
    except AttributeError:
        return []


def _json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
