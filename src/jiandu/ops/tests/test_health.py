"""/healthz, request ids and structured logs, in-process."""

from __future__ import annotations

import json
import logging

import pytest

from jiandu.ops import health
from jiandu.ops.logs import JsonFormatter, RequestIdFilter


@pytest.mark.django_db
def test_healthz_reports_each_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "index"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("缓存服务不可达")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"]["ok"] is False
    assert "缓存服务不可达" in body["checks"]["cache"]["detail"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_request_id_is_echoed_when_well_formed_and_replaced_otherwise(client):
    given = client.get("/healthz", headers={"X-Request-ID": "proxy-abc-12345"})
    assert given["X-Request-ID"] == "proxy-abc-12345"
    injected = client.get("/healthz", headers={"X-Request-ID": "bad id\r\nSet-Cookie: x=1"})
    assert injected["X-Request-ID"] != "bad id\r\nSet-Cookie: x=1"
    assert len(injected["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord("jiandu.test", logging.WARNING, __file__, 1, "导入 %s 行", (3,), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "导入 3 行"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "-"
