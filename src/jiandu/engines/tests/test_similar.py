"""The case-library engine: segmentation, the BM25 index, snippets and the consistency check."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jiandu.engines.similar import (
    CaseDoc,
    ConsistencyRules,
    Hit,
    IndexStore,
    Proposal,
    SearchQuery,
    SimilarCase,
    assess,
    highlight,
    parse_rules,
    query_terms,
    segment,
    select_similar,
)

RULES_DIR = Path(__file__).resolve().parents[2] / "rulesets" / "similar"

D = Decimal


def _doc(case_id: int, title: str, text: str, **kw: object) -> CaseDoc:
    return CaseDoc(kind=str(kw.pop("kind", "case")), case_id=case_id, decision_number=f"N{case_id}",
                   title=title, text=text, **kw)  # type: ignore[arg-type]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> IndexStore:
    store = IndexStore(tmp_path / "index")
    docs = [
        _doc(1, "经营超过保质期的食品", "超市货架上陈列过期牛奶12盒", domain="food", region_id=1, year=2024,
             decided="2024-03-01", fine=D("3000")),
        _doc(2, "经营超过保质期的食品", "便利店销售超过保质期的面包", domain="food", region_id=2, year=2025,
             decided="2025-05-01", fine=D("5000")),
        _doc(3, "未按规定明码标价", "水果店商品未标明价格", domain="price", region_id=1, year=2025,
             decided="2025-06-01", fine=D("800")),
        _doc(4, "发布虚假广告", "在短视频平台发布虚假广告宣传保健功效", domain="advertising", region_id=2,
             year=2026, decided="2026-01-10", fine=D("40000")),
        _doc(5, "超市过期食品典型案例", "超市销售过期食品，首次违法及时改正", kind="typical", domain="food",
             region_id=9, year=2025, decided="2025-02-02", outcome="no_penalty"),
    ]  # fmt: skip
    assert store.build(docs) == 5
    return store


def test_segment_drops_punctuation_numbers_and_boilerplate() -> None:
    terms = segment(
        "经查明，当事人于2024年3月经营超过保质期的食品，违反《中华人民共和国食品安全法》第三十四条"
    )
    assert "保质期" in terms and "食品" in terms
    assert not any(t.isdigit() or t in {"当事人", ",", "第三十四条", "中华人民共和国"} for t in terms)


def test_query_terms_are_distinct_most_frequent_first() -> None:
    terms = query_terms("过期食品 过期食品 广告")
    assert len(terms) == len(set(terms))
    assert terms.index("过期") < terms.index("广告")


def test_highlight_marks_terms_in_a_window() -> None:
    text = "甲" * 300 + "超市销售过期牛奶" + "乙" * 300
    pieces = highlight(text, ["过期", "超市"], width=60)
    marked = [p for p, m in pieces if m]
    assert marked == ["超市", "过期"]
    assert pieces[0] == ("…", False) and pieces[-1] == ("…", False)
    assert sum(len(p) for p, m in pieces if p != "…") <= 60


def test_search_ranks_the_matching_cases_first(store: IndexStore) -> None:
    page = store.search(SearchQuery(text="超市货架上的过期牛奶"))
    assert page.hits[0].case_id == 1
    assert page.hits[0].score > page.hits[1].score
    assert all(h.case_id != 4 for h in page.hits)  # nothing shared with the advertising case
    assert any(marked for _, marked in page.hits[0].snippet)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(domain="food"), {1, 2, 5}),
        (SearchQuery(region_ids=(1,)), {1, 3}),
        (SearchQuery(region_ids=(1,), typical_region_ids=(9,)), {1, 3, 5}),
        (SearchQuery(region_ids=()), set()),
        (SearchQuery(year_from=2025, year_to=2025), {2, 3, 5}),
        (SearchQuery(fine_min=D("1000"), fine_max=D("5000")), {1, 2}),
        (SearchQuery(kind="typical"), {5}),
        (SearchQuery(outcome="no_penalty"), {5}),
        (SearchQuery(text="保质期", exclude_keys=("case:1",)), {2}),
    ],
)
def test_filters(store: IndexStore, query: SearchQuery, expected: set[int]) -> None:
    assert {h.case_id for h in store.search(query).hits} == expected


def test_listing_without_text_is_newest_first_and_counted(store: IndexStore) -> None:
    page = store.search(SearchQuery(limit=2))
    assert page.total == 5
    assert [h.decided for h in page.hits] == ["2026-01-10", "2025-06-01"]


def test_upsert_replaces_and_remove_deletes(store: IndexStore) -> None:
    store.upsert([_doc(3, "未按规定明码标价", "加油站油价未公示", domain="price", fine=D("900"))])
    assert store.count() == 5
    [hit] = store.search(SearchQuery(text="加油站")).hits
    assert hit.fine == D("900.00")
    store.remove(["case:3"])
    assert store.count() == 4
    assert store.search(SearchQuery(text="加油站")).hits == []


def test_rebuild_switches_generation_and_keeps_readers_working(store: IndexStore, tmp_path: Path) -> None:
    old = store.current_name()
    other = IndexStore(tmp_path / "index")  # e.g. the web process
    assert other.count() == 5
    store.build([_doc(10, "特种设备未办理使用登记", "叉车未登记", domain="special_equipment")])
    assert store.current_name() != old
    assert not (tmp_path / "index" / old).exists()
    assert [h.case_id for h in other.search(SearchQuery(text="叉车")).hits] == [10]


def test_missing_index_is_empty_and_created_on_first_write(tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "none")
    assert not store.exists() and store.count() == 0
    assert store.search(SearchQuery(text="食品")).hits == []
    store.upsert([_doc(1, "食品", "过期食品")])
    assert store.exists() and store.count() == 1


def _cases(*fines: int, warnings: int = 0, none: int = 0) -> list[SimilarCase]:
    return (
        [SimilarCase("penalty", D(f)) for f in fines]
        + [SimilarCase("warning", D(0))] * warnings
        + [SimilarCase("no_penalty", D(0))] * none
    )


def test_fewer_than_three_similar_cases_claim_nothing() -> None:
    result = assess(_cases(1000, 90000), Proposal(fine=D("5000000")))
    assert not result.enough and not result.flagged
    assert result.median is None and result.percentile is None
    assert "少于 3 件" in result.reasons[0]
    assert result.distribution["penalty"] == 2  # the distribution is still shown


def test_fine_within_the_spread_is_not_flagged() -> None:
    result = assess(_cases(2000, 3000, 4000, 5000, 6000), Proposal(fine=D("4500")))
    assert result.enough and not result.flagged
    assert result.median == D("4000")
    assert result.percentile == 60.0  # three of five below, none level
    assert "未发现类案不同罚" in result.reasons[0]


def test_fine_far_above_or_below_is_flagged_with_reasons() -> None:
    cases = _cases(2000, 3000, 4000, 5000, 6000)
    high = assess(cases, Proposal(fine=D("50000")))
    assert high.flagged and high.percentile == 100.0
    assert "畸重" in high.reasons[0] and "50,000元" in high.reasons[0]
    low = assess(cases, Proposal(fine=D("200")))
    assert low.flagged and "畸轻" in low.reasons[0]


def test_distribution_includes_warning_and_no_penalty() -> None:
    result = assess(_cases(1000, 20000, warnings=2, none=1), Proposal(outcome="warning"))
    dist = result.distribution
    assert (dist["no_penalty"], dist["warning"], dist["penalty"], dist["fined"]) == (1, 2, 2, 2)
    assert sum(b["count"] for b in dist["bands"]) == 2
    assert result.percentile == 40.0  # above the no-penalty case, level with the two warnings


def test_outcome_against_the_majority_is_flagged() -> None:
    lenient = _cases(500, warnings=3, none=2)
    assert assess(lenient, Proposal(fine=D("500"))).flagged
    strict = _cases(1000, 2000, 3000, 4000)
    result = assess(strict, Proposal(outcome="no_penalty"))
    assert result.flagged and "明显轻于类案" in result.reasons[0]


def test_few_fined_cases_do_not_judge_the_amount() -> None:
    result = assess(_cases(1000, 2000, warnings=1), Proposal(fine=D("900000")))
    assert not result.flagged
    assert any("不对罚款金额作比对" in r for r in result.reasons)


def test_as_dict_is_json_safe() -> None:
    import json

    data = assess(_cases(1000, 2000, 3000), Proposal(fine=D("2500"))).as_dict()
    assert json.loads(json.dumps(data))["median"] == "2000.00"


def test_select_similar_keeps_hits_close_to_the_best() -> None:
    def hit(score: float) -> Hit:
        return Hit("case:1", "case", 1, "", "", "", "", 0, 0, "", "penalty", D(0), score, [], {})

    rules = ConsistencyRules(relative_score=0.5, top_k=3)
    assert [h.score for h in select_similar([hit(10), hit(6), hit(4), hit(9)], rules)] == [10, 6]


def test_shipped_rules_parse_and_refuse_bad_values() -> None:
    files = sorted(RULES_DIR.glob("*.yaml"))
    assert files
    rules = parse_rules(yaml.safe_load(files[-1].read_text(encoding="utf-8")))
    assert rules.min_similar >= 3 and rules.legal_basis
    with pytest.raises(ValueError, match="未知字段"):
        parse_rules({"min_simlar": 3})
    with pytest.raises(ValueError, match="不得小于 3"):
        parse_rules({"min_similar": 2})


# --- statutory range, ratios and per-unit comparison -------------------------------------------


def test_above_the_statutory_maximum_is_always_flagged_even_without_similar_cases() -> None:
    result = assess([], Proposal(fine=D("600000"), statutory_min=D("50000"), statutory_max=D("500000")))
    assert result.flagged and not result.enough and result.statutory == "above_max"
    assert "超过法定最高额500,000元" in result.reasons[0]


def test_below_the_minimum_is_flagged_unless_a_mitigation_reason_is_stated() -> None:
    cases = _cases(40000, 50000, 60000, 70000)
    bare = assess(cases, Proposal(fine=D("30000"), statutory_min=D("50000"), statutory_max=D("500000")))
    assert bare.flagged and bare.statutory == "below_min"
    assert "未说明减轻处罚的理由" in bare.reasons[0]
    reason = "当事人主动消除违法行为危害后果，并有立功表现"
    stated = assess(
        cases,
        Proposal(
            fine=D("30000"), statutory_min=D("50000"), statutory_max=D("500000"), mitigation_reason=reason
        ),
    )
    assert not stated.flagged and stated.statutory == "below_min_mitigated"
    assert any(reason in r for r in stated.reasons)


GUIDANCE = Path(__file__).resolve().parents[4] / "reference" / "law"


def test_the_aggravated_part_of_the_range_needs_a_stated_circumstance() -> None:
    """指导意见第十条(四): 从重 ... 罚款的数额应当在从最低限到最高限这一幅度中较高的30%部分."""
    law = GUIDANCE / "关于规范市场监督管理行政处罚裁量权的指导意见(2022-10-08).md"
    if law.exists():
        assert "罚款的数额应当在从最低限到最高限这一幅度中较高的30%部分" in law.read_text(encoding="utf-8")
    # 50,000–500,000: the highest 30 % starts at 50,000 + 0.7 × 450,000 = 365,000
    rng = {"statutory_min": D("50000"), "statutory_max": D("500000")}
    at_edge = assess([], Proposal(fine=D("365000"), **rng))
    assert not at_edge.flagged and at_edge.statutory == ""
    bare = assess([], Proposal(fine=D("400000"), **rng))
    assert bare.flagged and bare.statutory == "aggravated_unstated"
    assert "365,000" in bare.reasons[0] and "第十条第（四）项" in bare.reasons[0]
    reason = "当事人一年内因同一违法行为受过行政处罚"
    stated = assess([], Proposal(fine=D("400000"), aggravation_reason=reason, **rng))
    assert not stated.flagged and stated.statutory == "aggravated_stated"
    assert reason in stated.reasons[0]
    # the check can be switched off in a published ruleset
    off = assess([], Proposal(fine=D("400000"), **rng), parse_rules({"aggravated_from": None}))
    assert not off.flagged
    with pytest.raises(ValueError, match="aggravated_from"):
        parse_rules({"aggravated_from": 1.5})


def test_gain_based_fines_are_compared_as_fine_over_gain() -> None:
    # similar fines 1× the gain on very different gains: the raw fines spread widely, the ratios do not
    cases = [SimilarCase("penalty", D(g), base=D(g)) for g in (1000, 5000, 20000, 80000, 300000)]
    proposal = Proposal(fine=D("9000"), base=D("1000"))  # 9× the gain, an ordinary raw amount
    ratio = assess(cases, proposal)
    assert ratio.measure == "ratio" and ratio.flagged
    assert "罚款与计算基数之比" in "".join(ratio.reasons) and "9倍" in "".join(ratio.reasons)
    raw = assess([SimilarCase("penalty", c.fine) for c in cases], Proposal(fine=D("9000")))
    assert raw.measure == "fine" and not raw.flagged


def test_per_unit_fines_are_compared_per_unit() -> None:
    cases = [SimilarCase("penalty", D(500) * u, units=u) for u in (3, 10, 40, 200)]
    within = assess(cases, Proposal(fine=D(500 * 805), units=805))
    assert within.measure == "per_unit" and not within.flagged
    heavy = assess(cases, Proposal(fine=D(5000 * 805), units=805))
    assert heavy.flagged and "每个违法行为的罚款" in "".join(heavy.reasons)


def test_ratio_needs_enough_similar_cases_with_a_base() -> None:
    cases = [SimilarCase("penalty", D(f)) for f in (1000, 2000, 3000)] + [
        SimilarCase("penalty", D(10), base=D(10))
    ]
    assert assess(cases, Proposal(fine=D(2000), base=D(1000))).measure == "fine"


def test_cases_under_different_articles_compare_as_share_of_their_maximum() -> None:
    # the similar cases were fined about 10 % of their own (very different) statutory maxima
    cases = [
        SimilarCase("penalty", D(top) / 10, statutory_max=D(top)) for top in (5000, 50000, 100000, 500000)
    ]
    ordinary = assess(cases, Proposal(fine=D(20000), statutory_max=D(200000)))
    assert ordinary.measure == "share" and not ordinary.flagged
    heavy = assess(cases, Proposal(fine=D(200000), statutory_max=D(200000)))
    assert heavy.flagged and "罚款占法定最高额的比例100.0%" in "".join(heavy.reasons)
