"""Pages with the three personas plus a legal reviewer."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from jiandu.discretion import selectors, services
from jiandu.discretion.models import VersionStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["task_force", "officer", "outsider"])
def test_staff_browse_catalogue_detail_and_exemptions(client, city, persona) -> None:
    client.force_login(getattr(city, persona))
    page = client.get(reverse("discretion_catalogue"), {"domain": "广告"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "ADL-55-1" in text and "FSL-122-1" not in text
    detail = client.get(reverse("discretion_item", args=["FSL-122-1"]))
    assert detail.status_code == 200 and "SW-01" in detail.content.decode()
    assert client.get(reverse("discretion_exemptions")).status_code == 200
    assert client.get(reverse("discretion_item", args=["NO-SUCH"])).status_code == 404


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(reverse("discretion_catalogue"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_check_form_shows_outcome_reasons_and_basis(client, city) -> None:
    client.force_login(city.officer)
    response = client.get(
        reverse("discretion_check"),
        {
            "item_code": "PRL-42",
            "party_kind": "enterprise",
            "mental_capacity": "full",
            "repeat_within_year": "on",
        },
    )
    text = response.content.decode()
    assert 'data-outcome="aggravated"' in text
    assert "3500 元至 5000 元" in text
    assert "价格法" in text


def test_check_form_refuses_a_firm_outside_the_users_region(client, city, enterprises) -> None:
    east_firm = enterprises[0][0]
    client.force_login(city.outsider)
    response = client.get(
        reverse("discretion_check"),
        {
            "item_code": "PRL-42",
            "uscc": east_firm.uscc,
            "party_kind": "enterprise",
            "mental_capacity": "full",
        },
    )
    assert "不在您的管辖范围内" in response.content.decode()
    client.force_login(city.officer)
    response = client.get(
        reverse("discretion_check"),
        {
            "item_code": "PRL-42",
            "uscc": east_firm.uscc,
            "party_kind": "enterprise",
            "mental_capacity": "full",
        },
    )
    assert "data-outcome=" in response.content.decode()


def test_check_form_with_neither_item_nor_range(client, city) -> None:
    client.force_login(city.officer)
    response = client.get(
        reverse("discretion_check"), {"party_kind": "enterprise", "mental_capacity": "full"}
    )
    assert "请填写违法行为事项编码" in response.content.decode()


@pytest.mark.parametrize("persona", ["task_force", "officer", "outsider"])
def test_non_reviewers_cannot_edit_or_publish(client, city, reviewer, persona) -> None:
    draft = services.create_draft(actor=reviewer)
    client.force_login(getattr(city, persona))
    assert client.post(reverse("discretion_versions"), {"note": "x"}).status_code == 403
    assert client.get(reverse("discretion_item_edit", args=[draft.pk, "PRL-42"])).status_code == 403
    assert client.post(reverse("discretion_version_publish", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_reviewer_edits_and_publishes_in_the_ui(client, reviewer) -> None:
    client.force_login(reviewer)
    response = client.post(reverse("discretion_versions"), {"note": "修订计量事项"})
    assert response.status_code == 302
    draft = selectors.list_versions().get(status=VersionStatus.DRAFT)
    edit_url = reverse("discretion_item_edit", args=[draft.pk, "MTR-43"])
    form = client.get(edit_url)
    assert form.status_code == 200 and "1000" in form.content.decode()
    bad = client.post(
        edit_url,
        {
            "name": "x",
            "article": "第四十三条",
            "quote": "q",
            "fine_kind": "range",
            "fine_min": "2000",
            "fine_max": "1000",
        },
    )
    assert "最低额大于最高额" in bad.content.decode()
    ok = client.post(
        edit_url,
        {
            "name": "强制检定计量器具未检定",
            "article": "第四十三条",
            "quote": "可并处1000元以下的罚款",
            "fine_kind": "range",
            "fine_min": "0",
            "fine_max": "1000",
            "penalty_kinds": ["fine"],
        },
    )
    assert ok.status_code == 302
    assert client.post(reverse("discretion_version_publish", args=[draft.pk])).status_code == 302
    assert selectors.get_item("MTR-43").name == "强制检定计量器具未检定"
    assert client.get(reverse("discretion_versions")).status_code == 200


def test_reviewer_edits_an_exemption_entry_and_the_window(client, reviewer) -> None:
    draft = services.create_draft(actor=reviewer)
    client.force_login(reviewer)
    url = reverse("discretion_exemption_edit", args=[draft.pk, "QW-02"])
    assert client.get(url).status_code == 200
    posted = client.post(
        url,
        {
            "kind": "首违不罚",
            "description": "营业执照未置于醒目位置",
            "item_codes": "REG-48-1",
            "conditions": "初次违法\n及时改正",
            "follow_up": "责令改正;对当事人进行教育",
            "source": "本地清单",
            "verified": "on",
        },
    )
    assert posted.status_code == 302
    entry = draft.exemptions.get(code="QW-02")
    assert entry.kind == "首违不罚" and entry.list_name == "首违不罚清单"
    assert entry.conditions == ["初次违法", "及时改正"] and entry.follow_up == [
        "责令改正",
        "对当事人进行教育",
    ]
    bad = client.post(
        url,
        {"kind": "首违不罚", "description": "x", "item_codes": "NOPE", "conditions": "a", "follow_up": "b"},
    )
    assert "NOPE" in bad.content.decode()
    client.post(reverse("discretion_version_window", args=[draft.pk]), {"years": "3"})
    draft.refresh_from_db()
    assert draft.first_violation_window_years == 3


def test_outsider_cannot_edit_exemptions(client, city, reviewer) -> None:
    draft = services.create_draft(actor=reviewer)
    client.force_login(city.outsider)
    assert client.get(reverse("discretion_exemption_edit", args=[draft.pk, "QW-02"])).status_code == 403
    assert (
        client.post(reverse("discretion_version_window", args=[draft.pk]), {"years": "3"}).status_code == 403
    )


def test_link_from_an_item_prefills_the_check_form(client, city) -> None:
    client.force_login(city.officer)
    response = client.get(reverse("discretion_check"), {"item_code": "SEL-84-1"})
    text = response.content.decode()
    assert 'value="SEL-84-1"' in text
    assert "discretion-result" not in text and "errorlist" not in text


def test_item_page_lists_the_fine_branches_in_order(client, city) -> None:
    client.force_login(city.officer)
    text = client.get(reverse("discretion_item", args=["PRP-9"])).content.decode()
    individual = text.index("经营者为个人，没有违法所得（第十一条第一款）：100,000 元以下")
    heavier = text.index("没有违法所得，情节较重：500,000 元以上 2,000,000 元以下")
    assert individual < heavier < text.index("有违法所得：违法所得5倍以下")
    food = client.get(reverse("discretion_item", args=["FSL-124-1-5"])).content.decode()
    assert "货值金额不足一万元：50,000 元以上 100,000 元以下" in food
    assert "货值金额10倍以上20倍以下" in food


@pytest.mark.parametrize(("choice", "band"), [("no", "1500"), ("unknown", "0"), ("yes", "0")])
def test_check_page_sends_unknown_mitigation_as_unknown(client, city, choice, band) -> None:
    # 价格法第四十二条 (5000元以下), 积极配合调查: 无 → 一般 1500–3500; 未查明 → 0–3500 with the reason;
    # 有 → 从轻 0–1500
    with time_machine.travel(dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(city.officer)
        query = {"item_code": "PRL-42", "party_kind": "enterprise", "mental_capacity": "full"}
        text = client.get(reverse("discretion_check"), {**query, "cooperated": choice}).content.decode()
    assert "discretion-result" in text and "errorlist" not in text
    assert f'<option value="{choice}" selected>' in text
    assert ("未查明" in text.split("discretion-result", 1)[1]) == (choice == "unknown")
    assert f'<strong id="discretion-range">{band} 元至' in text
