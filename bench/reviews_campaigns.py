"""Benchmark: review-campaign selection, the 双百回访 sweep and the coverage view on the demo city.

Run after `jiandu demo --no-serve` (same database settings):
    .venv/bin/python bench/reviews_campaigns.py
Everything happens inside a transaction that is rolled back, so the demo data stay as they were.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402

from jiandu.cases.models import PenaltyCase  # noqa: E402
from jiandu.org.models import Region, Role, User  # noqa: E402
from jiandu.reviews.selectors import follow_up_coverage  # noqa: E402
from jiandu.reviews.services import create_campaign, sync_follow_up_tasks  # noqa: E402


class Rollback(Exception):
    pass


def timed(label: str, func):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def main() -> None:
    city = Region.objects.get(code="411800")
    organiser = User.objects.get(username="zhuanban")
    reviewers = list(User.objects.filter(role__in=[Role.OFFICER, Role.COUNTY_BUREAU, Role.LEGAL_REVIEWER]))
    print(f"cases in the demo city: {PenaltyCase.objects.count()}, reviewers: {len(reviewers)}")
    try:
        with transaction.atomic():
            full = timed("全面评查 (whole city, all closed cases)", lambda: create_campaign(
                actor=organiser, name="bench 全面", method="full", region=city))  # fmt: skip
            print(f"  selected {full.reviews.count()} case files")
            rnd = timed("随机评查 5% by county", lambda: create_campaign(
                actor=organiser, name="bench 随机", method="random", region=city,
                criteria={"ratio": "0.05", "by_county": True}, seed="bench-seed"))  # fmt: skip
            print(f"  selected {rnd.reviews.count()} case files")
            cross = timed("交叉评查 (whole city, all reviewers)", lambda: create_campaign(
                actor=organiser, name="bench 交叉", method="cross", region=city,
                reviewers=reviewers))  # fmt: skip
            print(f"  selected {cross.reviews.count()} case files")
            report = timed("双百回访 sweep (sync_follow_up_tasks)", sync_follow_up_tasks)
            print(f"  {report}")
            rows = timed("coverage view (city user)", lambda: follow_up_coverage(organiser))
            print(f"  total row: {rows[-1]}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
