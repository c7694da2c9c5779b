"""Checking and confirming a review: one view per step, the same refusals as the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.reviews.models import FollowUp, FollowUpKind, FollowUpStatus, ReviewStatus
from jiandu.reviews.services import create_campaign, score_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(city, files):
    campaign = create_campaign(actor=city.task_force, name="东城区全面评查", method="full", region=city.east)
    pending = FollowUp.objects.filter(kind=FollowUpKind.MANDATORY, status=FollowUpStatus.PENDING)
    review = campaign.reviews.exclude(case__in=pending.values("case")).first()
    score_review(actor=files.legal, review=review, deductions={"D01": "5"})
    review.refresh_from_db()
    return review


def test_a_second_person_checks_then_confirms(client, city, scored):
    client.force_login(city.task_force)
    page = client.get(reverse("review_detail", args=[scored.pk])).content.decode()
    assert reverse("review_check", args=[scored.pk]) in page
    assert client.post(reverse("review_check", args=[scored.pk]), {"note": "同意"}).status_code == 302
    scored.refresh_from_db()
    assert scored.status == ReviewStatus.CHECKED
    page = client.get(reverse("review_detail", args=[scored.pk])).content.decode()
    assert reverse("review_check", args=[scored.pk]) not in page  # checked: the table offers no second check
    client.post(reverse("review_confirm", args=[scored.pk]))
    scored.refresh_from_db()
    assert scored.status == ReviewStatus.CONFIRMED


def test_the_scorer_cannot_check_their_own_score(client, files, scored):
    client.force_login(files.legal)
    response = client.post(reverse("review_check", args=[scored.pk]), follow=True)
    assert "复核须由评查人以外的人员进行" in response.content.decode()
    scored.refresh_from_db()
    assert scored.status == ReviewStatus.SCORED


def test_a_county_officer_may_not_confirm(client, city, scored):
    client.force_login(city.officer)
    response = client.post(reverse("review_confirm", args=[scored.pk]))
    scored.refresh_from_db()
    assert scored.status == ReviewStatus.SCORED and response.status_code in (302, 403)


def test_an_outsider_reaches_neither_step(client, city, scored):
    client.force_login(city.outsider)
    assert client.post(reverse("review_check", args=[scored.pk])).status_code == 404
    assert client.post(reverse("review_confirm", args=[scored.pk])).status_code == 404
    scored.refresh_from_db()
    assert scored.status == ReviewStatus.SCORED
