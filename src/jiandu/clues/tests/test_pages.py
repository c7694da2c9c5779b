"""The staff pages render for each persona, and each step form drives the workflow."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.clues import services
from jiandu.clues.models import Channel, Clue, ClueStatus
from jiandu.clues.selectors import PROBLEM_LIST_HEADER

pytestmark = pytest.mark.django_db

TEXT = "在实地走访中，企业反映县局执法人员对同一事项一个月内检查三次，每次都要求停业配合"


@pytest.fixture
def clue(city):
    return services.file_clue(actor=city.task_force, channel=Channel.VISIT, summary=TEXT, region=city.east)


@pytest.mark.parametrize(
    "name",
    ["clue_list", "clue_create", "clue_import", "clue_email_import", "problem_list", "rectification_list"],
)
def test_pages_render_for_the_task_force(client, city, clue, name):
    client.force_login(city.task_force)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_list_filters_by_channel_state_and_county(client, city, clue):
    services.file_clue(
        actor=None, channel=Channel.FORUM, summary="座谈会上企业反映收费问题", region=city.west
    )
    client.force_login(city.task_force)
    page = client.get(reverse("clue_list"), {"channel": Channel.VISIT}).content.decode()
    assert "一个月内检查三次" in page and "座谈会上企业" not in page
    page = client.get(reverse("clue_list"), {"county": city.west.code}).content.decode()
    assert "座谈会上企业" in page and "一个月内检查三次" not in page


def test_officer_cannot_import_or_see_step_forms(client, city, clue):
    client.force_login(city.officer)
    assert client.get(reverse("clue_import")).status_code == 403
    page = client.get(reverse("clue_detail", args=[clue.pk])).content.decode()
    assert 'id="form-assess"' not in page and 'id="form-triage"' not in page
    assert client.post(reverse("clue_accept", args=[clue.pk])).status_code == 403


def test_step_forms_move_the_clue_and_show_its_history(client, city, units, clue):
    client.force_login(city.task_force)
    detail = reverse("clue_detail", args=[clue.pk])
    response = client.post(reverse("clue_triage", args=[clue.pk]), {"lead_unit": units.east_bureau.pk})
    assert response.status_code == 302 and response.url == detail
    client.post(reverse("clue_accept", args=[clue.pk]))
    refused = client.post(
        reverse("clue_assess", args=[clue.pk]),
        {"verdict": "confirmed", "category": "P1", "subtype": "P1c", "opinion": "属实"},
        follow=True,
    )
    assert "须剖析产生的原因" in refused.content.decode()
    client.post(
        reverse("clue_assess", args=[clue.pk]),
        {
            "verdict": "confirmed",
            "category": "P1",
            "subtype": "P1c",
            "opinion": "属实",
            "cause_analysis": "缺少统筹",
        },
    )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CONFIRMED
    page = client.get(detail).content.decode()
    assert "办理记录" in page and "认定" in page and "受理研判" in page and 'id="open-rectification"' in page
    assert "分拣建议" in page


def test_problem_list_exports_the_columns_a_bureau_files_filtered_by_category(client, city, units, clue):
    services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.east_bureau)
    services.accept_clue(actor=city.task_force, clue=clue)
    services.assess_clue(
        actor=city.task_force,
        clue=clue,
        verdict="confirmed",
        category="P1",
        subtype="P1c",
        opinion="属实",
        cause_analysis="检查计划缺少统筹",
    )
    client.force_login(city.task_force)
    book = load_workbook(
        io.BytesIO(client.get(reverse("problem_list"), {"format": "xlsx", "category": "P1"}).content)
    )
    sheet = book.active
    assert sheet["A1"].value == "涉企行政执法问题清单"
    assert [c.value for c in sheet[3]] == PROBLEM_LIST_HEADER
    row = dict(zip(PROBLEM_LIST_HEADER, [c.value for c in sheet[4]], strict=True))
    assert (
        row["问题细类"] == "乱检查"
        and row["原因剖析"] == "检查计划缺少统筹"
        and row["县（市、区）"] == "东城区"
    )
    assert row["线索来源"] == "实地走访" and row["研判机构"] == "东城区市场监督管理局"
    empty = load_workbook(
        io.BytesIO(client.get(reverse("problem_list"), {"format": "xlsx", "category": "P4"}).content)
    )
    assert empty.active.max_row == 3
    assert Clue.objects.count() == 1


def test_consultation_through_the_pages(client, city, units):
    clue = services.file_clue(
        actor=None, channel=Channel.FORUM, summary="座谈会上企业反映收费和检查问题", region=city.city
    )
    services.triage_clue(actor=city.task_force, clue=clue, lead_unit=units.food)
    client.force_login(units.food_staff)
    client.post(reverse("clue_accept", args=[clue.pk]))
    client.post(
        reverse("clue_consult", args=[clue.pk]),
        {"lead_unit": units.food.pk, "units": [units.food.pk, units.price.pk], "topic": "收费问题涉及价格科"},
    )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CONSULTATION
    client.force_login(units.price_staff)
    page = client.get(reverse("clue_detail", args=[clue.pk])).content.decode()
    assert 'id="form-opinion"' in page and 'id="form-assess"' not in page  # only the lead unit decides
    client.post(reverse("clue_opinion", args=[clue.pk]), {"unit": units.price.pk, "opinion": "收费无依据"})
    page = client.get(reverse("clue_detail", args=[clue.pk])).content.decode()
    assert "收费无依据" in page and "价格监督检查科" in page
