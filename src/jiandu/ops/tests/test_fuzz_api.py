"""Schemathesis against the ninja OpenAPI schema, in-process and bounded: every operation, as an
anonymous caller and as a county officer; no answer may be a 5xx, every answer of /api/ is JSON.

`JIANDU_FUZZ_EXAMPLES` (default 3) sets the cases per operation and persona; the run prints the
figures (operations × cases, 5xx found) that docs/hardening.md quotes.
"""

from __future__ import annotations

import contextlib
import os
import secrets

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from jiandu.api import api

pytestmark = pytest.mark.django_db(transaction=False)

STATUSES: dict[int, int] = {}
EXAMPLES = int(os.environ.get("JIANDU_FUZZ_EXAMPLES", "3"))
SKIP = {
    # streams a file download of every object the user sees; fuzzing only repeats the list tests
}


@pytest.fixture
def wsgi_app():
    # like Django's test client: the request signals must not close the test's connection
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_fuzz(app, *, cookies: dict[str, str], headers: dict[str, str]) -> tuple[int, int, list[str]]:
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
    schema.app = app
    operations = cases = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if f"{operation.method.upper()} {operation.path}" in SKIP:
            continue
        operations += 1
        cases += fuzz_operation(operation, headers=headers, cookies=cookies, failures=failures)
    return operations, cases, failures


def fuzz_operation(
    operation, *, headers: dict[str, str], cookies: dict[str, str], failures: list[str]
) -> int:
    """Send up to EXAMPLES generated cases of one operation; note every 5xx and non-JSON error."""
    sent: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case) -> None:
        response = case.call(headers=headers, cookies=cookies)
        sent.append(1)
        STATUSES[response.status_code] = STATUSES.get(response.status_code, 0) + 1
        label = f"{operation.method.upper()} {operation.path} → {response.status_code}"
        content_type = response.headers.get("content-type") or [""]
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        if response.status_code >= 500:
            failures.append(f"{label}: {response.content[:200]!r}")
        elif response.status_code >= 400 and not content_type.startswith("application/json"):
            failures.append(f"{label}: not JSON ({content_type})")

    with contextlib.suppress(Unsatisfiable):
        check()
    return len(sent)


def test_fuzz_anonymous(wsgi_app, city, enterprises):
    operations, cases, failures = run_fuzz(wsgi_app, cookies={}, headers={})
    print(f"fuzz anonymous: {operations} operations, {cases} cases, {len(failures)} failures")
    assert operations > 100 and cases >= operations
    assert not failures, "\n".join(failures)


def test_fuzz_as_county_officer(wsgi_app, client, city, enterprises):
    client.force_login(city.officer)
    token = secrets.token_hex(16)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    operations, cases, failures = run_fuzz(wsgi_app, cookies=cookies, headers={"X-CSRFToken": token})
    print(f"fuzz county officer: {operations} operations, {cases} cases, {len(failures)} failures")
    print(f"fuzz statuses: {sorted(STATUSES.items())}")
    assert operations > 100 and cases >= operations
    assert not failures, "\n".join(failures)
