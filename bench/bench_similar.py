"""Case-library index at province scale: build time and size, query latency on one core, memory.

Generates N synthetic decided cases (default 1,000,000) from the demo city's violation list with
varied fact texts (jiandu.demo.factgen), builds the tantivy/BM25 index (segmentation in forked
worker processes), then times on ONE core (sched_setaffinity):

* similar-case checks: a new draft's facts (≈150 characters) against the index, filtered by
  domain and by the ~10 counties a city user sees, top 20, plus the consistency statistics;
* the same restricted to one violation item (item_code filter);
* search-page queries: two or three keywords with a year filter, counting all matches.

Run: .venv/bin/python bench/bench_similar.py [--cases 1000000] [--queries 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from jiandu.demo import names as N
from jiandu.demo.factgen import fact_text
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

REGIONS = 160  # counties of a large province
CITY_SIZE = 10
KEYWORDS = (
    "过期",
    "超市",
    "牛奶",
    "明码标价",
    "虚假广告",
    "电梯",
    "计价秤",
    "商标",
    "网络直播",
    "农资",
    "健康证明",
)


def violations() -> list[tuple[str, str, str, int, str]]:
    """(domain, violation, legal basis, usual fine, item code)."""
    out = []
    for domain, items in N.VIOLATIONS.items():
        for index, (text, basis, median, _weight, _lo, _hi) in enumerate(items):
            out.append((domain, text, basis, median, f"{domain[:4].upper()}-{index + 1:02d}"))
    return out


def generate(n: int, seed: int = 2026) -> Iterator[CaseDoc]:
    rng = random.Random(seed)
    catalogue = violations()
    for case_id in range(1, n + 1):
        domain, text, basis, usual, item = rng.choice(catalogue)
        roll = rng.random()
        outcome = "no_penalty" if roll < 0.03 else ("warning" if roll < 0.06 else "penalty")
        ratio = rng.lognormvariate(0, 0.6) if outcome == "penalty" else 0.0
        fine = Decimal(round(usual * ratio, -1)) if outcome == "penalty" else Decimal(0)
        decided = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365))
        facts = fact_text(
            rng, domain=domain, violation=text, fine_ratio=ratio, outcome=outcome, decided=decided
        )
        yield CaseDoc(
            kind="case",
            case_id=case_id,
            decision_number=f"豫市监处罚〔{decided.year}〕{case_id}号",
            title=text,
            text=f"{facts}\n{basis}",
            domain=domain,
            item_code=item,
            region_id=rng.randint(1, REGIONS),
            year=decided.year,
            decided=decided.isoformat(),
            outcome=outcome,
            fine=fine,
        )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1, help="segmentation processes (fork)")
    parser.add_argument("--keep", help="keep (or reuse) the index in this directory")
    args = parser.parse_args()

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jiandu-bench-index-"))
    store = IndexStore(root)
    print(f"cases: {args.cases:,}; cores: {os.cpu_count()}; segmentation workers: {args.workers}", flush=True)
    if not store.exists():
        started = time.perf_counter()
        count = store.build(generate(args.cases), workers=args.workers, threads=1, heap_mb=512)
        build_s = time.perf_counter() - started
        print(f"index build: {count:,} cases in {build_s:.0f} s ({count / build_s:,.0f} cases/s)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"build peak RSS (this process, without workers): {peak:,.0f} MiB")
    size = store.size_bytes()
    print(f"index size: {size / 2**20:,.0f} MiB ({size / max(1, store.count()):.0f} B/case)")

    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    rng = random.Random(7)
    catalogue = violations()
    rules = ConsistencyRules()
    store.search(SearchQuery(text="过期食品", limit=1))  # open the index
    rss_open = rss_mib()
    similar_ms, item_ms, search_ms, found = [], [], [], []
    cpu_ms: dict[str, list[float]] = {"similar": [], "item": [], "search": []}
    for _ in range(args.queries):
        domain, text, _basis, usual, item = rng.choice(catalogue)
        draft = fact_text(rng, domain=domain, violation=text, fine_ratio=1.0)
        first = rng.randint(1, REGIONS - CITY_SIZE)
        regions = tuple(range(first, first + CITY_SIZE))
        proposal = Proposal(fine=Decimal(usual))
        for bucket, item_code in ((similar_ms, ""), (item_ms, item)):
            started, cpu = time.perf_counter(), time.process_time()
            page = store.search(
                SearchQuery(text=draft, domain=domain, item_code=item_code, region_ids=regions,
                            limit=rules.top_k, count=False)
            )  # fmt: skip
            hits = select_similar(page.hits, rules)
            result = assess([SimilarCase(h.outcome, h.fine, h.score) for h in hits], proposal, rules)
            bucket.append((time.perf_counter() - started) * 1000)
            cpu_ms["item" if item_code else "similar"].append((time.process_time() - cpu) * 1000)
            if not item_code:
                found.append(sum(1 for h in hits if h.title == text) / max(1, len(hits)))
        words = " ".join(rng.sample(KEYWORDS, k=rng.randint(2, 3)))
        started, cpu = time.perf_counter(), time.process_time()
        store.search(SearchQuery(text=words, year_from=2025, limit=20, count=True))
        search_ms.append((time.perf_counter() - started) * 1000)
        cpu_ms["search"].append((time.process_time() - cpu) * 1000)
    assert result.count >= 0
    for label, values, cpu_values in (
        ("similar-case check (facts, domain + 10 counties)", similar_ms, cpu_ms["similar"]),
        ("similar-case check (same item + 10 counties)", item_ms, cpu_ms["item"]),
        ("search page (2-3 keywords, year filter, counted)", search_ms, cpu_ms["search"]),
    ):
        print(
            f"{label}: wall p50 {percentile(values, 0.5):.1f} ms, p95 {percentile(values, 0.95):.1f} ms, "
            f"max {max(values):.1f} ms; CPU p50 {percentile(cpu_values, 0.5):.1f} ms, "
            f"p95 {percentile(cpu_values, 0.95):.1f} ms  (n={len(values)}, one core)"
        )
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} (other work on the machine inflates wall time)")
    print(f"similar hits of the same violation: {statistics.mean(found):.0%}")
    print(f"RSS after opening the index: {rss_open:,.0f} MiB; after the queries: {rss_mib():,.0f} MiB")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
