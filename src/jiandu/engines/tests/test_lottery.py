"""Tests for the verifiable draw: the published contract, recomputed independently here."""

from __future__ import annotations

import hashlib
import math
import random
from decimal import Decimal

import pytest

from jiandu.engines.lottery import (
    Candidate,
    InspectorSlot,
    LotteryError,
    candidate_key,
    candidates_hash,
    draw,
    draw_inspectors,
    quota,
    verify,
)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pool(count: int, strata: str = "ABCD", seed: int = 7) -> list[Candidate]:
    rng = random.Random(seed)
    return [
        Candidate(id=f"91411802{rng.randrange(10**9):09d}X", stratum=rng.choice(strata)) for _ in range(count)
    ]


def test_key_is_sha256_of_seed_plan_and_id_joined_by_newlines() -> None:
    assert candidate_key("2026111", "P-1", "914118020000000001") == _sha("2026111\nP-1\n914118020000000001")
    assert candidate_key("种子", "计划", "甲") == hashlib.sha256("种子\n计划\n甲".encode()).hexdigest()


def test_candidates_hash_sorts_dedupes_and_hashes_empty_string() -> None:
    assert candidates_hash(["b", "a", "b"]) == _sha("a\nb")
    assert candidates_hash([]) == _sha("")


@pytest.mark.parametrize(
    ("ratio", "n", "k"),
    [
        ("0.1", 50, 5),
        ("0.1", 51, 6),
        ("0.05", 20, 1),
        ("0.05", 21, 2),
        ("0", 9, 0),
        ("1", 9, 9),
        ("0.3", 10, 3),
    ],
)
def test_quota_is_exact_ceiling(ratio: str, n: int, k: int) -> None:
    assert quota(ratio, n) == k


def test_float_would_get_it_wrong_but_decimal_does_not() -> None:
    # 0.1 * 3 in floats is 0.30000000000000004, whose ceiling times 10 would round up.
    assert math.ceil(0.1 * 3 * 10) == 4
    assert quota("0.1", 30) == 3
    assert quota(Decimal("0.07"), 100) == 7


def test_draw_follows_the_published_rule_per_stratum() -> None:
    pool = _pool(400)
    excluded = [pool[0].id, pool[1].id, "NOT-A-CANDIDATE"]
    ratios = {"A": "0.05", "B": "0.1", "C": "0.3", "D": "1"}
    result = draw(seed="S", plan_id="P", candidates=pool, ratios=ratios, exclude=excluded)

    # Independent recomputation straight from the contract.
    remaining = {c.id: c.stratum for c in pool if c.id not in excluded}
    expected_selected = []
    for stratum in sorted(ratios):
        members = sorted(i for i, s in remaining.items() if s == stratum)
        k = math.ceil(Decimal(ratios[stratum]) * len(members))
        ranked = sorted((_sha(f"S\nP\n{i}"), i) for i in members)[:k]
        assert result.strata[stratum].population == len(members)
        assert result.strata[stratum].selected == k
        expected_selected += [{"id": i, "stratum": stratum, "key": key} for key, i in ranked]
    data = result.to_json()
    assert data["selected"] == expected_selected
    assert data["candidates_sha256"] == _sha("\n".join(sorted({c.id for c in pool})))
    assert data["excluded_sha256"] == _sha("\n".join(sorted(set(excluded))))
    assert list(data) == ["seed", "plan_id", "candidates_sha256", "excluded_sha256", "strata", "selected"]


def test_input_order_and_duplicates_do_not_change_the_draw() -> None:
    pool = _pool(100)
    shuffled = pool[::-1] + pool[:10]
    ratios = {s: "0.2" for s in "ABCD"}
    assert draw(seed="x", plan_id="p", candidates=pool, ratios=ratios) == draw(
        seed="x", plan_id="p", candidates=shuffled, ratios=ratios
    )


def test_different_seed_gives_different_draw() -> None:
    pool = _pool(200)
    ratios = {s: "0.1" for s in "ABCD"}
    one = draw(seed="1", plan_id="p", candidates=pool, ratios=ratios)
    two = draw(seed="2", plan_id="p", candidates=pool, ratios=ratios)
    assert {s.id for s in one.selected} != {s.id for s in two.selected}


def test_large_strata_use_the_pruning_path_correctly() -> None:
    pool = _pool(12000, strata="AB")
    result = draw(seed="s", plan_id="p", candidates=pool, ratios={"A": "0.001", "B": "0.9"})
    for stratum in "AB":
        members = [c.id for c in pool if c.stratum == stratum]
        k = result.strata[stratum].selected
        best = sorted((_sha(f"s\np\n{i}"), i) for i in set(members))[:k]
        assert [s.id for s in result.selected if s.stratum == stratum] == [i for _, i in best]


def test_missing_ratio_is_a_chinese_error() -> None:
    with pytest.raises(LotteryError, match="没有给出其抽取比例"):
        draw(
            seed="s", plan_id="p", candidates=[Candidate("a", "A"), Candidate("b", "E")], ratios={"A": "0.1"}
        )


@pytest.mark.parametrize("bad", ["abc", "-0.1", "1.5", "NaN", "Infinity", ""])
def test_bad_ratio_is_rejected(bad: str) -> None:
    with pytest.raises(LotteryError, match="抽取比例"):
        draw(seed="s", plan_id="p", candidates=[Candidate("a", "A")], ratios={"A": bad})


def test_conflicting_duplicate_and_control_characters_are_rejected() -> None:
    with pytest.raises(LotteryError, match="类别不同"):
        draw(
            seed="s",
            plan_id="p",
            candidates=[Candidate("a", "A"), Candidate("a", "B")],
            ratios={"A": "1", "B": "1"},
        )
    with pytest.raises(LotteryError, match="控制字符"):
        draw(seed="s", plan_id="p", candidates=[Candidate("a\nb", "A")], ratios={"A": "1"})
    with pytest.raises(LotteryError, match="不能为空"):
        draw(seed="", plan_id="p", candidates=[], ratios={})


def test_verify_accepts_true_result_and_names_tampering() -> None:
    pool = _pool(300)
    ratios = {s: "0.1" for s in "ABCD"}
    data = draw(seed="s", plan_id="p", candidates=pool, ratios=ratios, exclude=[pool[5].id]).to_json()
    assert verify(data, candidates=pool, exclude=[pool[5].id]) == (True, [])
    assert verify(data, candidates=pool, exclude=[pool[5].id], ratios=ratios) == (True, [])

    tampered = dict(data)
    selected = list(data["selected"])  # type: ignore[call-overload]
    outsider = next(c for c in pool if c.id not in {s["id"] for s in selected} and c.id != pool[5].id)
    selected[0] = {"id": outsider.id, "stratum": selected[0]["stratum"], "key": selected[0]["key"]}
    tampered["selected"] = selected
    ok, differences = verify(tampered, candidates=pool, exclude=[pool[5].id])
    assert not ok
    assert any(outsider.id in d and "不应抽中" in d for d in differences)

    ok, differences = verify(data, candidates=pool[1:], exclude=[pool[5].id])
    assert not ok and any("候选名单哈希不符" in d for d in differences)

    ok, differences = verify(data, candidates=pool, exclude=[pool[5].id], ratios={s: "0.2" for s in "ABCD"})
    assert not ok

    assert verify({"seed": "s"}, candidates=pool)[0] is False


def test_inspector_draw_skips_blocked_and_is_reproducible() -> None:
    inspectors = tuple(f"I{i:02d}" for i in range(8))
    ranked = sorted((candidate_key("s", "p/F1", i), i) for i in inspectors)
    first_two = [i for _, i in ranked[:2]]
    slot = InspectorSlot(firm_id="F1", eligible=inspectors, blocked={first_two[0]: "上次检查过该企业"})
    result = draw_inspectors(seed="s", plan_id="p", slots=[slot])
    chosen = [s.id for s in result.assignments[0].inspectors]
    assert chosen == [first_two[1], ranked[2][1]]
    assert result.assignments[0].skipped == ((first_two[0], "上次检查过该企业"),)
    assert result.assignments[0].shortfall == 0

    short = draw_inspectors(seed="s", plan_id="p", slots=[InspectorSlot(firm_id="F2", eligible=("I00",))])
    assert short.assignments[0].shortfall == 1
