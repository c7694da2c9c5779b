"""The staff web shell: login, dashboard figures, security basics."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from jiandu.cases.models import PenaltyCase
from jiandu.org.logins import record_success
from jiandu.org.models import Domain
from jiandu.org.tests.factories import PASSWORD
from jiandu.web.selectors import get_dashboard
from jiandu.web.tests.test_api_docs import EXTERNAL_ASSET

pytestmark = pytest.mark.django_db


def _case(number: str, enterprise, decided: dt.date, fine: str) -> PenaltyCase:
    return PenaltyCase.objects.create(
        decision_number=number,
        enterprise=enterprise,
        region=enterprise.region,
        domain=Domain.objects.get(code="food"),
        violation="经营超过保质期的食品",
        filed_on=decided - dt.timedelta(days=20),
        decided_on=decided,
        fine=Decimal(fine),
    )


def test_pages_require_login(client):
    for name in ["dashboard", "enterprise_list", "case_list", "clue_list", "workdays"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_login_then_dashboard(client, city):
    response = client.post(reverse("login"), {"username": "zhuanban", "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert "工作台" in page and "各县（市、区）罚没金额" in page and "数据截至" in page
    assert 'id="follow-up-coverage"' in page and 'id="repeat-warnings"' in page
    assert 'id="overdue-summary"' in page


@time_machine.travel(dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC))
def test_dashboard_figures_follow_the_data_and_the_scope(city, enterprises):
    east, west = enterprises
    _case("东-1", east[0], dt.date(2026, 3, 5), "20000")
    _case("东-2", east[1], dt.date(2025, 3, 5), "10000")
    _case("西-1", west[0], dt.date(2026, 10, 31), "5000")
    _case("西-old", west[0], dt.date(2023, 1, 1), "99999")  # outside the 36 months
    _case("东-now", east[0], dt.date(2026, 11, 2), "7777")  # current, incomplete month
    board = get_dashboard(user=city.task_force)
    rows = {row.region.code: row for row in board.counties}
    assert rows["411802"].fines == Decimal("20000") and rows["411802"].fines_before == Decimal("10000")
    assert rows["411802"].growth == Decimal("100.0")
    assert rows["411803"].cases == 1 and board.cases == 2
    assert board.fines_wan == Decimal("2.5")
    assert board.enterprises == 5
    assert (
        "东城区" in board.fines_svg and "<rect" in board.fines_svg and "<title>东城区：2" in board.fines_svg
    )
    officer_board = get_dashboard(user=city.officer)
    assert [row.region.code for row in officer_board.counties] == ["411802"]
    assert officer_board.enterprises == 3


def test_security_headers_and_csp(client, city):
    client.force_login(city.task_force)
    response = client.get(reverse("dashboard"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not EXTERNAL_ASSET.findall(response.content.decode())


def test_lockout_after_repeated_failures(client, city):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "zhuanban", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "zhuanban", "password": PASSWORD})
    assert response.status_code == 429
    assert "秒后再试" in response.content.decode()  # a growing delay (org/logins.py)
    record_success("zhuanban", "127.0.0.1")  # the delay lives in the cache: leave none for later tests


def test_weak_password_is_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("abcdefghij")
    validate_password("Strong#Pass2026x")


def test_session_times_out_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # refreshed once a minute: ops/tests/test_sessions.py


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"JIANDU_DEBUG": "1", "JIANDU_SECRET_KEY": "x" * 60}, "DEBUG"),
        ({}, "JIANDU_SECRET_KEY"),
        ({"JIANDU_SECRET_KEY": "jiandu-insecure-" + "x" * 50}, "JIANDU_SECRET_KEY"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, extra, message):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANDU_")}
    env |= {
        "JIANDU_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "jiandu.settings",
        "JIANDU_VAR_DIR": str(tmp_path),
    }
    env |= extra
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and message in result.stderr


def test_production_starts_with_a_proper_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANDU_")}
    env |= {
        "JIANDU_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "jiandu.settings",
        "JIANDU_VAR_DIR": str(tmp_path),
        "JIANDU_SECRET_KEY": "k" * 64,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_workdays_page_warns_for_years_without_official_table(client, city):
    client.force_login(city.officer)
    page = client.get(reverse("workdays"), {"start": "2026-09-28", "days": 7}).content.decode()
    assert "2026-10-13" in page and "尚无国务院公布的放假安排" not in page
    page = client.get(reverse("workdays"), {"start": "2027-09-28", "days": 7}).content.decode()
    assert "尚无国务院公布的放假安排" in page
