"""Urgent handling and 舆情: the mark, the escalation to the city, the deadline in hours, the event record
with its steps, statement and closing; media reports counted; warning cases anonymised and published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import AuditEntry
from jiandu.clues.models import Assessment, ClueStatus, Verdict
from jiandu.clues.tests.factories import ClueFactory
from jiandu.errors import UserError
from jiandu.org.models import Enterprise
from jiandu.oversight import selectors as S
from jiandu.oversight.models import OpinionEvent, UrgentMatter
from jiandu.oversight.services import urgent

pytestmark = pytest.mark.django_db


def opinion(city, units, **extra):
    clue = ClueFactory(region=city.east, summary="网传东城区执法人员对小餐馆连续罚款，引发热议", **extra)
    return urgent.flag_urgent(
        actor=units.east_chief,
        clue=clue,
        kind="opinion",
        reason="网络转发量大",
        deadline_hours=6,
        source="network",
        source_detail="本地论坛",
    )


def test_a_county_mark_is_escalated_to_the_city_at_once_and_hidden_from_other_counties(city, units):
    matter = opinion(city, units)
    assert matter.escalated_to == city.city and matter.region == city.east
    (row,) = S.escalated_to_me(user=city.task_force)
    assert row.matter == matter and not row.urgency.overdue and 5.9 <= row.urgency.hours_left <= 6
    assert S.escalated_to_me(user=units.east_chief) == []  # a county is not the city it escalates to
    assert list(S.list_urgent(user=units.east_chief)) == [matter]
    assert list(S.list_urgent(user=city.outsider)) == []
    assert S.get_event(user=city.outsider, pk=matter.events.get().pk) is None
    entry = AuditEntry.objects.get(target_type="oversight.urgentmatter", target_id=str(matter.pk))
    assert "提级至市局" in entry.note


def test_the_overdue_flag_is_derived_from_the_clock(city, units):
    matter = opinion(city, units)
    UrgentMatter.objects.filter(pk=matter.pk).update(flagged_at=timezone.now() - dt.timedelta(hours=7))
    (row,) = S.escalated_to_me(user=city.task_force)
    assert row.urgency.overdue and row.urgency.hours_left < 0


def test_the_event_closes_only_with_a_step_and_closing_it_closes_the_matter_on_time(city, units):
    matter = opinion(city, units)
    event = matter.events.get()
    assert event.source == "network" and event.source_detail == "本地论坛"
    with pytest.raises(UserError) as refused:
        urgent.close_event(actor=units.east_chief, event=event, note="已处置")
    assert refused.value.field == "note"
    urgent.add_step(actor=units.east_chief, event=event, action="约谈涉事执法人员，暂停其执法资格")
    urgent.publish_statement(actor=units.east_chief, event=event, statement="我局已核查，将依法依规处理。")
    urgent.close_event(actor=units.east_chief, event=event, note="回应发布后舆情平息")
    matter.refresh_from_db()
    (row,) = S.urgent_rows([matter])
    assert matter.closed_at is not None and row.urgency.on_time is True
    assert S.escalated_to_me(user=city.task_force) == []
    notes = set(
        AuditEntry.objects.filter(target_type="oversight.opinionevent").values_list("note", flat=True)
    )
    assert {"舆情事件登记", "发布公开回应", "舆情事件处置完毕"} <= notes
    with pytest.raises(UserError):
        urgent.add_step(actor=units.east_chief, event=event, action="再补一条")


def test_bad_marks_are_refused_with_the_field_named(city, units):
    clue = ClueFactory(region=city.east)
    with pytest.raises(UserError) as hours:
        urgent.flag_urgent(actor=units.east_chief, clue=clue, kind="opinion", reason="x", deadline_hours=200)
    assert hours.value.field == "deadline_hours" and "小时" in hours.value.message
    with pytest.raises(UserError) as kind:
        urgent.flag_urgent(actor=units.east_chief, clue=clue, kind="loud", reason="x")
    assert kind.value.field == "kind"
    with pytest.raises(PermissionDenied):
        urgent.flag_urgent(actor=city.outsider, clue=clue, kind="severe", reason="x")
    severe = urgent.flag_urgent(actor=units.east_chief, clue=clue, kind="severe", reason="群体性投诉")
    assert severe.deadline_hours == 24 and not OpinionEvent.objects.filter(matter=severe).exists()
    with pytest.raises(UserError):
        urgent.flag_urgent(actor=units.east_chief, clue=clue, kind="severe", reason="again")


def test_media_reports_are_counted_by_level_and_region(city, units):
    day = timezone.localdate()
    urgent.record_media(
        actor=city.task_force,
        region=city.city,
        title="市局启动专项行动",
        outlet="中原日报",
        level="city",
        kind="print",
        published_on=day,
    )
    urgent.record_media(
        actor=units.east_chief,
        region=city.east,
        title="东城区开通企业直通车",
        outlet="东城融媒",
        level="county",
        kind="social",
        published_on=day,
    )
    counts = S.media_counts(S.list_media(user=city.task_force))
    assert counts["level"] == {"市级": 1, "县级": 1}
    assert S.media_counts(S.list_media(user=city.outsider))["region"] == {}
    with pytest.raises(UserError) as future:
        urgent.record_media(
            actor=city.task_force,
            region=city.city,
            title="t",
            outlet="o",
            level="city",
            kind="print",
            published_on=day + dt.timedelta(days=2),
        )
    assert future.value.field == "published_on"


def test_a_warning_case_is_anonymised_and_refused_while_it_names_anyone(city, units, client):
    firm = Enterprise.objects.create(
        uscc="91411802MA9XYZ1234", name="东城区好味道餐饮有限公司", region=city.east
    )
    clue = ClueFactory(
        region=city.east,
        enterprise=firm,
        officers="张三",
        status=ClueStatus.CLOSED,
        summary="东城区好味道餐饮有限公司反映，执法人员张三以检查为名要求购买灭火器，电话13800138000。",
    )
    Assessment.objects.create(
        clue=clue,
        verdict=Verdict.CONFIRMED,
        category="P1",
        subtype="P1a",
        opinion="执法人员张三借检查推销灭火器，属乱收费",
        decided_on=dt.date(2026, 5, 6),
    )
    case = urgent.draft_warning_case(
        actor=city.task_force, region=city.city, clue=clue, title="借检查推销产品", lesson="严禁借执法谋利"
    )
    assert "好味道" not in case.account and "张三" not in case.account and "13800138000" not in case.account
    assert "东××" in case.account and "张××" in case.account
    case.account += "（当事人：张三）"
    case.save()
    with pytest.raises(UserError) as named:
        urgent.publish_warning_case(actor=city.task_force, case=case)
    assert "张三" in named.value.message and named.value.field == "account"
    case.account = case.account.replace("（当事人：张三）", "")
    case.save()
    urgent.publish_warning_case(actor=city.task_force, case=case)
    page = client.get(reverse("public_warning_cases")).content.decode()
    assert "借检查推销产品" in page and "张三" not in page and "好味道" not in page
    with pytest.raises(UserError) as unconfirmed:
        urgent.draft_warning_case(
            actor=city.task_force, region=city.city, clue=ClueFactory(region=city.east), title="t", lesson="l"
        )
    assert unconfirmed.value.field == "clue"


def test_pages_and_api_three_personas(city, units, client):
    matter = opinion(city, units)
    client.force_login(city.task_force)
    home = client.get(reverse("oversight_home")).content.decode()
    assert f"线索 {matter.clue_id}" in home
    clue_page = client.get(reverse("clue_detail", args=[matter.clue_id])).content.decode()
    assert "urgent-panel" in clue_page and "已提级至市局" in clue_page
    (item,) = client.get("/api/oversight/urgent").json()
    assert item["escalated_to"] == city.city.code and item["overdue"] is False
    client.force_login(units.east_chief)
    assert client.get(f"/api/oversight/urgent/{matter.pk}").status_code == 200
    event = matter.events.get()
    bad = client.post(
        f"/api/oversight/opinion/{event.pk}/close", {"text": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "应对措施" in bad.json()["detail"]
    client.force_login(city.outsider)
    assert client.get("/api/oversight/urgent").json() == []
    assert client.get(f"/api/oversight/urgent/{matter.pk}").status_code == 404
    assert client.get(reverse("oversight_urgent_detail", args=[matter.pk])).status_code == 404
    made = client.post(
        "/api/oversight/urgent",
        {"clue": matter.clue_id, "kind": "severe", "reason": "x"},
        content_type="application/json",
    )
    assert made.status_code in (400, 403)
