"""The demo extension: a published plan that verifies, a draft, a repeat warning, and clean deletion."""

from __future__ import annotations

import random

import pytest

from jiandu.inspections import demo, selectors
from jiandu.inspections.models import GuidanceMeasure, Inspection, InspectionPlan, Inspector, PlanStatus
from jiandu.org.models import Role
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_loads_verifiable_plans_and_deletes_cleanly(city):
    UserFactory(username="dongcheng", role=Role.COUNTY_BUREAU, region=city.east)
    for index in range(60):
        EnterpriseFactory(region=city.east, industry="电梯使用单位", credit_class="ABCD"[index % 4])
    EnterpriseFactory(region=city.east, industry="餐饮服务")
    messages: list[str] = []

    demo.load_demo(city=city.city, scale=0.1, rng=random.Random(1), log=messages.append)

    published = InspectionPlan.objects.get(status=PlanStatus.PUBLISHED)
    assert selectors.verify_stored_draw(published) == (True, [])
    assert published.committed_at < published.drawn_at <= published.published_at
    assert not selectors.publication_deadline(published).overdue
    assert InspectionPlan.objects.filter(status=PlanStatus.DRAFT).count() == 1
    assert all(v.inspectors.count() >= 2 for v in published.inspections.all())
    assert selectors.list_repeat_warnings(city.task_force)
    assert GuidanceMeasure.objects.exists() and Inspector.objects.filter(region=city.west).exists()

    demo.delete_demo(regions=[city.city, city.east, city.west])
    assert not InspectionPlan.objects.exists() and not Inspection.objects.exists()
    assert not Inspector.objects.exists()
