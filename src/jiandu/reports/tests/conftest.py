"""Fixtures of the reports tests: the 2025 campaign loaded for the small city, county heads, and
raw records (clues, assessments, ledger items, referrals, cases, reviews, visits, suggestions)
written straight to the tables with a fixed seed, including dates on the month boundaries."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import (
    Assessment,
    Channel,
    Clue,
    ClueStatus,
    DisciplineReferral,
    ProblemSubtype,
    Suggestion,
    Verdict,
)
from jiandu.org.models import Domain, Region, Role, Unit, UnitKind, User
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory
from jiandu.rectify.models import Rectification
from jiandu.reports.models import Campaign, Practice
from jiandu.reports.rulesets import RULESET_DIR, load_campaign_file
from jiandu.reports.services import load_campaign
from jiandu.reviews.models import CaseReview, FollowUp, ReviewCampaign

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class Heads:
    east: User  # 东城区局 (county_bureau): may submit
    west: User


@pytest.fixture
def heads(city) -> Heads:
    return Heads(
        east=UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east),
        west=UserFactory(username="xi_ju", role=Role.COUNTY_BUREAU, region=city.west),
    )


@pytest.fixture
def campaign(city) -> Campaign:
    return load_campaign(
        actor=None, data=load_campaign_file(RULESET_DIR / "campaigns" / "2025.yaml"), region=city.city
    )


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def make_records(regions: list[Region], *, seed: int, start: dt.date, days: int, per_region: int) -> None:
    """Random raw records in each region between ``start`` and ``start + days``."""
    rng = random.Random(seed)
    domains = list(Domain.objects.order_by("pk"))
    subtypes = list(ProblemSubtype)
    channels = list(Channel)
    for region in regions:
        unit, _ = Unit.objects.get_or_create(
            name=f"{region.name}局", region=region, defaults={"kind": UnitKind.BUREAU}
        )
        enterprise = EnterpriseFactory(region=region)
        tag = f"{region.code}-{seed}"
        review_campaign = ReviewCampaign.objects.create(
            name="评查", method="random", region=region, sheet_version="2025"
        )
        for n in range(per_region):
            day = start + dt.timedelta(days=rng.randrange(days))
            received = _at(day, rng.choice([0, 9, 15, 23]), rng.choice([0, 10, 59]))
            domain = rng.choice(domains)
            clue = Clue.objects.create(
                channel=rng.choice(channels),
                received_at=received,
                region=region,
                domain=domain if rng.random() < 0.9 else None,
                summary=f"测试线索{region.code}-{n}",
                status=ClueStatus.ASSESSING,
            )
            roll = rng.random()
            if roll < 0.25:
                continue  # still being assessed
            subtype = rng.choice(subtypes)
            verdict = Verdict.CONFIRMED if roll < 0.75 else Verdict.NOT_CONFIRMED
            decided = day + dt.timedelta(days=rng.randrange(0, 20))
            Assessment.objects.create(
                clue=clue,
                unit=unit,
                verdict=verdict,
                category=subtype.value[:2] if verdict == Verdict.CONFIRMED else "P0",
                subtype=subtype.value if verdict == Verdict.CONFIRMED else "",
                domain=clue.domain,
                opinion="认定意见",
                cause_analysis="原因剖析",
                decided_on=decided,
            )
            clue.status = ClueStatus.CONFIRMED if verdict == Verdict.CONFIRMED else ClueStatus.NOT_CONFIRMED
            clue.save(update_fields=["status"])
            if verdict != Verdict.CONFIRMED:
                continue
            if rng.random() < 0.15:
                DisciplineReferral.objects.create(
                    clue=clue,
                    organ="纪委监委",
                    persons="某某",
                    reason="理由",
                    referred_on=decided + dt.timedelta(days=rng.randrange(5)),
                )
            opened = decided + dt.timedelta(days=rng.randrange(3))
            done = rng.random() < 0.6
            mode = "immediate" if rng.random() < 0.4 else "deadline"
            Rectification.objects.create(
                clue=clue,
                region=region,
                unit=unit,
                responsible_person="王某",
                measures="整改措施",
                mode=mode,
                term_workdays=rng.choice([5, 10, 20]),
                opened_on=opened,
                status="done" if done else "open",
                completed_on=opened + dt.timedelta(days=rng.randrange(1, 40)) if done else None,
                refund_amount=Decimal(rng.randrange(0, 500000)) / 100 if done else Decimal("0.00"),
                decisions_corrected=rng.randrange(0, 2) if done else 0,
                supervised=rng.random() < 0.2,
                supervised_on=opened + dt.timedelta(days=1),
            )
        for n in range(per_region // 2):
            day = start + dt.timedelta(days=rng.randrange(days))
            case = PenaltyCase.objects.create(
                decision_number=f"测{tag}〔2025〕{n}号",
                enterprise=enterprise,
                region=region,
                domain=rng.choice(domains),
                status="closed",
                violation="违法行为",
                filed_on=day - dt.timedelta(days=20),
                decided_on=day,
                fine=Decimal(rng.randrange(1000, 50000)),
                reconsidered=rng.random() < 0.2,
                litigated=rng.random() < 0.1,
            )
            if rng.random() < 0.7:
                CaseReview.objects.create(
                    campaign=review_campaign,
                    case=case,
                    region=region,
                    reason="随机",
                    status=rng.choice(["pending", "scored", "confirmed"]),
                    score=Decimal(rng.randrange(40, 100)),
                    vetoed=rng.random() < 0.1,
                    scored_at=_at(day + dt.timedelta(days=rng.randrange(10)), rng.choice([0, 12, 23])),
                )
            if rng.random() < 0.6:
                FollowUp.objects.create(
                    case=case,
                    kind="mandatory",
                    region=region,
                    rules_version="2025",
                    due_on=day + dt.timedelta(days=rng.randrange(30)),
                    status=rng.choice(["pending", "done"]),
                )
        for n in range(per_region // 4):
            when = _at(start + dt.timedelta(days=rng.randrange(days)), rng.choice([0, 12, 23]))
            suggestion = Suggestion.objects.create(region=region, source="forum", text=f"意见{n}")
            practice = Practice.objects.create(region=region, title=f"做法{n}", text="主要做法")
            Suggestion.objects.filter(pk=suggestion.pk).update(created_at=when)
            Practice.objects.filter(pk=practice.pk).update(created_at=when)


@pytest.fixture
def records(city, campaign):
    make_records(
        [city.east, city.west, city.city], seed=10, start=dt.date(2025, 4, 20), days=80, per_region=40
    )
    # on the month boundaries, Beijing time: the first two belong to May, the last to June
    for moment in (
        _at(dt.date(2025, 5, 1), 0, 10),
        _at(dt.date(2025, 5, 31), 23, 50),
        _at(dt.date(2025, 6, 1), 0, 5),
    ):
        Clue.objects.create(
            channel=Channel.HOTLINE_12345, received_at=moment, region=city.east, summary="边界"
        )
    return city
