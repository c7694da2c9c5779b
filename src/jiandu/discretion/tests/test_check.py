"""The discretion check service: catalogue ranges, the first-violation lookup and the recorded versions."""

from __future__ import annotations

import datetime as dt

import pytest

from jiandu.discretion.catalogue import shipped_catalogue
from jiandu.discretion.services import check_discretion
from jiandu.discretion.tests.factories import PenaltyCaseFactory

pytestmark = pytest.mark.django_db


def test_range_comes_from_the_catalogue_item() -> None:
    # 价格法第四十二条: 可以并处五千元以下的罚款 → 一般幅度 1500 至 3500
    result = check_discretion(item_code="PRL-42", case={"id": "p"})
    assert result["outcome"] == "standard"
    assert result["fine_range"] == {"min": 1500, "max": 3500}
    assert result["catalogue_version"] == shipped_catalogue().version
    assert result["legal_basis"][0].startswith("《中华人民共和国价格法》")


def test_multiple_uses_the_base_or_the_no_gain_fallback() -> None:
    # 食品安全法第一百二十四条: 货值金额 2 万元 × 10~20 倍 = 20 万至 40 万,一般幅度 26 万至 34 万
    with_base = check_discretion(item_code="FSL-124-1-5", base=20000, case={"id": "b"})
    assert with_base["fine_range"] == {"min": 260000, "max": 340000}
    # 货值金额不足一万元: 五万元以上十万元以下 → 一般幅度 6.5 万至 8.5 万
    without = check_discretion(item_code="FSL-124-1-5", case={"id": "n"})
    assert without["fine_range"] == {"min": 65000, "max": 85000}
    assert any("货值金额不足一万元" in reason for reason in without["reasons"])


def test_first_violation_is_looked_up_for_the_firm(enterprises) -> None:
    firm = enterprises[0][0]
    facts = {"harm": "minor", "corrected_in_time": True}
    fresh = check_discretion(
        item_code="PRL-42", enterprise=firm, on=dt.date(2026, 6, 1), case={"id": 1, "facts": facts}
    )
    assert fresh["outcome"] == "may_waive"
    assert any(e["code"] == "SW-08" for e in fresh["exemptions"])
    PenaltyCaseFactory(enterprise=firm, item_code="PRL-42", decided_on=dt.date(2025, 6, 1))
    repeat = check_discretion(
        item_code="PRL-42",
        enterprise=firm,
        on=dt.date(2026, 6, 1),
        case={"id": 2, "facts": {**facts, "first_violation": True}},
    )
    assert repeat["outcome"] == "standard"
    assert any("已有" in reason for reason in repeat["reasons"])


def test_unknown_item_is_an_error() -> None:
    assert "NO-SUCH" in check_discretion(item_code="NO-SUCH", case={"id": "x"})["error"]
