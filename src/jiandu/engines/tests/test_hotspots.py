"""The hotspot engine on synthetic data made here: planted cells are found, quiet cells are not."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from jiandu.engines.hotspots import (
    ComplaintColumns,
    Period,
    benjamini_hochberg,
    difference_in_differences,
    encode_records,
    find_hotspots,
    load_grading_rule,
    load_rules,
    load_taxonomy,
    negative_binomial_sf,
    period_indexes,
    repeat_firms,
)

REGIONS = [f"4118{n:02d}" for n in range(2, 22)]
CELLS = [("食品", "过期食品"), ("价格", "价格欺诈"), ("计量", "计量不准"), ("广告", "虚假宣传")]


def synthetic(
    seed: int,
    *,
    plant_emerging: tuple[str, str, str] | None = None,
    plant_persistent: tuple[str, str] | None = None,
) -> ComplaintColumns:
    """36 months (2023-11 .. 2026-10) of Poisson counts with a season; optional planted cells."""
    rng = np.random.default_rng(seed)
    days, regions, domains, issues = [], [], [], []
    for m in range(36):
        year, month = 2023 + (10 + m) // 12, (10 + m) % 12 + 1
        season = 1 + 0.3 * math.cos(2 * math.pi * (month - 1) / 12)
        for r, region in enumerate(REGIONS):
            for d, (domain, issue) in enumerate(CELLS):
                lam = (8 + 2 * d + r % 5) * season
                if plant_persistent == (region, domain):
                    lam *= 1.8
                if plant_emerging == (region, domain, issue) and (year, month) == (2026, 10):
                    lam *= 4
                n = rng.poisson(lam)
                day = np.datetime64(f"{year}-{month:02d}-01") + rng.integers(0, 28, n)
                days.append(day)
                regions.append(np.full(n, r))
                domains.append(np.full(n, d))
                issues.append(np.full(n, d))
    return ComplaintColumns(
        day=np.concatenate(days),
        region=np.concatenate(regions),
        domain=np.concatenate(domains),
        issue=np.concatenate(issues),
        regions=tuple(REGIONS),
        domains=tuple(d for d, _ in CELLS),
        issues=tuple(i for _, i in CELLS),
    )


AS_OF = Period.as_of_month("month", 2026, 10)


def test_quiet_city_has_no_hotspots_in_most_seeds() -> None:
    found = [len(find_hotspots(synthetic(seed), as_of=AS_OF)) for seed in range(10)]
    # 80 cells × 10 runs tested at a false-discovery rate of 5 %: at most a stray cell
    assert sum(found) <= 2, found


def test_planted_emerging_hotspot_is_found_first() -> None:
    planted = ("411807", "食品", "过期食品")
    hotspots = find_hotspots(synthetic(3, plant_emerging=planted), as_of=AS_OF, taxonomy=load_taxonomy())
    assert hotspots, "the planted cell was not found"
    top = hotspots[0]
    assert (top.region, top.domain, top.issue, top.kind, top.period) == (*planted, "emerging", "2026-10")
    assert top.count > 2 * top.expected and top.q_value < 0.05
    assert any("往年同期" in r for r in top.reasons)
    assert top.grade in {"一级", "二级", "三级", "四级"}
    assert [h for h in hotspots if (h.region, h.domain, h.issue) != planted] == []


def test_planted_persistent_hotspot_is_found_with_firm_counts() -> None:
    columns = synthetic(5, plant_persistent=("411810", "价格"))
    firms = {(region, domain): 1000 for region in REGIONS for domain, _ in CELLS}
    hotspots = find_hotspots(columns, as_of=AS_OF, firms=firms)
    persistent = [h for h in hotspots if h.kind == "persistent"]
    assert [(h.region, h.domain) for h in persistent] == [("411810", "价格")]
    assert persistent[0].window_count > 1.3 * persistent[0].window_expected
    assert "每千户经营主体" in persistent[0].reasons[0]


def test_season_is_not_a_hotspot() -> None:
    # January is 30 % above the yearly mean in every year: no emerging hotspot in January
    columns = synthetic(7)
    assert find_hotspots(columns, as_of=Period.as_of_month("month", 2026, 1)) == []


def test_weeks_are_iso_weeks() -> None:
    text = ["2026-01-01", "2026-12-31", "2020-12-31", "2021-01-03", "2026-10-05"]
    days = np.array(text, dtype="datetime64[D]")
    expected = [Period.of_date("week", dt.date.fromisoformat(str(d))).index for d in days]
    assert period_indexes(days, "week").tolist() == expected
    assert Period.of_date("week", dt.date(2026, 10, 5)).label == "2026-W41"
    assert Period.as_of_month("week", 2026, 10).label == "2026-W44"


def test_negative_binomial_tail_matches_scipy() -> None:
    counts = np.array([1.0, 5.0, 12.0, 30.0])
    means = np.array([2.0, 3.0, 6.5, 20.0])
    poisson = negative_binomial_sf(counts, means, 1.0)
    assert np.allclose(poisson, stats.poisson.sf(counts - 1, means))
    phi = 2.5
    n, p = means / (phi - 1), 1 / phi
    assert np.allclose(negative_binomial_sf(counts, means, phi), stats.nbinom.sf(counts - 1, n, p))


def test_benjamini_hochberg_matches_reference() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.5])
    assert np.allclose(benjamini_hochberg(p), stats.false_discovery_control(p, method="bh"))


def test_grading_rule_is_dated_and_orders_grades() -> None:
    rule = load_grading_rule(dt.date(2026, 12, 1))
    assert rule.grade(count=150, ratio=4.0, harm=3)[0] == "一级"
    assert rule.grade(count=6, ratio=1.6, harm=1)[0] == "四级"
    assert rule.grade(count=40, ratio=2.1, harm=2)[:2] == ("二级", True)


def test_taxonomy_classifies_by_keywords() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.classify("食品", "购买的牛奶已超过保质期3天") == "过期食品"
    assert taxonomy.classify("价格", "结算价格高于标签价格") == "价格欺诈"
    assert taxonomy.classify("计量", "回家复称少了二两") == "计量不准"
    assert taxonomy.classify("广告", "宣传包过") == "虚假宣传"
    assert taxonomy.classify("食品", "别的事") == "其他食品问题"
    assert taxonomy.domain_of_category("食品安全") == "食品"
    assert taxonomy.domain_of_category("消费维权-合同纠纷") == "消费者权益保护"
    assert len(taxonomy.domains) == 17


def test_repeat_firms() -> None:
    records = [
        {"date": "2026-10-0" + str(1 + k % 9), "region": "411802", "domain": "食品", "issue": "过期食品",
         "firm": "甲超市" if k < 12 else f"店{k}"}
        for k in range(40)
    ]  # fmt: skip
    found = repeat_firms(encode_records(records), as_of=AS_OF, rules=load_rules())
    assert [(f.firm, f.count) for f in found] == [("甲超市", 12)]
    assert "平均" in found[0].reasons[0]


def test_difference_in_differences_finds_a_planted_fall_only() -> None:
    rng = np.random.default_rng(1)
    control = [(float(rng.poisson(40)), float(rng.poisson(40))) for _ in range(12)]
    fallen = [(float(rng.poisson(40)), float(rng.poisson(20))) for _ in range(3)]
    same = [(float(rng.poisson(40)), float(rng.poisson(40))) for _ in range(3)]
    effect = difference_in_differences(fallen, control)
    assert effect is not None and effect.significant and effect.high < 0 and -0.7 < effect.effect < -0.3
    null = difference_in_differences(same, control)
    assert null is not None and not null.significant
    assert difference_in_differences(fallen, control[:1]) is None


def _run(stdin: str, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = subprocess.run(
        [sys.executable, "-m", "jiandu.cli", "hotspots", *args],
        input=stdin.encode(),
        capture_output=True,
        check=False,
    )
    return result.returncode, [json.loads(line) for line in result.stdout.decode().splitlines()]


@pytest.fixture(scope="module")
def planted_lines() -> str:
    columns = synthetic(3, plant_emerging=("411807", "食品", "过期食品"))
    out = io.StringIO()
    for k in range(len(columns)):
        out.write(
            json.dumps(
                {
                    "id": k,
                    "date": str(columns.day[k]),
                    "region": columns.regions[columns.region[k]],
                    "domain": columns.domains[columns.domain[k]],
                    "issue": columns.issues[columns.issue[k]],
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    return out.getvalue()


def test_cli_contract(planted_lines: str) -> None:
    status, lines = _run(planted_lines, "--as-of", "2026-10")
    assert status == 0
    assert [(h["region"], h["issue"], h["kind"]) for h in lines] == [("411807", "过期食品", "emerging")]
    assert set(lines[0]) == {
        "region", "domain", "issue", "period", "count", "expected", "q_value", "kind", "grade", "reasons",
    }  # fmt: skip
    assert lines[0]["period"] == "2026-10"


def test_cli_bad_lines_exit_2(planted_lines: str, tmp_path) -> None:
    firms = tmp_path / "firms.jsonl"
    firms.write_text('{"region": "411802", "domain": "食品", "firms": "many"}\n', encoding="utf-8")
    bad = (
        '{"id": 1, "date": "2026-13-01", "region": "411802", "domain": "食品", "issue": "过期食品"}\n'
        "not json\n"
    )
    status, lines = _run(bad + planted_lines, "--firms", str(firms))
    assert status == 2
    assert lines[0]["line"] == 1 and "date" in lines[0]["error"]
    assert lines[1]["line"] == 2 and "JSON" in lines[1]["error"]
    assert lines[2] == {"file": "firms", "line": 1, "error": "firms 字段应为非负整数"}
    assert any(line.get("kind") == "emerging" for line in lines[3:])
