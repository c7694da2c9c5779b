"""Key counties (engines/anomaly.py): planted patterns are found, noise and city-wide rises are not."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import yaml

from jiandu.engines import anomaly as A

RULES_FILE = Path(A.__file__).resolve().parent.parent / "rulesets" / "anomaly" / "2026-01-01.yaml"
RULES = A.parse_rules(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))
START = 2023 * 12 + 10  # 2023-11


def city(
    *,
    n: int = 10,
    months: int = 36,
    seed: int = 7,
    growth: dict[int, float] | None = None,
    month_end: dict[int, float] | None = None,
    cases_per_month: dict[int, int] | None = None,
    everyone: float = 1.0,
) -> list[A.CountyMonth]:
    """A synthetic city: county i has ~70 cases a month of ~3,000 yuan; ``growth`` multiplies the
    last 12 months' fines of some counties, ``month_end`` sets their month-end share."""
    rng = random.Random(seed)
    rows = []
    for c in range(n):
        for m in range(months):
            cases = (cases_per_month or {}).get(c, 70)
            cases = max(1, round(cases * rng.uniform(0.9, 1.1)))
            fines = cases * 3000 * rng.uniform(0.9, 1.1)
            if m >= months - 12:
                fines *= (growth or {}).get(c, 1.0) * everyone
            share = (month_end or {}).get(c, 0.16 * rng.uniform(0.85, 1.15))
            rows.append(
                A.CountyMonth(
                    region=f"4118{c + 10:02d}",
                    month=A.month_label(START + m),
                    fines=round(fines, 2),
                    confiscations=0.0,
                    firms=6000,
                    cases=cases,
                    problems=rng.randint(0, 2),
                    complaints=rng.randint(90, 110),
                    fines_month_end=round(fines * share, 2),
                )
            )
    return rows


def by_region(evaluation: A.Evaluation) -> dict[str, A.CountyResult]:
    return {r.region: r for r in evaluation.results}


def test_two_planted_counties_rank_first_and_second_with_reasons():
    result = A.evaluate(city(growth={2: 2.2, 5: 2.1}), RULES)
    top = result.results[:2]
    assert {r.region for r in top} == {"411812", "411815"}
    assert [r.rank for r in result.results] == list(range(1, 11))
    assert all(r.flagged for r in top)
    assert not any(r.flagged for r in result.results[2:])
    reason = top[0].reasons[0]
    assert reason.startswith("罚没收入同比 +1")
    assert "个稳健标准差" in reason and "增长不能由案件增多解释" in reason
    names = {s.name for s in top[0].fired}
    assert {"yoy_growth", "peer_deviation", "per_case_growth"} <= names
    assert result.month == "2026-10"


def test_one_outlier_does_not_hide_another():
    # a huge outlier and a moderate one: with a mean/standard deviation the first would mask the second
    result = by_region(A.evaluate(city(growth={1: 8.0, 6: 1.8}), RULES))
    assert result["411811"].flagged and result["411816"].flagged


def test_month_end_spike_only_is_found():
    result = A.evaluate(city(month_end={4: 0.55}), RULES)
    first = result.results[0]
    assert first.region == "411814" and first.flagged
    assert [s.name for s in first.fired] == ["month_end_spike"]
    assert "每月最后 5 天作出的处罚占罚没金额的 5" in first.reasons[0]
    assert sum(r.flagged for r in result.results) == 1


def test_a_city_wide_rise_flags_nobody():
    result = A.evaluate(city(everyone=1.4), RULES)
    assert not any(r.flagged for r in result.results)
    some = result.results[0]
    assert any(s.name == "yoy_growth" for s in some.fired)  # the rise is seen, but it is not abnormal
    assert any("暂不列为重点县区" in reason for reason in some.reasons)


def test_small_county_is_shrunk_toward_the_city_and_says_so():
    # county 3 is tiny (2 cases a month): +60 % there is mostly noise; county 8 is large with the same rise
    rows = city(growth={3: 1.6, 8: 1.6}, cases_per_month={3: 2})
    result = by_region(A.evaluate(rows, RULES))
    small, large = result["411813"], result["411818"]
    assert large.flagged and not small.flagged
    assert small.indicators["growth_weight"] < 0.5
    assert small.indicators["growth"] < small.indicators["growth_raw"]
    assert any("按可信度向全市增长率收缩" in reason for reason in small.reasons)


def test_complaints_alone_do_not_flag_but_show_with_empirical_bayes():
    rows = [A.CountyMonth(**{**r.__dict__, "complaints": 400}) if r.region == "411817" else r for r in city()]
    result = by_region(A.evaluate(rows, RULES))
    county = result["411817"]
    assert [s.name for s in county.fired] == ["complaints_rate"]
    assert not county.flagged
    assert any("每万户经营主体投诉举报" in reason for reason in county.reasons)


def test_poisson_shrinkage_pulls_small_exposures_harder():
    counts = {"a": 30.0, "b": 6.0, "c": 40.0, "d": 60.0, "e": 100.0}
    exposures = {"a": 10.0, "b": 0.5, "c": 40.0, "d": 6.0, "e": 20.0}
    rates, weights, city_rate = A._poisson_shrink(counts, exposures)
    assert weights["b"] < weights["d"] < weights["c"]
    assert 0 < weights["b"] < 0.6 < weights["c"] < 1
    assert abs(rates["b"] - city_rate) < abs(counts["b"] / exposures["b"] - city_rate)
    # no spread beyond what chance gives: every county is pulled fully to the city rate
    flat, flat_weights, flat_city = A._poisson_shrink(
        {"a": 10.0, "b": 11.0, "c": 9.0}, {"a": 1, "b": 1, "c": 1}
    )
    assert set(flat_weights.values()) == {0.0} and set(flat.values()) == {flat_city}


def test_missing_months_are_unknown_not_zero():
    rows = [
        A.CountyMonth(**{**r.__dict__, "fines": None}) if r.region == "411819" and r.month >= "2026-01" else r
        for r in city()
    ]
    county = by_region(A.evaluate(rows, RULES))["411819"]
    assert county.indicators["revenue"] is None  # 6 known months of 12: not judged, not a fall to zero
    assert not county.flagged
    assert any("已知月份少于 10 个" in reason for reason in county.reasons)


def test_evaluation_month_is_last_complete_or_given():
    rows = city()
    assert A.evaluate(rows, RULES, today=dt.date(2026, 10, 15)).month == "2026-09"
    assert A.evaluate(rows, RULES, today=dt.date(2026, 12, 1)).month == "2026-10"
    assert A.evaluate(rows, RULES, month="2026-06").month == "2026-06"
    early = [*rows, A.CountyMonth(region="411810", month="2026-11", fines=100.0, confiscations=0.0)]
    assert A.evaluate(early, RULES, today=dt.date(2026, 12, 3)).month == "2026-10"  # one county sent 11月


def test_duplicate_month_is_refused():
    rows = city(n=3, months=3)
    with pytest.raises(A.InputError, match="重复"):
        A.evaluate([*rows, rows[0]], RULES)


def test_rules_refuse_unknown_fields():
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    with pytest.raises(A.InputError, match="未知字段"):
        A.parse_rules({**data, "flag_scor": 2})
    with pytest.raises(A.InputError, match="未知信号"):
        A.parse_rules({**data, "signals": {**data["signals"], "fines_up": {"threshold": 1}}})


def test_lines_contract_bad_lines_in_place_and_others_go_on():
    lines = [json.dumps({"region": r.region, "month": r.month, "fines": r.fines, "confiscations": 0,
                         "firms": r.firms, "cases": r.cases})
             for r in city(n=4, months=24)]  # fmt: skip
    lines.insert(3, "{not json")
    lines.insert(7, json.dumps({"region": "4118", "month": "2026-01"}))
    lines.insert(9, json.dumps({"region": "411810", "month": "2026-13"}))
    lines.insert(11, json.dumps({"region": "411810", "month": "2025-01", "cases": 1.5}))
    lines.insert(12, json.dumps({"region": "411810", "month": "2025-02", "fines": -1}))
    lines.insert(13, json.dumps({"region": "411810", "month": "2025-03", "colour": "red"}))
    out = list(A.evaluate_lines(lines, RULES))
    errors = [o for o in out if "error" in o]
    assert [e["line"] for e in errors] == [4, 8, 10, 12, 13, 14]
    assert "JSON" in errors[0]["error"] and "region" in errors[1]["error"]
    assert "YYYY-MM" in errors[2]["error"] and "整数" in errors[3]["error"]
    assert "负数" in errors[4]["error"] and "未知字段" in errors[5]["error"]
    counties = [o for o in out if "region" in o]
    assert len(counties) == 4
    assert [c["rank"] for c in counties] == [1, 2, 3, 4]
    assert set(counties[0]) == {"region", "score", "rank", "flagged", "signals", "reasons"}


def test_lines_duplicate_names_the_first_line():
    line = json.dumps({"region": "411810", "month": "2026-01", "fines": 1})
    out = list(A.evaluate_lines([line, line], RULES))
    assert out[0] == {"line": 2, "error": "区划 411810 的 2026-01 数据与第 1 行重复"}


def test_signals_in_output_are_value_and_threshold():
    result = A.evaluate(city(growth={2: 2.2}), RULES)
    line = result.results[0].as_dict()
    assert line["flagged"] is True
    for signal in line["signals"]:
        assert set(signal) == {"name", "value", "threshold"}
        assert signal["value"] >= signal["threshold"]


def test_growth_explained_by_more_firms_is_said_so():
    rows = [
        A.CountyMonth(**{**r.__dict__, "firms": 12000})
        if r.region == "411812" and r.month >= "2025-11"
        else r
        for r in city(growth={2: 2.0})
    ]
    county = by_region(A.evaluate(rows, RULES))["411812"]
    fired = {s.name for s in county.fired}
    assert "yoy_growth" in fired and "per_firm_growth" not in fired  # firms doubled too
    assert county.indicators["firms_growth"] == pytest.approx(1.0)
    assert county.indicators["per_firm_growth"] < 0.3
    flat = by_region(A.evaluate(city(growth={2: 2.0}), RULES))["411812"]
    assert flat.indicators["per_firm_growth"] is None  # same firms: nothing to tell apart from growth
