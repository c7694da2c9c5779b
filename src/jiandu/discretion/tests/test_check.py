"""The one discretion check: catalogue ranges (every branch through the engine), the first-violation
fact and the recorded catalogue version."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from jiandu.cases.selectors import is_first_violation
from jiandu.discretion.catalogue import shipped_catalogue
from jiandu.discretion.checks import CheckFacts, DiscretionResult, check_discretion
from jiandu.discretion.tests.factories import PenaltyCaseFactory
from jiandu.engines.discretion import MITIGATING, Ruleset
from jiandu.engines.discretion.ruleset import parse_ruleset

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 12, 3)  # the newest shipped ruleset (unstated_mitigation: unknown) is in force
# every 从轻/减轻 circumstance found absent (指导意见第十三、十四条): the 一般 band alone
DENIED = {key: False for key in MITIGATING}


def test_range_comes_from_the_catalogue_item() -> None:
    # 价格法第四十二条: 可以并处五千元以下的罚款 → 一般幅度 1500 至 3500
    result = check_discretion(CheckFacts(item_code="PRL-42", circumstances=DENIED), on=ON)
    assert result.outcome == "standard"
    assert result.fine_range == (Decimal(1500), Decimal(3500))
    # nothing stated: the 从轻 circumstances are unknown, the band reaches down to the 从轻 part
    unknown = check_discretion(CheckFacts(item_code="PRL-42"), on=ON)
    assert unknown.outcome == "standard" and unknown.fine_range == (Decimal(0), Decimal(3500))
    assert any("未查明" in reason for reason in unknown.reasons)
    # at 调查终结 the recorded circumstances are the findings: one not recorded was not found
    found = check_discretion(CheckFacts(item_code="PRL-42", findings_complete=True), on=ON)
    assert found.fine_range == (Decimal(1500), Decimal(3500))
    assert not any("未查明" in reason for reason in found.reasons)
    assert result.catalogue_version == shipped_catalogue().version
    assert result.legal_basis[0].startswith("《中华人民共和国价格法》")


def test_multiple_uses_the_base_and_the_below_threshold_floor() -> None:
    # 食品安全法第一百二十四条: 货值金额 2 万元 × 10~20 倍 = 20 万至 40 万,一般幅度 26 万至 34 万
    with_base = check_discretion(
        CheckFacts(item_code="FSL-124-1-5", base=Decimal(20000), circumstances=DENIED), on=ON
    )
    assert with_base.fine_range == (Decimal(260000), Decimal(340000))
    # 货值金额不足一万元的, 并处五万元以上十万元以下罚款: 货值 96 元 → 5 万至 10 万, 一般幅度 6.5 万至 8.5 万
    small = check_discretion(
        CheckFacts(item_code="FSL-124-1-5", base=Decimal(96), circumstances=DENIED), on=ON
    )
    assert small.statutory is not None
    assert (small.statutory.minimum, small.statutory.maximum) == (Decimal(50000), Decimal(100000))
    assert small.fine_range == (Decimal(65000), Decimal(85000))
    assert any("不足一万元" in reason for reason in small.reasons)
    assert small.outside(Decimal(50000)) != "" and "超过法定最高额" not in small.outside(Decimal(50000))
    assert "超过法定最高额" in small.outside(Decimal(100001))


def test_a_multiple_without_its_base_is_refused_not_guessed() -> None:
    result = check_discretion(CheckFacts(item_code="FSL-124-1-5"), on=ON)
    assert not result.ok and "货值金额" in result.error


def test_first_violation_is_a_fact_from_the_firm_history(enterprises) -> None:
    firm = enterprises[0][0]
    facts = {"harm": "minor", "corrected_in_time": True}
    first = is_first_violation(enterprise=firm, item_code="PRL-42", on=ON)
    fresh = check_discretion(
        CheckFacts(item_code="PRL-42", circumstances=facts, first_violation=first), on=ON
    )
    assert fresh.outcome == "may_waive"
    assert any(e["code"] == "SW-08" for e in fresh.exemptions)
    PenaltyCaseFactory(enterprise=firm, item_code="PRL-42", decided_on=dt.date(2025, 6, 1))
    first = is_first_violation(enterprise=firm, item_code="PRL-42", on=ON)
    repeat = check_discretion(
        CheckFacts(
            item_code="PRL-42", circumstances={**facts, "first_violation": True}, first_violation=first
        ),
        on=ON,
    )
    assert first is False and repeat.outcome == "standard"


def test_result_round_trips_through_storage() -> None:
    result = check_discretion(CheckFacts(item_code="FSL-124-1-5", base=Decimal(96)), on=ON)
    again = DiscretionResult.from_dict(result.as_dict())
    assert again == result


def test_unknown_item_is_an_error() -> None:
    assert "NO-SUCH" in check_discretion(CheckFacts(item_code="NO-SUCH"), on=ON).error


@pytest.mark.parametrize(
    ("code", "base", "expected", "article"),
    [
        # 价格法第四十二条: 可以并处五千元以下的罚款
        ("PRL-42", None, (0, 5000), "第四十二条"),
        # 食品安全法第一百二十四条: 货值金额不足一万元的, 并处五万元以上十万元以下罚款
        ("FSL-124-1-5", 9999, (50000, 100000), "不足一万元"),
        # ……货值金额一万元以上的, 并处货值金额十倍以上二十倍以下罚款
        ("FSL-124-1-5", 10000, (100000, 200000), "10 倍以上 20 倍以下"),
        # 价格违法行为行政处罚规定第九条: 没有违法所得的, 处五万元以上五十万元以下的罚款
        ("PRP-9", 0, (50000, 500000), "没有违法所得"),
        # ……有违法所得的, 处违法所得五倍以下的罚款
        ("PRP-9", 1000, (0, 5000), "违法所得"),
        # 广告法第五十五条: 广告费用无法计算或者明显偏低的, 处二十万元以上一百万元以下的罚款
        ("ADL-55-1", 0, (200000, 1000000), "广告费用无法计算"),
        # 产品质量法第五十条: 并处违法生产、销售产品货值金额百分之五十以上三倍以下的罚款
        ("PQL-50", 8600, (4300, 25800), "货值金额"),
    ],
)
def test_each_branch_of_the_article_through_the_one_statutory_range(code, base, expected, article) -> None:
    result = check_discretion(CheckFacts(item_code=code, base=None if base is None else Decimal(base)), on=ON)
    assert result.ok, result.error
    assert result.statutory is not None
    assert (result.statutory.minimum, result.statutory.maximum) == tuple(Decimal(n) for n in expected)
    assert article in result.statutory.explanation


def _ruleset(version: str, effective: str, standard: list[float]) -> Ruleset:
    return parse_ruleset(
        {
            "version": version,
            "effective_from": effective,
            "bands": {"lenient": [0.0, 0.3], "standard": standard, "aggravated": [0.7, 1.0]},
            "mitigated_from_count": 2,
            "limitation_years": 2,
            "limitation_years_life_health_financial": 5,
            "age_no_penalty_below": 14,
            "age_adult": 18,
        }
    )


def test_the_ruleset_in_force_on_the_violation_date_is_used() -> None:
    # two versions of the rules: the newer one (from 2025-01-01) narrows the 一般 band
    older = _ruleset("test-2024", "2024-01-01", [0.3, 0.7])
    newer = _ruleset("test-2025", "2025-01-01", [0.4, 0.6])
    both = (older, newer)
    check_day = dt.date(2025, 6, 1)  # the check is run after the newer version took effect
    before = CheckFacts(item_code="PRL-42", circumstances={**DENIED, "violation_ended": "2024-11-30"})
    result = check_discretion(before, on=check_day, rulesets=both)
    assert result.ruleset == "test-2024"
    assert result.fine_range == (Decimal(1500), Decimal(3500))
    # an explicit violation date wins over the fact; a violation after the change gets the newer rules
    after = CheckFacts(item_code="PRL-42", circumstances=DENIED, violation_date=dt.date(2025, 2, 1))
    result = check_discretion(after, on=check_day, rulesets=both)
    assert result.ruleset == "test-2025"
    assert result.fine_range == (Decimal(2000), Decimal(3000))
    # no violation date stated: the day of the check
    undated = CheckFacts(item_code="PRL-42", circumstances=DENIED)
    assert check_discretion(undated, on=check_day, rulesets=both).ruleset == "test-2025"
    # the version used is what is stored with the case
    assert DiscretionResult.from_dict(result.as_dict()).ruleset == "test-2025"


def test_shipped_rulesets_follow_the_violation_date() -> None:
    # 2026-12-02 and 2026-12-03 differ only in unstated_mitigation: a silent record is 一般 under the first
    on_02 = check_discretion(
        CheckFacts(item_code="PRL-42", violation_date=dt.date(2026, 12, 2)), on=dt.date(2027, 1, 5)
    )
    on_03 = check_discretion(
        CheckFacts(item_code="PRL-42", violation_date=dt.date(2026, 12, 3)), on=dt.date(2027, 1, 5)
    )
    assert on_02.ruleset == "samr-2022-guidance-2026-12-02"
    assert on_02.fine_range == (Decimal(1500), Decimal(3500))
    assert on_03.ruleset == "samr-2022-guidance-2026-12-03"
    assert on_03.fine_range == (Decimal(0), Decimal(3500))


def test_a_tiny_amount_beside_a_fixed_minimum_lets_the_band_reach_below_it() -> None:
    # 食品安全法第一百二十四条第一款第（一）项: 货值金额不足一万元的，并处五万元以上十万元以下罚款; ruleset
    # 2026-12-04 (过罚相当): 货值 56 元 ≤ 10 % of 50,000, so 减轻 is offered, with the reason to state
    facts = CheckFacts(item_code="FSL-124-1-1", base=Decimal(56), violation_date=dt.date(2026, 12, 5))
    result = check_discretion(facts, on=dt.date(2026, 12, 20))
    assert result.ruleset == "samr-2022-guidance-2026-12-04"
    assert result.fine_range == (Decimal("0.01"), Decimal(85000))
    assert any("过罚相当" in reason for reason in result.reasons)
    # after 调查终结 with 违法行为轻微 not found, no 减轻 part
    done = check_discretion(dataclasses.replace(facts, findings_complete=True), on=dt.date(2026, 12, 20))
    assert done.fine_range is not None and done.fine_range[0] >= Decimal(50000)
