"""The good-credit list: credit class and no unrepaired penalty in the window, refreshed from the data,
a city's own policy, the export for the permitting unit, and the three personas."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiandu.audit.models import AuditEntry
from jiandu.cases.models import CreditRepair, PublicityStatus
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.engines.oversight import Penalty, eligible
from jiandu.errors import UserError
from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.oversight import selectors as S
from jiandu.oversight.services import incentives

pytestmark = pytest.mark.django_db


def test_the_engine_reads_the_window_back_from_today():
    today = dt.date(2026, 3, 31)
    recent = Penalty(decided_on=dt.date(2025, 3, 31), repaired=False)  # exactly 12 months before: inside
    older = Penalty(decided_on=dt.date(2025, 3, 30), repaired=False)
    assert eligible("A", [recent], classes=["A"], window_months=12, today=today)[0] is False
    assert eligible("A", [older], classes=["A"], window_months=12, today=today)[0] is True
    assert eligible("A", [Penalty(dt.date(2026, 3, 1), True)], classes=["A"], window_months=12, today=today)[
        0
    ]
    ok, reason = eligible("B", [], classes=["A"], window_months=12, today=today)
    assert not ok and "B类" in reason
    assert (
        eligible(
            "A",
            [Penalty(dt.date(2025, 2, 28), False)],
            classes=["A"],
            window_months=13,
            today=dt.date(2026, 3, 31),
        )[0]
        is False
    )  # 13 months back from 31 March is 28 February


@pytest.fixture
def firms(city):
    today = timezone.localdate()
    clean = EnterpriseFactory(region=city.east, credit_class="A", name="东城守信企业")
    fined = EnterpriseFactory(region=city.east, credit_class="A", name="东城受罚企业")
    repaired = EnterpriseFactory(region=city.east, credit_class="A", name="东城已修复企业")
    class_b = EnterpriseFactory(region=city.east, credit_class="B", name="东城B类企业")
    west = EnterpriseFactory(region=city.west, credit_class="A", name="西城守信企业")
    PenaltyCaseFactory(enterprise=fined, decided_on=today - dt.timedelta(days=60))
    stopped = PenaltyCaseFactory(enterprise=repaired, decided_on=today - dt.timedelta(days=90))
    stopped.publicity_status = PublicityStatus.STOPPED
    stopped.save()
    return clean, fined, repaired, class_b, west


def test_refresh_lists_only_good_credit_and_follows_the_policy(city, units, firms):
    clean, fined, repaired, class_b, west = firms
    done = incentives.refresh(actor=units.east_chief, region=city.east)
    assert done.listed == 2 and done.added == 2
    assert {e.enterprise for e in S.list_eligible(user=city.task_force)} == {clean, repaired}
    incentives.set_policy(actor=city.task_force, region=city.city, classes=["A", "B"], window_months=1)
    done = incentives.refresh(actor=city.task_force, region=city.city)
    listed = {e.enterprise for e in S.list_eligible(user=city.task_force)}
    assert listed == {clean, fined, repaired, class_b, west}  # the 60-day-old penalty is outside one month
    assert {e.enterprise for e in S.list_eligible(user=city.outsider)} == {west}
    entry = AuditEntry.objects.filter(target_type="oversight.eligiblefirm").latest("seq")
    assert entry.after["classes"] == ["A", "B"] and entry.after["listed"] == 5
    with pytest.raises(UserError) as bad:
        incentives.set_policy(actor=city.task_force, region=city.city, classes=["E"], window_months=12)
    assert bad.value.field == "classes"
    with pytest.raises(UserError) as window:
        incentives.set_policy(actor=city.task_force, region=city.city, classes=["A"], window_months=0)
    assert window.value.field == "window_months"


def test_an_approved_credit_repair_counts_as_repaired(city, units, firms):
    _, fined, *_ = firms
    case = fined.penalty_cases.get()
    CreditRepair.objects.create(
        number="XF-1",
        case=case,
        region=city.east,
        contact_name="甲",
        contact_phone="1",
        measures="已整改",
        status="approved",
        submitted_on=timezone.localdate(),
    )
    incentives.refresh(actor=units.east_chief, region=city.east)
    assert fined in {e.enterprise for e in S.list_eligible(user=units.east_chief)}


@pytest.mark.usefixtures("firms")
def test_export_reopens_and_the_api_is_scoped(city, units, client):
    incentives.refresh(actor=city.task_force, region=city.city)
    client.force_login(units.east_chief)
    response = client.get(reverse("oversight_incentive_list") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values.index(S.INCENTIVE_HEADER)
    body = values[header + 1 :]
    assert sorted(r[2] for r in body) == ["东城守信企业", "东城已修复企业"]
    assert AuditEntry.objects.filter(action="export", target_repr="守信激励名单").exists()
    assert "东城守信企业" in client.get(reverse("oversight_incentive_list")).content.decode()
    client.force_login(city.outsider)
    assert [e["name"] for e in client.get("/api/oversight/incentives").json()] == ["西城守信企业"]
    assert client.post("/api/oversight/incentives/refresh").status_code == 403
    client.force_login(city.task_force)
    bad = client.put(
        "/api/oversight/incentives/policy",
        {"classes": [], "window_months": 12},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "信用风险分类" in bad.json()["detail"]
