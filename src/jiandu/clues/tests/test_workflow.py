"""The assessment workflow: the transition table, who may act, consultation, judicial opinion, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from jiandu.audit.models import AuditEntry
from jiandu.clues import services
from jiandu.clues.models import (
    Assessment,
    Channel,
    ClueStatus,
    ConsultationOpinion,
    DisciplineReferral,
    ProblemCategory,
)
from jiandu.clues.selectors import allowed_actions, confirmed_labels
from jiandu.clues.tests.factories import UnitFactory
from jiandu.clues.workflow import TRANSITIONS, Action, transition, transition_for
from jiandu.errors import UserError
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _file(city, region=None, summary="执法人员对我店检查时要求购买指定的灭火器，否则罚款五千元", **kwargs):
    return services.file_clue(
        actor=city.task_force,
        channel=Channel.OPINION_CARD,
        summary=summary,
        region=region or city.city,
        **kwargs,
    )


def _to_assessing(city, units, clue):
    services.triage_clue(
        actor=city.task_force, clue=clue, domain=Domain.objects.get(code="food"), lead_unit=units.food
    )
    clue.refresh_from_db()
    services.accept_clue(actor=units.food_staff, clue=clue)
    clue.refresh_from_db()
    return clue


def test_every_action_is_refused_from_every_state_not_in_the_table():
    for row in TRANSITIONS.transitions:
        action = row.action
        for status in ClueStatus.values:
            if status in row.sources:
                assert transition_for(status, action).target == row.target
            else:
                with pytest.raises(UserError, match="不能执行"):
                    transition_for(status, action)


def test_closed_is_terminal_and_referral_is_a_side_exit():
    assert all(ClueStatus.CLOSED not in t.sources for t in TRANSITIONS.transitions)
    assert transition(Action.REFER).target == ClueStatus.REFERRED
    assert ClueStatus.REFERRED in transition(Action.CLOSE).sources


def test_happy_path_records_labels_causes_and_audits_every_state_change(city, units):
    clue = _to_assessing(city, units, _file(city))
    assert clue.status == ClueStatus.ASSESSING and clue.lead_unit == units.food
    with pytest.raises(UserError, match="剖析"):
        services.assess_clue(
            actor=units.food_staff,
            clue=clue,
            verdict="confirmed",
            category="P1",
            subtype="P1a",
            opinion="属实",
        )
    services.assess_clue(
        actor=units.food_staff,
        clue=clue,
        verdict="confirmed",
        category="P1",
        subtype="P1a",
        opinion="经核查属实",
        cause_analysis="执法人员服务意识淡薄",
    )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CONFIRMED and clue.category == ProblemCategory.P1
    assessment = Assessment.objects.get(clue=clue)
    assert (assessment.unit, assessment.subtype) == (units.food, "P1a")
    assert list(confirmed_labels())[-1] == (clue.summary, "P1", "P1a", "食品")
    states = [
        (e.before or {}).get("status")
        for e in AuditEntry.objects.filter(
            target_type="clues.clue", target_id=str(clue.pk), action="transition"
        )
    ]
    assert {"received", "triaged", "assessing"} <= set(states)


def test_subtype_must_belong_to_the_category(city, units):
    clue = _to_assessing(city, units, _file(city))
    with pytest.raises(UserError, match="不属于所选类别"):
        services.assess_clue(
            actor=units.food_staff,
            clue=clue,
            verdict="confirmed",
            category="P2",
            subtype="P1a",
            opinion="属实",
            cause_analysis="原因",
        )


def test_officer_cannot_assess_and_another_unit_cannot_act_on_a_clue_it_does_not_lead(city, units):
    clue = _file(city)
    services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.food)
    clue.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.accept_clue(actor=units.price_staff, clue=clue)
    with pytest.raises(PermissionDenied):
        services.accept_clue(actor=city.officer, clue=clue)
    assert Action.ACCEPT not in allowed_actions(clue, units.price_staff)
    assert Action.ACCEPT in allowed_actions(clue, units.food_staff)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.TRIAGED


def test_a_county_bureau_cannot_act_outside_its_county(city, units):
    clue = _file(city, region=city.west)
    with pytest.raises(PermissionDenied, match="管辖范围"):
        services.triage_clue(actor=units.east_chief, clue=clue, lead_unit=units.west_bureau)


def test_consultation_holds_each_units_opinion_and_the_lead_concludes(city, units):
    clue = _to_assessing(city, units, _file(city))
    services.open_consultation(
        actor=units.food_staff,
        clue=clue,
        lead_unit=units.food,
        units=[units.food, units.price],
        topic="涉及价格",
    )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CONSULTATION
    with pytest.raises(PermissionDenied, match="本机构"):
        services.give_consultation_opinion(
            actor=units.price_staff, clue=clue, unit=units.food, opinion="同意"
        )
    services.give_consultation_opinion(
        actor=units.price_staff, clue=clue, unit=units.price, opinion="收费违规"
    )
    services.give_consultation_opinion(actor=units.food_staff, clue=clue, unit=units.food, opinion="同意认定")
    assert dict(ConsultationOpinion.objects.values_list("unit__name", "opinion")) == {
        "价格监督检查科": "收费违规",
        "食品经营安全监督管理科": "同意认定",
    }
    services.assess_clue(
        actor=units.food_staff, clue=clue, verdict="not_confirmed", category="", opinion="不属于四类问题"
    )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.NOT_CONFIRMED and clue.category == "P0"
    assert clue.consultation.conclusion == "不属于四类问题"


def test_judicial_opinion_round_trip_returns_to_assessing(city, units):
    clue = _to_assessing(city, units, _file(city))
    services.request_judicial_opinion(actor=units.food_staff, clue=clue, question="是否属于乱检查")
    clue.refresh_from_db()
    assert clue.status == ClueStatus.JUDICIAL_OPINION
    services.record_judicial_opinion(actor=units.food_staff, clue=clue, answer="属于重复检查")
    clue.refresh_from_db()
    assert clue.status == ClueStatus.ASSESSING
    assert clue.judicial_opinions.get().answer == "属于重复检查"


def test_referral_needs_the_right_role_and_its_details_stay_off_the_clue_trail(city, units):
    clue = _to_assessing(city, units, _file(city))
    with pytest.raises(PermissionDenied):
        services.refer_to_discipline(
            actor=units.food_staff, clue=clue, organ="纪检组", persons="甲", reason="受贿"
        )
    services.refer_to_discipline(
        actor=city.task_force, clue=clue, organ="纪检组", persons="甲", reason="收受财物"
    )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.REFERRED
    assert DisciplineReferral.objects.get(clue=clue).reason == "收受财物"
    trail = AuditEntry.objects.filter(target_type="clues.clue", target_id=str(clue.pk))
    assert not any("收受财物" in str(e.after) for e in trail)
    services.close_clue(actor=city.task_force, clue=clue)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CLOSED


def test_legal_unit_gives_its_consultation_opinion_when_invited(city, units):
    """Defect: `fazhi` (法制科, a legal reviewer) could not give 法制科's opinion when it was invited."""
    legal = UnitFactory(name="法制科", region=city.city)
    fazhi = UserFactory(username="fazhi_clues", role=Role.LEGAL_REVIEWER, region=city.city, unit=legal)
    clue = _to_assessing(city, units, _file(city))
    services.open_consultation(
        actor=units.food_staff, clue=clue, lead_unit=units.food, units=[units.food, legal], topic="适用法律"
    )
    clue.refresh_from_db()
    with pytest.raises(PermissionDenied):  # for another unit the role still needs the right to assess
        services.give_consultation_opinion(actor=fazhi, clue=clue, unit=units.food, opinion="同意")
    services.give_consultation_opinion(actor=fazhi, clue=clue, unit=legal, opinion="适用依据正确")
    assert ConsultationOpinion.objects.get(unit=legal).opinion == "适用依据正确"


def test_a_refused_assessment_keeps_the_typed_opinion(client, city, units):
    """Defect: a refused form redirected and lost the 认定意见 the user had typed."""
    clue = _to_assessing(city, units, _file(city))
    client.force_login(units.food_staff)
    response = client.post(
        f"/clues/{clue.pk}/assess/",
        {
            "verdict": "confirmed",
            "category": "",
            "opinion": "检查人员强制指定购买灭火器，属于乱收费",
            "cause_analysis": "x",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "检查人员强制指定购买灭火器，属于乱收费" in page and "请选择问题类别" in page
