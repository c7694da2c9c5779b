"""A case drafted from an item of the rule catalogue: basis and first violation filled in, the statutory
range from the item's branches, and the catalogue version the band came from kept with the case."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
import time_machine

from jiandu.cases import services
from jiandu.cases.tests.factories import PenaltyCaseFactory
from jiandu.discretion import services as catalogue_services
from jiandu.discretion.selectors import current_version_id, get_item
from jiandu.errors import UserError
from jiandu.org.models import Domain, Role
from jiandu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
CODE = "FSL-122-1"  # 未取得食品生产经营许可从事食品生产经营活动
NOTICE_ON = dt.date(2026, 11, 3)


def _draft(city, enterprise, **extra):
    return services.create_case(
        actor=city.officer,
        enterprise=enterprise,
        item_code=CODE,
        facts="当事人未取得食品经营许可，在其门店销售预包装食品。",
        filed_on=dt.date(2026, 11, 2),
        penalty_kinds=["fine"],
        **extra,
    )


def test_item_fills_domain_basis_and_the_branch_of_its_article(city, enterprises):
    item = get_item(CODE)
    assert item is not None
    with time_machine.travel(NOW, tick=False):
        # 食品安全法第一百二十二条: 货值金额不足一万元的, 并处五万元以上十万元以下罚款 — 货值 96 元
        small = _draft(city, enterprises[0][0], fine=Decimal("50000"), fine_base=Decimal("96"))
        assert small.domain == Domain.objects.get(name=item.domain)
        assert small.violation == item.name and item.article in small.legal_basis
        small = services.run_checks(actor=city.officer, case=small)
        law = small.discretion["statutory"]
        assert (Decimal(law["min"]), Decimal(law["max"])) == (Decimal(50000), Decimal(100000))
        assert "不足一万元" in law["explanation"]
        # 货值金额一万元以上的, 并处货值金额十倍以上二十倍以下罚款 — 货值 2 万元 → 20 万至 40 万
        large = _draft(city, enterprises[0][1], fine=Decimal("300000"), fine_base=Decimal("20000"))
        large = services.run_checks(actor=city.officer, case=large)
        law = large.discretion["statutory"]
        assert (Decimal(law["min"]), Decimal(law["max"])) == (Decimal(200000), Decimal(400000))
        # without the 货值金额 the range cannot be known: refused, not guessed
        unknown = _draft(city, enterprises[0][2], fine=Decimal("60000"))
        with pytest.raises(UserError, match="货值金额"):
            services.run_checks(actor=city.officer, case=unknown)


def test_first_violation_is_looked_up_and_the_drafts_catalogue_version_is_cited(city, enterprises, reviewer):
    firm = enterprises[0][0]
    PenaltyCaseFactory(
        enterprise=firm,
        item_code=CODE,
        decided_on=dt.date(2025, 6, 1),
        domain=Domain.objects.get(code="food"),
    )
    head = UserFactory(role=Role.COUNTY_BUREAU, region=city.east)
    with time_machine.travel(NOW, tick=False):
        repeat = services.run_checks(
            actor=city.officer, case=_draft(city, firm, fine=Decimal("70000"), fine_base=0)
        )
        assert repeat.discretion_facts["first_violation"] is False
        first = _draft(city, enterprises[0][1], fine=Decimal("70000"), fine_base=Decimal("500"))
        first = services.run_checks(actor=city.officer, case=first)
        assert first.discretion_facts["first_violation"] is True
        drafted_with = first.catalogue_version
        assert drafted_with == current_version_id() == "catalogue-2026-11-21"
        first = services.notify_case(
            actor=city.officer, case=first, issued_on=NOTICE_ON, delivered_on=NOTICE_ON
        )
        # a new catalogue version is published between the check and the decision
        catalogue_services.publish_version(
            actor=reviewer, version=catalogue_services.create_draft(actor=reviewer)
        )
        assert current_version_id() != drafted_with
        decided = services.decide_case(actor=head, case=first, deviation_reason="说明")
    document = docx.Document(io.BytesIO(bytes(decided.documents.get(kind="penalty_decision").content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年11月21日版" in text  # the draft's version, not today's
    assert "2026年11月16日版" not in text


def test_unknown_item_is_refused(city, enterprises):
    with pytest.raises(UserError, match="不在违法行为事项目录中"):
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
