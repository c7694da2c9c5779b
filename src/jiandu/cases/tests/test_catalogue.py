"""A case drafted from an item of the rule catalogue: fine rule, legal basis and first violation filled in."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
import time_machine

from jiandu.cases import services
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.discretion.selectors import get_item
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
CODE = "FSL-122-1"  # 未取得食品生产经营许可从事食品生产经营活动


def _draft(city, enterprise, **extra):
    return services.create_case(
        actor=city.officer,
        enterprise=enterprise,
        item_code=CODE,
        facts="当事人未取得食品经营许可,在其门店销售预包装食品。",
        filed_on=dt.date(2026, 11, 2),
        penalty_kinds=["fine"],
        **extra,
    )


def test_item_fills_domain_basis_and_fine_rule(city, enterprises):
    item = get_item(CODE)
    assert item is not None
    case = _draft(city, enterprises[0][0], fine=Decimal("60000"))
    assert case.domain == Domain.objects.get(name=item.domain)
    assert case.violation == item.name
    assert item.article in case.legal_basis
    # no 货值金额 given: the statute's range for "货值金额不足一万元" applies
    assert case.penalty_spec["kind"] == "range"
    assert case.penalty_spec["min"] == item.no_gain_rule["min"]
    with_base = _draft(city, enterprises[0][1], fine=Decimal("300000"), fine_base=Decimal("20000"))
    assert with_base.penalty_spec["kind"] == "multiple"
    assert services.discretion_input(with_base)["penalty"]["base"] == 20000


def test_first_violation_is_looked_up_and_version_recorded(city, enterprises):
    firm = enterprises[0][0]
    PenaltyCaseFactory(
        enterprise=firm,
        item_code=CODE,
        decided_on=dt.date(2025, 6, 1),
        domain=Domain.objects.get(code="food"),
    )
    head = UserFactory(role=Role.COUNTY_BUREAU, region=city.east)
    with time_machine.travel(NOW, tick=False):
        repeat = services.run_checks(actor=city.officer, case=_draft(city, firm, fine=Decimal("70000")))
        assert repeat.discretion_facts["first_violation"] is False
        first = services.run_checks(
            actor=city.officer, case=_draft(city, enterprises[0][1], fine=Decimal("70000"))
        )
        assert first.discretion_facts["first_violation"] is True
        decided = services.decide_case(actor=head, case=first, deviation_reason="说明")
    document = docx.Document(io.BytesIO(bytes(decided.documents.get(kind="penalty_decision").content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert get_item(CODE).catalogue_version in text


def test_unknown_item_is_refused(city, enterprises):
    with pytest.raises(ValueError, match="不在违法行为事项目录中"):
        services.create_case(
            actor=city.officer,
            enterprise=enterprises[0][0],
            item_code="NO-SUCH",
            facts="x",
            filed_on=dt.date(2026, 11, 2),
        )


def test_case_page_lists_the_no_penalty_entries_of_its_item(client, city, enterprises):
    from django.urls import reverse

    case = services.create_case(
        actor=city.officer,
        enterprise=enterprises[0][0],
        item_code="FSL-125-2",
        outcome="no_penalty",
        facts="预包装食品标签存在瑕疵。",
        filed_on=dt.date(2026, 11, 2),
    )
    client.force_login(city.officer)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="exemptions"' in page and "轻微不罚" in page
