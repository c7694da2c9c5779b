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
from django.http import HttpRequest
from django.utils.functional import cached_property
from ninja import Field, Schema
from ninja.pagination import PaginationBase

COUNT_LIMIT = 10_000
DEFAULT_API_LIMIT = 50
MAX_API_LIMIT = 500


class BoundedPaginator(Paginator[Any]):
    def __init__(self, object_list: Any, per_page: int, *, limit: int = COUNT_LIMIT) -> None:
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        """The number of rows, counted up to `limit + 1` only."""
        if isinstance(self.object_list, QuerySet):
            return int(self.object_list.order_by()[: self.limit + 1].count())
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


def capped_count(items: Any, *, limit: int | None = None) -> int:
    """The number of rows, counted up to `limit + 1` only (a queryset is never counted in full)."""
    limit = COUNT_LIMIT if limit is None else limit
    if isinstance(items, QuerySet):
        return int(items.order_by()[: limit + 1].count())
    return len(items)


class BoundedLimitOffsetPagination(PaginationBase):
    """The API lists' limit/offset pagination without an exact COUNT or an OFFSET into millions.

    `count` stops at `COUNT_LIMIT + 1` (`count_capped` then says there are more, `count_label` reads
    "10,000+"); an offset past `COUNT_LIMIT` is refused: narrow the filter instead."""

    class Input(Schema):
        limit: int = Field(DEFAULT_API_LIMIT, ge=1, le=MAX_API_LIMIT)
        offset: int = Field(0, ge=0, le=COUNT_LIMIT)

    class Output(Schema):
        items: list[Any]
        count: int
        count_capped: bool
        count_label: str

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        offset, limit = pagination.offset, pagination.limit
        count = capped_count(queryset) if isinstance(queryset, QuerySet | list) else queryset.count()
        capped = count > COUNT_LIMIT
        return {
            "items": queryset[offset : offset + limit],
            "count": min(count, COUNT_LIMIT),
            "count_capped": capped,
            "count_label": f"{COUNT_LIMIT:,}+" if capped else f"{count:,}",
        }
