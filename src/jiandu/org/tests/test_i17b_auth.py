"""Logins and tokens: the client address from the trusted proxy only, a growing delay per account and
address instead of a lock for everyone, tokens refused for a locked or inactive account, and bearer
writes that work without CSRF while session writes still need it."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from jiandu.org.clientip import client_ip
from jiandu.org.models import ApiToken
from jiandu.org.services import issue_api_token
from jiandu.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SUMMARY = "企业反映执法人员检查时未出示证件"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _request(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_forwarding_header_is_ignored_without_a_trusted_proxy(settings):
    settings.JIANDU_TRUSTED_PROXIES = []
    settings.JIANDU_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_trusted_proxy_header_is_read_from_the_right(settings):
    settings.JIANDU_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # a client may put anything on the left; the proxy appends the address it saw
    assert client_ip(_request("10.0.0.5", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("10.0.0.5", "6.6.6.6, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"
    # a request that does not come through the proxy: its header is believed by no one
    assert client_ip(_request("198.51.100.8", "6.6.6.6")) == "198.51.100.8"
    assert client_ip(_request("10.0.0.5", "not-an-address")) == "10.0.0.5"


def test_proxy_count(settings):
    settings.JIANDU_TRUSTED_PROXIES = []
    settings.JIANDU_PROXY_COUNT = 1
    assert client_ip(_request("10.0.0.5", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"


def _login(client, password, address):
    return client.post(
        reverse("login"), {"username": "zhuanban", "password": password}, HTTP_X_FORWARDED_FOR=address
    )


def test_failures_from_one_address_do_not_lock_the_account_for_others(client, city, settings):
    settings.JIANDU_TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        _login(client, "wrong-password", "198.51.100.66")
    response = _login(client, PASSWORD, "198.51.100.10")
    assert response.status_code == 302, response.content.decode()[:300]


def test_the_delay_grows_and_tries_during_it_do_not_extend_it(client, city, settings):
    settings.JIANDU_TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = "198.51.100.66"
    with time_machine.travel("2026-06-01 10:00:00+08:00", tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "wrong-password", attacker)
        refused = _login(client, PASSWORD, attacker)
        assert refused.status_code == 429 and "秒后再试" in refused.content.decode()
        first_delay = settings.JIANDU_LOGIN_DELAY_SECONDS
        for _ in range(20):  # hammering during the delay is refused without being counted
            assert _login(client, "wrong-password", attacker).status_code == 429
        clock.shift(first_delay + 1)
        assert _login(client, "wrong-password", attacker).status_code == 200  # checked, and wrong
        clock.shift(first_delay + 1)
        assert _login(client, PASSWORD, attacker).status_code == 429  # the second delay is twice as long
        clock.shift(first_delay + 1)
        assert _login(client, PASSWORD, attacker).status_code == 302


def _token(user) -> str:
    return issue_api_token(actor=user, user=user, name="对接")


def test_token_of_an_inactive_account_is_refused(client, city):
    token = _token(city.task_force)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/regions", headers=headers).status_code == 200
    city.task_force.is_active = False
    city.task_force.save()
    assert client.get("/api/regions", headers=headers).status_code == 401


def test_token_of_a_locked_account_is_refused(client, city, settings):
    settings.JIANDU_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.JIANDU_LOGIN_ACCOUNT_LIMIT = 6
    token = _token(city.task_force)
    headers = {"Authorization": f"Bearer {token}"}
    for number in range(settings.JIANDU_LOGIN_ACCOUNT_LIMIT):  # from many addresses: the account itself
        _login(client, "wrong-password", f"198.51.100.{number + 1}")
    assert client.get("/api/regions", headers=headers).status_code == 401
    assert ApiToken.objects.get().revoked is False


def test_bearer_token_write_works_without_csrf(city):
    browserless = Client(enforce_csrf_checks=True)
    token = _token(city.task_force)
    response = browserless.post(
        "/api/clues/",
        {"channel": "supervisor", "summary": SUMMARY, "region_code": city.east.code},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content


def test_session_write_still_needs_csrf(city):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(city.task_force)
    response = browser.post(
        "/api/clues/",
        {"channel": "supervisor", "summary": SUMMARY, "region_code": city.east.code},
        content_type="application/json",
    )
    assert response.status_code == 403
