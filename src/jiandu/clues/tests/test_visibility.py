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
        summary="检查次数过多,一月内三次上门",
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
