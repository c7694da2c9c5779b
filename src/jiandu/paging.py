"""Bounded pagination for lists that may hold millions of rows.

`BoundedPaginator` never counts past `limit` rows (it shows "10,000+" instead of an exact total) and
refuses pages beyond that bound (the user narrows the filter instead), so no request runs an exact
COUNT or an OFFSET into millions. The list's ORDER BY must be served by an index that starts with
the list's filter columns; each list's selector says which.

`keyset_page` is the API's cursor pagination: rows after a given (sort key, id), no OFFSET at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

COUNT_LIMIT = 10_000


class BoundedPaginator(Paginator):  # type: ignore[type-arg]
    def __init__(self, object_list: Any, per_page: int, *, limit: int = COUNT_LIMIT) -> None:
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        """The number of rows, counted up to `limit + 1` only."""
        if isinstance(self.object_list, QuerySet):
            return int(self.object_list[: self.limit + 1].count())
        return len(self.object_list)

    @property
    def capped(self) -> bool:
        return self.count > self.limit

    @property
    def count_label(self) -> str:
        return f"{self.limit:,}+" if self.capped else f"{self.count:,}"

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, self.limit) // self.per_page))


def bounded_page(items: Any, page: str | None, *, per_page: int = 50) -> Page[Any]:
    return BoundedPaginator(items, per_page).get_page(page)


def keyset_page(
    items: QuerySet[Any], *, order: Sequence[str], after: Sequence[Any] | None, limit: int
) -> tuple[list[Any], list[Any] | None]:
    """Rows of `items` ordered by `order` (descending fields prefixed "-", ending in a unique field;
    none of them nullable), strictly after the row whose order values are `after`; returns the rows
    and the next cursor (None on the last page)."""
    if after:
        condition = Q()
        for position, name in enumerate(order):
            field = name.lstrip("-")
            lookup = "lt" if name.startswith("-") else "gt"
            step = Q(**{f"{field}__{lookup}": after[position]})
            for earlier, value in zip(order[:position], after[:position], strict=False):
                step &= Q(**{earlier.lstrip("-"): value})
            condition |= step
        items = items.filter(condition)
    rows = list(items.order_by(*order)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = [_value(rows[-1], name.lstrip("-")) for name in order] if more and rows else None
    return rows, cursor


def _value(row: Any, field: str) -> Any:
    return row[field] if isinstance(row, dict) else getattr(row, field)
