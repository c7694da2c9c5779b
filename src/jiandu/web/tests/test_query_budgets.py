"""Query budgets: every main page and API list answers in a fixed number of queries, whatever the rows.

Each page is fetched by the three personas (city task force, county officer, outsider from the other
county) with a few rows of every kind present, then again after more rows were added: the number of
queries must stay within the page's budget and must not grow with the rows (an N+1 would)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu import paging
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.clues.models import ClueStatus
from jiandu.clues.tests.factories import ClueFactory, UnitFactory
from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.rectify.models import Rectification
from jiandu.reviews.models import FollowUp, FollowUpKind

pytestmark = pytest.mark.django_db

# (path, budget): the budget is the most queries the page may run for any persona.
PAGES = [
    ("/", 35),  # the dashboard composed uncached (the test setting) plus 我的待办 and the bell: 33 now
    ("/cases/", 10),
    ("/cases/?status=closed", 10),
    ("/clues/", 11),
    ("/rectifications/", 12),
    ("/enterprises/", 9),
    ("/enterprises/?q=%E6%B5%8B", 9),
    ("/follow-ups/", 9),
    ("/api/cases/", 6),
    ("/api/clues/", 7),
    ("/api/enterprises", 6),
    ("/api/rectifications/", 7),
    ("/api/reviews/follow-ups", 5),
]
PERSONAS = ["task_force", "officer", "outsider"]


def _add_rows(city, n: int) -> None:
    unit = UnitFactory(region=city.city)
    for region in (city.east, city.west):
        for i in range(n):
            firm = EnterpriseFactory(region=region, name=f"测试商贸有限公司{region.code}{i}")
            case = PenaltyCaseFactory(enterprise=firm, decided_on=dt.date(2026, 4, 1) + dt.timedelta(days=i))
            clue = ClueFactory(
                region=region,
                enterprise=firm,
                status=ClueStatus.RECTIFYING,
                step_started_on=dt.date(2026, 5, 1),
            )
            Rectification.objects.create(
                clue=clue,
                region=region,
                unit=unit,
                responsible_person="王某",
                measures="退还费用",
                mode="deadline",
                term_workdays=10,
                opened_on=dt.date(2026, 5, 1),
            )
            FollowUp.objects.create(
                case=case,
                kind=FollowUpKind.MANDATORY,
                region=region,
                reasons=["重大案件"],
                rules_version="test",
                due_on=dt.date(2026, 6, 1) + dt.timedelta(days=i),
            )


def _queries(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, len(captured.captured_queries)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("path", "budget"), PAGES)
def test_the_page_stays_within_its_query_budget_and_does_not_grow_with_rows(
    client, city, persona, path, budget, django_assert_max_num_queries
):
    client.force_login(getattr(city, persona))
    _add_rows(city, 3)
    client.get(path)  # warm per-process caches (the calendar, the figures) as a running server would
    status, few = _queries(client, path)
    assert status == 200, path
    _add_rows(city, 6)
    with django_assert_max_num_queries(budget):
        response = client.get(path)
    assert response.status_code == 200
    status, many = _queries(client, path)
    assert many <= few, f"{path}: {few} queries with 6 rows a county, {many} with 15"


def test_the_api_list_says_ten_thousand_plus_instead_of_counting_everything(client, city, monkeypatch):
    client.force_login(city.task_force)
    _add_rows(city, 3)
    monkeypatch.setattr(paging, "COUNT_LIMIT", 4)
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/cases/?limit=2").json()
    assert (body["count"], body["count_capped"], body["count_label"]) == (4, True, "4+")
    assert len(body["items"]) == 2
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 5" in sql.upper() for sql in counts)


def test_an_api_offset_past_the_bound_is_refused(client, city):
    client.force_login(city.task_force)
    assert client.get("/api/cases/?offset=10001").status_code == 422
    assert client.get("/api/cases/?offset=10000").status_code == 200


LARGE_TABLES = ("cases_penaltycase", "prevention_complaint", "org_enterprise")


def test_a_cached_dashboard_reads_no_figures_and_no_large_table(client, city, settings):
    """In production the composed dashboard lives in the shared cache for a minute: a colleague's
    request then runs only 我的待办 (bounded reads of the work items), the bell and the signed-in user:
    no figures query and no count or sum over the case, complaint or firm tables."""
    settings.JIANDU_DASHBOARD_CACHE_SECONDS = 60
    cache.clear()  # no dashboard of an earlier test (same region id on SQLite) may be read
    _add_rows(city, 3)
    client.force_login(city.officer)
    client.get("/")
    colleague = type(city.officer).objects.create_user(
        username="dong_officer_2", password="x", role=city.officer.role, region=city.east
    )
    client.force_login(colleague)
    client.get("/notifications/")  # the session's first refresh, as on any first page
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert not [q for q in sql if "figures_" in q], sql
    large = [q for q in sql if any(f'"{table}"' in q for table in LARGE_TABLES)]
    assert all("LIMIT" in q and "COUNT(" not in q and "SUM(" not in q for q in large), large
    assert len(sql) <= 12, [q[:80] for q in sql]  # 10 now
    cache.clear()
