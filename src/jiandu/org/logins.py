"""Failed logins slow the next try down instead of locking the account for everyone.

Failures are counted in the shared Django cache per pair (account, client address) and per account.
Once a pair has ``JIANDU_LOGIN_FAILURE_LIMIT`` failures, its next try must wait
``JIANDU_LOGIN_DELAY_SECONDS``, and the wait doubles with each further failure up to
``JIANDU_LOGIN_COOLOFF_HOURS``. A try during the wait is refused without checking the password and is
not counted, so hammering does not extend it. Other addresses are not slowed: a stranger behind a NAT
cannot lock ``admin`` out for the whole office. Only when the account collects
``JIANDU_LOGIN_ACCOUNT_LIMIT`` failures from all addresses together is the account itself slowed
(every address) — it is then *locked*, and its API tokens are refused until the wait has passed. A
successful login clears the pair and the account.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jiandu.org.clientip import client_ip

KEEP_SECONDS = 24 * 3600


def _limits() -> tuple[int, int, float, int]:
    limit = int(getattr(settings, "AXES_FAILURE_LIMIT", 5))
    base = int(getattr(settings, "JIANDU_LOGIN_DELAY_SECONDS", 30))
    cap = float(getattr(settings, "AXES_COOLOFF_TIME", 0.5) or 0.5) * 3600
    account_limit = int(getattr(settings, "JIANDU_LOGIN_ACCOUNT_LIMIT", 50))
    return limit, base, cap, account_limit


def _account(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


def _keys(username: str, address: str) -> tuple[str, str]:
    account = _account(username)
    return f"login:pair:{account}:{address}", f"login:account:{account}"


def _wait(state: Any, limit: int, base: int, cap: float, now: float) -> float:
    if not isinstance(state, dict) or int(state.get("failures", 0)) < limit:
        return 0.0
    delay = min(float(base * 2 ** min(int(state["failures"]) - limit, 30)), cap)
    return max(float(state.get("last", 0)) + delay - now, 0.0)


def seconds_to_wait(username: str, address: str) -> int:
    """How long the pair must still wait before its password is checked again (0: not at all)."""
    limit, base, cap, account_limit = _limits()
    pair_key, account_key = _keys(username, address)
    now = time.time()
    wait = max(
        _wait(cache.get(pair_key), limit, base, cap, now),
        _wait(cache.get(account_key), account_limit, base, cap, now),
    )
    return math.ceil(wait)


def account_locked(username: str) -> bool:
    """The account as a whole is being slowed down (failures from many addresses)."""
    _limit, base, cap, account_limit = _limits()
    return _wait(cache.get(_keys(username, "")[1]), account_limit, base, cap, time.time()) > 0


def record_failure(username: str, address: str) -> None:
    now = time.time()
    for key in _keys(username, address):
        state = cache.get(key)
        failures = int(state.get("failures", 0)) if isinstance(state, dict) else 0
        cache.set(key, {"failures": failures + 1, "last": now}, timeout=KEEP_SECONDS)


def record_success(username: str, address: str) -> None:
    cache.delete_many(list(_keys(username, address)))


class LoginDelayBackend(BaseBackend):
    """First in AUTHENTICATION_BACKENDS: refuses a try that must still wait, before any password check."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
        if request is None or not username:
            return None
        wait = seconds_to_wait(username, client_ip(request))
        if wait > 0:
            request.jiandu_login_wait = wait  # type: ignore[attr-defined]
            raise PermissionDenied
        return None

    def get_user(self, user_id: Any) -> Any:
        """Sessions opened while this backend comes first (e.g. the test client's force_login)."""
        return ModelBackend().get_user(user_id)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    username = str(credentials.get("username") or "")
    if request is None or not username or request.__dict__.get("jiandu_login_wait"):
        return
    record_failure(username, client_ip(request))


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **_: Any) -> None:
    if request is not None:
        record_success(user.get_username(), client_ip(request))
