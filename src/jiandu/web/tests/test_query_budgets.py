"""Query budgets: every main page and API list answers in a fixed number of queries, whatever the rows.

Each page is fetched by the three personas (city task force, county officer, outsider from the other
county) with a few rows of every kind present, then again after more rows were added: the number of
queries must stay within the page's budget and must not grow with the rows (an N+1 would)."""

from __future__ import annotations

import datetime as dt

import pytest
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
    ("/", 44),  # the dashboard plus 我的待办 (a bounded query or two per provider), the bell
    ("/cases/", 14),
    ("/cases/?status=closed", 14),
    ("/clues/", 14),
    ("/rectifications/", 15),
    ("/enterprises/", 12),
    ("/enterprises/?q=%E6%B5%8B", 12),
    ("/follow-ups/", 12),
    ("/api/cases/", 9),
    ("/api/clues/", 10),
    ("/api/enterprises", 9),
    ("/api/rectifications/", 10),
    ("/api/reviews/follow-ups", 9),
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
