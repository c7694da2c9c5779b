"""Staff declare an inspector's conflict of interest through the API; the inspector draw then avoids it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jiandu.audit.models import AuditEntry
from jiandu.inspections import services
from jiandu.inspections.models import ConflictOfInterest, PlanCandidate

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


def _declare(client, inspector, uscc, reason="近亲属在该企业任职"):
    return client.post(
        f"/api/inspections/inspectors/{inspector.pk}/conflicts",
        {"uscc": uscc, "reason": reason},
        content_type="application/json",
    )


@time_machine.travel(NOW, tick=False)
def test_declared_conflict_keeps_the_inspector_away_from_that_firm(client, city, setup, plan):
    plan = services.commit_plan(actor=city.task_force, plan=plan)
    plan = services.draw_plan(actor=city.task_force, plan=plan, seed="042")
    # the draw names candidate ids (ADR 0009); the committed list maps it to the firm
    drawn = PlanCandidate.objects.get(plan=plan, candidate_id=plan.draw_result["selected"][0]["id"]).uscc
    conflicted = setup.inspectors[0]
    client.force_login(city.task_force)

    response = _declare(client, conflicted, drawn)

    assert response.status_code == 201 and response.json()["uscc"] == drawn
    assert ConflictOfInterest.objects.filter(inspector=conflicted, enterprise__uscc=drawn).exists()
    assert AuditEntry.objects.filter(target_type="inspections.conflictofinterest").exists()
    plan = services.assign_inspectors(actor=city.task_force, plan=plan)
    assert conflicted not in set(plan.inspections.get(enterprise__uscc=drawn).inspectors.all())


def test_outsider_cannot_declare_for_another_countys_inspector(client, city, setup):
    client.force_login(city.outsider)
    response = _declare(client, setup.inspectors[0], setup.firms[0].uscc)
    assert response.status_code in (403, 404)
    assert not ConflictOfInterest.objects.exists()


def test_a_reason_is_required(client, city, setup):
    client.force_login(city.task_force)
    response = _declare(client, setup.inspectors[0], setup.firms[0].uscc, reason=" ")
    assert response.status_code == 422 and "事由" in response.json()["detail"]
