"""Graded warnings: workflow with audit, letters as .docx, public page, three personas, evaluation."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from jiandu.audit.models import AuditEntry
from jiandu.errors import UserError
from jiandu.org.models import Domain
from jiandu.prevention import services
from jiandu.prevention.models import ComplaintCount, Hotspot, WarningStatus
from jiandu.prevention.selectors import evaluate_warning, list_warnings

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(city):
    services.load_starter_guides(actor=city.task_force, region=city.city)


@pytest.fixture
def hotspot(city):
    return Hotspot.objects.create(
        period="2026-10", kind="emerging", region=city.east, domain=Domain.objects.get(name="食品"),
        issue="过期食品", count=30, expected=8.0, q_value=0.001, grade="二级", points=6,
        reasons=["本期 30 件，往年同期平均 8.0 件"], rules_version="2026-12-01", rank=1,
    )  # fmt: skip


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_workflow_from_hotspot_to_publication(client, city, prevention, guides, hotspot):
    warning = services.warning_from_hotspot(actor=city.task_force, hotspot=hotspot)
    assert (warning.status, warning.grade, warning.region) == (WarningStatus.DRAFT, "二级", city.east)
    assert warning.guide is not None and "食品安全法" in warning.legal_basis
    services.submit_warning(actor=city.task_force, warning=warning)
    with pytest.raises(UserError, match="负责“食品”领域的业务机构"):
        services.review_warning(actor=prevention.price_user, warning=warning, approve=True, opinion="同意")
    with pytest.raises(UserError, match="哪些对象"):
        services.review_warning(actor=prevention.food_user, warning=warning, approve=True, opinion="同意")
    services.review_warning(
        actor=prevention.food_user,
        warning=warning,
        approve=True,
        opinion="同意",
        warn_firms=True,
        warn_public=True,
    )
    assert warning.status == WarningStatus.APPROVED and warning.review_unit == prevention.food_unit
    with pytest.raises(UserError, match="没有“发布”的权限"):
        services.publish_warning(actor=prevention.food_user, warning=warning)
    services.publish_warning(actor=city.task_force, warning=warning)
    assert warning.issued_on == dt.date.today() or warning.issued_on is not None
    actions = list(
        AuditEntry.objects.filter(
            target_type="prevention.riskwarning", target_id=str(warning.pk)
        ).values_list("note", flat=True)
    )
    assert {"起草违法风险预警", "提交业务机构审核", "业务机构审核通过", "发布违法风险预警"} <= set(actions)
    # the public page shows it without login
    client.logout()
    page = client.get(reverse("public_warnings")).content.decode()
    assert warning.title in page
    assert client.get(reverse("public_warning", args=[warning.pk])).status_code == 200


def test_letters_mail_merge_and_delivery(client, city, prevention, guides, hotspot):
    warning = services.warning_from_hotspot(actor=city.task_force, hotspot=hotspot)
    with pytest.raises(UserError, match="审核通过后"):
        services.issue_letters(actor=city.task_force, warning=warning, enterprises=prevention.east_firms)
    services.submit_warning(actor=city.task_force, warning=warning)
    services.review_warning(
        actor=city.task_force,
        warning=warning,
        approve=True,
        opinion="同意",
        warn_associations=True,
        warn_firms=True,
    )
    with pytest.raises(UserError, match="不在您的管辖范围内"):
        services.issue_letters(
            actor=prevention.east_bureau, warning=warning, enterprises=prevention.west_firms
        )
    letters = services.issue_letters(
        actor=city.task_force,
        warning=warning,
        association="中原市食品行业协会",
        enterprises=prevention.east_firms,
    )
    assert [letter.addressee for letter in letters] == [
        "中原市食品行业协会",
        *[f.name for f in prevention.east_firms],
    ]
    client.force_login(city.officer)
    text = _text(client.get(reverse("prevention_letter_docx", args=[letters[1].pk])).content)
    assert "违法风险预警提醒书" in text and "东城超市0:" in text
    assert "第五十四条" in text and "食品销售经营者合规指引" in text and "二级预警" in text
    bundle = client.get(reverse("prevention_letters_bundle", args=[warning.pk, "zip"])).content
    assert len(zipfile.ZipFile(io.BytesIO(bundle)).namelist()) == 4
    combined = _text(client.get(reverse("prevention_letters_bundle", args=[warning.pk, "docx"])).content)
    assert all(f.name in combined for f in prevention.east_firms)
    services.record_delivery(actor=city.task_force, letter=letters[1], method="direct", receiver="王经理")
    with pytest.raises(UserError, match="已登记送达"):
        services.record_delivery(actor=city.task_force, letter=letters[1], method="mail", receiver="")
    assert AuditEntry.objects.filter(note="登记送达").count() == 1


def test_three_personas_see_and_act_by_region(client, city, prevention, guides, hotspot):
    warning = services.warning_from_hotspot(actor=city.task_force, hotspot=hotspot)  # east county
    assert list_warnings(user=city.task_force).count() == 1
    assert list_warnings(user=city.officer).count() == 1
    assert list_warnings(user=city.outsider).count() == 0
    url = reverse("prevention_warning", args=[warning.pk])
    for user, status in ((city.task_force, 200), (city.officer, 200), (city.outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.get(f"/api/prevention/warnings/{warning.pk}").status_code == (
            200 if status == 200 else 404
        )
    client.force_login(city.officer)  # county officer: may view but not submit
    assert client.post(reverse("prevention_warning_submit", args=[warning.pk])).status_code == 403
    client.force_login(city.outsider)
    assert client.get(reverse("prevention_hotspot", args=[hotspot.pk])).status_code == 404
    with pytest.raises(UserError):
        services.record_reminder(
            actor=city.outsider, enterprise=prevention.east_firms[0], kind="written", origin="inspection",
            content="提醒", follow_up_on=dt.date.today() + dt.timedelta(days=5),
        )  # fmt: skip


def test_pages_render_for_staff(client, city, prevention, guides, hotspot):
    client.force_login(city.task_force)
    for name in ("prevention_hotspots", "prevention_warnings", "prevention_evaluation",
                 "prevention_reminders",
                 "prevention_guides", "prevention_import_upload"):  # fmt: skip
        assert client.get(reverse(name)).status_code == 200, name
    page = client.get(reverse("prevention_hotspots")).content.decode()
    assert "过期食品" in page and "往年同期" in page
    assert client.get(reverse("prevention_education", args=[2026])).status_code == 200
    response = client.post(reverse("prevention_hotspot_warn", args=[hotspot.pk]))
    assert response.status_code == 302
    client.force_login(city.auditor)
    assert client.post(reverse("prevention_hotspot_warn", args=[hotspot.pk])).status_code == 403


def test_reminders_written_and_oral_with_follow_up(client, city, prevention, guides):
    today = dt.date.today()
    with pytest.raises(UserError, match="记入执法文书"):
        services.record_reminder(
            actor=city.officer, enterprise=prevention.east_firms[0], kind="oral", origin="inspection",
            content="未明码标价", follow_up_on=today + dt.timedelta(days=7),
        )  # fmt: skip
    reminder = services.record_reminder(
        actor=city.officer, enterprise=prevention.east_firms[0], kind="written", origin="visit",
        content="货架有临期食品未单独存放", follow_up_on=today + dt.timedelta(days=7),
    )  # fmt: skip
    client.force_login(city.officer)
    text = _text(client.get(reverse("prevention_reminder_docx", args=[reminder.pk])).content)
    assert "违法风险预警提醒告知书" in text and prevention.east_firms[0].uscc in text
    services.check_reminder(actor=city.officer, reminder=reminder, complied=True, note="已整改")
    with pytest.raises(UserError, match="已完成跟进"):
        services.check_reminder(actor=city.officer, reminder=reminder, complied=False, note="再查")


def _count(region, domain, issue, start: dt.date, n: int) -> None:
    ComplaintCount.objects.create(
        region=region, domain=domain, issue=issue, period_kind="month", period_start=start, count=n
    )


def test_evaluation_finds_a_fall_against_unwarned_counties(city, prevention, guides, hotspot):
    from jiandu.org.tests.factories import RegionFactory

    others = [
        RegionFactory(code=f"41182{k}", name=f"县{k}", level="county", parent=city.city) for k in range(1, 6)
    ]
    domain = hotspot.domain
    months = [dt.date(2025, m, 1) for m in range(9, 13)] + [dt.date(2026, m, 1) for m in range(1, 11)]
    for region in [city.east, *others]:
        for start in months:
            fall = region == city.east and start > dt.date(2026, 4, 1)
            _count(region, domain, "过期食品", start, 12 if fall else 30)
    warning = services.warning_from_hotspot(actor=city.task_force, hotspot=hotspot)
    services.submit_warning(actor=city.task_force, warning=warning)
    services.review_warning(
        actor=city.task_force, warning=warning, approve=True, opinion="同意", warn_firms=True
    )
    services.publish_warning(actor=city.task_force, warning=warning)
    type(warning).objects.filter(pk=warning.pk).update(issued_on=dt.date(2026, 4, 10))
    warning.refresh_from_db()
    evaluation = evaluate_warning(warning)
    assert evaluation.months == 6 and evaluation.result is not None
    assert evaluation.result.significant and evaluation.result.effect < -0.4
    assert evaluation.result.control_cells == 5  # the west county has no complaints in the cell: left out
    assert (evaluation.result.treated_pre, evaluation.result.treated_post) == (180, 72)
    # the same cells without a fall: no effect found
    ComplaintCount.objects.filter(region=city.east).update(count=30)
    assert not evaluate_warning(warning).result.significant


def test_api_hotspots_and_warnings_three_personas(client, city, prevention, guides, hotspot):
    for user, expected in ((city.task_force, 1), (city.officer, 1), (city.outsider, 0)):
        client.force_login(user)
        rows = client.get("/api/prevention/hotspots").json()
        assert len(rows) == expected
    client.force_login(city.officer)
    assert (
        client.post(
            "/api/prevention/warnings", {"hotspot_id": hotspot.pk}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(city.outsider)
    assert (
        client.post(
            "/api/prevention/warnings", {"hotspot_id": hotspot.pk}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(city.task_force)
    created = client.post(
        "/api/prevention/warnings", {"hotspot_id": hotspot.pk}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["grade"] == "二级"
    warning_id = created.json()["id"]
    assert client.post(f"/api/prevention/warnings/{warning_id}/publish").status_code == 400  # still a draft
    assert client.post(f"/api/prevention/warnings/{warning_id}/submit").json()["status"] == "reviewing"
    reviewed = client.post(
        f"/api/prevention/warnings/{warning_id}/review",
        {"approve": True, "opinion": "同意", "warn_firms": True},
        content_type="application/json",
    )
    assert reviewed.json()["status"] == "approved"
    letters = client.post(
        f"/api/prevention/warnings/{warning_id}/letters",
        {"usccs": [prevention.east_firms[0].uscc]},
        content_type="application/json",
    )
    assert letters.status_code == 201
    docx = client.get(f"/api/prevention/letters/{letters.json()[0]['id']}.docx")
    assert docx.status_code == 200 and "违法风险预警提醒书" in _text(docx.content)


def test_list_pages_have_a_query_budget(
    client, city, prevention, guides, hotspot, django_assert_max_num_queries
):
    for k in range(5):
        Hotspot.objects.create(
            period="2026-10", kind="persistent", region=city.east, domain=hotspot.domain, issue=f"问题{k}",
            count=10, expected=5.0, q_value=0.01, grade="三级", reasons=["理由"], rank=k + 2,
        )  # fmt: skip
        services.warning_from_hotspot(actor=city.task_force, hotspot=hotspot)
    client.force_login(city.task_force)
    for name in ("prevention_hotspots", "prevention_warnings", "prevention_guides"):
        with django_assert_max_num_queries(15):
            assert client.get(reverse(name)).status_code == 200
