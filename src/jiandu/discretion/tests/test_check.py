"""The one discretion check: catalogue ranges (every branch through the engine), the first-violation
fact and the recorded catalogue version."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiandu.cases.selectors import is_first_violation
from jiandu.discretion.catalogue import shipped_catalogue
from jiandu.discretion.checks import CheckFacts, DiscretionResult, check_discretion
from jiandu.discretion.tests.factories import PenaltyCaseFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 6, 1)


def test_range_comes_from_the_catalogue_item() -> None:
    # 价格法第四十二条: 可以并处五千元以下的罚款 → 一般幅度 1500 至 3500
    result = check_discretion(CheckFacts(item_code="PRL-42"), on=ON)
    assert result.outcome == "standard"
    assert result.fine_range == (Decimal(1500), Decimal(3500))
    assert result.catalogue_version == shipped_catalogue().version
    assert result.legal_basis[0].startswith("《中华人民共和国价格法》")


def test_multiple_uses_the_base_and_the_below_threshold_floor() -> None:
    # 食品安全法第一百二十四条: 货值金额 2 万元 × 10~20 倍 = 20 万至 40 万,一般幅度 26 万至 34 万
    with_base = check_discretion(CheckFacts(item_code="FSL-124-1-5", base=Decimal(20000)), on=ON)
    assert with_base.fine_range == (Decimal(260000), Decimal(340000))
    # 货值金额不足一万元的, 并处五万元以上十万元以下罚款: 货值 96 元 → 5 万至 10 万, 一般幅度 6.5 万至 8.5 万
    small = check_discretion(CheckFacts(item_code="FSL-124-1-5", base=Decimal(96)), on=ON)
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
