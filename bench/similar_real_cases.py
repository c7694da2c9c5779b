"""Check the similar-case method on the 151 real penalty cases in reference/cases/ (Apache-2.0).

Leave-one-out: each case with a parsed fine is taken out, its facts (without the decision) are
the query, the other cases are the library. Reports how often the most similar case is of the same
violation sub-type, how often the check has enough (≥ 3) similar cases, how often it flags the real
fine (a false alarm, or a real inconsistency in the published decisions), and how often it flags
the fine multiplied or divided by 10 (what it should catch).

With ``--full`` (the method as shipped): the cases under the same legal provision (standing for the
catalogue item) are compared first when there are at least three; each proposal carries the
statutory range read from the dataset's statute text and the case's amounts (bench/realcases.py),
so a fine above the maximum, or below the minimum without a stated 减轻 reason, is flagged; a
gain-based fine is compared as fine ÷ base. The real fine keeps its own 减轻 sentence, if any; the
×3 / ×10 / ÷10 fines keep it too.

Run: PYTHONPATH=src:. .venv/bin/python bench/similar_real_cases.py [--full]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jiandu.engines.similar import (
    STATUTORY_FLAGS,
    CaseDoc,
    ConsistencyRules,
    IndexStore,
    Proposal,
    SearchQuery,
    SimilarCase,
    assess,
    select_similar,
)

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "reference" / "cases" / "derived_cases_flat.jsonl"
DECISION = re.compile(r"(处罚决定|拟决定|决定如下)[：:]")


@dataclass(frozen=True)
class RealCase:
    index: int
    domain: str
    subtype: str
    article: str
    facts: str
    fine: Decimal | None


def load_cases(path: Path = DEFAULT_PATH) -> list[RealCase]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        text = row["case_text"]
        match = DECISION.search(text)
        facts = text[: match.start()] if match else text
        fines = row.get("fines_yuan") or []
        cases.append(
            RealCase(
                index=number,
                domain=row["domain"],
                subtype=f"{row['l1']}/{row['l2']}",
                article=re.sub(r"\s|中华人民共和国", "", row["legal_basis"]),
                facts=f"{row['situation']}。{facts}",
                fine=Decimal(str(fines[0])).quantize(Decimal("0.01")) if fines else None,
            )
        )
    return cases


def evaluate(
    cases: list[RealCase], rules: ConsistencyRules | None = None, *, by_article: bool = False
) -> dict[str, Any]:
    """Leave-one-out counts. ``by_article`` plays the item code: the cases under the same legal
    provision come first when there are at least three of them (as ``check_similar`` does)."""
    rules = rules or ConsistencyRules()
    root = Path(tempfile.mkdtemp(prefix="jiandu-real-"))
    store = IndexStore(root)
    store.build(
        CaseDoc(
            kind="case",
            case_id=c.index,
            decision_number=f"R{c.index}",
            title="",
            text=c.facts,
            domain=c.domain,
            item_code=c.article,
            outcome="penalty",
            fine=c.fine or Decimal(0),
        )
        for c in cases
        if c.fine is not None
    )
    by_index = {c.index: c for c in cases}
    subtype_sizes = Counter(c.subtype for c in cases if c.fine is not None)
    tally: Counter[str] = Counter()
    for case in cases:
        if case.fine is None:
            continue
        tally["queries"] += 1
        page = store.search(
            SearchQuery(
                text=case.facts,
                domain=case.domain,
                exclude_keys=(f"case:{case.index}",),
                limit=rules.top_k,
                count=False,
            )
        )
        similar = select_similar(page.hits, rules)
        if by_article:
            same = store.search(
                SearchQuery(
                    text=case.facts,
                    item_code=case.article,
                    exclude_keys=(f"case:{case.index}",),
                    limit=rules.top_k,
                    count=False,
                )
            )
            if len(same.hits) >= rules.min_similar:
                similar = select_similar(same.hits, rules)
                tally["by_article"] += 1
        if subtype_sizes[case.subtype] >= 2 and page.hits:
            tally["with_sibling"] += 1
            top = by_index[page.hits[0].case_id]
            tally["top1_same_subtype"] += top.subtype == case.subtype
            tally["sibling_in_top5"] += any(
                by_index[h.case_id].subtype == case.subtype for h in page.hits[:5]
            )
        neighbours = [SimilarCase(outcome=h.outcome, fine=h.fine, score=h.score) for h in similar]
        real = assess(neighbours, Proposal(fine=case.fine), rules)
        tally["enough"] += real.enough
        tally["similar_total"] += real.count
        if not real.enough:
            continue
        tally["flag_real"] += real.flagged
        for label, factor in (("x10", Decimal(10)), ("div10", Decimal("0.1")), ("x3", Decimal(3))):
            shifted = assess(neighbours, Proposal(fine=case.fine * factor), rules)
            tally[f"flag_{label}"] += shifted.flagged
    return dict(tally)


def report(tally: dict[str, Any]) -> str:
    q, e, s = tally["queries"], tally.get("enough", 0), tally.get("with_sibling", 0)

    def share(part: int, whole: int) -> str:
        return f"{part}/{whole} ({part / whole:.0%})" if whole else "—"

    return "\n".join(
        [
            f"查询案件(有罚款) {q} 件;平均类案数 {tally.get('similar_total', 0) / max(1, q):.1f}",
            f"同一子类型另有案例的 {s} 件:最相似者同子类型 {share(tally.get('top1_same_subtype', 0), s)},"
            f"前5名含同子类型 {share(tally.get('sibling_in_top5', 0), s)}",
            f"类案≥3件、可作结论 {share(e, q)}",
            f"真实罚款被提示类案不同罚 {share(tally.get('flag_real', 0), e)}",
            f"罚款×10 被提示 {share(tally.get('flag_x10', 0), e)};罚款÷10 被提示 "
            f"{share(tally.get('flag_div10', 0), e)};罚款×3 被提示 {share(tally.get('flag_x3', 0), e)}",
        ]
    )


def item_of(case: Any) -> str:
    """The catalogue item a real case stands for: its penalty rule, i.e. the statute text that fixes
    the fine (the sub-items of one article share it, as 食品安全法第一百二十四条第一款第(一)至(五)项
    do), less spaces; the article when no statute text is given."""
    statute = re.sub(r"\s", "", case.statute.split("|")[0])
    return statute or case.article


def evaluate_full(rules: ConsistencyRules | None = None, *, part: int | None = None) -> dict[str, Any]:
    """Leave-one-out with the whole method: same provision first, statutory range, fine ÷ base.

    ``part`` 0 or 1 queries only the cases of even or odd position (the library is all others)."""
    from bench.realcases import load

    rules = rules or ConsistencyRules()
    cases = [c for c in load() if c.fine is not None]
    info: dict[int, tuple[Decimal | None, Decimal | None, Decimal | None]] = {}
    for c in cases:
        statutory = c.statutory()
        info[c.index] = statutory if statutory else (None, None, None)
    root = Path(tempfile.mkdtemp(prefix="jiandu-real-full-"))
    store = IndexStore(root)
    store.build(
        CaseDoc(
            kind="case",
            case_id=c.index,
            decision_number=f"R{c.index}",
            title="",
            text=c.facts_text,
            domain=c.domain,
            item_code=item_of(c),
            outcome="penalty",
            fine=c.fine or Decimal(0),
            extra={
                **({"fine_base": str(info[c.index][2])} if info[c.index][2] else {}),
                **({"statutory_max": str(info[c.index][1])} if info[c.index][1] else {}),
            },
        )
        for c in cases
    )
    tally: Counter[str] = Counter()
    for position, case in enumerate(cases):
        assert case.fine is not None
        if part is not None and position % 2 != part:
            continue
        tally["queries"] += 1
        query = SearchQuery(
            text=case.facts_text, exclude_keys=(f"case:{case.index}",), limit=rules.top_k, count=False
        )
        same = store.search(SearchQuery(**{**query.__dict__, "item_code": item_of(case)}))
        hits = select_similar(same.hits, rules)
        if len(hits) >= rules.min_similar:
            tally["by_item"] += 1
        else:
            hits = select_similar(
                store.search(SearchQuery(**{**query.__dict__, "domain": case.domain})).hits, rules
            )
        neighbours = [
            SimilarCase(
                outcome=h.outcome,
                fine=h.fine,
                score=h.score,
                base=Decimal(h.extra["fine_base"]) if h.extra.get("fine_base") else None,
                statutory_max=Decimal(h.extra["statutory_max"]) if h.extra.get("statutory_max") else None,
            )
            for h in hits
        ]
        low, high, base = info[case.index]
        tally["with_statutory"] += low is not None

        def proposal(
            fine: Decimal,
            base: Decimal | None = base,
            low: Decimal | None = low,
            high: Decimal | None = high,
            reason: str = case.mitigation_reason,
            aggravation: str = case.aggravation_reason,
        ) -> Proposal:
            return Proposal(
                fine=fine,
                base=base,
                statutory_min=low,
                statutory_max=high,
                mitigation_reason=reason,
                aggravation_reason=aggravation,
            )

        real = assess(neighbours, proposal(case.fine), rules)
        if low is not None:
            ten = assess(neighbours, proposal(case.fine * 10), rules)
            tally["readable_x10"] += ten.flagged
            tally["readable_real"] += real.flagged
        tally["enough"] += real.enough
        tally["ratio"] += real.measure == "ratio"
        tally["share"] += real.measure == "share"
        tally["flag_real"] += real.flagged
        tally["flag_real_statutory"] += real.statutory in ("above_max", "below_min")
        tally["flag_real_aggravated"] += real.statutory == "aggravated_unstated"
        tally["flag_real_other"] += real.flagged and real.statutory not in STATUTORY_FLAGS
        for label, factor in (("x10", Decimal(10)), ("div10", Decimal("0.1")), ("x3", Decimal(3))):
            shifted = assess(neighbours, proposal(case.fine * factor), rules)
            tally[f"flag_{label}"] += shifted.flagged
            tally[f"flag_{label}_statutory"] += shifted.statutory in ("above_max", "below_min")
    return dict(tally)


def report_full(tally: dict[str, Any]) -> str:
    q = tally["queries"]

    def share(part: int) -> str:
        return f"{part}/{q} ({part / q:.0%})"

    return "\n".join(
        [
            f"查询案件(有罚款) {q} 件;按同一条款取类案 {share(tally.get('by_item', 0))};"
            f"类案≥3件 {share(tally.get('enough', 0))};读出法定幅度 {share(tally.get('with_statutory', 0))};"
            f"按罚款÷基数比对 {share(tally.get('ratio', 0))};"
            f"按占法定最高额比例比对 {share(tally.get('share', 0))}",
            f"真实罚款被提示 {share(tally.get('flag_real', 0))}"
            f"(其中超出法定幅度且未载明减轻理由 {tally.get('flag_real_statutory', 0)} 件;"
            f"位于法定幅度较高 30% 而未载明从重情节 {tally.get('flag_real_aggravated', 0)} 件;"
            f"仅因偏离类案被提示 {share(tally.get('flag_real_other', 0))})",
            f"罚款×10 被提示 {share(tally.get('flag_x10', 0))}"
            f"(法定幅度 {tally.get('flag_x10_statutory', 0)} 件);"
            f"罚款×3 被提示 {share(tally.get('flag_x3', 0))};"
            f"读出法定幅度的 {tally.get('with_statutory', 0)} 件中:"
            f"×10 被提示 {tally.get('readable_x10', 0)} 件,"
            f"真实罚款被提示 {tally.get('readable_real', 0)} 件;"
            f"罚款÷10 被提示 {share(tally.get('flag_div10', 0))}"
            f"(法定幅度 {tally.get('flag_div10_statutory', 0)} 件)",
        ]
    )


TOLERANCES = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)


def choose_tolerance(max_real_other: float = 0.05) -> str:
    """The spread tolerance k (flag beyond (1 + k) × the 90th percentile or under the 10th ÷ (1 + k))
    chosen on the even half of the cases — the smallest k whose real fines flagged only for the
    spread stay within ``max_real_other`` — and the figures of that k on the odd half."""
    lines = ["k  偶数半(选择) ×10 / 真实(仅因偏离)  |  奇数半(报告) ×10 / ×3 / ÷10 / 真实"]
    chosen = None
    for k in TOLERANCES:
        rules = ConsistencyRules(tolerance=k)
        even, odd = evaluate_full(rules, part=0), evaluate_full(rules, part=1)
        ok = even.get("flag_real_other", 0) <= max_real_other * even["queries"]
        if ok and chosen is None:
            chosen = k
        lines.append(
            f"{k:<4} {even.get('flag_x10', 0)}/{even['queries']} / {even.get('flag_real_other', 0)}"
            f"{' *' if chosen == k else '  '} | {odd.get('flag_x10', 0)}/{odd['queries']} / "
            f"{odd.get('flag_x3', 0)} / {odd.get('flag_div10', 0)} / {odd.get('flag_real', 0)}"
            f"(仅因偏离 {odd.get('flag_real_other', 0)})"
        )
    lines.append(
        f"选定 k = {chosen}(偶数半中仅因偏离类案被提示的真实罚款不超过 {max_real_other:.0%} 的最小 k)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    if "--split" in sys.argv:
        print(choose_tolerance())
        sys.exit(0)
    if "--full" in sys.argv:
        print("== 完整方法:同一条款优先、法定幅度、罚款÷基数,留一法")
        print(report_full(evaluate_full()))
        sys.exit(0)
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH
    real = load_cases(source)
    print("== 按案情文本检索类案(同一领域)")
    print(report(evaluate(real)))
    print("== 同一处罚依据条款的案件满 3 件时优先作为类案(相当于违法行为事项编码)")
    tally = evaluate(real, by_article=True)
    print(f"按条款取类案的查询 {tally.get('by_article', 0)} 件")
    print(report(tally))
