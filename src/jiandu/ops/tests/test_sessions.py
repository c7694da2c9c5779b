"""An idle session still ends after 30 minutes although it is no longer written on every request."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PAGE = "/notifications/"


def _expiry(client) -> dt.datetime:
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return Session.objects.get(session_key=key).expire_date


def _session_writes(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return sum(
        1 for q in captured.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"][:10]
    )


def test_idle_session_length_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.JIANDU_SESSION_REFRESH_SECONDS == 60


def test_session_is_refreshed_once_a_minute_and_ends_after_thirty_idle_minutes(client, city):
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(city.officer)
        assert _session_writes(client) == 1  # the first page view stamps the refresh time
        assert _expiry(client) == START + age

        traveller.shift(dt.timedelta(seconds=30))
        assert _session_writes(client) == 0  # within the minute: no write, the expiry stays
        assert _expiry(client) == START + age

        traveller.shift(dt.timedelta(seconds=31))
        assert _session_writes(client) == 1  # a minute on: written again, expiry moved
        refreshed = START + dt.timedelta(seconds=61)
        assert _expiry(client) == refreshed + age

        traveller.shift(age - dt.timedelta(seconds=1))  # idle for 29 min 59 s: still signed in
        assert client.get(PAGE).status_code == 200

        traveller.shift(age + dt.timedelta(seconds=1))  # idle for 30 min 1 s: signed out
        response = client.get(PAGE)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_anonymous_requests_get_no_session(client, city):
    with CaptureQueriesContext(connection) as captured:
        client.get("/login/")
    assert not any("django_session" in q["sql"] for q in captured.captured_queries)
    assert settings.SESSION_COOKIE_NAME not in client.cookies
