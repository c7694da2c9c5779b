"""Staff create and revoke their own API tokens; a revoked token stops working."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.org.models import ApiToken

pytestmark = pytest.mark.django_db


def test_create_use_and_revoke_a_token(client, city, enterprises):
    client.force_login(city.officer)
    page = client.post(reverse("api_tokens"), {"name": "对接12345平台"}).content.decode()
    token = re.search(r'<code id="new-token">(jd_[^<]+)</code>', page).group(1)
    stored = ApiToken.objects.get(user=city.officer)
    assert token not in stored.digest and len(stored.digest) == 64
    client.logout()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/enterprises", headers=headers).json()["count"] == 3  # the officer's county only
    client.force_login(city.officer)
    client.post(reverse("api_token_revoke", args=[stored.pk]))
    client.logout()
    assert client.get("/api/enterprises", headers=headers).status_code == 401
    assert AuditEntry.objects.filter(target_type="org.apitoken").count() == 2


def test_cannot_revoke_someone_elses_token(client, city):
    client.force_login(city.officer)
    client.post(reverse("api_tokens"), {"name": "甲"})
    token = ApiToken.objects.get(user=city.officer)
    client.force_login(city.outsider)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert not token.revoked


def test_token_needs_a_purpose(client, city):
    client.force_login(city.officer)
    page = client.post(reverse("api_tokens"), {"name": " "}).content.decode()
    assert "请填写令牌用途" in page and not ApiToken.objects.exists()


def test_cli_issues_a_working_token(client, city, capsys):
    from jiandu.cli import main

    assert main(["token", "issue", "--user", "zhuanban", "--name", "数据对接"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("jd_")
    assert client.get("/api/regions", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert main(["token", "issue", "--user", "nobody", "--name", "x"]) == 2
