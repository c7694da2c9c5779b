"""一企一档: every source on one timeline, the check-up summary, scope, the public subset and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.service import record as firm_record
from jiandu.service import services
from jiandu.service.tests.history import firm_with_history

pytestmark = pytest.mark.django_db

EVERY_PART = {
    "credit",
    "inspections",
    "guidance",
    "complaints",
    "cases",
    "repairs",
    "follow_ups",
    "assistance",
    "liaison",
    "forums",
    "case_leads",
    "clues",
}


def test_the_record_shows_every_part_and_the_summary(city, units):
    firm = firm_with_history(city, units)
    data = firm_record.get_record(user=city.task_force, uscc=firm.uscc)
    assert data is not None
    assert {e.source for e in data.events} == EVERY_PART
    assert all(data.counts[key] > 0 for key in EVERY_PART)
    titles = " ".join(e.title for e in data.events)
    assert "由B类（信用风险一般）调整为C类（信用风险较高）" in titles
    assert "投诉举报 3 件" in titles
    risks = " ".join(i.text for i in data.risks)
    assert "信用风险分类为C类" in risks and "近三个月投诉举报 3 件" in risks and "案源待决定是否立案" in risks
    assert any("公示期届满" in i.text for i in data.due)
    owed = " ".join(i.text for i in data.owed)
    assert "帮扶需求待答复" in owed and "信用修复申请" in owed and "事后回访待开展" in owed
    # the timeline runs newest first
    assert [e.on for e in data.events] == sorted((e.on for e in data.events), reverse=True)


def test_complaints_show_counts_and_issues_never_the_complainant(city, units, client):
    firm = firm_with_history(city, units)
    client.force_login(city.task_force)
    page = client.get(reverse("service_record", args=[firm.uscc])).content.decode()
    assert "食品质量（3）" in page and "张某" not in page and "面包发霉" not in page


def test_record_is_region_scoped_three_personas(city, units, client):
    firm = firm_with_history(city, units)
    assert firm_record.get_record(user=city.task_force, uscc=firm.uscc) is not None
    assert firm_record.get_record(user=city.officer, uscc=firm.uscc) is not None
    assert firm_record.get_record(user=city.outsider, uscc=firm.uscc) is None
    client.force_login(city.outsider)
    assert client.get(reverse("service_record", args=[firm.uscc])).status_code == 404
    assert client.get(f"/api/enterprises/{firm.uscc}/record").status_code == 404
    client.force_login(city.officer)
    page = client.get(reverse("service_record", args=[firm.uscc]))
    assert page.status_code == 200 and "体检摘要" in page.content.decode()


def test_record_api_lists_every_source(city, units, client, django_assert_max_num_queries):
    firm = firm_with_history(city, units)
    client.force_login(city.officer)
    with django_assert_max_num_queries(40):
        response = client.get(f"/api/enterprises/{firm.uscc}/record")
    assert response.status_code == 200
    body = response.json()
    assert {e["source"] for e in body["timeline"]} == EVERY_PART
    assert body["credit_class"] == "C" and body["open_risks"] and body["owed_to_firm"]


def test_query_count_does_not_grow_with_history(city, units, django_assert_max_num_queries):
    firm = firm_with_history(city, units)
    for _ in range(5):
        services.open_assistance(
            actor=city.task_force,
            region=firm.region,
            unit=units.east_bureau,
            source="forum",
            content="再提需求",
            enterprise=firm,
        )
    with django_assert_max_num_queries(30):
        firm_record.get_record(user=city.task_force, uscc=firm.uscc)


def test_public_page_needs_uscc_and_code_and_shows_the_public_subset(city, units, client):
    firm = firm_with_history(city, units)
    other = EnterpriseFactory(region=city.east)
    _access, code = services.issue_access_code(actor=city.officer, enterprise=firm, purpose="decision")
    url = reverse("public_firm_record")
    wrong = client.post(url, {"uscc": other.uscc, "code": code}).content.decode()
    assert "查询码不正确" in wrong and firm.name not in wrong
    page = client.post(url, {"uscc": firm.uscc, "code": code.lower()}).content.decode()
    assert firm.name in page
    assert "行政处罚案件" in page and "帮扶需求" in page and "信用修复申请" in page
    # not public: guidance, complaints, case leads, liaison, internal risks
    assert (
        "行政指导" not in page
        and "投诉举报 3 件" not in page
        and "案源" not in page
        and "存在的风险" not in page
    )


def test_public_lookups_are_rate_limited(city, units, client, settings):
    firm = firm_with_history(city, units)
    url = reverse("public_firm_record")
    statuses = [client.post(url, {"uscc": firm.uscc, "code": f"WRONG{n}"}).status_code for n in range(12)]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]


def test_revoked_or_other_firms_code_opens_nothing(city, units):
    firm = firm_with_history(city, units)
    access, code = services.issue_access_code(actor=city.officer, enterprise=firm, purpose="inspection")
    assert services.firm_for_code(uscc=firm.uscc, code=code) == firm
    services.revoke_access_code(actor=city.officer, access=access)
    assert services.firm_for_code(uscc=firm.uscc, code=code) is None
    assert code not in access.digest
