"""Possible duplicates are linked both ways and shown, never merged; the window is 90 days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.clues import duplicates, services
from jiandu.clues.models import Channel, Clue, DuplicateLink

pytestmark = pytest.mark.django_db

TEXT = "东城区市场监管所的执法人员到我店检查，要求购买指定品牌的消毒柜，否则罚款两万元"
REWORDED = "市场监管所执法人员检查时要我们店买指定品牌消毒柜，不买就罚款两万"


def _file(city, text, *, days_ago=0, **kwargs):
    return services.file_clue(
        actor=city.task_force,
        channel=Channel.HOTLINE_12345,
        summary=text,
        region=city.east,
        received_at=timezone.now() - dt.timedelta(days=days_ago),
        **kwargs,
    )


def test_similarity_is_high_for_rewordings_and_low_for_other_matters():
    a, b = duplicates.bigrams(TEXT), duplicates.bigrams(REWORDED)
    other = duplicates.bigrams("特种设备检验收费过高，电梯年检费用比邻县高出一倍")
    assert duplicates.similarity(a, b) > 0.3 > duplicates.similarity(a, other)
    assert duplicates.officer_names("张三、李四，王五") == {"张三", "李四", "王五"}


def test_same_firm_and_similar_text_within_90_days_is_linked_both_ways(city, enterprises):
    firm = enterprises[0][0]
    first = _file(city, TEXT, days_ago=30, enterprise=firm)
    second = _file(city, REWORDED, enterprise=firm)
    link = DuplicateLink.objects.get(clue=second)
    assert link.other == first and "同一企业" in link.reasons
    assert DuplicateLink.objects.filter(clue=first, other=second).exists()
    assert Clue.objects.count() == 2  # never merged


def test_same_officers_count_and_old_clues_do_not(city):
    first = _file(city, TEXT, days_ago=10, officers="张某、李某")
    second = _file(city, "检查人员张某态度粗暴，要求买指定消毒柜", officers="李某")
    assert "同一执法人员" in DuplicateLink.objects.get(clue=second, other=first).reasons
    old = _file(city, TEXT, days_ago=200)
    assert not DuplicateLink.objects.filter(clue=old).exists()


def test_unrelated_clues_are_not_linked(city):
    _file(city, TEXT)
    other = _file(city, "特种设备检验机构收费过高，电梯年检费用比邻县高出一倍")
    assert not DuplicateLink.objects.filter(clue=other).exists()


def test_clue_page_shows_linked_duplicates(client, city, enterprises):
    firm = enterprises[0][0]
    first = _file(city, TEXT, days_ago=5, enterprise=firm)
    second = _file(city, REWORDED, enterprise=firm)
    client.force_login(city.task_force)
    page = client.get(reverse("clue_detail", args=[second.pk])).content.decode()
    assert "疑似重复线索" in page and reverse("clue_detail", args=[first.pk]) in page
