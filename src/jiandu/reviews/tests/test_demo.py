"""The demo city: every case that needs a 双百回访 has its task, and the coverage view counts them right."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jiandu.cases.models import PenaltyCase
from jiandu.demo.loader import REFERENCE_DAY, load_demo_city
from jiandu.org.models import Region, User
from jiandu.reviews import demo as reviews_demo
from jiandu.reviews.demo import delete_demo
from jiandu.reviews.models import CaseReview, FollowUp, FollowUpKind, ReviewCampaign
from jiandu.reviews.rules import follow_up_rules, mandatory_visit_reasons
from jiandu.reviews.selectors import follow_up_coverage
from jiandu.reviews.services import CLOSED_STATUSES, case_facts

pytestmark = pytest.mark.django_db


def test_demo_coverage_is_complete_and_counted_right(monkeypatch):
    monkeypatch.setattr("jiandu.demo.loader.DEMO_PARTS", (reviews_demo,))  # only ours: fast
    load_demo_city(scale=0.02, log=lambda _m: None, today=REFERENCE_DAY)
    rules = follow_up_rules()
    needed = {
        case.pk
        for case in PenaltyCase.objects.filter(status__in=CLOSED_STATUSES).select_related("enterprise")
        if mandatory_visit_reasons(case_facts(case), rules)
    }
    tasks = list(FollowUp.objects.filter(kind=FollowUpKind.MANDATORY).select_related("region"))
    assert needed and {t.case_id for t in tasks} == needed  # 100 %: no case without its task

    today = timezone.localdate()
    expected: dict[str, list[int]] = {}
    for t in tasks:
        row = expected.setdefault(t.region.name, [0, 0, 0])
        row[0] += 1
        row[1] += t.status == "done"
        row[2] += t.status == "pending" and t.due_on < today
    user = User.objects.get(username="zhuanban")
    rows = {r.name: [r.due, r.done, r.overdue] for r in follow_up_coverage(user)}
    total = rows.pop("合计")
    assert {k: v for k, v in rows.items() if v[0]} == expected
    assert total == [sum(v[i] for v in expected.values()) for i in range(3)]
    assert total[1] > 0 and total[2] > 0  # some done, some overdue
    assert ReviewCampaign.objects.count() == 2 and CaseReview.objects.filter(status="scored").exists()
    cross = ReviewCampaign.objects.get(method="cross")
    for review in cross.reviews.select_related("reviewer", "case"):
        assert review.reviewer.region_id != review.case.region_id

    delete_demo(regions=list(Region.objects.all()))
    assert not FollowUp.objects.exists() and not ReviewCampaign.objects.exists()
