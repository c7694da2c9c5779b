"""Engine details beyond the YAML cases: configurable rulesets, amounts, the never-exceeded range."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import Decimal

import pytest
import yaml

from jiandu.engines.discretion import (
    AGGRAVATING,
    MITIGATING,
    RulesetError,
    assess,
    assess_lines,
    available_rulesets,
    load_ruleset,
)
from jiandu.engines.discretion.ruleset import RULESET_DIR, parse_ruleset
from jiandu.engines.discretion.statutory import CatalogueRules
from jiandu.engines.tests.test_statutory_range import DRUG_116


def test_shipped_ruleset_is_dated_and_banded_like_henan() -> None:
    rulesets = available_rulesets()
    assert rulesets
    newest = load_ruleset()
    assert newest.bands["lenient"] == (Decimal("0"), Decimal("0.3"))
    assert newest.bands["aggravated"] == (Decimal("0.7"), Decimal("1"))
    assert load_ruleset(on=dt.date(2030, 1, 1)) == newest
    assert load_ruleset(newest.version) == newest


def test_bands_and_mitigation_threshold_are_configurable() -> None:
    base = load_ruleset()
    custom = dataclasses.replace(
        base,
        version="test-1",
        bands={**base.bands, "lenient": (Decimal("0"), Decimal("0.2"))},
        mitigated_from_count=3,
        mitigated_lower_fraction=Decimal("0.1"),
    )
    penalty = {"kind": "range", "min": 10000, "max": 60000}
    two = assess(
        {"id": 1, "penalty": penalty, "facts": {"eliminated_harm": True, "confessed_unknown": True}},
        ruleset=custom,
    )
    assert two["outcome"] == "lenient"
    assert two["fine_range"] == {"min": 10000, "max": 20000}
    assert two["ruleset"] == "test-1"
    three = assess(
        {
            "id": 2,
            "penalty": penalty,
            "facts": {"eliminated_harm": True, "confessed_unknown": True, "coerced_or_deceived": True},
        },
        ruleset=custom,
    )
    assert three["outcome"] == "mitigated"
    assert three["fine_range"] == {"min": 1000, "max": 9999.99}


def test_bad_ruleset_files_are_refused_with_a_reason() -> None:
    with pytest.raises(RulesetError, match="bands"):
        parse_ruleset({"version": "x", "effective_from": "2024-01-01", "bands": {"lenient": [0.5, 0.1]}})


def test_unstated_mitigation_must_be_absent_or_unknown() -> None:
    newest = load_ruleset()
    assert newest.unstated_mitigation == "unknown"
    assert load_ruleset("samr-2022-guidance-2026-12-02").unstated_mitigation == "absent"
    data = yaml.safe_load((RULESET_DIR / "2026-12-03.yaml").read_text(encoding="utf-8"))
    with pytest.raises(RulesetError, match="unstated_mitigation 应为 absent"):
        parse_ruleset({**data, "unstated_mitigation": "presumed"})


def test_a_fact_is_true_false_or_null_and_nothing_else() -> None:
    bad = assess(
        {"id": "f", "penalty": {"kind": "range", "min": 0, "max": 10}, "facts": {"cooperated": "yes"}}
    )
    assert "facts.cooperated" in bad["error"] and "null" in bad["error"]
    # an unknown circumstance never lowers a stated aggravation: the 从重 band is kept
    result = assess(
        {"id": "g", "penalty": {"kind": "range", "min": 0, "max": 100}, "facts": {"obstruction": True}}
    )
    assert result["outcome"] == "aggravated" and result["fine_range"] == {"min": 70, "max": 100}


def test_range_is_never_exceeded_for_any_combination_of_circumstances() -> None:
    rng = random.Random(7)
    flags = [*MITIGATING, *AGGRAVATING, "first_violation", "corrected_in_time", "minor"]
    for n in range(400):
        low = Decimal(rng.randrange(0, 200_000)) / (100 if n % 3 == 0 else 1)
        high = low + Decimal(rng.randrange(0, 500_000))
        facts = {flag: rng.random() < 0.25 for flag in flags}
        facts["harm"] = rng.choice(["none", "minor", "general", "serious"])
        result = assess(
            {"id": n, "penalty": {"kind": "range", "min": float(low), "max": float(high)}, "facts": facts}
        )
        band = result["fine_range"]
        if band is None:
            assert result["outcome"] in ("no_penalty", "time_barred")
            continue
        got_low, got_high = Decimal(str(band["min"])), Decimal(str(band["max"]))
        assert got_low <= got_high
        if result["outcome"] == "mitigated" and low > Decimal("0.01"):
            assert Decimal(0) < got_low and got_high < low
        else:
            assert low <= got_low and got_high <= high


def test_amounts_are_ints_when_whole_else_two_decimals() -> None:
    result = assess({"id": "a", "penalty": {"kind": "range", "min": 10, "max": 343.33}})
    assert result["fine_range"] == {"min": 10, "max": 243.33}
    assert isinstance(result["fine_range"]["min"], int)
    assert isinstance(result["fine_range"]["max"], float)


def test_assess_never_raises_on_garbage() -> None:
    for garbage in (
        None,
        [],
        "x",
        {"id": True},
        {"id": "q", "penalty": {"kind": "range", "min": "1", "max": 2}},
        {"id": "n", "penalty": {"kind": "range", "min": float("nan"), "max": 2}},
    ):
        result = assess(garbage)  # type: ignore[arg-type]
        assert set(result) == {"id", "error"}


def test_nan_in_a_line_is_an_error() -> None:
    [result] = list(assess_lines(['{"id": "n", "penalty": {"kind": "range", "min": NaN, "max": 1}}']))
    assert "NaN" in result["error"]


def test_the_item_form_never_raises_and_always_names_a_field() -> None:
    rng = random.Random(11)
    values: list[object] = [
        None,
        True,
        0,
        -1,
        1.5,
        "x",
        [],
        [1],
        {},
        {"a": 1},
        "2025-13-01",
        10**30,
        "2025-10-15",
    ]
    keys = ["violation_date", "amounts", "units", "severity", "party", "facts", "penalty"]
    for n in range(1500):
        case: dict[str, object] = {
            "id": n,
            "item": rng.choice(["PRP-9", "FSL-124-1-5", "ADL-55-1", "PRP-13-1", "X"]),
        }
        for key in rng.sample(keys, rng.randint(0, 4)):
            value = rng.choice(values)
            if key == "amounts" and rng.random() < 0.6:
                value = {rng.choice(["goods_value", "illegal_gain", "ad_cost", "zz"]): rng.choice(values)}
            case[key] = value
        result = assess(case)
        if "error" in result:
            assert any(word in result["error"] for word in ("字段", "事项", "行")), result
        else:
            assert result["statutory_range"]["min"] <= result["statutory_range"]["max"]


def test_a_minimum_raised_to_a_floor_is_fixed_for_the_proportion_rule() -> None:
    # 药品管理法第一百一十六条: 货值金额十五倍以上三十倍以下的罚款；货值金额不足十万元的，按十万元计算
    rules = CatalogueRules(version="test", items=(DRUG_116,))
    tiny = assess({"id": "a", "item": "DAL-116", "amounts": {"goods_value": 1790}}, rules=rules)
    assert (tiny["statutory_range"]["min"], tiny["statutory_range"]["max"]) == (1500000, 3000000)
    # 1,790 is far below 10 % of the floored minimum 1,500,000: the band reaches below the minimum
    assert tiny["fine_range"]["min"] == 0.01
    assert any("过罚相当" in reason for reason in tiny["reasons"])
    # at 100,000 or more the floor is not used and the minimum is 15 × the value itself
    large = assess({"id": "b", "item": "DAL-116", "amounts": {"goods_value": 120000}}, rules=rules)
    assert large["fine_range"]["min"] == 1800000
    assert not any("过罚相当" in reason for reason in large["reasons"])


def test_the_proportion_rule_is_checked_in_the_ruleset() -> None:
    data = yaml.safe_load((RULESET_DIR / "2026-12-04.yaml").read_text(encoding="utf-8"))
    assert parse_ruleset(data).disproportion_ratio == Decimal("0.1")
    with pytest.raises(RulesetError, match=r"disproportion\.ratio"):
        parse_ruleset({**data, "disproportion": {"ratio": 2}})
    with pytest.raises(RulesetError, match="disproportion 只能包含 ratio"):
        parse_ruleset({**data, "disproportion": {"ratio": 0.1, "floor": 3}})
    assert parse_ruleset({k: v for k, v in data.items() if k != "disproportion"}).disproportion_ratio is None
