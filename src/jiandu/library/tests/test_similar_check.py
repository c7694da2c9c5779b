"""check_similar: scope by region, item-first then text, the flag, and too-few cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jiandu.library import services
from jiandu.library.tests.factories import DecidedCaseFactory, TypicalCaseFactory, domain

DRAFT = "执法人员检查发现当事人超市货架上陈列超过保质期的牛奶8盒"


@pytest.fixture
def library(city):
    east = [
        DecidedCaseFactory(region=city.east, fine=Decimal(fine), item_code="FOOD-124-5" if i < 4 else "")
        for i, fine in enumerate((3000, 4000, 5000, 6000, 7000, 8000))
    ]
    west = DecidedCaseFactory(region=city.west, fine=Decimal("150000"))
    price = [
        DecidedCaseFactory(
            region=city.east, domain=domain("price"), violation="未按规定明码标价",
            facts="水果店商品未标明价格", fine=Decimal(800),
        )
        for _ in range(3)
    ]  # fmt: skip
    services.rebuild_index()
    return {"east": east, "west": west, "price": price}


def test_a_fine_in_line_with_similar_cases(city, library):
    result = services.check_similar(text=DRAFT, proposed_fine=Decimal("5500"), user=city.officer)
    assert result["enough"] and not result["flagged"]
    assert result["count"] >= 3
    ids = {s["case_id"] for s in result["similar"]}
    assert ids <= {c.pk for c in library["east"]}  # the west county and the price cases are not alike
    assert Decimal(result["median"]) == Decimal("5500.00")
    assert 40 <= result["percentile"] <= 70


def test_a_fine_far_outside_is_flagged_with_chinese_reasons(city, library):
    result = services.check_similar(text=DRAFT, proposed_fine=Decimal("200000"), user=city.officer)
    assert result["flagged"] and result["percentile"] == 100.0
    assert any("可能畸重" in r for r in result["reasons"])


def test_scope_follows_the_user(city, library):
    outsider = services.check_similar(text=DRAFT, proposed_fine=Decimal("5000"), user=city.outsider)
    assert {s["case_id"] for s in outsider["similar"]} == {library["west"].pk}
    assert not outsider["enough"]
    everyone = services.check_similar(text=DRAFT, proposed_fine=Decimal("5000"), user=city.task_force)
    assert library["west"].pk in {s["case_id"] for s in everyone["similar"]}


def test_item_code_first_then_text(city, library):
    result = services.check_similar(text=DRAFT, item_code="FOOD-124-5", user=city.officer)
    assert result["basis"] == "item" and result["count"] == 4
    fallback = services.check_similar(text=DRAFT, item_code="FOOD-999", user=city.officer)
    assert fallback["basis"] == "text" and "改按案情文本" in fallback["reasons"][0]


def test_the_case_itself_is_left_out(city, library):
    own = library["east"][0]
    result = services.check_similar(text=DRAFT, exclude_case_id=own.pk, user=city.officer)
    assert own.pk not in {s["case_id"] for s in result["similar"]}


def test_city_typical_cases_count_for_a_county(city, library):
    typical = TypicalCaseFactory(region=city.city, facts="超市货架上陈列超过保质期的牛奶", fine=Decimal(5000))
    services.rebuild_index()
    result = services.check_similar(text=DRAFT, user=city.officer)
    assert ("typical", typical.pk) in {(s["kind"], s["case_id"]) for s in result["similar"]}


def test_too_few_similar_cases_claim_nothing(city, library):
    result = services.check_similar(text="叉车未办理使用登记", proposed_fine=Decimal(1), user=city.officer)
    assert not result["enough"] and not result["flagged"]
    assert result["median"] is None and result["percentile"] is None


def test_bad_outcome_is_refused(city, library):
    with pytest.raises(ValueError, match="拟处理结果"):
        services.check_similar(text=DRAFT, proposed_outcome="fine", user=city.officer)
