"""三项制度: the 全过程记录 of a case linked to its AV checks; the public 行政执法公示 with the enforcement
items, inspections and decisions, whether each was published within 20 working days, and its 法制审核."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import AuditEntry
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.errors import UserError
from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.oversight import selectors as S
from jiandu.oversight.services import records
from jiandu.reviews.models import AvCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(city):
    firm = EnterpriseFactory(region=city.east, name="东城公示企业")
    return PenaltyCaseFactory(
        enterprise=firm,
        decided_on=dt.date(2026, 4, 1),
        filed_on=dt.date(2026, 3, 2),
        publicity_status="published",
        published_on=dt.date(2026, 4, 29),
        legal_review_required=True,
        legal_review_passed=True,
    )


def test_publication_is_judged_in_working_days_over_the_qingming_holiday(city, case):
    # 2026-04-01 + 20 working days: 21 weekdays from 2 to 30 April less Monday 6 April (清明, 4-6 April)
    (row,) = S.decision_publicity([case], today=dt.date(2026, 6, 1))
    assert row.due == dt.date(2026, 4, 30) and row.on_time is True and row.legal_review == "经法制审核通过"
    case.published_on = dt.date(2026, 5, 6)
    (late,) = S.decision_publicity([case], today=dt.date(2026, 6, 1))
    assert late.on_time is False
    case.published_on = None
    (pending,) = S.decision_publicity([case], today=dt.date(2026, 4, 20))
    assert pending.on_time is None


def test_records_link_to_the_av_check_of_the_same_case_only(city, units, case):
    check = AvCheck.objects.create(case=case, region=city.east, checklist_version="2025", passed=True)
    other = AvCheck.objects.create(
        case=PenaltyCaseFactory(enterprise=EnterpriseFactory(region=city.east)),
        region=city.east,
        checklist_version="2025",
        passed=False,
    )
    assert case in S.cases_without_av(user=units.east_chief)
    with pytest.raises(UserError) as foreign:
        records.link_record(
            actor=units.east_chief,
            case=case,
            kind="av",
            stage="investigation",
            label="现场执法记录仪",
            location="执法记录仪管理平台",
            recorded_on=dt.date(2026, 3, 5),
            av_check=other,
        )
    assert foreign.value.field == "av_check"
    with pytest.raises(UserError) as paper:
        records.link_record(
            actor=units.east_chief,
            case=case,
            kind="paper",
            stage="investigation",
            label="笔录",
            location="档案室",
            recorded_on=dt.date(2026, 3, 5),
            av_check=check,
        )
    assert paper.value.field == "av_check"
    with pytest.raises(UserError) as future:
        records.link_record(
            actor=units.east_chief,
            case=case,
            kind="paper",
            stage="filing",
            label="立案审批表",
            location="档案室",
            recorded_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert future.value.field == "recorded_on"
    records.link_record(
        actor=units.east_chief,
        case=case,
        kind="av",
        stage="investigation",
        label="现场执法记录仪",
        location="执法记录仪管理平台 2026-0305-01",
        recorded_on=dt.date(2026, 3, 5),
        av_check=check,
    )
    trail = S.case_trail(user=units.east_chief, case=case)
    assert trail.has_av and not trail.has_paper and trail.records[0].av_check == check
    assert case not in S.cases_without_av(user=units.east_chief)
    assert AuditEntry.objects.filter(target_type="oversight.caserecord").count() == 1
    assert list(S.list_case_records(user=city.outsider)) == []


def test_the_public_page_and_the_api(city, units, case, client):
    page = client.get(reverse("public_enforcement")).content.decode()
    assert "东城公示企业" in page and "经法制审核通过" in page and "2026-04-30" in page
    client.force_login(units.east_chief)
    made = client.post(
        f"/api/oversight/cases/{case.pk}/records",
        {
            "kind": "paper",
            "stage": "filing",
            "label": "立案审批表",
            "location": "档案 A-12",
            "recorded_on": "2026-03-02",
        },
        content_type="application/json",
    )
    assert (
        made.status_code == 201
        and made.json()["has_paper"] is True
        and made.json()["published_on_time"] is True
    )
    bad = client.post(
        f"/api/oversight/cases/{case.pk}/records",
        {"kind": "film", "stage": "filing", "label": "x", "location": "y", "recorded_on": "2026-03-02"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "记录形式" in bad.json()["detail"]
    assert "立案审批表" in client.get(reverse("oversight_case_trail", args=[case.pk])).content.decode()
    client.force_login(city.task_force)
    assert client.get(f"/api/oversight/cases/{case.pk}/records").json()["records"][0]["label"] == "立案审批表"
    client.force_login(city.outsider)
    assert client.get(f"/api/oversight/cases/{case.pk}/records").status_code == 404
