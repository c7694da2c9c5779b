"""Triage names the 判定标准 item a clue meets, from the criteria rule file, on the clue page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jiandu.clues import services
from jiandu.clues.criteria import CRITERIA_DIR, criteria_in_force, criteria_items
from jiandu.clues.models import Channel

pytestmark = pytest.mark.django_db

# Written as a complainant would, not in the criteria's words.
LOCKED_UP = "县局的人把我们仓库里的一批电动车扣押了，说好一个月，现在半年了还不退还，找谁都说等通知。"
THANKS = "想表扬一下城东所的小王，帮我们很快办好了营业执照变更。"


def test_the_rule_file_in_force_is_dated_and_cites_the_plan():
    first = min(p.stem for p in CRITERIA_DIR.glob("*.yaml"))
    assert criteria_in_force(dt.date.fromisoformat(first) - dt.timedelta(days=1)) is None
    rules = criteria_in_force(dt.date.fromisoformat(first))
    assert rules is not None and rules.version == first and "五（五）" in rules.source
    assert {c.subtype for c in rules.items} >= {"P1a", "P1b", "P1c", "P1d", "P2a", "P2b"}


def test_filing_stores_the_criterion_met_and_the_page_shows_it(client, city):
    clue = services.file_clue(
        actor=city.task_force, channel=Channel.HOTLINE_12345, summary=LOCKED_UP, region=city.east
    )
    clue.refresh_from_db()
    codes = [c["code"] for c in clue.suggestion["criteria"]]
    assert "P1d-1" in codes
    met = next(c for c in clue.suggestion["criteria"] if c["code"] == "P1d-1")
    assert "扣押" in met["terms"] and "程序规定" in met["basis"]
    client.force_login(city.task_force)
    page = client.get(reverse("clue_detail", args=[clue.pk])).content.decode()
    assert "符合的判定标准要点" in page and "P1d-1" in page and met["text"] in page


def test_a_text_meeting_no_criterion_says_so(client, city):
    clue = services.file_clue(
        actor=city.task_force, channel=Channel.HOTLINE_12345, summary=THANKS, region=city.east
    )
    clue.refresh_from_db()
    assert clue.suggestion["criteria"] == []
    client.force_login(city.task_force)
    page = client.get(reverse("clue_detail", args=[clue.pk])).content.decode()
    assert "未见符合的判定标准要点" in page


def test_no_rule_file_in_force_means_no_criteria_not_an_error():
    assert criteria_items(dt.date(2000, 1, 1)) == ()
