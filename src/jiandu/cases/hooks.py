"""What the floors above cases plug into the case workflow, registered explicitly at start-up.

Cases sit below the case library and the reviews (DESIGN.md, floors): they never import them. The
library gives the similar-case check and keeps its index; the reviews schedule follow-up visits.
Each registers its callables here from its `AppConfig.ready()`:

    from jiandu.cases import hooks
    hooks.provide_similar_check(check_similar)
    hooks.on_case_changed(index_case)
    hooks.on_case_decided(schedule_follow_ups)

A missing provider is a configuration error (`ImproperlyConfigured`), never a silent skip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured

from jiandu.cases.models import PenaltyCase
from jiandu.org.models import User


class SimilarCheck(Protocol):
    def __call__(
        self,
        *,
        text: str,
        item_code: str,
        domain_name: str,
        proposed_outcome: str,
        proposed_fine: Decimal | None,
        exclude_case_id: int | None,
        user: User | None,
        fine_base: Decimal | None = None,
        statutory_min: Decimal | None = None,
        statutory_max: Decimal | None = None,
        mitigation_reason: str = "",
        aggravation_reason: str = "",
        party_kind: str = "enterprise",
    ) -> Mapping[str, Any]: ...


CaseListener = Callable[..., object]

_similar: list[SimilarCheck] = []
_changed: list[CaseListener] = []
_decided: list[CaseListener] = []


def provide_similar_check(check: SimilarCheck) -> None:
    _similar[:] = [check]


def on_case_changed(listener: CaseListener) -> None:
    """`listener(case)` after a case is created or changes state (e.g. the library index)."""
    if listener not in _changed:
        _changed.append(listener)


def on_case_decided(listener: CaseListener) -> None:
    """`listener(case=…, actor=…)` after a decision, and after the 复议/诉讼 flags change."""
    if listener not in _decided:
        _decided.append(listener)


def similar_check() -> SimilarCheck:
    if not _similar:
        raise ImproperlyConfigured("类案核查未注册：请在 INSTALLED_APPS 中启用 jiandu.library。")
    return _similar[0]


def case_changed(case: PenaltyCase) -> None:
    for listener in _changed:
        listener(case)


def case_decided(*, case: PenaltyCase, actor: User | None) -> None:
    for listener in _decided:
        listener(case=case, actor=actor)
