"""Bounded counts and keyset pages over a real table (enterprises)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu.org.models import Enterprise
from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.paging import BoundedPaginator, bounded_page, keyset_page

pytestmark = pytest.mark.django_db


def test_the_count_stops_at_the_limit(city):
    EnterpriseFactory.create_batch(23, region=city.east)
    paginator = BoundedPaginator(Enterprise.objects.order_by("id"), 5, limit=10)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 11
    assert "LIMIT 11" in queries.captured_queries[0]["sql"].upper()
    assert paginator.capped and paginator.count_label == "10+"
    assert paginator.num_pages == 2  # pages beyond the bound are not offered
    assert bounded_page(Enterprise.objects.order_by("id"), "99", per_page=5).number == 5


def test_an_exact_count_below_the_limit(city):
    EnterpriseFactory.create_batch(7, region=city.east)
    paginator = BoundedPaginator(Enterprise.objects.order_by("id"), 5, limit=10)
    assert (paginator.count, paginator.capped, paginator.count_label, paginator.num_pages) == (
        7,
        False,
        "7",
        2,
    )


def test_keyset_pages_visit_every_row_once_in_order_with_ties(city):
    for n in range(17):
        EnterpriseFactory(region=city.east if n % 3 else city.west, credit_class="ABCD"[n % 4])
    order = ["-credit_class", "id"]
    expected = list(Enterprise.objects.order_by(*order).values_list("id", flat=True))
    seen, cursor = [], None
    for _ in range(10):
        rows, cursor = keyset_page(Enterprise.objects.all(), order=order, after=cursor, limit=4)
        seen += [row.id for row in rows]
        if cursor is None:
            break
    assert seen == expected
