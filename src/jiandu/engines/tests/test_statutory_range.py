"""One test per branch of the law the statutory range knows, each quoting its article.

The items are built here from the statute text itself (not from the shipped catalogue), so the
tests check the engine against the law; tests of the shipped catalogue live beside its loader.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from jiandu.engines.discretion.statutory import (
    Branch,
    CatalogueRules,
    InputError,
    ItemRule,
    statutory_range,
)

FOOD = "中华人民共和国食品安全法"
PRICE = "价格违法行为行政处罚规定"
UCL = "中华人民共和国反不正当竞争法"
ADS = "中华人民共和国广告法"

# 食品安全法第一百二十四条第一款:“违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上
# 十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款”
FSL_124 = ItemRule(
    code="FSL-124-1-5",
    name="生产经营超过保质期的食品",
    law="食品安全法",
    law_title=FOOD,
    statute_version=dt.date(2021, 4, 29),
    article="第一百二十四条第一款第（五）项",
    branches=(
        Branch(label="货值金额不足一万元", base="goods_value", below=D(10000), min=D(50000), max=D(100000)),
        Branch(
            label="货值金额一万元以上",
            base="goods_value",
            at_least=D(10000),
            min_times=D(10),
            max_times=D(20),
        ),
    ),
)

# 价格违法行为行政处罚规定第九条:“没收违法所得，并处违法所得5倍以下的罚款；没有违法所得的，
# 处5万元以上50万元以下的罚款，情节较重的处50万元以上200万元以下的罚款”;
# 第十一条第一款:“本规定第四条、第七条至第九条规定中经营者为个人的，对其没有违法所得的价格违法行为，
# 可以处10万元以下的罚款。”;第十八条:“违法所得无法确定时，按照没有违法所得的规定处罚。”
PRP_9 = ItemRule(
    code="PRP-9",
    name="不执行政府指导价、政府定价",
    law="价格违法行为行政处罚规定",
    law_title=PRICE,
    statute_version=dt.date(2010, 12, 4),
    article="第九条",
    branches=(
        Branch(label="经营者为个人，没有违法所得", article="第十一条第一款", base="illegal_gain", none=True,
               party="person", max=D(100000)),
        Branch(label="没有违法所得，情节较重", base="illegal_gain", none=True, severity="heavier",
               min=D(500000), max=D(2000000)),
        Branch(label="没有违法所得", base="illegal_gain", none=True, min=D(50000), max=D(500000)),
        Branch(label="有违法所得", base="illegal_gain", max_times=D(5)),
    ),
)  # fmt: skip

# 第六条:“没有违法所得的，处5万元以上50万元以下的罚款，情节较重的处50万元以上300万元以下的罚款”;
# 第十一条第二款:“本规定第五条、第六条、第十条规定中经营者为个人的，对其没有违法所得的价格违法行为，
# 按照前款规定处罚；情节严重的，处10万元以上50万元以下的罚款。”
PRP_6 = ItemRule(
    code="PRP-6",
    name="推动商品价格过快、过高上涨",
    law="价格违法行为行政处罚规定",
    law_title=PRICE,
    statute_version=dt.date(2010, 12, 4),
    article="第六条",
    branches=(
        Branch(label="经营者为个人，没有违法所得，情节严重", article="第十一条第二款", base="illegal_gain",
               none=True, party="person", severity="serious", min=D(100000), max=D(500000)),
        Branch(label="经营者为个人，没有违法所得", article="第十一条第二款", base="illegal_gain", none=True,
               party="person", max=D(100000)),
        Branch(label="没有违法所得，情节较重", base="illegal_gain", none=True, severity="heavier",
               min=D(500000), max=D(3000000)),
        Branch(label="没有违法所得", base="illegal_gain", none=True, min=D(50000), max=D(500000)),
        Branch(label="有违法所得", base="illegal_gain", max_times=D(5)),
    ),
)  # fmt: skip

# 第十三条:“经营者违反明码标价规定……责令改正，没收违法所得，可以并处5000元以下的罚款”— counted per unit
# (one unpriced flat is one violation).
PRP_13 = ItemRule(
    code="PRP-13-1",
    name="不标明价格",
    law="价格违法行为行政处罚规定",
    law_title=PRICE,
    statute_version=dt.date(2010, 12, 4),
    article="第十三条第（一）项",
    unit="套商品房",
    branches=(Branch(label="不标明价格，按违法行为个数计", max=D(5000), per_unit=True),),
)

# 2019年《反不正当竞争法》第十八条第一款 / 2025年修订第二十三条:“违法经营额五万元以上的，
# 可以并处违法经营额五倍以下的罚款；没有违法经营额或者违法经营额不足五万元的，可以并处二十五万元以下的罚款”
_UCL_BRANCHES = (
    Branch(label="违法经营额五万元以上", base="turnover", at_least=D(50000), max_times=D(5)),
    Branch(label="没有违法经营额或者违法经营额不足五万元", base="turnover", below=D(50000), max=D(250000)),
    Branch(label="违法经营额无法计算", base="turnover", none=True, max=D(250000)),
)
UCL_2019 = ItemRule(
    code="UCL-CONFUSION",
    name="实施混淆行为",
    law="反不正当竞争法",
    law_title=UCL + "（2019年修正）",
    statute_version=dt.date(2019, 4, 23),
    article="第十八条第一款",
    branches=_UCL_BRANCHES,
    effective_until=dt.date(2025, 10, 14),
)
UCL_2025 = ItemRule(
    code="UCL-CONFUSION",
    name="实施混淆行为",
    law="反不正当竞争法",
    law_title=UCL + "（2025年修订）",
    statute_version=dt.date(2025, 6, 27),
    article="第二十三条",
    branches=_UCL_BRANCHES,
    effective_from=dt.date(2025, 10, 15),
)

# 广告法第五十五条第一款:“处广告费用三倍以上五倍以下的罚款，广告费用无法计算或者明显偏低的，
# 处二十万元以上一百万元以下的罚款；两年内有三次以上违法行为或者有其他严重情节的，
# 处广告费用五倍以上十倍以下的罚款，广告费用无法计算或者明显偏低的，处一百万元以上二百万元以下的罚款”
ADL_55 = ItemRule(
    code="ADL-55-1",
    name="广告主发布虚假广告",
    law="广告法",
    law_title=ADS,
    statute_version=dt.date(2021, 4, 29),
    article="第五十五条第一款",
    branches=(
        Branch(label="严重情节，广告费用明显偏低", base="ad_cost", severity="serious",
               facts=("ad_cost_obviously_low",), min=D(1000000), max=D(2000000)),
        Branch(label="严重情节，广告费用无法计算", base="ad_cost", severity="serious", none=True,
               min=D(1000000), max=D(2000000)),
        Branch(label="严重情节", base="ad_cost", severity="serious", min_times=D(5), max_times=D(10)),
        Branch(label="广告费用明显偏低", base="ad_cost", facts=("ad_cost_obviously_low",),
               min=D(200000), max=D(1000000)),
        Branch(label="广告费用无法计算", base="ad_cost", none=True, min=D(200000), max=D(1000000)),
        Branch(label="按广告费用计算", base="ad_cost", min_times=D(3), max_times=D(5)),
    ),
)  # fmt: skip

# A cap: 产品质量法第五十条-like shape is not capped; a cap is tested on a made-up multiple.
CAPPED = ItemRule(
    code="CAP-1",
    name="封顶的倍数罚款",
    law="测试",
    law_title="测试条例",
    statute_version=dt.date(2020, 1, 1),
    article="第一条",
    branches=(
        Branch(label="按违法所得计算", base="illegal_gain", min_times=D(1), max_times=D(5), cap=D(30000)),
    ),
)

# 药品管理法第一百一十六条:“并处违法生产、销售的药品货值金额十五倍以上三十倍以下的罚款；货值金额不足十万元的，
# 按十万元计算”
DRUG_116 = ItemRule(
    code="DAL-116",
    name="生产、销售假药",
    law="药品管理法",
    law_title="中华人民共和国药品管理法",
    statute_version=dt.date(2019, 8, 26),
    article="第一百一十六条",
    branches=(
        Branch(
            label="按货值金额计算，不足十万元的按十万元计算",
            base="goods_value",
            min_times=D(15),
            max_times=D(30),
            base_floor=D(100000),
        ),
    ),
)

RULES = CatalogueRules(
    version="test-1",
    items=(FSL_124, PRP_9, PRP_6, PRP_13, UCL_2019, UCL_2025, ADL_55, CAPPED, DRUG_116),
)


def rng(code: str, **kwargs: object) -> tuple[D, D, str]:
    result = statutory_range(RULES, code, **kwargs)  # type: ignore[arg-type]
    return result.min, result.max, result.branch_label


def test_goods_value_below_ten_thousand_is_a_fixed_range() -> None:
    # “货值金额不足一万元的，并处五万元以上十万元以下罚款”
    result = statutory_range(RULES, "FSL-124-1-5", amounts={"goods_value": D("3200")})
    assert (result.min, result.max) == (D(50000), D(100000))
    assert result.branch == 0
    assert "货值金额不足一万元" in result.explanation
    assert "第一百二十四条第一款第（五）项" in result.explanation
    assert result.articles == ("第一百二十四条第一款第（五）项",)
    assert result.catalogue == "test-1"


def test_goods_value_from_ten_thousand_is_ten_to_twenty_times() -> None:
    # “货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款” — 一万元 itself is 以上
    assert rng("FSL-124-1-5", amounts={"goods_value": D(10000)})[:2] == (D(100000), D(200000))
    result = statutory_range(RULES, "FSL-124-1-5", amounts={"goods_value": D("12345.6")})
    assert (result.min, result.max) == (D("123456.00"), D("246912.00"))
    assert result.base == "goods_value" and result.max_times == D(20)
    assert "10 倍以上 20 倍以下" in result.explanation


def test_zero_goods_value_is_below_the_threshold() -> None:
    assert rng("FSL-124-1-5", amounts={"goods_value": D(0)})[:2] == (D(50000), D(100000))


def test_unknown_goods_value_is_asked_for_not_guessed() -> None:
    with pytest.raises(InputError, match=r"amounts\.goods_value.*货值金额"):
        statutory_range(RULES, "FSL-124-1-5")


def test_price_gain_based_is_up_to_five_times_the_gain() -> None:
    # 第九条:“并处违法所得5倍以下的罚款”
    assert rng("PRP-9", amounts={"illegal_gain": D(8000)}) == (D(0), D(40000), "有违法所得")


def test_price_no_gain_enterprise() -> None:
    # 第九条:“没有违法所得的，处5万元以上50万元以下的罚款”
    assert rng("PRP-9", amounts={"illegal_gain": D(0)}) == (D(50000), D(500000), "没有违法所得")


def test_price_gain_that_cannot_be_determined_counts_as_none() -> None:
    # 第十八条:“违法所得无法确定时，按照没有违法所得的规定处罚”
    assert rng("PRP-9", amounts={"illegal_gain": None})[:2] == (D(50000), D(500000))


def test_price_no_gain_heavier() -> None:
    # 第九条:“情节较重的处50万元以上200万元以下的罚款”; 情节严重 is at least 情节较重 for the fine
    for severity in ("heavier", "serious"):
        low, high, _ = rng("PRP-9", amounts={"illegal_gain": D(0)}, severity=severity)
        assert (low, high) == (D(500000), D(2000000))


def test_price_heavier_with_gain_stays_a_multiple() -> None:
    # 情节较重的幅度只在“没有违法所得”时适用
    assert rng("PRP-9", amounts={"illegal_gain": D(1000)}, severity="heavier")[:2] == (D(0), D(5000))


def test_price_individual_no_gain_first_paragraph() -> None:
    # 第十一条第一款:“经营者为个人的，对其没有违法所得的价格违法行为，可以处10万元以下的罚款”
    result = statutory_range(RULES, "PRP-9", party_kind="person", amounts={"illegal_gain": D(0)})
    assert (result.min, result.max) == (D(0), D(100000))
    assert result.articles == ("第九条", "第十一条第一款")
    assert "第九条、第十一条第一款" in result.explanation


def test_price_individual_no_gain_serious_second_paragraph() -> None:
    # 第十一条第二款:“情节严重的，处10万元以上50万元以下的罚款”
    low, high, _ = rng("PRP-6", party_kind="person", amounts={"illegal_gain": D(0)}, severity="serious")
    assert (low, high) == (D(100000), D(500000))
    # 情节较重 is not 情节严重: the individual stays at 10万元以下
    low, high, _ = rng("PRP-6", party_kind="person", amounts={"illegal_gain": D(0)}, severity="heavier")
    assert (low, high) == (D(0), D(100000))


def test_price_article_six_heavier_goes_to_three_million() -> None:
    # 第六条:“情节较重的处50万元以上300万元以下的罚款”
    assert rng("PRP-6", amounts={"illegal_gain": D(0)}, severity="heavier")[:2] == (D(500000), D(3000000))


def test_per_unit_multiplies_both_bounds() -> None:
    # 第十三条:“可以并处5000元以下的罚款”,一套未标价的商品房为一个违法行为
    result = statutory_range(RULES, "PRP-13-1", units=805)
    assert (result.min, result.max) == (D(0), D(805 * 5000))
    assert result.per_unit and result.units == 805
    assert "每套商品房" in result.explanation and "805" in result.explanation


def test_per_unit_without_units_counts_one_and_says_so() -> None:
    result = statutory_range(RULES, "PRP-13-1")
    assert result.max == D(5000) and result.units == 1
    assert "未给出违法行为个数" in result.explanation


def test_bad_units_are_refused() -> None:
    with pytest.raises(InputError, match="units"):
        statutory_range(RULES, "PRP-13-1", units=0)


def test_turnover_threshold_and_the_version_in_force() -> None:
    # 违法经营额五万元以上:五倍以下;不足五万元:二十五万元以下
    before = dt.date(2025, 10, 14)
    after = dt.date(2025, 10, 15)
    big = statutory_range(RULES, "UCL-CONFUSION", violation_date=before, amounts={"turnover": D(60000)})
    assert (big.min, big.max) == (D(0), D(300000)) and big.articles == ("第十八条第一款",)
    small = statutory_range(RULES, "UCL-CONFUSION", violation_date=after, amounts={"turnover": D(49999)})
    assert small.max == D(250000) and small.articles == ("第二十三条",)
    assert small.statute_version == dt.date(2025, 6, 27) and "2025年修订" in small.explanation


def test_item_not_in_force_on_the_date() -> None:
    only_new = CatalogueRules(version="t", items=(UCL_2025,))
    with pytest.raises(InputError, match="violation_date"):
        statutory_range(
            only_new, "UCL-CONFUSION", violation_date=dt.date(2024, 1, 1), amounts={"turnover": D(0)}
        )


def test_unknown_item_is_named() -> None:
    with pytest.raises(InputError, match="XYZ-1"):
        statutory_range(RULES, "XYZ-1")


def test_advert_cost_obviously_low_and_serious() -> None:
    # “广告费用无法计算或者明显偏低的，处二十万元以上一百万元以下的罚款”
    low = {"ad_cost": D(500)}
    assert rng("ADL-55-1", amounts=low, facts={"ad_cost_obviously_low"})[:2] == (D(200000), D(1000000))
    assert rng("ADL-55-1", amounts={"ad_cost": None})[:2] == (D(200000), D(1000000))
    # “两年内有三次以上违法行为或者有其他严重情节的，处广告费用五倍以上十倍以下的罚款”
    assert rng("ADL-55-1", amounts={"ad_cost": D(10000)}, severity="serious")[:2] == (D(50000), D(100000))
    assert rng("ADL-55-1", amounts={"ad_cost": D(10000)})[:2] == (D(30000), D(50000))
    serious_low = rng("ADL-55-1", amounts=low, severity="serious", facts={"ad_cost_obviously_low"})
    assert serious_low[:2] == (D(1000000), D(2000000))


def test_cap_limits_a_multiple() -> None:
    result = statutory_range(RULES, "CAP-1", amounts={"illegal_gain": D(10000)})
    assert (result.min, result.max) == (D(10000), D(30000))
    assert "最高不超过 30,000 元" in result.explanation


def test_bad_inputs_name_the_field() -> None:
    with pytest.raises(InputError, match=r"party\.kind"):
        statutory_range(RULES, "PRP-9", party_kind="company", amounts={"illegal_gain": D(0)})
    with pytest.raises(InputError, match="severity"):
        statutory_range(RULES, "PRP-9", severity="bad", amounts={"illegal_gain": D(0)})
    with pytest.raises(InputError, match=r"amounts.*profit"):
        statutory_range(RULES, "PRP-9", amounts={"profit": D(0)})
    with pytest.raises(InputError, match=r"amounts\.illegal_gain"):
        statutory_range(RULES, "PRP-9", amounts={"illegal_gain": D(-1)})


def test_a_floor_on_the_base() -> None:
    # “货值金额不足十万元的，按十万元计算”
    small = statutory_range(RULES, "DAL-116", amounts={"goods_value": D(14360)})
    assert (small.min, small.max) == (D(1500000), D(3000000))
    assert small.base_amount == D(100000) and "按 100,000 元计算" in small.explanation
    big = statutory_range(RULES, "DAL-116", amounts={"goods_value": D(200000)})
    assert (big.min, big.max) == (D(3000000), D(6000000))


def test_a_multiple_of_nothing_never_applies() -> None:
    odd = ItemRule(
        code="ODD-1",
        name="自相矛盾的分支",
        law="测试",
        law_title="测试条例",
        statute_version=dt.date(2020, 1, 1),
        article="第一条",
        branches=(
            Branch(label="没有违法所得", base="illegal_gain", none=True, max_times=D(5)),
            Branch(label="没有违法所得时的幅度", base="illegal_gain", none=True, max=D(10000)),
        ),
    )
    rules = CatalogueRules(version="t", items=(odd,))
    assert statutory_range(rules, "ODD-1", amounts={"illegal_gain": None}).max == D(10000)
