"""Clues follow the region tree, and who reported a clue is masked for everyone who need not contact them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.clues.models import Channel, Clue
from jiandu.clues.selectors import MASK, list_clues, reporter_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def clues(city):
    when = timezone.make_aware(dt.datetime(2026, 6, 1, 9))
    east = Clue.objects.create(
        channel=Channel.MAILBOX,
        received_at=when,
        region=city.east,
        summary="执法人员要求企业购买指定灭火器",
        reporter_name="赵某某",
        reporter_phone="139****0001",
    )
    west = Clue.objects.create(
        channel=Channel.VISIT,
        received_at=when,
        region=city.west,
        summary="检查次数过多，一月内三次上门",
    )
    return east, west


def test_county_officer_sees_own_county_clue_but_not_the_reporter(client, city, clues):
    east, _ = clues
    assert list(list_clues(user=city.officer)) == [east]
    assert reporter_of(east, city.officer) == MASK
    client.force_login(city.officer)
    page = client.get(reverse("clue_list")).content.decode()
    assert "购买指定灭火器" in page and "赵某某" not in page and "139****0001" not in page
    assert "一月内三次上门" not in page


def test_task_force_sees_reporter(client, city, clues):
    east, _ = clues
    assert reporter_of(east, city.task_force) == "赵某某"
    client.force_login(city.task_force)
    assert "赵某某" in client.get(reverse("clue_list")).content.decode()


def test_outsider_sees_nothing_of_another_county(city, clues):
    _, west = clues
    assert list(list_clues(user=city.outsider)) == [west]


# --- detail page, API and exports: reporters and referrals masked for those who need not know -------


@pytest.fixture
def referred(city, units):
    from jiandu.clues import services
    from jiandu.clues.models import Assessment

    clue = services.file_clue(
        actor=city.task_force,
        channel=Channel.PETITION,
        summary="反映东城区执法人员收受企业购物卡后对违法行为不予处罚",
        region=city.east,
        reporter_name="周某某",
        reporter_phone="13700000002",
    )
    services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    services.accept_clue(actor=units.east_chief, clue=clue)
    services.assess_clue(
        actor=units.east_chief,
        clue=clue,
        verdict="confirmed",
        category="P4",
        subtype="P4b",
        opinion="属实",
        cause_analysis="监督缺位",
    )
    services.refer_to_discipline(
        actor=city.task_force, clue=clue, organ="派驻纪检监察组", persons="执法人员甲", reason="收受购物卡"
    )
    assert Assessment.objects.filter(clue=clue).exists()
    return clue


def test_county_officer_cannot_read_reporter_or_referral_on_the_clue_page(client, city, referred):
    client.force_login(city.officer)
    page = client.get(reverse("clue_detail", args=[referred.pk])).content.decode()
    assert "收受企业购物卡" in page  # the clue itself is in the officer's county
    for secret in ("周某某", "13700000002", "派驻纪检监察组", "收受购物卡", "执法人员甲", "移送纪检监察"):
        assert secret not in page
    assert "另行处理" in page
    assert "移送纪检监察" not in client.get(reverse("clue_list")).content.decode()
    client.force_login(city.task_force)
    page = client.get(reverse("clue_detail", args=[referred.pk])).content.decode()
    assert "周某某" in page and "派驻纪检监察组" in page and "收受购物卡" in page


def test_county_officer_cannot_read_reporter_or_referral_through_the_api(client, city, referred):
    client.force_login(city.officer)
    data = client.get(f"/api/clues/{referred.pk}").json()
    assert data["reporter"] == MASK and data["reporter_phone"] == MASK
    assert data["referral"] is None and data["status"] == "masked" and data["status_label"] == "另行处理"
    listed = client.get("/api/clues/").json()["items"]
    assert [c["reporter"] for c in listed] == [MASK]
    assert client.get("/api/clues/", {"status": "referred"}).json()["items"] == []
    client.force_login(city.task_force)
    data = client.get(f"/api/clues/{referred.pk}").json()
    assert data["reporter"] == "周某某" and data["referral"]["reason"] == "收受购物卡"


def test_problem_list_export_masks_reporter_and_leaves_out_referred_problems(client, city, units, referred):
    import io

    from openpyxl import load_workbook

    from jiandu.clues import services

    other = services.file_clue(
        actor=city.task_force,
        channel=Channel.VISIT,
        summary="走访中企业反映执法人员收取检测费",
        region=city.east,
        reporter_name="吴某某",
    )
    services.triage_clue(actor=city.task_force, clue=other, lead_unit=units.east_bureau)
    services.accept_clue(actor=units.east_chief, clue=other)
    services.assess_clue(
        actor=units.east_chief,
        clue=other,
        verdict="confirmed",
        category="P1",
        subtype="P1a",
        opinion="属实",
        cause_analysis="收费目录未公示",
    )

    def cells(user):
        client.force_login(user)
        book = load_workbook(io.BytesIO(client.get(reverse("problem_list"), {"format": "xlsx"}).content))
        return [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]

    business = cells(units.food_staff)  # may export; may see neither reporters nor referrals
    assert "走访中企业反映执法人员收取检测费" in business and MASK in business and "吴某某" not in business
    assert not any("收受企业购物卡" in c for c in business)
    task_force = cells(city.task_force)
    assert (
        any("收受企业购物卡" in c for c in task_force) and "周某某" in task_force and "吴某某" in task_force
    )


def test_outsider_gets_404_for_a_clue_of_another_county(client, city, referred):
    client.force_login(city.outsider)
    assert client.get(reverse("clue_detail", args=[referred.pk])).status_code == 404
    assert client.get(f"/api/clues/{referred.pk}").status_code == 404
