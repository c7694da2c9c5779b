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
    assert fallback["basis"] == "text" and any("改按案情文本" in r for r in fallback["reasons"])
    assert "事项编码FOOD-999不在现行目录中，未按法定幅度核对。" in fallback["reasons"]


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


# 食品安全法第一百二十四条第一款第（五）项: 货值金额不足一万元的，并处五万元以上十万元以下罚款
FOOD_ITEM = "FSL-124-1-5"


def test_the_item_range_is_computed_from_the_catalogue_and_a_fine_below_it_is_flagged(city, library):
    result = services.check_similar(
        text=DRAFT, item_code=FOOD_ITEM, proposed_fine=Decimal(5000), fine_base=Decimal(96), user=city.officer
    )
    assert result["statutory_range"]["source"] == "item"
    assert (result["statutory_range"]["min"], result["statutory_range"]["max"]) == ("50000.00", "100000.00")
    assert result["flagged"] and result["statutory_flagged"] and result["statutory"] == "below_min"
    assert any("低于法定最低额50,000元" in r and "未说明减轻处罚的理由" in r for r in result["reasons"])
    reasoned = services.check_similar(
        text=DRAFT, item_code=FOOD_ITEM, proposed_fine=Decimal(5000), fine_base=Decimal(96),
        mitigation_reason="主动消除违法行为危害后果（行政处罚法第三十二条第一项）", user=city.officer,
    )  # fmt: skip
    assert reasoned["statutory"] == "below_min_mitigated" and not reasoned["statutory_flagged"]
    assert any("已说明减轻处罚的理由：主动消除" in r for r in reasoned["reasons"])


def test_without_the_base_the_item_range_is_not_guessed(city, library):
    result = services.check_similar(
        text=DRAFT, item_code=FOOD_ITEM, proposed_fine=Decimal(5000), user=city.officer
    )
    assert result["statutory_range"] is None and result["statutory"] == ""
    assert any("填写计罚基数后才能按法定幅度核对" in r for r in result["reasons"])


def test_the_aggravated_part_needs_a_stated_circumstance(city, library):
    """指导意见第十条第（四）项: 从重 is the highest 30 % of the range (here above ¥85,000)."""
    common = {"text": DRAFT, "item_code": FOOD_ITEM, "fine_base": Decimal(96), "user": city.officer}
    bare = services.check_similar(proposed_fine=Decimal(90000), **common)
    assert bare["statutory"] == "aggravated_unstated" and bare["flagged"]
    stated = services.check_similar(
        proposed_fine=Decimal(90000), aggravation_reason="一年内因同一性质的违法行为受过行政处罚", **common
    )
    assert stated["statutory"] == "aggravated_stated" and not stated["statutory_flagged"]
    above = services.check_similar(proposed_fine=Decimal(100001), **common)
    assert above["statutory"] == "above_max" and above["flagged"]


def test_a_typed_range_wins_and_is_checked(city, library):
    typed = services.check_similar(
        text=DRAFT, proposed_fine=Decimal(600), statutory_min=Decimal(1000), statutory_max=Decimal(5000),
        user=city.officer,
    )  # fmt: skip
    assert typed["statutory_range"]["source"] == "typed" and typed["statutory"] == "below_min"
    with pytest.raises(ValueError, match="法定最低罚款额不能高于"):
        services.check_similar(
            text=DRAFT, statutory_min=Decimal(9), statutory_max=Decimal(1), user=city.officer
        )
    with pytest.raises(ValueError, match="当事人类型"):
        services.check_similar(text=DRAFT, party_kind="company", user=city.officer)


def test_a_per_unit_item_counts_the_units(city, library):
    """价格违法行为行政处罚规定第十三条第（一）项 is counted per unsold-unpriced unit (5,000 元 each)."""
    unpriced = {"text": "商品房未明码标价", "item_code": "PRP-13-1", "proposed_fine": Decimal(18000)}
    result = services.check_similar(units=36, user=city.officer, **unpriced)
    assert result["statutory_range"]["max"] == "180000.00"
    assert result["statutory"] == ""
    one = services.check_similar(user=city.officer, **unpriced)
    assert one["statutory"] == "above_max" and "按 1" in one["statutory_range"]["explanation"]
