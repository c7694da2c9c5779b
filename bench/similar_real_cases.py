"""Check the similar-case method on the 151 real penalty cases in reference/cases/ (Apache-2.0).

Leave-one-out: each case with a parsed fine is taken out, its facts (without the decision) are
the query, the other cases are the library. Reports how often the most similar case is of the same
violation sub-type, how often the check has enough (≥ 3) similar cases, how often it flags the real
fine (a false alarm, or a real inconsistency in the published decisions), and how often it flags
the fine multiplied or divided by 10 (what it should catch).

Run: .venv/bin/python bench/similar_real_cases.py [path/to/derived_cases_flat.jsonl]
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


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH
    real = load_cases(source)
    print("== 按案情文本检索类案(同一领域)")
    print(report(evaluate(real)))
    print("== 同一处罚依据条款的案件满 3 件时优先作为类案(相当于违法行为事项编码)")
    tally = evaluate(real, by_article=True)
    print(f"按条款取类案的查询 {tally.get('by_article', 0)} 件")
    print(report(tally))
