"""The five selection methods of a review campaign, and the recusal rules of a cross review."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from jiandu.audit.models import AuditEntry
from jiandu.clues.services import file_clue
from jiandu.engines.lottery import Candidate, verify
from jiandu.errors import UserError
from jiandu.org.models import Role
from jiandu.org.tests.factories import UserFactory
from jiandu.reviews.models import CaseReview, ReviewMethod
from jiandu.reviews.services import create_campaign
from jiandu.reviews.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def selected(campaign):
    return {r.case.decision_number for r in campaign.reviews.select_related("case")}


def numbers(cases):
    return {c.decision_number for c in cases}


def test_full_review_takes_every_closed_case_of_the_scope(city, files):
    campaign = create_campaign(actor=city.task_force, name="全面", method=ReviewMethod.FULL, region=city.city)
    assert selected(campaign) == numbers(files.east_cases + files.west_cases)
    east_only = create_campaign(actor=city.task_force, name="东城全面", method="full", region=city.east)
    assert selected(east_only) == numbers(files.east_cases)
    window = create_campaign(
        actor=city.task_force, name="窗口", method="full", region=city.city,
        criteria={"decided_from": "2026-06-07", "decided_to": "2026-06-30"},
    )  # fmt: skip
    assert selected(window) == numbers(files.east_cases[6:] + files.west_cases[6:])
    assert AuditEntry.objects.filter(target_type="reviews.reviewcampaign", action="create").count() == 3


def test_key_review_selects_by_any_criterion_and_says_why(city, files):
    file_clue(actor=None, channel="petition", summary="反映执法问题", region=city.west,
              enterprise=files.west_cases[0].enterprise)  # fmt: skip
    campaign = create_campaign(
        actor=city.task_force, name="重点", method=ReviewMethod.KEY, region=city.city,
        criteria={"min_fine": "20000", "overturned": True, "with_clues": True},
    )  # fmt: skip
    expected = {c for c in files.east_cases + files.west_cases if c.fine >= 20000} | {
        files.east_cases[5],
        files.west_cases[0],
    }
    assert selected(campaign) == numbers(expected)
    reasons = {r.case_id: r.reason for r in campaign.reviews.all()}
    assert "申请行政复议" in reasons[files.east_cases[5].pk]
    assert "问题线索 1 条" in reasons[files.west_cases[0].pk]
    assert "不低于 20,000.00 元" in reasons[files.west_cases[7].pk]
    with pytest.raises(UserError, match="至少需要一个条件"):
        create_campaign(actor=city.task_force, name="空", method="key", region=city.city, criteria={})


def test_special_review_takes_one_domain_or_violation(city, files):
    by_domain = create_campaign(actor=city.task_force, name="价格专项", method=ReviewMethod.SPECIAL,
                                region=city.city, criteria={"domain": "price"})  # fmt: skip
    assert selected(by_domain) == numbers([files.east_cases[0], files.east_cases[4]])
    by_keyword = create_campaign(actor=city.task_force, name="明码标价", method="special", region=city.city,
                                 criteria={"violation": "明码标价"})  # fmt: skip
    assert selected(by_keyword) == numbers(files.west_cases[1::2])
    with pytest.raises(UserError, match="专项评查需要"):
        create_campaign(actor=city.task_force, name="空", method="special", region=city.city)


def test_cross_review_never_assigns_own_county_unit_or_handled_case(city, files):
    third = UserFactory(full_name="刘一", role=Role.COUNTY_BUREAU, region=city.east)  # handled east cases
    reviewers = [files.east_reviewer, files.west_reviewer, files.legal, third]
    campaign = create_campaign(
        actor=city.task_force, name="交叉", method=ReviewMethod.CROSS, region=city.city, reviewers=reviewers
    )
    reviews = list(campaign.reviews.select_related("case", "reviewer"))
    assert len(reviews) == 16
    for review in reviews:
        reviewer, case = review.reviewer, review.case
        assert reviewer is not None
        assert reviewer.region_id != case.region_id, "a cross reviewer got a case of their own county"
        assert reviewer.unit_id is None or reviewer.unit_id != case.unit_id
        assert reviewer.full_name not in case.officers.split("、")
    # the work is shared: nobody idles while another takes everything
    loads = {r.pk: sum(1 for x in reviews if x.reviewer_id == r.pk) for r in reviewers}
    assert loads[files.east_reviewer.pk] > 0 and loads[files.west_reviewer.pk] > 0


def test_cross_review_refuses_when_only_own_county_reviewers(city, files):
    with pytest.raises(UserError, match="没有符合回避要求的评查人"):
        create_campaign(actor=city.task_force, name="交叉", method="cross", region=city.east,
                        reviewers=[files.east_reviewer])  # fmt: skip
    assert not CaseReview.objects.exists()  # all or nothing
    with pytest.raises(UserError, match="需要指定评查人"):
        create_campaign(actor=city.task_force, name="交叉", method="cross", region=city.city)


def test_cross_review_limits_cases_per_county(city, files):
    campaign = create_campaign(actor=city.task_force, name="交叉", method="cross", region=city.city,
                               criteria={"per_county": 3}, reviewers=[files.legal])  # fmt: skip
    counts = {}
    for review in campaign.reviews.all():
        counts[review.region_id] = counts.get(review.region_id, 0) + 1
    assert counts == {city.east.pk: 3, city.west.pk: 3}


def test_random_review_is_a_verifiable_draw(city, files):
    campaign = create_campaign(
        actor=city.task_force, name="随机", method=ReviewMethod.RANDOM, region=city.city,
        criteria={"ratio": "0.3", "by_county": True}, seed="2026年11月21日福彩3D开奖号码 527",
    )  # fmt: skip
    chosen = selected(campaign)
    assert len(chosen & numbers(files.east_cases)) == math.ceil(0.3 * 8)
    assert len(chosen & numbers(files.west_cases)) == math.ceil(0.3 * 8)
    candidates = [Candidate(c.decision_number, c.region.code) for c in files.east_cases + files.west_cases]
    ok, problems = verify(campaign.draw, candidates=candidates)
    assert ok, problems
    assert {s["id"] for s in campaign.draw["selected"]} == chosen
    with pytest.raises(UserError, match="随机种子"):
        create_campaign(actor=city.task_force, name="无种子", method="random", region=city.city,
                        criteria={"ratio": "0.3"})  # fmt: skip
    with pytest.raises(UserError, match="抽取比例"):
        create_campaign(actor=city.task_force, name="比例", method="random", region=city.city,
                        criteria={"ratio": "1.5"}, seed="x")  # fmt: skip


def test_organiser_cannot_review_outside_their_regions(city, files):
    county_chief = UserFactory(role=Role.COUNTY_BUREAU, region=city.west)
    with pytest.raises(UserError, match="超出您的管辖区划"):
        create_campaign(actor=county_chief, name="越权", method="full", region=city.east)


def test_random_draw_verification_detects_a_changed_candidate_list(client, city, files):
    from jiandu.reviews.selectors import verify_campaign_draw

    campaign = create_campaign(actor=city.task_force, name="随机", method="random", region=city.city,
                               criteria={"ratio": "0.25"}, seed="公开种子-1")  # fmt: skip
    assert verify_campaign_draw(campaign) == (True, [])
    client.force_login(city.task_force)
    page = client.get(f"/reviews/{campaign.pk}/", {"verify": "1"}).content.decode()
    assert "核验一致" in page
    CaseFactory(region=city.west, decided_on=dt.date(2026, 6, 3))  # a case slipped into the scope afterwards
    ok, problems = verify_campaign_draw(campaign)
    assert not ok and problems
