"""The other staff pages: item list, inspectors, ad-hoc records with the repeat warning, guidance."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from jiandu.audit.models import AuditEntry
from jiandu.inspections.models import GuidanceMeasure, Inspection, InspectionItem

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
pytestmark = pytest.mark.django_db


def test_items_can_be_added_by_managers_only(client, city, setup):
    data = {
        "code": "T-NEW",
        "name": "新事项",
        "domain": setup.item.domain_id,
        "kind": "key",
        "legal_basis": "x",
    }
    client.force_login(city.officer)
    client.post(reverse("inspection_item_list"), data)
    assert not InspectionItem.objects.filter(code="T-NEW").exists()
    client.force_login(city.task_force)
    assert client.post(reverse("inspection_item_list"), data).status_code == 302
    assert InspectionItem.objects.filter(code="T-NEW", kind="key").exists()
    page = client.post(reverse("inspection_item_list"), data).content.decode()
    assert "已存在" in page


def test_inspector_pool_is_scoped_by_region(client, city, setup):
    client.force_login(city.outsider)
    page = client.get(reverse("inspection_inspector_list")).content.decode()
    assert setup.inspectors[0].certificate_number not in page
    client.force_login(city.officer)
    assert (
        setup.inspectors[0].certificate_number
        in client.get(reverse("inspection_inspector_list")).content.decode()
    )


@time_machine.travel(NOW, tick=False)
def test_ad_hoc_records_raise_the_repeat_warning_on_the_list(client, city, setup):
    client.force_login(city.officer)
    firm = setup.firms[0]
    for day, department in (("2026-11-02", "卫生健康委员会"), ("2026-11-16", "市场监督管理局")):
        response = client.post(
            reverse("inspection_record"), {"uscc": firm.uscc, "department": department, "inspected_on": day}
        )
        assert response.status_code == 302
    assert Inspection.objects.filter(enterprise=firm).count() == 2
    page = client.get(reverse("inspection_plan_list")).content.decode()
    assert "重复检查预警" in page and firm.name in page and "卫生健康委员会" in page
    outsider_page = client.post(
        reverse("inspection_record"),
        {"uscc": setup.west_firms[0].uscc, "department": "x", "inspected_on": "2026-11-16"},
    ).content.decode()
    assert "不在您的管辖范围内" in outsider_page


@time_machine.travel(NOW, tick=False)
def test_guidance_page_records_and_follows_up(client, city, setup):
    client.force_login(city.officer)
    firm = setup.firms[5]
    response = client.post(
        reverse("inspection_guidance_list"),
        {"uscc": firm.uscc, "kind": "warn", "content": "告诫企业规范标价", "issued_on": "2026-11-03"},
    )
    assert response.status_code == 302
    measure = GuidanceMeasure.objects.get()
    page = client.get(reverse("inspection_guidance_list")).content.decode()
    assert "告诫" in page and "告诫企业规范标价" in page
    client.post(
        reverse("inspection_guidance_follow_up", args=[measure.pk]),
        {"followed_up_on": "2026-11-18", "result": "已规范"},
    )
    measure.refresh_from_db()
    assert measure.follow_up_result == "已规范"
    assert AuditEntry.objects.filter(target_type="inspections.guidancemeasure").count() == 2
    client.force_login(city.outsider)
    assert (
        client.post(
            reverse("inspection_guidance_follow_up", args=[measure.pk]),
            {"followed_up_on": "2026-11-18", "result": "x"},
        ).status_code
        == 404
    )
