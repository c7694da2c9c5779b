"""The composed dashboard is shared by users of the same region and role, never across regions."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.org.models import Role
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory
from jiandu.web.selectors import get_dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.JIANDU_DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_second_officer_of_the_county_gets_the_dashboard_without_queries(city, cached):
    EnterpriseFactory.create_batch(3, region=city.east)
    first = get_dashboard(user=city.officer)
    colleague = UserFactory(username="dong_officer2", role=Role.OFFICER, region=city.east)
    with CaptureQueriesContext(connection) as captured:
        second = get_dashboard(user=colleague)
    assert len(captured.captured_queries) == 0
    assert second.enterprises == first.enterprises == 3


def test_the_outsider_never_gets_the_other_countys_dashboard(city, cached):
    EnterpriseFactory.create_batch(3, region=city.east)
    PenaltyCaseFactory(enterprise=EnterpriseFactory(region=city.west))
    east = get_dashboard(user=city.officer)
    west = get_dashboard(user=city.outsider)
    assert [r.region for r in east.counties] == [city.east]
    assert [r.region for r in west.counties] == [city.west]
    assert (east.enterprises, west.enterprises) == (3, 1)
