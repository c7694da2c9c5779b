"""我的待办 from the shared cache: the same list until a write commits, then composed afresh."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiandu.clues import services as clue_services
from jiandu.clues.models import Channel
from jiandu.clues.tests.conftest import units  # noqa: F401 (fixture)
from jiandu.web.todo import my_todos
from jiandu.web.todocache import cached_todos

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(settings):
    settings.JIANDU_TODO_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _kinds(todos, clue) -> list[str]:
    return [t.kind for t in todos if f"第{clue.pk}号" in t.title]


def test_the_list_is_reused_until_a_write_commits(city, units, shared, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        clue = clue_services.file_clue(
            actor=city.task_force, channel=Channel.VISIT, summary="来信反映情况", region=city.east
        )
    first = cached_todos(user=units.east_chief)
    assert _kinds(first, clue) == []  # not triaged yet: nothing for the county bureau to assess
    with CaptureQueriesContext(connection) as captured:
        again = cached_todos(user=units.east_chief)
    assert again == first and len(captured.captured_queries) == 0

    with django_capture_on_commit_callbacks(execute=True):  # the triage commits: the cached list retires
        clue_services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    after = cached_todos(user=units.east_chief)
    assert _kinds(after, clue) == ["研判"]
    assert after == my_todos(user=units.east_chief)


def test_an_uncommitted_write_does_not_retire_the_list(city, shared, django_capture_on_commit_callbacks):
    first = cached_todos(user=city.task_force)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        clue = clue_services.file_clue(
            actor=city.task_force, channel=Channel.VISIT, summary="尚未提交", region=city.east
        )
    assert callbacks  # the generation moves on commit only
    assert cached_todos(user=city.task_force) == first
    assert _kinds(first, clue) == []


def test_without_a_shared_cache_the_list_is_composed_every_time(city, settings):
    settings.JIANDU_TODO_CACHE_SECONDS = 0
    cached_todos(user=city.task_force)
    with CaptureQueriesContext(connection) as captured:
        cached_todos(user=city.task_force)
    assert len(captured.captured_queries) > 0


def test_the_dashboard_says_how_long_its_figures_are_kept(client, city, settings, shared):
    settings.JIANDU_DASHBOARD_CACHE_SECONDS = 60
    client.force_login(city.task_force)
    page = client.get("/").content.decode()
    assert "本页统计在共享缓存中保留60秒" in page and "待办事项在每次办理提交后即时更新" in page
    settings.JIANDU_DASHBOARD_CACHE_SECONDS = 0
    assert 'id="cache-note"' not in client.get("/").content.decode()
