"""Staff pages: three personas (city task force, county officer, outsider county) and the page flow."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine
from django.urls import reverse

from jiandu.cases import services
from jiandu.cases.models import CaseStatus, PenaltyCase
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.errors import UserError
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def east_case(city, enterprises):
    return PenaltyCaseFactory(enterprise=enterprises[0][0], decision_number="东-1")


def test_list_is_scoped_by_region(client, city, enterprises, east_case):
    PenaltyCaseFactory(enterprise=enterprises[1][0], decision_number="西-1")
    for user, seen, unseen in [
        (city.task_force, ["东-1", "西-1"], []),
        (city.officer, ["东-1"], ["西-1"]),
        (city.outsider, ["西-1"], ["东-1"]),
    ]:
        client.force_login(user)
        page = client.get(reverse("case_list")).content.decode()
        assert all(n in page for n in seen) and not any(n in page for n in unseen)


def test_detail_is_hidden_from_outsider(client, city, east_case):
    client.force_login(city.outsider)
    assert client.get(reverse("case_detail", args=[east_case.pk])).status_code == 404
    client.force_login(city.task_force)
    assert client.get(reverse("case_detail", args=[east_case.pk])).status_code == 200


def test_auditor_cannot_draft(client, city):
    client.force_login(city.auditor)
    assert client.get(reverse("case_create")).status_code == 403


def _form(enterprise):
    return {
        "uscc": enterprise.uscc,
        "domain": Domain.objects.get(code="price").pk,
        "violation": "未按规定明码标价",
        "facts": "货架上12种商品未标价。",
        "evidence": "现场笔录",
        "filed_on": "2026-11-02",
        "outcome": "penalty",
        "penalty_kinds": ["fine"],
        "fine": "2500",
        "fine_min": "0",
        "fine_max": "5000",
        "facts_flags": ["first_violation"],
        "harm": "minor",
    }


def test_officer_drafts_notifies_and_county_head_decides_in_pages(client, city, enterprises):
    head = UserFactory(role=Role.COUNTY_BUREAU, region=city.east)
    with time_machine.travel(NOW, tick=False):
        client.force_login(city.officer)
        response = client.post(reverse("case_create"), _form(enterprises[0][0]))
        assert response.status_code == 302, response.content.decode()
        case = PenaltyCase.objects.get()
        assert case.discretion_facts == {"first_violation": True, "harm": "minor"}
        client.post(reverse("case_check", args=[case.pk]))
        case.refresh_from_db()
        assert case.status == CaseStatus.CHECKED
        page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
        assert "裁量核查" in page and case.discretion_ruleset in page
        # the officer has no right to decide: the page shows no decide button, and a POST is refused
        assert "action-decide" not in page and "action-notify" in page
        assert client.post(reverse("case_decide", args=[case.pk])).status_code == 403
        notified = client.post(
            reverse("case_notify", args=[case.pk]),
            {
                "notify-issued_on": "2026-11-02",
                "notify-delivered_on": "2026-11-02",
                "notify-method": "直接送达",
            },
        )
        assert notified.status_code == 302
        case.refresh_from_db()
        assert case.status == CaseStatus.NOTIFIED
        client.force_login(head)
        client.post(reverse("case_decide", args=[case.pk]), {"decide-deviation_reason": "首次违法，从轻"})
        case.refresh_from_db()
        assert case.status == CaseStatus.DECIDED
        client.force_login(city.officer)
        client.post(reverse("case_deliver", args=[case.pk]), {"deliver-method": "直接送达"})
        case.refresh_from_db()
        assert case.status == CaseStatus.DELIVERED
        download = client.get(reverse("case_document", args=[case.pk, "penalty_decision"]))
        receipt = client.get(reverse("case_document", args=[case.pk, "delivery_receipt"]))
    assert download.status_code == 200 and receipt.status_code == 200
    assert "行政处罚决定书" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs
    )
    assert "送达回证" in "\n".join(p.text for p in docx.Document(io.BytesIO(receipt.content)).paragraphs)
    client.force_login(city.outsider)
    assert client.get(reverse("case_document", args=[case.pk, "penalty_decision"])).status_code == 404


def test_edit_keeps_the_filing_date(client, city, enterprises):
    """Defect: the edit page rendered value="2026/11/02" into a date input, which browsers show blank."""
    case = services.create_case(
        actor=city.officer,
        enterprise=enterprises[0][0],
        domain=Domain.objects.get(code="price"),
        violation="未按规定明码标价",
        facts="未标价",
        filed_on=dt.date(2026, 11, 2),
        fine=100,
        penalty_spec={"kind": "range", "min": 0, "max": 5000},
    )
    client.force_login(city.officer)
    page = client.get(reverse("case_edit", args=[case.pk])).content.decode()
    assert 'name="filed_on" value="2026-11-02"' in page


def test_legal_review_return_is_a_page_action_and_passing_is_in_the_history(client, city, enterprises):
    """Defect: /cases/<pk>/actions/return/ answered 404; a passed review was not in the case history."""
    reviewer = UserFactory(role=Role.LEGAL_REVIEWER, region=city.city)
    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=city.officer, enterprise=enterprises[0][0], domain=Domain.objects.get(code="price"),
            violation="虚构原价", facts="虚构原价促销", filed_on=dt.date(2026, 10, 20), fine=200000,
            penalty_spec={"kind": "range", "min": 50000, "max": 500000},
        )  # fmt: skip
        case = services.run_checks(actor=city.officer, case=case)
        case = services.notify_case(
            actor=city.officer, case=case, issued_on=dt.date(2026, 11, 2), delivered_on=dt.date(2026, 11, 2)
        )
        services.submit_for_review(actor=city.officer, case=case)
        client.force_login(reviewer)
        returned = client.post(reverse("case_return", args=[case.pk]), {"return-opinion": "证据不足"})
        assert returned.status_code == 302
        case.refresh_from_db()
        assert case.status == CaseStatus.DRAFT
        case = services.run_checks(actor=city.officer, case=case)
        case = services.notify_case(
            actor=city.officer, case=case, issued_on=dt.date(2026, 11, 2), delivered_on=dt.date(2026, 11, 2)
        )
        services.submit_for_review(actor=city.officer, case=case)
        client.post(reverse("case_pass_review", args=[case.pk]), {"pass_review-opinion": "同意"})
        page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "法制审核通过：同意" in page and "法制审核退回：证据不足" in page


def test_typed_text_is_kept_when_a_step_is_refused(client, city, enterprises):
    """Defect: a refused form redirected and lost what the user typed."""
    case = services.create_case(
        actor=city.officer, enterprise=enterprises[0][0], domain=Domain.objects.get(code="price"),
        violation="未按规定明码标价", facts="未标价", filed_on=dt.date(2026, 11, 2), fine=100,
        penalty_spec={"kind": "range", "min": 0, "max": 5000},
    )  # fmt: skip
    case = services.run_checks(actor=city.officer, case=case)
    services.notify_case(actor=city.officer, case=case)
    client.force_login(city.officer)
    response = client.post(
        reverse("case_representation", args=[case.pk]),
        {"representation-argument": "当事人称价签已被顾客撕毁", "representation-received_on": "2099-01-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "当事人称价签已被顾客撕毁" in page and "不能晚于今天" in page


def test_edit_refused_after_check(client, city, enterprises):
    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=city.officer,
            enterprise=enterprises[0][0],
            domain=Domain.objects.get(code="price"),
            violation="未按规定明码标价",
            facts="未标价",
            filed_on=dt.date(2026, 11, 2),
            fine=100,
            penalty_spec={"kind": "range", "min": 0, "max": 5000},
        )
        services.run_checks(actor=city.officer, case=case)
        with pytest.raises(UserError, match="立案调查阶段"):
            services.update_case(actor=city.officer, case=case, changes={"fine": 200})


def test_case_page_shows_similar_case_flag_before_decision(client, city, enterprises):
    with time_machine.travel(NOW, tick=False):
        case = services.create_case(
            actor=city.officer,
            enterprise=enterprises[0][0],
            domain=Domain.objects.get(code="price"),
            violation="未按规定明码标价",
            facts="未标价",
            filed_on=dt.date(2026, 11, 2),
            fine=4800,
            penalty_spec={"kind": "range", "min": 0, "max": 5000},
        )
        case = services.run_checks(actor=city.officer, case=case)
        case = services.notify_case(
            actor=city.officer, case=case, issued_on=dt.date(2026, 11, 2), delivered_on=dt.date(2026, 11, 2)
        )
    PenaltyCase.objects.filter(pk=case.pk).update(
        similar={**case.similar, "flagged": True, "reasons": ["拟罚款高于类案正常区间上限"]}
    )
    client.force_login(city.task_force)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="similar-flag"' in page and "拟罚款高于类案正常区间上限" in page
    assert "偏离类案或裁量幅度的理由" in page  # the decision form asks for the reason
    assert "不在裁量幅度" in page  # 4,800 is above the standard band of a 0–5,000 range


def test_overdue_filter_is_derived_from_deadlines(client, city, enterprises):
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        old = services.create_case(
            actor=city.officer,
            enterprise=enterprises[0][0],
            domain=Domain.objects.get(code="price"),
            violation="未按规定明码标价",
            facts="未标价",
            filed_on=dt.date(2026, 2, 2),
            fine=100,
            penalty_spec={"kind": "range", "min": 0, "max": 5000},
        )
        fresh = services.create_case(
            actor=city.officer,
            enterprise=enterprises[0][1],
            domain=Domain.objects.get(code="price"),
            violation="未按规定明码标价",
            facts="未标价",
            filed_on=dt.date(2026, 5, 20),
            fine=100,
            penalty_spec={"kind": "range", "min": 0, "max": 5000},
        )
        client.force_login(city.officer)
        page = client.get(reverse("case_list"), {"status": "overdue"})
    rows = [case for case, _deadlines in page.context["rows"]]
    assert old in rows and fresh not in rows


def test_detention_is_not_offered(client, city):
    """Defect: 行政拘留 was offered as a penalty kind; only public security organs may impose it."""
    from jiandu.discretion.vocabulary import PenaltyKind

    assert "detention" not in PenaltyKind.values
    client.force_login(city.officer)
    page = client.get(reverse("case_create")).content.decode()
    assert "罚款" in page and "行政拘留" not in page


@pytest.mark.parametrize("choice", ["no", "unknown", "yes"])
def test_mitigating_circumstance_is_found_absent_unknown_or_present(client, city, enterprises, choice):
    # 指导意见第十四条第（二）项 积极配合调查并主动提供证据材料: 无 / 未查明 / 有 reach the engine as
    # not found (false), unknown (the band reaches into 从轻) and found (从轻); ruleset of 2026-12-04 (as
    # 2026-12-03 here: PRL-42 sets no minimum, so the 过罚相当 rule has nothing to reach below)
    with time_machine.travel(dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(city.officer)
        form = {**_form(enterprises[0][0]), "filed_on": "2026-12-05", "mitigating_cooperated": choice}
        assert client.post(reverse("case_create"), form).status_code == 302
        case = PenaltyCase.objects.get()
        stored = {"no": "absent", "unknown": None, "yes": True}[choice]
        assert case.discretion_facts.get("cooperated", "absent") == stored
        page = client.get(reverse("case_edit", args=[case.pk])).content.decode()
        assert f'<option value="{choice}" selected>' in page
        client.post(reverse("case_check", args=[case.pk]))
        case.refresh_from_db()
    result = case.discretion
    assert case.discretion_ruleset == "samr-2022-guidance-2026-12-04"
    band = (result["fine_range"]["min"], result["fine_range"]["max"])
    if choice == "no":  # the 一般 band of 0–5000 alone
        assert result["outcome"] == "standard" and band == ("1500", "3500")
    elif choice == "unknown":  # not found either way: from the 从轻 low end to the 一般 high end
        assert result["outcome"] == "standard" and band == ("0", "3500")
        assert any("未查明" in reason and "积极配合" in reason for reason in result["reasons"])
    else:
        assert result["outcome"] == "lenient" and band == ("0", "1500")
