"""The audit trail shows the auditor no reporter identity, neither in the fields nor inside the text."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jiandu.clues import services
from jiandu.clues.models import Channel

pytestmark = pytest.mark.django_db

TEXT = "我是反映人李四，手机13912345678，执法人员检查时以不配合为由当场扣押货物。"


def test_auditor_sees_the_trail_without_the_reporter(client, city):
    services.file_clue(
        actor=city.task_force,
        channel=Channel.SUPERVISOR,
        summary=TEXT,
        region=city.east,
        reporter_name="李四",
    )
    client.force_login(city.auditor)
    page = client.get(reverse("audit_list")).content.decode()
    api = json.dumps(client.get("/api/audit/entries").json(), ensure_ascii=False)
    for body in (page, api):
        assert "李四" not in body and "13912345678" not in body
    assert "李某" in api
    client.force_login(city.task_force)  # the task force contacts reporters: it sees them
    assert "李四" in json.dumps(client.get("/api/audit/entries").json(), ensure_ascii=False)
