"""A penalty case through the procedure of 行政处罚法, by the services: guards, deadlines and audit."""

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
from jiandu.cases.tests.factories import draft_values
from jiandu.cases.workflow import CASE_TRANSITIONS, fine_outside_band
from jiandu.errors import UserError
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
NOTICE_ON = dt.date(2026, 11, 2)  # five working days have run out by NOW


@pytest.fixture
def people(city):
    return {
        "officer": city.officer,
        "reviewer": UserFactory(username="fazhi", role=Role.LEGAL_REVIEWER, region=city.city),
        "head": UserFactory(username="dong_ju", role=Role.COUNTY_BUREAU, region=city.east),
    }


def _create(people, enterprise, **overrides):
    return services.create_case(
        actor=people["officer"],
        enterprise=enterprise,
        domain=Domain.objects.get(code="price"),
        **draft_values(**overrides),
    )


@pytest.fixture
def draft(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        return _create(people, enterprises[0][0])


def _notified(case, people):
    case = services.run_checks(actor=people["officer"], case=case)
    return services.notify_case(
        actor=people["officer"], case=case, issued_on=NOTICE_ON, delivered_on=NOTICE_ON
    )


def test_full_flow_with_notice_legal_review_and_collective_discussion(city, draft, people):
    with time_machine.travel(NOW, tick=False):
        case = services.run_checks(actor=people["officer"], case=draft)
        assert case.status == CaseStatus.CHECKED
        assert case.discretion["outcome"] == "standard"
        assert case.discretion_ruleset == case.discretion["ruleset"]
        assert case.similar is not None and "flagged" in case.similar
        with pytest.raises(UserError, match="告知"):  # 行政处罚法第六十二条: no decision without 告知
            services.decide_case(actor=people["head"], case=case)
        case.refresh_from_db()
        assert case.status == CaseStatus.CHECKED
        case = services.notify_case(
            actor=people["officer"], case=case, issued_on=NOTICE_ON, delivered_on=NOTICE_ON
        )
        assert case.status == CaseStatus.NOTIFIED and case.documents.filter(kind="notice").exists()
        with pytest.raises(UserError, match="法制审核"):
            services.decide_case(actor=people["head"], case=case)
        case = services.submit_for_review(actor=people["officer"], case=case)
        with pytest.raises(UserError, match="权限"):
            services.pass_review(actor=people["officer"], case=case, opinion="同意")
        case = services.pass_review(actor=people["reviewer"], case=case, opinion="事实清楚，同意")
        assert case.status == CaseStatus.REVIEWED
        with pytest.raises(UserError, match="权限"):
            services.decide_case(actor=people["officer"], case=case)
        case = services.decide_case(actor=people["head"], case=case)
        assert case.status == CaseStatus.DECIDED
        assert case.decision_number.endswith("号") and "〔2026〕" in case.decision_number
        kinds = set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True))
        assert kinds == {"notice", "penalty_decision", "credit_repair_notice"}
        assert case.publicity_status == PublicityStatus.PENDING
        assert {s["step"] for s in case.skipped_steps} == {"听证", "集体讨论"}
        case = services.deliver_case(actor=people["officer"], case=case, method="直接送达")
        assert case.documents.filter(kind="delivery_receipt").exists()
        with pytest.raises(UserError, match="罚没款"):
            services.close_case(actor=people["officer"], case=case)
        case = services.record_payment(actor=people["officer"], case=case)
        case = services.close_case(actor=people["officer"], case=case)
    assert case.status == CaseStatus.CLOSED and case.close_reason == "行政处罚决定执行完毕"
    steps = [(s.from_status, s.to_status) for s in case.steps.all()]
    assert ("legal_review", "reviewed") in steps  # passing legal review is in the history
    assert ("reviewed", "decided") in steps and ("paid", "closed") in steps
    transitions = AuditEntry.objects.filter(target_type="cases.penaltycase", target_id=str(case.pk))
    assert transitions.filter(action="transition").count() >= 8


def test_statement_period_must_run_out_and_every_argument_be_reviewed(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        case = _create(
            people,
            enterprises[0][1],
            fine=Decimal("3000"),
            penalty_spec={"kind": "range", "min": 0, "max": 10000},
        )
        case = services.run_checks(actor=people["officer"], case=case)
        case = services.notify_case(actor=people["officer"], case=case)  # delivered today
        with pytest.raises(UserError, match="陈述申辩期"):
            services.decide_case(actor=people["head"], case=case)
        item = services.record_representation(actor=people["officer"], case=case, argument="系初次违法")
        services.waive_statement(actor=people["officer"], case=case, note="当事人书面声明放弃")
        with pytest.raises(UserError, match="复核"):
            services.decide_case(actor=people["head"], case=case)
        services.review_representation(
            actor=people["officer"],
            representation=item,
            adopted=False,
            review="当事人一年内已因同类行为受到处罚",
        )
        case = services.decide_case(actor=people["head"], case=PenaltyCase.objects.get(pk=case.pk))
    assert case.status == CaseStatus.DECIDED


def test_hearing_for_a_large_fine_then_legal_review_and_discussion(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        case = _notified(_create(people, enterprises[0][2]), people)
        assert case.notice.hearing_offered  # ¥200,000 to an organisation: 较大数额罚款
        case = services.request_hearing(actor=people["officer"], case=case, requested_on=dt.date(2026, 11, 5))
        assert case.status == CaseStatus.HEARING
        with pytest.raises(UserError, match="七日前"):
            services.schedule_hearing(
                actor=people["officer"],
                case=case,
                held_on=dt.date(2026, 11, 18),
                place="本局听证室",
                host="王五",
            )
        with pytest.raises(UserError, match="非本案调查人员"):
            services.schedule_hearing(
                actor=people["officer"],
                case=case,
                held_on=dt.date(2026, 11, 30),
                place="本局听证室",
                host="张三",
            )
        services.schedule_hearing(
            actor=people["officer"], case=case, held_on=dt.date(2026, 11, 30), place="本局听证室", host="王五"
        )
        assert case.documents.filter(kind="hearing_notice").exists()
        with pytest.raises(UserError, match="尚未举行"):
            services.report_hearing(actor=people["officer"], case=case, record_text="x", report="y")
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        services.report_hearing(
            actor=people["officer"], case=case, record_text="当事人申辩", report="维持拟处罚意见"
        )
        case = PenaltyCase.objects.get(pk=case.pk)
        assert case.legal_review_required and case.discussion_required
        case = services.submit_for_review(actor=people["officer"], case=case)
        case = services.pass_review(actor=people["reviewer"], case=case, opinion="同意")
        with pytest.raises(UserError, match="集体讨论"):
            services.decide_case(actor=people["head"], case=case)
        case = services.discuss_case(
            actor=people["head"], case=case, discussed_on=None, note="局务会讨论同意"
        )
        case = services.decide_case(actor=people["head"], case=case)
    assert case.skipped_steps == []


def test_hearing_refused_outside_scope_or_after_the_deadline(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        small = _notified(
            _create(
                people,
                enterprises[0][1],
                fine=Decimal("3000"),
                penalty_spec={"kind": "range", "min": 0, "max": 10000},
            ),
            people,
        )
        with pytest.raises(UserError, match="听证范围"):
            services.request_hearing(actor=people["officer"], case=small)
        large = _notified(_create(people, enterprises[0][2]), people)
        with pytest.raises(UserError, match="届满"):
            services.request_hearing(actor=people["officer"], case=large, requested_on=dt.date(2026, 11, 16))


def test_major_case_requires_review_and_small_case_does_not(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        small = _create(
            people,
            enterprises[0][1],
            fine=Decimal("2000"),
            penalty_spec={"kind": "range", "min": 0, "max": 5000},
        )
        small = services.run_checks(actor=people["officer"], case=small)
        assert small.legal_review_required is False
        major = _create(
            people,
            enterprises[0][2],
            fine=Decimal("2000"),
            is_major=True,
            penalty_spec={"kind": "range", "min": 0, "max": 5000},
        )
        major = services.run_checks(actor=people["officer"], case=major)
    assert major.legal_review_required is True and major.discussion_required is True
    assert any("重大案件" in r for r in major.legal_review_reasons)


def test_decision_deadline_and_overdue_are_derived(draft):
    # 90 calendar days from 2026-10-12 is 2027-01-10, a Sunday: the period runs on to Monday.
    items = {d.key: d for d in case_deadlines(draft, today=dt.date(2026, 11, 16))}
    assert items["decide"].due == dt.date(2027, 1, 11)
    assert not items["decide"].overdue
    late = {d.key: d for d in case_deadlines(draft, today=dt.date(2027, 1, 12))}
    assert late["decide"].overdue


def test_delivery_deadline_counts_working_days(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        case = _notified(
            _create(
                people,
                enterprises[0][1],
                fine=Decimal("3000"),
                penalty_spec={"kind": "range", "min": 0, "max": 10000},
            ),
            people,
        )
        items = {d.key: d for d in case_deadlines(case, today=dt.date(2026, 11, 3))}
        assert items["statement"].due == dt.date(2026, 11, 9)  # five working days from Monday 2 November
        case = services.decide_case(actor=people["head"], case=case, deviation_reason="同类案件较少")
    items = {d.key: d for d in case_deadlines(case, today=dt.date(2026, 11, 16))}
    # decided Monday 2026-11-16: 7 working days → Wednesday 2026-11-25; publicity 20 wd → 2026-12-14
    assert items["deliver"].due == dt.date(2026, 11, 25)
    assert items["publish"].due == dt.date(2026, 12, 14)


def test_late_payment_adds_three_percent_a_day_capped_at_the_fine(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        case = _notified(
            _create(
                people,
                enterprises[0][1],
                fine=Decimal("3000"),
                penalty_spec={"kind": "range", "min": 0, "max": 10000},
            ),
            people,
        )
        case = services.decide_case(actor=people["head"], case=case, deviation_reason="说明")
        case = services.deliver_case(actor=people["officer"], case=case)
        with pytest.raises(UserError, match="缴纳期限"):
            services.apply_enforcement(actor=people["officer"], case=case)
    assert services.late_fee(case, paid_on=dt.date(2026, 12, 1)) == Decimal("0.00")  # day 15
    assert services.late_fee(case, paid_on=dt.date(2026, 12, 3)) == Decimal("180.00")  # 2 days × 3%
    assert services.late_fee(case, paid_on=dt.date(2027, 3, 1)) == Decimal("3000.00")  # never above the fine
    with time_machine.travel(dt.datetime(2026, 12, 10, 10, tzinfo=dt.UTC), tick=False):
        case = services.apply_enforcement(actor=people["officer"], case=case)
        assert case.status == CaseStatus.ENFORCING and case.late_fee == Decimal("810.00")
        case = services.close_case(actor=people["officer"], case=case, reason="人民法院裁定终结执行")
    assert case.close_reason == "人民法院裁定终结执行"


def test_outsider_cannot_touch_case(city, draft):
    with pytest.raises(PermissionDenied):
        services.run_checks(actor=city.outsider, case=draft)


def test_no_penalty_skips_notice_and_cites_its_ground_from_data(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        case = _create(
            people,
            enterprises[0][1],
            outcome="no_penalty",
            penalty_kinds=[],
            fine=0,
            discretion_facts={"minor": True, "corrected_in_time": True, "harm": "none"},
        )
        case = services.run_checks(actor=people["officer"], case=case)
        assert case.discretion["outcome"] == "no_penalty"
        assert "notify" not in {t.action for t, _ in _offered(case, people["officer"])}
        with pytest.raises(UserError, match="法定情形"):
            services.decide_case(actor=people["head"], case=case, education_note="讲解明码标价规定。")
        PenaltyCase.objects.filter(pk=case.pk).update(no_penalty_ground="minor_corrected")
        with pytest.raises(UserError, match="教育"):
            services.decide_case(actor=people["head"], case=case)
        case = services.decide_case(actor=people["head"], case=case, education_note="讲解明码标价规定。")
    kinds = set(case.documents.values_list("kind", flat=True))
    assert kinds == {"no_penalty_decision", "education_record"}
    assert case.publicity_status == PublicityStatus.NOT_REQUIRED
    assert "不罚" in case.decision_number
    assert {s["step"]: s["reason"] for s in case.skipped_steps}["告知"].startswith("拟不予行政处罚")


def _offered(case, user):
    from jiandu.cases.workflow import offered

    return offered(case, CASE_TRANSITIONS.available(state=case.status, user=user))


def test_bad_draft_input_is_refused_with_field_names(city, enterprises, people):
    with pytest.raises(UserError, match="罚款") as negative:
        _create(people, enterprises[0][0], fine=Decimal("-1"))
    assert negative.value.field == "fine"
    with pytest.raises(UserError, match="最高额"):
        _create(people, enterprises[0][0], fine=Decimal("600000"))
    with pytest.raises(UserError, match="没收的财物") as confiscation:
        _create(people, enterprises[0][0], penalty_kinds=["fine", "confiscate_property"])
    assert confiscation.value.field == "confiscated_property"


def test_similar_case_flag_requires_a_reason_before_decision(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        case = _create(
            people,
            enterprises[0][1],
            fine=Decimal("3000"),
            penalty_spec={"kind": "range", "min": 0, "max": 10000},
        )
        case = _notified(case, people)
        assert not fine_outside_band(case)
        flagged = {**case.similar, "flagged": True, "reasons": ["拟罚款高于类案正常区间"]}
        PenaltyCase.objects.filter(pk=case.pk).update(similar=flagged)
        case.refresh_from_db()
        with pytest.raises(UserError, match="偏离的理由"):
            services.decide_case(actor=people["head"], case=case)
        case = services.decide_case(
            actor=people["head"], case=case, deviation_reason="当事人拒不改正，情节较重"
        )
    assert case.status == CaseStatus.DECIDED
    assert case.deviation_reason == "当事人拒不改正，情节较重"


def test_decision_schedules_follow_up_and_reconsideration_adds_mandatory_visit(city, enterprises, people):
    from jiandu.reviews.models import FollowUp

    with time_machine.travel(NOW, tick=False):
        case = _notified(
            _create(
                people,
                enterprises[0][1],
                fine=Decimal("3000"),
                penalty_spec={"kind": "range", "min": 0, "max": 10000},
            ),
            people,
        )
        case = services.decide_case(actor=people["head"], case=case, deviation_reason="说明")
        assert set(FollowUp.objects.filter(case=case).values_list("kind", flat=True)) == {"after_penalty"}
        services.set_case_flags(actor=people["officer"], case=case, reconsidered=True)
        with pytest.raises(PermissionDenied):
            services.set_case_flags(actor=city.outsider, case=case, litigated=True)
        case = services.publish_case(actor=people["officer"], case=case)
        with pytest.raises(UserError, match="公示"):
            services.publish_case(actor=people["officer"], case=case)
    assert set(FollowUp.objects.filter(case=case).values_list("kind", flat=True)) == {
        "after_penalty",
        "mandatory",
    }
    assert case.publicity_status == PublicityStatus.PUBLISHED


def test_legal_reviewer_returns_case_to_investigation(draft, people):
    with time_machine.travel(NOW, tick=False):
        case = _notified(draft, people)
        case = services.submit_for_review(actor=people["officer"], case=case)
        with pytest.raises(UserError, match="审核意见"):
            services.return_case(actor=people["reviewer"], case=case, opinion=" ")
        case = services.return_case(actor=people["reviewer"], case=case, opinion="证据不足，请补充销售记录")
        assert case.status == CaseStatus.DRAFT and not case.legal_review_passed
        case = services.update_case(
            actor=people["officer"], case=case, changes={"evidence": "销售记录\n询问笔录"}
        )
    assert case.evidence.startswith("销售记录")
    assert case.steps.last().note.startswith("法制审核退回")


def test_reviewer_cannot_review_own_case(city, enterprises, people):
    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=people["officer"], enterprise=enterprises[0][0], domain=Domain.objects.get(code="price"),
            **draft_values(officers=people["reviewer"].get_full_name() or "法制员"),
        )  # fmt: skip
        PenaltyCase.objects.filter(pk=case.pk).update(created_by=people["reviewer"])
        case = _notified(PenaltyCase.objects.get(pk=case.pk), people)
        case = services.submit_for_review(actor=people["officer"], case=case)
        with pytest.raises(UserError, match="本人承办"):
            services.pass_review(actor=people["reviewer"], case=case, opinion="同意")


def test_the_check_flags_a_fine_below_the_statutory_minimum_unless_a_mitigation_reason_is_given(
    city, enterprises, people
):
    """食品安全法第一百二十四条: 货值金额不足一万元的, 并处五万元以上十万元以下罚款. A proposal of
    ¥20,000 on 货值 ¥96 is below the law's floor: the stored similar-case result flags it and says why,
    unless the case states why it is 减轻 (行政处罚法第三十二条)."""
    with time_machine.travel(NOW, tick=False):
        values = draft_values(
            item_code="FSL-124-1-5",
            violation="经营超过保质期的食品",
            fine=Decimal("20000"),
            fine_base=Decimal("96"),
            penalty_spec=None,
            legal_basis="",
            discretion_facts={"harm": "general"},
        )
        food = Domain.objects.get(code="food")
        low = services.create_case(
            actor=people["officer"], enterprise=enterprises[0][0], domain=food, **values
        )
        low = services.run_checks(actor=people["officer"], case=low)
        assert low.similar["flagged"] is True
        assert any("最低" in reason for reason in low.similar["reasons"]), low.similar["reasons"]
        reasoned = services.create_case(
            actor=people["officer"], enterprise=enterprises[0][1], domain=food, **values
        )
        PenaltyCase.objects.filter(pk=reasoned.pk).update(
            deviation_reason="当事人主动消除违法行为危害后果，依法减轻处罚（行政处罚法第三十二条第一项）"
        )
        reasoned.refresh_from_db()
        reasoned = services.run_checks(actor=people["officer"], case=reasoned)
        assert reasoned.similar["flagged"] is False
        assert any("已说明减轻处罚的理由" in reason for reason in reasoned.similar["reasons"])


def test_a_fine_in_the_aggravated_part_is_flagged_only_without_a_found_aggravating_circumstance(
    city, enterprises, people
):
    """指导意见第十条第（四）项: a fine in the highest 30 % of the statutory range is 从重 and needs a
    从重 circumstance (第十六条). 食品安全法第一百二十四条 on 货值 ¥96: 5万–10万元, so ¥90,000 is 从重.
    The check passes the circumstances the discretion check found to the similar-case check; with none
    found it flags the fine and says so; the 类案比对 page opened from the case shows the same."""
    with time_machine.travel(NOW, tick=False):
        food = Domain.objects.get(code="food")
        values = draft_values(
            item_code="FSL-124-1-5", violation="经营超过保质期的食品", fine=Decimal("90000"),
            fine_base=Decimal("96"), penalty_spec=None, legal_basis="", discretion_facts={"harm": "general"},
        )  # fmt: skip
        bare = services.create_case(
            actor=people["officer"], enterprise=enterprises[0][0], domain=food, **values
        )
        bare = services.run_checks(actor=people["officer"], case=bare)
        assert bare.discretion["outcome"] != "aggravated"
        assert bare.similar["statutory"] == "aggravated_unstated" and bare.similar["flagged"] is True
        assert any("未说明从重情节" in r for r in bare.similar["reasons"]), bare.similar["reasons"]
        assert bare.similar["statutory_flagged"] is True and "法定幅度预警" in bare.steps.last().note
        found = services.create_case(
            actor=people["officer"], enterprise=enterprises[0][1], domain=food,
            **{**values, "discretion_facts": {"harm": "general", "repeat_within_year": True}},
        )  # fmt: skip
        found = services.run_checks(actor=people["officer"], case=found)
        assert found.discretion["outcome"] == "aggravated"
        assert found.similar["statutory"] == "aggravated_stated", found.similar["reasons"]
        assert found.similar["flagged"] is False
        inputs = services.similar_inputs(found)
        assert inputs["statutory_min"] == Decimal("50000") and inputs["statutory_max"] == Decimal("100000")
        assert inputs["aggravation_reason"] and inputs["mitigation_reason"] == ""
