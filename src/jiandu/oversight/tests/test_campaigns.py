"""Special campaigns (from a hotspot, counting the area's inspections, cases and clues of the domain in
the period), 明察暗访 visits whose findings become clues, and 考核评议 on the dated score sheet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jiandu.audit.models import AuditEntry
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.clues.models import Channel, Clue
from jiandu.errors import UserError
from jiandu.org.models import Domain
from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.oversight import selectors as S
from jiandu.oversight.rules import score_sheet
from jiandu.oversight.services import campaigns
from jiandu.prevention.models import Hotspot

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(city, units):
    food = Domain.objects.get(code="food")
    hotspot = Hotspot.objects.create(
        period="2026-04",
        kind="issue",
        region=city.east,
        domain=food,
        issue="食品标签",
        count=30,
        expected=8.0,
    )
    return campaigns.start_campaign(
        actor=city.task_force,
        region=city.east,
        domain=food,
        title="东城区食品标签专项整治",
        goal="预包装食品标签",
        start_on=dt.date(2026, 5, 1),
        end_on=dt.date(2026, 7, 31),
        hotspot=hotspot,
    )


def test_a_campaign_counts_only_its_domain_area_and_period(city, units, campaign):
    food = campaign.domain
    east = EnterpriseFactory(region=city.east)
    PenaltyCaseFactory(enterprise=east, domain=food, filed_on=dt.date(2026, 5, 10), fine=Decimal("5000"))
    PenaltyCaseFactory(enterprise=east, domain=food, filed_on=dt.date(2026, 4, 30))  # before the period
    PenaltyCaseFactory(enterprise=east, filed_on=dt.date(2026, 5, 10))  # price, not food
    PenaltyCaseFactory(
        enterprise=EnterpriseFactory(region=city.west), domain=food, filed_on=dt.date(2026, 5, 10)
    )
    n = S.campaign_counts(campaign)
    assert n.cases == 1 and n.fines == Decimal("5000")
    with pytest.raises(UserError) as area:
        campaigns.start_campaign(
            actor=city.task_force,
            region=city.west,
            domain=food,
            title="x",
            goal="y",
            start_on=dt.date(2026, 5, 1),
            end_on=dt.date(2026, 6, 1),
            hotspot=campaign.hotspot,
        )
    assert area.value.field == "region"
    with pytest.raises(UserError) as dates:
        campaigns.start_campaign(
            actor=city.task_force,
            region=city.east,
            domain=food,
            title="x",
            goal="y",
            start_on=dt.date(2026, 5, 1),
            end_on=dt.date(2026, 4, 1),
        )
    assert dates.value.field == "end_on"
    assert list(S.list_campaigns(user=units.east_chief)) == [campaign]
    assert list(S.list_campaigns(user=city.outsider)) == []


def test_visit_findings_become_clues_in_the_visited_region(city, units, campaign):
    visit = campaigns.record_visit(
        actor=city.task_force,
        region=city.east,
        method="covert",
        target="东城区某市场监管所窗口",
        visited_on=timezone.localdate(),
        visitors="市局专班两人",
        campaign=campaign,
        findings=["窗口人员要求企业另行提供无依据的证明材料", "", "执法人员着装不规范，未亮证"],
    )
    clues = [f.clue for f in visit.findings.all()]
    assert len(clues) == 2 and all(c.region == city.east and c.channel == Channel.SUPERVISION for c in clues)
    assert all(c.domain == campaign.domain and c.source_ref == f"明察暗访 {visit.pk}" for c in clues)
    assert S.campaign_counts(campaign).visits == 1
    assert Clue.objects.filter(source_ref=f"明察暗访 {visit.pk}").count() == 2
    with pytest.raises(PermissionDenied):
        campaigns.record_visit(
            actor=city.outsider,
            region=city.east,
            method="open",
            target="x",
            visited_on=timezone.localdate(),
            visitors="y",
            findings=[],
        )
    with pytest.raises(UserError) as method:
        campaigns.record_visit(
            actor=city.task_force,
            region=city.east,
            method="secret",
            target="x",
            visited_on=timezone.localdate(),
            visitors="y",
            findings=[],
        )
    assert method.value.field == "method"


def test_an_appraisal_is_scored_on_the_sheet(city, units):
    sheet = score_sheet(timezone.localdate())
    assert sum(i.points for i in sheet.items) == 100
    full = {i.key: i.points for i in sheet.items}
    year = timezone.localdate().year
    item = campaigns.appraise(actor=city.task_force, region=city.east, year=year, scores=full | {"report": 0})
    assert item.total == Decimal("90.0") and item.grade == "优秀"
    assert AuditEntry.objects.filter(target_type="oversight.appraisal", target_id=str(item.pk)).exists()
    with pytest.raises(UserError) as over:
        campaigns.appraise(actor=city.task_force, region=city.west, year=year, scores=full | {"report": 11})
    assert over.value.field == "scores" and "0 至 10" in over.value.message
    with pytest.raises(UserError) as missing:
        campaigns.appraise(actor=city.task_force, region=city.west, year=year, scores={"collect": 10})
    assert "未打分" in missing.value.message
    with pytest.raises(UserError) as own:
        campaigns.appraise(actor=units.east_chief, region=city.east, year=year - 1, scores=full)
    assert own.value.field == "region"
    assert list(S.list_appraisals(user=city.outsider)) == []


def test_api_three_personas(city, units, campaign, client):
    client.force_login(units.east_chief)
    (row,) = client.get("/api/oversight/campaigns").json()
    assert row["id"] == campaign.pk and row["hotspot"] == campaign.hotspot_id
    made = client.post(
        "/api/oversight/visits",
        {
            "region": city.east.code,
            "method": "open",
            "target": "东城所",
            "visited_on": timezone.localdate().isoformat(),
            "visitors": "两人",
            "findings": ["未公示执法事项"],
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and len(made.json()["clues"]) == 1
    client.force_login(city.outsider)
    assert client.get("/api/oversight/campaigns").json() == []
    assert client.get("/api/oversight/visits").json() == []
    bad = client.post(
        "/api/oversight/appraisals",
        {"region": city.east.code, "year": 2026, "scores": {}},
        content_type="application/json",
    )
    assert bad.status_code in (400, 403)
    client.force_login(city.task_force)
    bad = client.post(
        "/api/oversight/appraisals",
        {"region": city.west.code, "year": 2026, "scores": {"x": 1}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "评分项" in bad.json()["detail"]
