"""The hand-over from routine supervision to case handling: inspection finding → 案源 → 立案 or 不予立案."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.cases.models import CaseStatus, PenaltyCase
from jiandu.clues.models import Clue
from jiandu.errors import UserError
from jiandu.inspections import services as inspections
from jiandu.inspections.models import Inspection, Outcome
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Domain
from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.service import selectors, services
from jiandu.service.models import CaseLeadStatus

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 30, 10, 0)


def violation_found(city, firm, outcome=Outcome.CLUE) -> Inspection:  # type: ignore[no-untyped-def]
    visit = Inspection.objects.create(enterprise=firm, region=firm.region)
    return inspections.record_result(
        actor=city.officer,
        inspection=visit,
        outcome=outcome,
        inspected_on=dt.date(2026, 11, 20),
        findings="销售超过保质期的预包装食品",
        case_note="拟立案查处" if outcome == Outcome.CASE_NOTE else "",
    )


@time_machine.travel(TODAY, tick=False)
def test_an_inspection_finding_becomes_a_case_lead_and_then_a_case(city, units):
    firm = EnterpriseFactory(region=city.east)
    visit = violation_found(city, firm)
    assert visit.clue_id is None and not Clue.objects.exists()  # not the misconduct pipeline any more
    assert list(selectors.pending_handovers(user=city.officer)) == [visit]
    assert list(selectors.pending_handovers(user=city.outsider)) == []
    food = Domain.objects.get(code="food")
    lead = services.hand_over_inspection(
        actor=city.officer, inspection=visit, domain=food, handling_unit=units.east_bureau
    )
    assert lead.discovered_on == dt.date(2026, 11, 20) and lead.status == CaseLeadStatus.REGISTERED
    assert list(selectors.pending_handovers(user=city.officer)) == []
    (row,) = selectors.lead_rows([lead])
    assert row.deadline == load_calendar().add(dt.date(2026, 11, 20), 15) and not row.overdue
    with pytest.raises(PermissionDenied):  # an officer hands over but does not decide
        services.accept_case_lead(actor=city.officer, lead=lead)
    with pytest.raises(UserError, match="不能执行“立案”"):
        services.file_case_from_lead(actor=units.east_chief, lead=lead)
    services.accept_case_lead(actor=units.east_chief, lead=lead)
    lead = services.file_case_from_lead(actor=units.east_chief, lead=lead)
    case = PenaltyCase.objects.get(pk=lead.case_id)
    assert case.status == CaseStatus.DRAFT and case.enterprise == firm and case.domain == food
    assert lead.status == CaseLeadStatus.FILED
    notes = list(AuditEntry.objects.filter(target_type="service.caselead").values_list("note", flat=True))
    assert "移交案源" in notes and "受理案源，开始核查" in notes and any(n.startswith("立案") for n in notes)


@time_machine.travel(TODAY, tick=False)
def test_declining_needs_a_ground_of_article_20_and_reasons_and_extension_is_once(city, units):
    firm = EnterpriseFactory(region=city.east)
    visit = violation_found(city, firm, Outcome.CASE_NOTE)
    lead = services.hand_over_inspection(
        actor=city.officer,
        inspection=visit,
        domain=Domain.objects.get(code="food"),
        handling_unit=units.east_bureau,
    )
    with pytest.raises(UserError, match="已移交"):
        services.hand_over_inspection(
            actor=city.officer, inspection=visit, domain=lead.domain, handling_unit=units.east_bureau
        )
    services.accept_case_lead(actor=units.east_chief, lead=lead)
    lead = services.extend_case_lead(actor=units.east_chief, lead=lead, reason="需检验检测")
    (row,) = selectors.lead_rows([lead])
    assert row.deadline == load_calendar().add(dt.date(2026, 11, 20), 30)
    with pytest.raises(UserError, match="已延长过一次"):
        services.extend_case_lead(actor=units.east_chief, lead=lead, reason="再延")
    with pytest.raises(UserError, match="第二十条"):
        services.decline_case_lead(actor=units.east_chief, lead=lead, ground="", reason="轻微")
    with pytest.raises(UserError, match="不予立案理由"):
        services.decline_case_lead(actor=units.east_chief, lead=lead, ground="minor_corrected", reason=" ")
    lead = services.decline_case_lead(
        actor=units.east_chief, lead=lead, ground="minor_corrected", reason="当场改正，未造成危害后果"
    )
    assert lead.status == CaseLeadStatus.DECLINED and lead.case_id is None


@time_machine.travel(TODAY, tick=False)
def test_a_lead_undecided_past_15_working_days_is_overdue(city, units):
    firm = EnterpriseFactory(region=city.east)
    lead = services.register_case_lead(
        actor=city.officer,
        enterprise=firm,
        domain=Domain.objects.get(code="food"),
        facts="无证经营",
        handling_unit=units.east_bureau,
        source="complaint",
        discovered_on=dt.date(2026, 10, 20),
    )
    (row,) = selectors.lead_rows([lead])
    assert row.overdue


def test_outsider_cannot_hand_over_or_see_leads(city, units):
    firm = EnterpriseFactory(region=city.east)
    with pytest.raises(PermissionDenied):
        services.register_case_lead(
            actor=city.outsider,
            enterprise=firm,
            domain=Domain.objects.get(code="food"),
            facts="无证经营",
            handling_unit=units.east_bureau,
            source="complaint",
            discovered_on=dt.date(2026, 10, 20),
        )
    lead = services.register_case_lead(
        actor=city.officer,
        enterprise=firm,
        domain=Domain.objects.get(code="food"),
        facts="无证经营",
        handling_unit=units.east_bureau,
        source="complaint",
        discovered_on=dt.date(2026, 10, 20),
    )
    assert list(selectors.list_case_leads(user=city.task_force)) == [lead]
    assert list(selectors.list_case_leads(user=city.officer)) == [lead]
    assert list(selectors.list_case_leads(user=city.outsider)) == []


def test_pages_and_api_hand_over_and_file(city, units, client):
    firm = EnterpriseFactory(region=city.east)
    visit = violation_found(city, firm)
    client.force_login(city.officer)
    page = client.get(reverse("service_case_lead_list")).content.decode()
    assert "销售超过保质期的预包装食品" in page
    response = client.post(
        reverse("service_case_lead_from_inspection", args=[visit.pk]),
        {"domain": Domain.objects.get(code="food").pk, "handling_unit": units.east_bureau.pk},
    )
    assert response.status_code == 302
    lead_id = int(response["Location"].rstrip("/").split("/")[-1])
    client.force_login(city.outsider)
    assert client.get(reverse("service_case_lead_detail", args=[lead_id])).status_code == 404
    assert (
        client.post(
            f"/api/service/case-leads/{lead_id}/accept", {}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(units.east_chief)
    assert (
        client.post(
            f"/api/service/case-leads/{lead_id}/file", {}, content_type="application/json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/api/service/case-leads/{lead_id}/accept", {}, content_type="application/json"
        ).status_code
        == 200
    )
    body = client.post(f"/api/service/case-leads/{lead_id}/file", {}, content_type="application/json").json()
    assert (
        body["status"] == "filed" and PenaltyCase.objects.filter(pk=body["case_id"], enterprise=firm).exists()
    )


def test_case_analysis_feeds_back_to_units_who_acknowledge(city, units):
    analysis = services.record_case_analysis(
        actor=city.task_force,
        region=city.city,
        title="2026年第三季度案件分析",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        summary="过期食品案件集中在小型超市",
        statistics=selectors.case_statistics(
            user=city.task_force, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30)
        ),
        problems=[
            ("日常检查对临期食品关注不够", units.food, None),
            ("县局检查记录不完整", units.east_bureau, None),
        ],
    )
    problem, county_problem = list(selectors.analysis_problems(analysis))
    # a county bureau signs for what the city fed back to it; another county sees nothing
    assert list(selectors.problems_for_unit(user=units.east_chief)) == [county_problem]
    services.acknowledge_problem(
        actor=units.east_chief, problem=county_problem, action_taken="统一检查记录模板"
    )
    assert list(selectors.problems_for_unit(user=city.outsider)) == []
    assert list(selectors.problems_for_unit(user=units.food_staff)) == [problem]
    assert list(selectors.problems_for_unit(user=units.price_staff)) == []
    with pytest.raises(UserError, match="被反馈的日常监管单位"):
        services.acknowledge_problem(actor=units.price_staff, problem=problem, action_taken="知悉")
    services.acknowledge_problem(
        actor=units.food_staff, problem=problem, action_taken="将临期食品纳入检查要点"
    )
    problem.refresh_from_db()
    assert problem.acknowledged_by == units.food_staff
    with pytest.raises(UserError, match="已签收"):
        services.acknowledge_problem(actor=units.food_staff, problem=problem, action_taken="再签")
    assert AuditEntry.objects.filter(target_type="service.commonproblem", note="签收共性问题").exists()
