"""Confirmed and unconfirmed assessments written straight to the tables, for the oversight tests."""

from __future__ import annotations

import datetime as dt

from jiandu.clues.models import Assessment, Clue, ClueStatus, Verdict
from jiandu.clues.tests.factories import ClueFactory
from jiandu.org.models import Domain, Region


def assessed(
    region: Region,
    summary: str,
    opinion: str,
    *,
    subtype: str = "P1b",
    domain: str = "food",
    confirmed: bool = True,
) -> Assessment:
    dom = Domain.objects.get(code=domain)
    clue: Clue = ClueFactory(
        region=region,
        summary=summary,
        domain=dom,
        subtype=subtype,
        category=subtype[:2],
        status=ClueStatus.CONFIRMED if confirmed else ClueStatus.NOT_CONFIRMED,
    )
    return Assessment.objects.create(
        clue=clue,
        verdict=Verdict.CONFIRMED if confirmed else Verdict.NOT_CONFIRMED,
        category=subtype[:2],
        subtype=subtype,
        domain=dom,
        opinion=opinion,
        decided_on=dt.date(2026, 5, 10),
    )
