"""Judging standards from cases: precedents are confirmed assessments grouped by problem; a standard
cites only precedents of its problem and domain, is versioned, and the one in force shows on the clue
page with the nearest precedents."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.clues.tests.factories import ClueFactory
from jiandu.errors import UserError
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory
from jiandu.oversight import selectors as S
from jiandu.oversight.services import standards
from jiandu.oversight.tests.helpers import assessed

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal(city):
    return UserFactory(username="fazhi", role=Role.LEGAL_REVIEWER, region=city.city)


@pytest.fixture
def cases(city):
    return [
        assessed(city.east, "执法人员对小餐馆未亮证经营顶格罚款五万元", "对轻微违法顶格罚款，属乱罚款"),
        assessed(city.west, "对超市标签瑕疵连续多次罚款", "同一违法行为重复罚款，属乱罚款"),
        assessed(city.east, "检查人员要求购买指定灭火器", "借检查推销，属乱收费", subtype="P1a"),
        assessed(city.east, "顶格罚款投诉", "经核查罚款适当", confirmed=False),
    ]


def test_precedents_are_the_confirmed_assessments_grouped_and_scoped(city, cases):
    groups = {value: n for value, _, n in S.precedent_groups(user=city.task_force)}
    assert groups["P1b"] == 2 and groups["P1a"] == 1 and groups["P2a"] == 0
    east = {value: n for value, _, n in S.precedent_groups(user=city.officer)}
    assert east["P1b"] == 1
    assert [a.clue.region for a in S.list_precedents(user=city.outsider)] == [city.west]


def test_a_standard_cites_only_its_problem_and_is_versioned(city, cases, legal):
    food = Domain.objects.get(code="food")
    item = standards.create_standard(
        actor=legal, region=city.city, subtype="P1b", title="食品领域乱罚款判定标准", domain=food
    )
    with pytest.raises(UserError) as wrong:
        standards.draft_version(actor=legal, standard=item, body="……", precedents=[cases[2]])
    assert wrong.value.field == "precedents" and "乱收费" in wrong.value.message
    with pytest.raises(UserError) as unconfirmed:
        standards.draft_version(actor=legal, standard=item, body="……", precedents=[cases[3]])
    assert "不予认定" in unconfirmed.value.message
    first = standards.draft_version(
        actor=legal, standard=item, body="对轻微违法不得顶格处罚。", precedents=cases[:2]
    )
    assert S.in_force(item) is None
    standards.publish_version(actor=legal, version=first)
    second = standards.draft_version(
        actor=legal, standard=item, body="新版：同一违法行为不得重复罚款。", precedents=[cases[1]]
    )
    assert second.number == 2 and S.in_force(item) == first
    standards.publish_version(actor=legal, version=second)
    assert S.in_force(item) == second
    notes = list(
        AuditEntry.objects.filter(target_type="oversight.standardversion").values_list("note", flat=True)
    )
    assert "发布判定标准第2版" in notes
    with pytest.raises(PermissionDenied):
        standards.create_standard(actor=city.officer, region=city.city, subtype="P1c", title="x")
    with pytest.raises(UserError) as county:
        standards.create_standard(actor=city.task_force, region=city.east, subtype="P1c", title="x")
    assert county.value.field == "region"


def test_the_clue_page_shows_the_standard_in_force_and_nearest_precedents(city, units, cases, legal, client):
    item = standards.create_standard(actor=legal, region=city.city, subtype="P1b", title="乱罚款判定标准")
    standards.publish_version(
        actor=legal,
        version=standards.draft_version(
            actor=legal, standard=item, body="轻微违法顶格处罚属乱罚款。", precedents=cases[:2]
        ),
    )
    food = Domain.objects.get(code="food")
    clue = ClueFactory(region=city.east, summary="反映执法人员对小餐馆顶格罚款", subtype="P1b", domain=food)
    assert S.standard_for(user=city.officer, subtype="P1b", domain_id=food.pk) is not None
    near = S.nearest_precedents(user=city.task_force, clue=clue, subtype="P1b")
    assert near[0][0] == cases[0]  # the 顶格罚款 precedent is nearer than the 重复罚款 one
    client.force_login(units.east_chief)
    page = client.get(reverse("clue_detail", args=[clue.pk])).content.decode()
    assert (
        "standard-panel" in page and "轻微违法顶格处罚属乱罚款" in page and f"线索 {cases[0].clue_id}" in page
    )
    assert f"线索 {cases[1].clue_id}" not in page  # the west county's precedent is not shown to the east
    data = client.get(f"/api/oversight/clues/{clue.pk}/standard").json()
    assert data["standard"]["number"] == 1 and [p["clue"] for p in data["nearest"]] == [cases[0].clue_id]
    client.force_login(city.outsider)
    assert client.get(f"/api/oversight/clues/{clue.pk}/standard").status_code == 404


def test_api_drafts_and_publishes(city, cases, legal, client):
    client.force_login(legal)
    made = client.post(
        "/api/oversight/standards",
        {"region": city.city.code, "subtype": "P1b", "title": "乱罚款"},
        content_type="application/json",
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    bad = client.post(
        f"/api/oversight/standards/{pk}/versions",
        {"text": "x", "precedents": []},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "先例" in bad.json()["detail"]
    ok = client.post(
        f"/api/oversight/standards/{pk}/versions",
        {"text": "轻微违法不得顶格处罚", "precedents": [cases[0].clue_id, cases[1].clue_id]},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["status"] == "draft"
    assert client.post(f"/api/oversight/standards/{pk}/versions/1/publish").json()["status"] == "published"
    client.force_login(city.officer)
    (row,) = client.get("/api/oversight/standards").json()
    assert row["in_force"]["number"] == 1
