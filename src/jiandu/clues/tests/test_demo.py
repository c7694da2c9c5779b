"""The demo city's clues are triaged and walked through the workflow consistently."""

from __future__ import annotations

import pytest

from jiandu.clues import demo as clues_demo
from jiandu.clues.models import Assessment, Clue, ClueStatus, Consultation, DisciplineReferral, Verdict
from jiandu.demo import loader
from jiandu.demo.loader import REFERENCE_DAY
from jiandu.rectify import demo as rectify_demo
from jiandu.rectify.models import Rectification, RectificationStatus

pytestmark = pytest.mark.django_db

S = ClueStatus


def test_demo_clues_are_consistent_with_their_state(monkeypatch):
    monkeypatch.setattr(loader, "DEMO_PARTS", (clues_demo, rectify_demo))
    loader.load_demo_city(scale=0.1, log=lambda _m: None, today=REFERENCE_DAY)
    clues = list(Clue.objects.select_related("lead_unit"))
    assert len(clues) >= 30
    states = {c.status for c in clues}
    # a 30-odd sample of the city's clues: closed ones and at least three stages still open (which
    # stages depends on the draw)
    assert S.CLOSED in states and len(states - {S.CLOSED}) >= 3
    assert all(c.suggestion and c.suggestion["category"] for c in clues)
    assert all(c.lead_unit_id for c in clues if c.status != S.RECEIVED)
    assessed = {a.clue_id: a for a in Assessment.objects.all()}
    for clue in clues:
        if clue.status in (S.CONFIRMED, S.RECTIFYING, S.RECTIFIED):
            assert assessed[clue.pk].verdict == Verdict.CONFIRMED and assessed[clue.pk].cause_analysis
        if clue.status == S.NOT_CONFIRMED:
            assert assessed[clue.pk].category == "P0"
        if clue.status == S.RECTIFYING:
            assert Rectification.objects.filter(clue=clue, status=RectificationStatus.OPEN).exists()
        if clue.status == S.RECTIFIED:
            assert not Rectification.objects.filter(clue=clue, status=RectificationStatus.OPEN).exists()
        if clue.status == S.CONSULTATION:
            assert Consultation.objects.filter(clue=clue).exists()
        if clue.status == S.REFERRED:
            assert DisciplineReferral.objects.filter(clue=clue).exists()
    done = Rectification.objects.filter(status=RectificationStatus.DONE)
    assert all(item.evidence.exists() for item in done)
