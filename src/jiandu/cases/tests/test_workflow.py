"""A penalty case from draft to closed through the services, with guards, deadlines and audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from jiandu.audit.models import AuditEntry
from jiandu.cases import services
from jiandu.cases.models import CaseDocument, CaseStatus, PenaltyCase, PublicityStatus
from jiandu.cases.selectors import case_deadlines
from jiandu.cases.workflow import fine_outside_band
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def people(city):
    return {
        "officer": city.officer,
        "reviewer": UserFactory(username="fazhi", role=Role.LEGAL_REVIEWER, region=city.city),
        "head": UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east),
    }


@pytest.fixture
def draft(city, enterprises, people):
    from jiandu.cases.tests.factories import draft_values

    with time_machine.travel(NOW, tick=False):
        return services.create_case(
            actor=people["officer"],
            enterprise=enterprises[0][0],
            domain=Domain.objects.get(code="price"),
            **draft_values(),
        )


def test_full_flow_with_legal_review(city, draft, people):
    with time_machine.travel(NOW, tick=False):
        case = services.run_checks(actor=people["officer"], case=draft)
        assert case.status == CaseStatus.CHECKED
        assert case.discretion["outcome"] == "standard"
        assert case.discretion_ruleset == case.discretion["ruleset"]
        assert case.similar is not None and "flagged" in case.similar
        with pytest.raises(ValueError, match="法制审核"):
            services.decide_case(actor=people["head"], case=case)
        case.refresh_from_db()
        assert case.status == CaseStatus.CHECKED
        case = services.submit_for_review(actor=people["officer"], case=case)
        with pytest.raises(PermissionDenied):
            services.review_case(actor=people["officer"], case=case, passed=True, opinion="同意")
        case = services.review_case(actor=people["reviewer"], case=case, passed=True, opinion="事实清楚,同意")
        with pytest.raises(PermissionDenied):
            services.decide_case(actor=people["officer"], case=case)
        case = services.decide_case(actor=people["head"], case=case)
        assert case.status == CaseStatus.DECIDED
        assert case.decision_number.endswith("号") and "〔2026〕" in case.decision_number
        kinds = set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True))
        assert kinds == {"penalty_decision", "credit_repair_notice"}
        assert case.publicity_status == PublicityStatus.PENDING
        case = services.deliver_case(actor=people["officer"], case=case, method="直接送达")
        with pytest.raises(ValueError, match="罚没款"):
            services.close_case(actor=people["officer"], case=case)
        case = services.record_payment(actor=people["officer"], case=case)
        case = services.close_case(actor=people["officer"], case=case)
    assert case.status == CaseStatus.CLOSED
    steps = [(s.from_status, s.to_status) for s in case.steps.all()]
    assert ("legal_review", "decided") in steps and ("paid", "closed") in steps
    transitions = AuditEntry.objects.filter(target_type="cases.penaltycase", target_id=str(case.pk))
    assert transitions.filter(action="transition").count() >= 6


def test_major_case_requires_review_and_small_case_does_not(city, enterprises, people):
    from jiandu.cases.tests.factories import draft_values

    with time_machine.travel(NOW, tick=False):
        small = services.create_case(
            actor=people["officer"],
            enterprise=enterprises[0][1],
            domain=Domain.objects.get(code="price"),
            **draft_values(fine=Decimal("2000"), penalty_spec={"kind": "range", "min": 0, "max": 5000}),
        )
        small = services.run_checks(actor=people["officer"], case=small)
        assert small.legal_review_required is False
        major = services.create_case(
            actor=people["officer"],
            enterprise=enterprises[0][2],
            domain=Domain.objects.get(code="price"),
            **draft_values(
                fine=Decimal("2000"), is_major=True, penalty_spec={"kind": "range", "min": 0, "max": 5000}
            ),
        )
        major = services.run_checks(actor=people["officer"], case=major)
    assert major.legal_review_required is True
    assert any("重大案件" in r for r in major.legal_review_reasons)


def test_decision_deadline_and_overdue_are_derived(draft):
    # 90 calendar days from 2026-10-12 is 2027-01-10, a Sunday: the period runs on to Monday.
    items = {d.key: d for d in case_deadlines(draft, today=dt.date(2026, 11, 16))}
    assert items["decide"].due == dt.date(2027, 1, 11)
    assert not items["decide"].overdue
    late = {d.key: d for d in case_deadlines(draft, today=dt.date(2027, 1, 12))}
    assert late["decide"].overdue


def test_delivery_deadline_counts_working_days(city, draft, people):
    with time_machine.travel(NOW, tick=False):
        case = services.run_checks(actor=people["officer"], case=draft)
        PenaltyCase.objects.filter(pk=case.pk).update(legal_review_required=False)
        case.refresh_from_db()
        case = services.decide_case(actor=people["head"], case=case, deviation_reason="同类案件较少")
    items = {d.key: d for d in case_deadlines(case, today=dt.date(2026, 11, 16))}
    # decided Monday 2026-11-16: 7 working days → Wednesday 2026-11-25; publicity 20 wd → 2026-12-14
    assert items["deliver"].due == dt.date(2026, 11, 25)
    assert items["publish"].due == dt.date(2026, 12, 14)


def test_outsider_cannot_touch_case(city, draft):
    with pytest.raises(PermissionDenied):
        services.run_checks(actor=city.outsider, case=draft)


def test_no_penalty_needs_education_and_yields_education_record(city, enterprises, people):
    from jiandu.cases.tests.factories import draft_values

    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=people["officer"],
            enterprise=enterprises[0][1],
            domain=Domain.objects.get(code="price"),
            **draft_values(
                outcome="no_penalty",
                penalty_kinds=[],
                fine=0,
                discretion_facts={"minor": True, "corrected_in_time": True, "harm": "none"},
            ),
        )
        case = services.run_checks(actor=people["officer"], case=case)
        assert case.discretion["outcome"] == "no_penalty"
        with pytest.raises(ValueError, match="教育"):
            services.decide_case(actor=people["head"], case=case)
        case = services.decide_case(actor=people["head"], case=case, education_note="讲解明码标价规定。")
    kinds = set(case.documents.values_list("kind", flat=True))
    assert kinds == {"no_penalty_decision", "education_record"}
    assert case.publicity_status == PublicityStatus.NOT_REQUIRED
    assert "不罚" in case.decision_number


def test_bad_draft_input_is_refused_with_field_names(city, enterprises, people):
    from jiandu.cases.tests.factories import draft_values

    with pytest.raises(ValueError, match="罚款"):
        services.create_case(
            actor=people["officer"],
            enterprise=enterprises[0][0],
            domain=Domain.objects.get(code="price"),
            **draft_values(fine=Decimal("-1")),
        )
    with pytest.raises(ValueError, match="最高额"):
        services.create_case(
            actor=people["officer"],
            enterprise=enterprises[0][0],
            domain=Domain.objects.get(code="price"),
            **draft_values(fine=Decimal("600000")),
        )


def test_similar_case_flag_requires_a_reason_before_decision(city, enterprises, people):
    from jiandu.cases.tests.factories import draft_values

    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=people["officer"],
            enterprise=enterprises[0][1],
            domain=Domain.objects.get(code="price"),
            **draft_values(fine=Decimal("3000"), penalty_spec={"kind": "range", "min": 0, "max": 10000}),
        )
        case = services.run_checks(actor=people["officer"], case=case)
        assert not fine_outside_band(case)
        flagged = {**case.similar, "flagged": True, "reasons": ["拟罚款高于类案正常区间"]}
        PenaltyCase.objects.filter(pk=case.pk).update(similar=flagged)
        case.refresh_from_db()
        with pytest.raises(ValueError, match="类案不同罚"):
            services.decide_case(actor=people["head"], case=case)
        case = services.decide_case(
            actor=people["head"], case=case, deviation_reason="当事人拒不改正,情节较重"
        )
    assert case.status == CaseStatus.DECIDED
    assert case.deviation_reason == "当事人拒不改正,情节较重"


def test_decision_schedules_follow_up_and_reconsideration_adds_mandatory_visit(city, enterprises, people):
    from jiandu.cases.tests.factories import draft_values
    from jiandu.reviews.models import FollowUp

    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=people["officer"],
            enterprise=enterprises[0][1],
            domain=Domain.objects.get(code="price"),
            **draft_values(fine=Decimal("3000"), penalty_spec={"kind": "range", "min": 0, "max": 10000}),
        )
        case = services.run_checks(actor=people["officer"], case=case)
        case = services.decide_case(actor=people["head"], case=case, deviation_reason="说明")
        assert set(FollowUp.objects.filter(case=case).values_list("kind", flat=True)) == {"after_penalty"}
        services.set_case_flags(actor=people["officer"], case=case, reconsidered=True)
        with pytest.raises(PermissionDenied):
            services.set_case_flags(actor=city.outsider, case=case, litigated=True)
        case = services.publish_case(actor=people["officer"], case=case)
        with pytest.raises(ValueError, match="公示"):
            services.publish_case(actor=people["officer"], case=case)
    assert set(FollowUp.objects.filter(case=case).values_list("kind", flat=True)) == {
        "after_penalty",
        "mandatory",
    }
    assert case.publicity_status == PublicityStatus.PUBLISHED


def test_legal_reviewer_returns_case_to_draft(draft, people):
    with time_machine.travel(NOW, tick=False):
        case = services.run_checks(actor=people["officer"], case=draft)
        case = services.submit_for_review(actor=people["officer"], case=case)
        with pytest.raises(ValueError, match="审核意见"):
            services.review_case(actor=people["reviewer"], case=case, passed=False, opinion=" ")
        case = services.review_case(
            actor=people["reviewer"], case=case, passed=False, opinion="证据不足,请补充销售记录"
        )
        assert case.status == CaseStatus.DRAFT and not case.legal_review_passed
        case = services.update_case(
            actor=people["officer"], case=case, changes={"evidence": "销售记录\n询问笔录"}
        )
    assert case.evidence.startswith("销售记录")
    assert case.steps.last().note.startswith("法制审核退回")
