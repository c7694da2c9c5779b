"""The reporter's identity inside the clue text is masked for everyone but those who contact reporters;
staff can redact it at intake; a supervisor filing a clue learns no other clue ids."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jiandu.clues import selectors, services
from jiandu.clues.models import Channel, Clue, DuplicateLink
from jiandu.org.models import Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = "我是反映人李四，手机13912345678，执法人员检查时以不配合为由当场扣押货物，没有出具任何文书。"


def _public(client, city):
    response = client.post(
        "/api/clues/public", {"region_code": city.east.code, "summary": TEXT}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return Clue.objects.get()


def test_public_submission_text_is_masked_in_list_and_detail(client, city):
    clue = _public(client, city)
    client.force_login(city.officer)  # an officer of the county: reads clues, not reporters
    listed = json.dumps(client.get("/api/clues/").json(), ensure_ascii=False)
    detail = json.dumps(client.get(f"/api/clues/{clue.pk}").json(), ensure_ascii=False)
    page = client.get(reverse("clue_detail", args=[clue.pk])).content.decode()
    assert "我是反映人李某" in listed and "139****5678" in detail
    for body in (listed, detail, page):
        assert "李四" not in body and "13912345678" not in body


def test_handlers_see_the_text_as_written(client, city, units):
    clue = _public(client, city)
    assert selectors.summary_of(clue, city.task_force) == TEXT
    client.force_login(city.task_force)
    page = client.get(reverse("clue_detail", args=[clue.pk])).content.decode()
    assert "李四" in page


def test_clue_list_page_masks_for_a_county_officer(client, city):
    services.file_clue(actor=city.task_force, channel=Channel.SUPERVISOR, summary=TEXT, region=city.east)
    client.force_login(city.officer)
    page = client.get(reverse("clue_list")).content.decode()
    assert "李四" not in page


def test_redaction_at_intake(client, city):
    client.force_login(city.task_force)
    response = client.post(
        "/api/clues/",
        {
            "channel": Channel.SUPERVISOR,
            "summary": TEXT,
            "region_code": city.east.code,
            "reporter_name": "李四",
            "redact_identity": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    clue = Clue.objects.get()
    assert "李四" not in clue.summary and "13912345678" not in clue.summary
    assert clue.reporter_name == "李四"


def test_supervisor_filing_a_clue_sees_no_duplicate_ids(client, city):
    first = services.file_clue(
        actor=city.task_force, channel=Channel.SUPERVISOR, summary=TEXT, region=city.east
    )
    supervisor = UserFactory(username="jiandu_yuan", role=Role.SUPERVISOR, region=city.east)
    client.force_login(supervisor)
    response = client.post(
        "/api/clues/",
        {"channel": Channel.SUPERVISOR, "summary": TEXT, "region_code": city.east.code},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert DuplicateLink.objects.filter(other=first).exists()  # the duplicate was found…
    assert response.json()["duplicates"] == []  # …but not told to the supervisor


def test_duplicate_list_masks_the_other_clues_text(client, city):
    services.file_clue(actor=city.task_force, channel=Channel.SUPERVISOR, summary=TEXT, region=city.east)
    second = services.file_clue(
        actor=city.task_force, channel=Channel.SUPERVISOR, summary=TEXT + "再次反映。", region=city.east
    )
    client.force_login(city.officer)
    page = client.get(reverse("clue_detail", args=[second.pk])).content.decode()
    assert "李某" in page and "李四" not in page
