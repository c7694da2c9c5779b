"""The OpenAPI docs are served from installed packages, never from a CDN."""

from __future__ import annotations

import re

import pytest

# a script, stylesheet, image or font loaded from another host (http://, https:// or //)
EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_endpoints(client, city):
    client.force_login(city.task_force)
    schema = client.get("/api/openapi.json").json()
    assert {"/api/regions", "/api/enterprises", "/api/enterprises/{uscc}", "/api/audit/entries"} <= set(
        schema["paths"]
    )


def test_docs_page_loads_assets_locally(client, city):
    client.force_login(city.task_force)
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/" in page
    assert not EXTERNAL_ASSET.findall(page)
