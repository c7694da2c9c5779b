"""The plan workflow through the services: commit before seed, draw, assign, carry out, publish."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.crypto import salted_hmac

from jiandu.audit.models import AuditEntry
from jiandu.clues.models import Clue
from jiandu.errors import UserError
from jiandu.inspections import selectors, services
from jiandu.inspections.models import (
    ConflictOfInterest,
    Inspection,
    Outcome,
    PlanCandidate,
    PlanStatus,
)
from jiandu.org.holidays import load_calendar

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
pytestmark = pytest.mark.django_db


def _pseudo(plan, uscc: str) -> str:
    """The candidate id as ADR 0009 specifies it: HMAC-SHA256 of plan number and USCC, 23 hex digits."""
    digest = salted_hmac("jiandu.inspections.candidate", f"{plan.number}\n{uscc}", algorithm="sha256")
    return "C" + digest.hexdigest()[:23].upper()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@time_machine.travel(NOW, tick=False)
def test_commit_excludes_recent_and_capped_firms_and_publishes_hashes(city, setup, plan):
    recent, capped = setup.firms[0], setup.firms[1]  # both class A (cap 1 a year)
    services.record_inspection(
        actor=city.officer, enterprise=recent, inspected_on=dt.date(2026, 11, 1), department="卫生健康委员会"
    )
    services.record_inspection(actor=city.officer, enterprise=capped, inspected_on=dt.date(2026, 3, 1))
    services.record_inspection(
        actor=city.officer, enterprise=setup.firms[30], inspected_on=dt.date(2025, 6, 1)
    )

    plan = services.commit_plan(actor=city.task_force, plan=plan)

    assert plan.status == PlanStatus.COMMITTED
    assert plan.candidate_count == 40  # the west county is out of scope
    ids = sorted(_pseudo(plan, f.uscc) for f in setup.firms)
    assert plan.candidates_sha256 == _sha("\n".join(ids))
    assert plan.excluded_sha256 == _sha(
        "\n".join(sorted([_pseudo(plan, recent.uscc), _pseudo(plan, capped.uscc)]))
    )
    counts = {e["category"]: e["count"] for e in plan.exclusion_summary}
    assert counts == {"recent": 1, "yearly_cap": 1}
    excluded = dict(
        PlanCandidate.objects.filter(plan=plan).exclude(excluded="").values_list("uscc", "excluded")
    )
    assert excluded == {recent.uscc: "recent", capped.uscc: "yearly_cap"}
    with pytest.raises(UserError, match="不能再修改"):
        services.update_plan_ratios(
            actor=city.task_force, plan=plan, ratios=plan.ratios, window_days=30, seed_source=""
        )


@time_machine.travel(NOW, tick=False)
def test_draw_refused_before_commit_and_follows_the_contract(city, setup, plan):
    with pytest.raises(UserError, match="不能变更"):
        services.draw_plan(actor=city.task_force, plan=plan, seed="517")
    services.record_inspection(
        actor=city.officer, enterprise=setup.firms[25], inspected_on=dt.date(2026, 11, 10)
    )
    plan = services.commit_plan(actor=city.task_force, plan=plan)
    plan = services.draw_plan(actor=city.task_force, plan=plan, seed="517#" + plan.number)

    excluded = {setup.firms[25].uscc}
    result = plan.draw_result
    for stratum, ratio in plan.ratios.items():
        members = sorted(
            _pseudo(plan, f.uscc) for f in setup.firms if f.credit_class == stratum and f.uscc not in excluded
        )
        k = math.ceil(Decimal(ratio) * len(members))
        best = sorted((_sha(f"{plan.seed}\n{plan.number}\n{m}"), m) for m in members)[:k]
        assert result["strata"][stratum] == {"population": len(members), "selected": k}
        assert [s["id"] for s in result["selected"] if s["stratum"] == stratum] == [m for _, m in best]
    assert selectors.verify_stored_draw(plan) == (True, [])
    with pytest.raises(UserError, match="不能变更"):
        services.draw_plan(actor=city.task_force, plan=plan, seed="another")


@time_machine.travel(NOW, tick=False)
def test_assign_skips_conflicts_and_last_inspectors_and_gives_two_each(city, setup, plan):
    plan = services.commit_plan(actor=city.task_force, plan=plan)
    plan = services.draw_plan(actor=city.task_force, plan=plan, seed="042")
    drawn = plan.draw_result["selected"][0]["id"]
    firm = next(f for f in setup.firms if _pseudo(plan, f.uscc) == drawn)
    conflicted, previous = setup.inspectors[0], setup.inspectors[1]
    ConflictOfInterest.objects.create(
        inspector=conflicted, enterprise=firm, reason="近亲属任职", declared_on=dt.date(2026, 1, 1)
    )
    old = Inspection.objects.create(
        enterprise=firm, region=firm.region, inspected_on=dt.date(2025, 5, 1), outcome=Outcome.NO_PROBLEM
    )
    old.inspectors.set([previous])

    plan = services.assign_inspectors(actor=city.task_force, plan=plan)

    assert plan.status == PlanStatus.ASSIGNED
    visits = list(plan.inspections.all())
    assert len(visits) == len(plan.draw_result["selected"])
    assert all(v.inspectors.count() >= 2 for v in visits)
    visit = plan.inspections.get(enterprise=firm)
    chosen = set(visit.inspectors.all())
    assert conflicted not in chosen and previous not in chosen
    assert visit.department == "市场监督管理局"
    assignment = next(a for a in plan.inspector_draw["assignments"] if a["firm_id"] == drawn)
    assert {i["id"] for i in assignment["inspectors"]} == {i.certificate_number for i in chosen}


@time_machine.travel(NOW, tick=False)
def test_assign_refuses_when_fewer_than_two_inspectors(city, setup, plan):
    for inspector in setup.inspectors[1:]:
        inspector.active = False
        inspector.save()
    plan = services.commit_plan(actor=city.task_force, plan=plan)
    plan = services.draw_plan(actor=city.task_force, plan=plan, seed="1")
    with pytest.raises(UserError, match="检查人员不足"):
        services.assign_inspectors(actor=city.task_force, plan=plan)


@time_machine.travel(NOW, tick=False)
def test_results_clue_rectification_and_publish(city, setup, plan):
    plan = services.commit_plan(actor=city.task_force, plan=plan)
    plan = services.draw_plan(actor=city.task_force, plan=plan, seed="9")
    plan = services.assign_inspectors(actor=city.task_force, plan=plan)
    visits = list(plan.inspections.order_by("pk"))
    with pytest.raises(UserError, match="未登记检查结果"):
        services.publish_plan(actor=city.task_force, plan=plan)
    with pytest.raises(UserError, match="请填写发现的问题"):
        services.record_result(
            actor=city.officer, inspection=visits[0], outcome=Outcome.CLUE, inspected_on=dt.date(2026, 11, 18)
        )
    first = services.record_result(
        actor=city.officer,
        inspection=visits[0],
        outcome=Outcome.CLUE,
        inspected_on=dt.date(2026, 11, 18),
        findings="企业反映检查人员要求其购买指定产品",
    )
    # a firm's violation is a case lead for case handling, not an enforcement-misconduct clue
    assert first.clue_id is None and not Clue.objects.filter(enterprise_id=first.enterprise_id).exists()
    second = services.record_result(
        actor=city.officer,
        inspection=visits[1],
        outcome=Outcome.RECTIFICATION,
        inspected_on=dt.date(2026, 11, 18),
        findings="未公示食品经营许可证",
    )
    assert second.rectification_deadline == load_calendar().add(dt.date(2026, 11, 18), 15)
    for visit in visits[2:]:
        services.record_result(
            actor=city.officer,
            inspection=visit,
            outcome=Outcome.NO_PROBLEM,
            inspected_on=dt.date(2026, 11, 19),
        )
    deadline = selectors.publication_deadline(plan)
    assert deadline.due == load_calendar().add(dt.date(2026, 11, 18), 20) and not deadline.overdue
    plan = services.publish_plan(actor=city.task_force, plan=plan)
    assert plan.status == PlanStatus.PUBLISHED
    assert selectors.public_results(plan).count() == len(visits)
    transitions = AuditEntry.objects.filter(target_type="inspections.inspectionplan", action="transition")
    assert transitions.count() == 4  # commit, draw, assign, publish
    with pytest.raises(UserError, match="不能登记检查结果"):
        services.record_result(
            actor=city.officer,
            inspection=visits[2],
            outcome=Outcome.NO_PROBLEM,
            inspected_on=dt.date(2026, 11, 19),
        )


def test_publication_overdue_is_derived(city, setup, plan):
    with time_machine.travel(NOW, tick=False):
        plan = services.commit_plan(actor=city.task_force, plan=plan)
        plan = services.draw_plan(actor=city.task_force, plan=plan, seed="9")
        plan = services.assign_inspectors(actor=city.task_force, plan=plan)
        visit = plan.inspections.first()
        services.record_result(
            actor=city.officer,
            inspection=visit,
            outcome=Outcome.NO_PROBLEM,
            inspected_on=dt.date(2026, 11, 2),
        )
    with time_machine.travel(dt.datetime(2026, 12, 31, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        assert selectors.publication_deadline(plan).overdue is True


@time_machine.travel(NOW, tick=False)
def test_bad_ratio_and_period_are_refused(city, setup):
    with pytest.raises(UserError, match="抽取比例"):
        services.create_plan(
            actor=city.task_force,
            title="x",
            region=city.east,
            items=[setup.item],
            scope_regions=[city.east],
            period_start=dt.date(2026, 12, 1),
            period_end=dt.date(2026, 12, 31),
            ratios={"A": "5%", "B": "0.1", "C": "0.3", "D": "0.7"},
        )
    with pytest.raises(UserError, match="结束日期"):
        services.create_plan(
            actor=city.task_force,
            title="x",
            region=city.east,
            items=[setup.item],
            scope_regions=[city.east],
            period_start=dt.date(2026, 12, 1),
            period_end=dt.date(2026, 11, 1),
        )


@time_machine.travel(NOW, tick=False)
def test_repeat_warning_within_window(city, setup):
    firm, other = setup.firms[3], setup.firms[4]
    services.record_inspection(
        actor=city.officer, enterprise=firm, inspected_on=dt.date(2026, 11, 1), department="卫生健康委员会"
    )
    services.record_inspection(actor=city.officer, enterprise=firm, inspected_on=dt.date(2026, 11, 15))
    services.record_inspection(actor=city.officer, enterprise=other, inspected_on=dt.date(2026, 8, 1))
    services.record_inspection(actor=city.officer, enterprise=other, inspected_on=dt.date(2026, 11, 15))
    warnings = selectors.list_repeat_warnings(city.task_force)
    assert [(w.inspection.enterprise_id, w.days_apart) for w in warnings] == [(firm.pk, 14)]
    assert selectors.list_repeat_warnings(city.outsider) == []


@time_machine.travel(NOW, tick=False)
def test_guidance_and_follow_up(city, setup):
    measure = services.record_guidance(
        actor=city.officer,
        enterprise=setup.firms[0],
        kind="interview",
        content="约谈负责人",
        issued_on=dt.date(2026, 11, 2),
    )
    assert selectors.guidance_follow_up_due(measure) == load_calendar().add(dt.date(2026, 11, 2), 20)
    with pytest.raises(UserError, match="跟踪检查日期"):
        services.record_guidance_follow_up(
            actor=city.officer, measure=measure, followed_up_on=dt.date(2026, 10, 1), result="已整改"
        )
    services.record_guidance_follow_up(
        actor=city.officer, measure=measure, followed_up_on=dt.date(2026, 11, 19), result="已整改"
    )
    measure.refresh_from_db()
    assert measure.follow_up_result == "已整改"
    assert AuditEntry.objects.filter(target_type="inspections.guidancemeasure").count() == 2


@time_machine.travel(NOW, tick=False)
def test_items_of_another_department_need_it_to_join(city, setup):
    from jiandu.inspections.tests.factories import InspectionItemFactory

    other = InspectionItemFactory(department="应急管理局", name="应急预案检查")
    common = {
        "actor": city.task_force,
        "title": "联合抽查",
        "region": city.east,
        "items": [setup.item, other],
        "scope_regions": [city.east],
        "period_start": dt.date(2026, 12, 1),
        "period_end": dt.date(2026, 12, 31),
    }
    with pytest.raises(UserError, match="请把应急管理局列为联合抽查部门"):
        services.create_plan(**common)
    plan = services.create_plan(**common, joining_departments="应急管理局")
    plan = services.commit_plan(actor=city.task_force, plan=plan)
    plan = services.draw_plan(actor=city.task_force, plan=plan, seed="1")
    plan = services.assign_inspectors(actor=city.task_force, plan=plan)
    assert {v.department for v in plan.inspections.all()} == {"市场监督管理局、应急管理局"}


def test_guidance_overdue_is_derived(city, setup):
    with time_machine.travel(NOW, tick=False):
        services.record_guidance(
            actor=city.officer,
            enterprise=setup.firms[0],
            kind="prompt",
            content="提示年报",
            issued_on=dt.date(2026, 9, 1),
        )
        services.record_guidance(
            actor=city.officer,
            enterprise=setup.firms[1],
            kind="advise",
            content="建议建台账",
            issued_on=dt.date(2026, 11, 18),
        )
        rows = {r.measure.content: r.overdue for r in selectors.list_guidance_rows(user=city.officer)}
    assert rows == {"提示年报": True, "建议建台账": False}
    assert selectors.list_guidance_rows(user=city.outsider) == []


@time_machine.travel(NOW, tick=False)
def test_a_draw_that_gives_every_firm_the_same_two_inspectors_is_flagged(client, city, setup, plan):
    """Defect: all 130 firms got the same two inspectors and no one was warned."""
    for inspector in setup.inspectors[2:]:
        inspector.active = False
        inspector.save()
    plan = services.commit_plan(actor=city.task_force, plan=plan)
    plan = services.draw_plan(actor=city.task_force, plan=plan, seed="5")
    plan = services.assign_inspectors(actor=city.task_force, plan=plan)
    assert len(plan.draw_result["selected"]) >= 5
    assert "同一组检查人员" in selectors.inspector_concentration(plan)
    client.force_login(city.task_force)
    page = client.get(f"/inspections/{plan.pk}/").content.decode()
    assert 'id="inspector-draw-warning"' in page
    spread = {**plan.inspector_draw, "assignments": [
        {"firm_id": str(n), "inspectors": [{"id": f"A{n}"}, {"id": f"B{n}"}]} for n in range(10)
    ]}  # fmt: skip
    plan.inspector_draw = spread
    assert selectors.inspector_concentration(plan) == ""
