"""Issue 17 / ADR 0009: the published candidate list does not tell any firm's credit-risk class.

Before: candidates.csv carried `uscc,stratum` for every firm in scope, so anyone could read each
firm's class (A–D) off the public page. Now each line is a per-plan keyed pseudonym and its stratum;
the draw runs over the pseudonyms, so the public verification stays exact.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from jiandu.inspections import selectors, services
from jiandu.inspections.drawfiles import verify_texts
from jiandu.inspections.models import PlanCandidate

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
pytestmark = pytest.mark.django_db


def _commit_and_draw(city, plan, seed):
    with time_machine.travel(NOW, tick=False):
        plan = services.commit_plan(actor=city.task_force, plan=plan)
        return services.draw_plan(actor=city.task_force, plan=plan, seed=seed + plan.number)


def test_public_files_carry_no_uscc_and_the_draw_still_verifies(client, city, setup, plan):
    with time_machine.travel(NOW, tick=False):
        services.record_inspection(
            actor=city.officer, enterprise=setup.firms[2], inspected_on=dt.date(2026, 11, 10)
        )
    plan = _commit_and_draw(city, plan, "311#")
    number = plan.number
    candidates = client.get(reverse("public_inspection_candidates", args=[number])).content.decode()
    excluded = client.get(reverse("public_inspection_exclude", args=[number])).content.decode()
    result = client.get(reverse("public_inspection_result", args=[number])).content.decode()
    page = client.get(reverse("public_inspection_detail", args=[number])).content.decode()
    for firm in setup.firms:
        for published in (candidates, excluded, result):
            assert firm.uscc not in published
    lines = candidates.splitlines()
    assert lines[0] == "id,stratum" and len(lines) == len(setup.firms) + 1
    ids = [line.split(",")[0] for line in lines[1:]]
    assert all(re.fullmatch(r"C[0-9A-F]{23}", i) for i in ids) and ids == sorted(ids)
    assert len(excluded.splitlines()) == 1 and excluded.strip() in ids
    # anyone re-runs the draw from the published files
    ratios = " ".join(f"{k}={v}" for k, v in plan.ratios.items())
    ok, problems = verify_texts(result=result, candidates=candidates, exclude=excluded, ratios=ratios)
    assert ok, problems
    assert selectors.verify_stored_draw(plan)[0]
    assert "核验" in page


def test_candidate_ids_are_stable_per_plan_unlinkable_across_plans_and_told_only_in_scope(city, setup, plan):
    plan = _commit_and_draw(city, plan, "5#")
    firm = setup.firms[0]
    first = selectors.candidate_id_for(user=city.task_force, plan=plan, uscc=firm.uscc)
    assert first == PlanCandidate.objects.get(plan=plan, enterprise=firm).candidate_id
    assert first == services.candidate_pseudonym(plan.number, firm.uscc)  # the same each time
    other = services.create_plan(
        actor=city.task_force,
        title="第二个计划",
        region=city.east,
        items=[setup.item],
        scope_regions=[city.east],
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 12, 31),
        ratios=plan.ratios,
        seed_source="开奖号码 + 计划编号",
    )
    other = _commit_and_draw(city, other, "6#")
    second = selectors.candidate_id_for(user=city.task_force, plan=other, uscc=firm.uscc)
    assert second and second != first  # the same firm is not followed from plan to plan
    # another county's officer is not told the firm's id
    assert selectors.candidate_id_for(user=city.outsider, plan=plan, uscc=firm.uscc) is None


def test_inspectors_are_assigned_to_the_firms_behind_the_pseudonyms(city, setup, plan):
    plan = _commit_and_draw(city, plan, "9#")
    with time_machine.travel(NOW, tick=False):
        plan = services.assign_inspectors(actor=city.task_force, plan=plan)
    chosen = {row["id"] for row in plan.draw_result["selected"]}
    firms = set(
        PlanCandidate.objects.filter(plan=plan, candidate_id__in=chosen).values_list("enterprise", flat=True)
    )
    assert set(plan.inspections.values_list("enterprise", flat=True)) == firms
    assert {a["firm_id"] for a in plan.inspector_draw["assignments"]} == chosen
