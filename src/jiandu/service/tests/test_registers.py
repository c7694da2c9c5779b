"""Registers and lists of the service loop: audit, region scope (three personas), UI and API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.audit.models import AuditEntry
from jiandu.clues import services as clue_services
from jiandu.clues.models import Channel, Suggestion
from jiandu.clues.selectors import PUBLIC_STAGES
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Role
from jiandu.org.tests.factories import EnterpriseFactory, UserFactory
from jiandu.service import selectors, services
from jiandu.service.models import AssistanceStatus, SurveyResponse

pytestmark = pytest.mark.django_db


def need(city, units, region=None, **kwargs):  # type: ignore[no-untyped-def]
    region = region or city.east
    firm = EnterpriseFactory(region=region)
    defaults = {
        "actor": city.task_force,
        "region": region,
        "unit": units.east_bureau if region == city.east else units.west_bureau,
        "source": "visit",
        "content": "希望帮助解决计量器具检定排队时间长的问题",
        "enterprise": firm,
    }
    return services.open_assistance(**{**defaults, **kwargs})


@time_machine.travel(dt.datetime(2026, 11, 30, 10, 0), tick=False)
def test_assistance_need_deadline_in_working_days_steps_answer_feedback(city, units):
    item = need(city, units, raised_on=dt.date(2026, 11, 2), term_workdays=10)
    (row,) = selectors.assistance_rows([item])
    assert row.due == load_calendar().add(dt.date(2026, 11, 2), 10) and row.overdue
    assert list(selectors.list_assistance(user=city.task_force, overdue=True)) == [item]
    services.add_assistance_step(actor=city.officer, item=item, action="联系计量检定所开通绿色通道")
    with pytest.raises(UserError, match="不能执行"):
        services.record_assistance_feedback(actor=city.officer, item=item, satisfaction=5)
    item = services.answer_assistance(actor=city.officer, item=item, answer="已安排优先检定")
    item = services.record_assistance_feedback(actor=city.officer, item=item, satisfaction=2, reopen=True)
    assert item.status == AssistanceStatus.OPEN
    item = services.answer_assistance(actor=city.officer, item=item, answer="检定所已上门检定")
    item = services.record_assistance_feedback(actor=city.officer, item=item, satisfaction=5, feedback="满意")
    assert item.status == AssistanceStatus.CLOSED and item.satisfaction == 5 and item.closed_on
    notes = set(
        AuditEntry.objects.filter(target_type__startswith="service.assistance").values_list("note", flat=True)
    )
    assert {"登记帮扶需求", "登记帮扶措施", "答复企业", "企业不满意，重新办理", "企业评价，办结"} <= notes
    with pytest.raises(UserError, match="1 至 5"):
        services.record_assistance_feedback(actor=city.officer, item=item, satisfaction=9)


def test_assistance_three_personas_and_bad_input(city, units):
    east = need(city, units)
    west = need(city, units, region=city.west, actor=city.outsider)
    assert set(selectors.list_assistance(user=city.task_force)) == {east, west}
    assert list(selectors.list_assistance(user=city.officer)) == [east]
    assert list(selectors.list_assistance(user=city.outsider)) == [west]
    with pytest.raises(PermissionDenied):
        services.add_assistance_step(actor=city.outsider, item=east, action="越权")
    with pytest.raises(UserError, match="需求内容"):
        need(city, units, content="  ")
    with pytest.raises(UserError, match="1 至 250"):
        need(city, units, term_workdays=0)
    with pytest.raises(PermissionDenied):
        need(city, units, actor=city.auditor)


def test_assistance_list_page_api_and_xlsx_by_county_and_unit(city, units, client):
    east = need(city, units)
    west = need(city, units, region=city.west, actor=city.outsider)
    client.force_login(city.task_force)
    page = client.get(reverse("service_assistance_list")).content.decode()
    assert east.requester in page and west.requester in page
    response = client.get(reverse("service_assistance_list") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values.index(selectors.ASSISTANCE_HEADER)
    body = values[header + 1 :]
    assert [r[1] for r in body] == ["东城区", "西城区"] and [r[2] for r in body] == [
        units.east_bureau.name,
        units.west_bureau.name,
    ]
    assert AuditEntry.objects.filter(action="export", target_repr="帮扶需求清单").exists()
    client.force_login(city.outsider)
    assert [r["id"] for r in client.get("/api/service/assistance").json()] == [west.pk]
    assert client.get(f"/api/service/assistance/{east.pk}").status_code == 404
    client.force_login(city.officer)
    created = client.post(
        "/api/service/assistance",
        {
            "region_code": "411802",
            "unit_id": units.east_bureau.pk,
            "source": "forum",
            "content": "",
            "requester": "协会",
        },
        content_type="application/json",
    )
    assert created.status_code == 400 and "需求内容" in created.json()["detail"]
    created = client.post(
        "/api/service/assistance",
        {
            "region_code": "411802",
            "unit_id": units.east_bureau.pk,
            "source": "forum",
            "content": "融资对接",
            "requester": "协会",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["due"]
    step = client.post(
        f"/api/service/assistance/{created.json()['id']}/step",
        {"text": "已对接银行"},
        content_type="application/json",
    )
    assert step.json()["steps"][0].endswith("已对接银行")


def test_a_forum_issue_becomes_a_clue_a_need_and_a_suggestion(city, units):
    firm = EnterpriseFactory(region=city.east)
    forum = services.hold_forum(
        actor=city.officer,
        region=city.east,
        title="涉企执法座谈会",
        held_on=dt.date(2026, 11, 20),
        firms=[firm],
        other_attendees="县食品行业协会、监督员张某",
        issues=[("同一事项一年内被检查四次", "企业代表", firm), ("希望开展标准化培训", "协会", None)],
    )
    first, second = list(selectors.forum_issues(forum))
    first = services.issue_to_clue(actor=city.officer, issue=first)
    assert first.clue.channel == Channel.FORUM and first.clue.enterprise == firm
    first = services.issue_to_need(actor=city.officer, issue=first, unit=units.east_bureau)
    assert first.assistance.source == "forum" and first.assistance.raised_on == forum.held_on
    second = services.issue_to_suggestion(actor=city.officer, issue=second)
    assert Suggestion.objects.get(pk=second.suggestion_id).source == "forum"
    with pytest.raises(UserError, match="已转为问题线索"):
        services.issue_to_clue(actor=city.officer, issue=first)
    with pytest.raises(PermissionDenied):
        services.issue_to_suggestion(actor=city.outsider, issue=first)
    assert list(selectors.list_forums(user=city.outsider)) == []
    assert [f.pk for f in selectors.list_forums(user=city.task_force)] == [forum.pk]
    notes = set(AuditEntry.objects.filter(target_type="service.forumissue").values_list("note", flat=True))
    assert {"座谈会问题转为问题线索", "座谈会问题转为帮扶需求", "座谈会问题列入意见建议清单"} <= notes


def test_liaison_walks_and_park_visits(city, units, client):
    firm = EnterpriseFactory(region=city.east)
    liaison = services.assign_liaison(
        actor=city.officer, enterprise=firm, leader=units.east_chief, title="局长", category="key"
    )
    with pytest.raises(UserError, match="已联络"):
        services.assign_liaison(
            actor=city.officer, enterprise=firm, leader=units.east_chief, title="局长", category="key"
        )
    services.record_liaison_visit(
        actor=city.officer, assignment=liaison, visited_on=dt.date(2026, 11, 1), content="走访"
    )
    finding = services.record_procedure_finding(
        actor=city.officer,
        region=city.east,
        procedure="食品经营许可",
        step="现场核查预约",
        blocker="需往返三次",
        fix="改为线上预约",
        unit=units.east_bureau,
    )
    services.rectify_procedure_finding(actor=city.officer, finding=finding, result="已上线预约系统")
    with pytest.raises(UserError, match="已整改完成"):
        services.rectify_procedure_finding(actor=city.officer, finding=finding, result="再次")
    with pytest.raises(UserError, match="提供的服务"):
        services.record_service_event(
            actor=city.officer,
            region=city.east,
            park="东城园区",
            held_on=dt.date(2026, 11, 1),
            units=[units.east_bureau],
            services=["haircut"],
        )
    services.record_service_event(
        actor=city.officer,
        region=city.east,
        park="东城园区",
        held_on=dt.date(2026, 11, 1),
        units=[units.east_bureau],
        services=["ip", "registration"],
        firms=[firm],
    )
    for persona, expected in ((city.task_force, 1), (city.officer, 1), (city.outsider, 0)):
        assert selectors.list_liaisons(user=persona).count() == expected
        assert selectors.list_procedure_findings(user=persona).count() == expected
        assert selectors.list_service_events(user=persona).count() == expected
    client.force_login(city.officer)
    for name in ("service_liaison_list", "service_finding_list", "service_event_list", "service_forum_list"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get("/api/service/service-events").json()[0]["services"] == ["registration", "ip"]
    client.force_login(city.auditor)
    assert client.post(reverse("service_finding_new"), {}).status_code == 403


def test_supervisors_see_their_own_submissions_and_the_city_sees_activity(city, units, client):
    login = UserFactory(username="jdy", role=Role.SUPERVISOR, region=city.city)
    person = services.register_supervisor(
        actor=city.task_force,
        region=city.city,
        name="许代表",
        kind="npc_deputy",
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2028, 12, 31),
        phone="13900000000",
        user=login,
    )
    with pytest.raises(UserError, match="已关联"):
        services.register_monitoring_point(
            actor=city.task_force,
            region=city.city,
            name="协会",
            kind="association",
            contact_name="何",
            phone="1",
            user=login,
        )
    with pytest.raises(PermissionDenied):
        services.register_supervisor(
            actor=city.officer,
            region=city.east,
            name="某",
            kind="other",
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2027, 1, 1),
            phone="1",
        )
    client.force_login(login)
    assert client.get(reverse("clue_list")).status_code == 403  # still no access to everyone's clues
    clue = clue_services.file_clue(
        actor=login,
        channel=Channel.SUPERVISOR,
        summary="某所执法人员要求企业购买指定灭火器",
        region=city.east,
    )
    other = clue_services.file_clue(
        actor=city.officer, channel=Channel.VISIT, summary="别人的线索", region=city.east
    )
    page = client.get(reverse("service_my_submissions")).content.decode()
    clue.refresh_from_db()
    assert "指定灭火器" in page and "别人的线索" not in page and PUBLIC_STAGES[clue.status] in page
    clue_services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    clue_services.accept_clue(actor=city.task_force, clue=clue)
    clue_services.assess_clue(
        actor=city.task_force,
        clue=clue,
        verdict="not_confirmed",
        category="P0",
        opinion="经核实，系正常推荐，未强制",
    )
    clue.refresh_from_db()
    clue_services.close_clue(
        actor=city.task_force,
        clue=clue,
        note="已向监督员反馈核查结果",
        public_reply="经核查，推荐系自愿选择。",
    )
    (mine,) = client.get("/api/service/my-submissions").json()
    # the reply written for the public, never the internal assessment or the closing note
    assert mine["closed"] and mine["reply"] == "经核查，推荐系自愿选择。"
    assert "系正常推荐" not in mine["reply"] and "已向监督员反馈" not in mine["reply"]
    client.force_login(city.task_force)
    assert client.get("/api/service/my-submissions").status_code == 403
    (row,) = [a for a in client.get("/api/service/supervision-activity").json() if a["name"] == person.name]
    assert row["submitted"] == 1 and row["closed"] == 1 and other.pk
    client.force_login(city.outsider)
    assert client.get("/api/service/supervisors").json() == []


def test_training_per_officer_and_study_list(city, units):
    item = services.add_study_item(
        actor=city.task_force, region=city.city, campaign="规范涉企行政执法专项行动", title="行政处罚法"
    )
    services.record_training(
        actor=city.task_force,
        region=city.city,
        title="行政处罚法专题培训",
        held_on=dt.date(2026, 11, 3),
        hours="3",
        study_items=[item],
        attendees=[city.officer, city.outsider],
    )
    with pytest.raises(UserError, match="不在您的管辖范围"):
        services.record_training(
            actor=units.east_chief,
            region=city.east,
            title="培训",
            held_on=dt.date(2026, 11, 3),
            hours="2",
            attendees=[city.outsider],
        )
    with pytest.raises(PermissionDenied):
        services.add_study_item(actor=city.officer, region=city.east, campaign="专项", title="法")
    rows = {r.officer.pk: r for r in selectors.training_by_officer(user=city.task_force)}
    assert rows[city.officer.pk].hours == 3 and rows[city.officer.pk].sessions == 1
    assert rows[units.east_chief.pk].sessions == 0
    assert city.outsider.pk not in {r.officer.pk for r in selectors.training_by_officer(user=city.officer)}


def test_survey_is_anonymous_and_shown_only_in_aggregate(city, units, client):
    firm = EnterpriseFactory(region=city.east)
    codes = [
        services.issue_survey(
            actor=city.officer, enterprise=firm, unit=units.east_bureau, subject="inspection"
        )[1]
        for _ in range(3)
    ]
    for score, code in zip((5, 4, 3), codes, strict=True):
        page = client.get(reverse("public_survey", args=[code]))
        assert page.status_code == 200
        done = client.post(
            reverse("public_survey", args=[code]),
            {"fairness": score, "burden": score, "clarity": score, "overall": score, "comment": "好"},
        )
        assert "已匿名提交" in done.content.decode()
    assert client.get(reverse("public_survey", args=[codes[0]])).status_code == 404  # answered once only
    answer = SurveyResponse.objects.first()
    assert answer is not None and not hasattr(answer, "survey_id") and not hasattr(answer, "enterprise_id")
    (row,) = selectors.satisfaction_by_unit(user=city.task_force)
    assert row.responses == 3 and str(row.average) == "4.00"
    assert selectors.satisfaction_by_unit(user=city.outsider) == []
    client.force_login(city.officer)
    assert client.get(reverse("service_survey_results")).status_code == 403  # officers never see results
    client.force_login(units.east_chief)
    assert "4.00" in client.get(reverse("service_survey_results")).content.decode()


def test_every_page_renders_for_the_city(city, units, client):
    client.force_login(city.task_force)
    names = [
        "service_home",
        "service_assistance_list",
        "service_assistance_new",
        "service_liaison_list",
        "service_liaison_new",
        "service_forum_list",
        "service_forum_new",
        "service_finding_list",
        "service_finding_new",
        "service_event_list",
        "service_event_new",
        "service_case_lead_list",
        "service_case_lead_new",
        "service_analysis_list",
        "service_analysis_new",
        "service_problem_list",
        "service_supervisor_list",
        "service_supervisor_new",
        "service_point_list",
        "service_point_new",
        "service_activity",
        "service_study_list",
        "service_study_new",
        "service_training_list",
        "service_training_new",
        "service_training_officers",
        "service_survey_results",
    ]
    for name in names:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("public_firm_record")).status_code == 200


def test_needs_named_in_a_follow_up_visit_become_an_assistance_need(city, units, client):
    from jiandu.cases.tests.factories import PenaltyCaseFactory
    from jiandu.reviews.models import FollowUp

    case = PenaltyCaseFactory(enterprise=EnterpriseFactory(region=city.east))
    visit = FollowUp.objects.create(
        case=case,
        kind="after_penalty",
        region=city.east,
        rules_version="t",
        due_on=dt.date(2026, 11, 20),
        status="done",
        visited_on=dt.date(2026, 11, 18),
        needs="希望辅导申请信用修复",
    )
    client.force_login(city.outsider)
    url = f"/api/service/assistance/from-follow-up/{visit.pk}"
    assert (
        client.post(url, {"unit_id": units.east_bureau.pk}, content_type="application/json").status_code
        == 404
    )
    client.force_login(city.officer)
    created = client.post(url, {"unit_id": units.east_bureau.pk}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert (
        body["source"] == "follow_up"
        and body["content"] == "希望辅导申请信用修复"
        and body["uscc"] == case.enterprise.uscc
    )
    again = client.post(url, {"unit_id": units.east_bureau.pk}, content_type="application/json")
    assert again.status_code == 400 and "已登记" in again.json()["detail"]
