"""The verifiable draw over 10,000,000 candidates, beside PostgreSQL's `ORDER BY random() LIMIT k`.

Run: .venv/bin/python bench/bench_draw.py [--candidates 10000000] [--database postgres://...]

The engine's time covers everything a published draw needs: reading the candidates, sorting and
hashing the list (candidates_sha256), the exclusion hash, one SHA-256 key per candidate and the
k smallest keys per credit class. Peak memory is the process's peak resident set size (getrusage)
minus the resident size before the draw; tracemalloc would slow the draw several-fold.
PostgreSQL's figure is the query alone over a temporary table already filled; it is neither
reproducible nor verifiable, which is why the engine exists.
"""

from __future__ import annotations

import argparse
import math
import resource
import time
from collections.abc import Iterator
from decimal import Decimal

from jiandu.engines.lottery import Candidate, draw

# Credit-class mix of 丹东 2023 (regulatory_facts.md §4) and plausible ratios per class.
MIX = (("A", 65), ("B", 25), ("C", 8), ("D", 2))
RATIOS = {"A": "0.03", "B": "0.05", "C": "0.2", "D": "0.6"}


def _stratum(i: int) -> str:
    slot = (i * 7919) % 100
    edge = 0
    for name, share in MIX:
        edge += share
        if slot < edge:
            return name
    return "D"


def candidates(n: int) -> Iterator[Candidate]:
    for i in range(n):
        yield Candidate(id=f"9141{i:013d}X", stratum=_stratum(i))


def bench_engine(n: int) -> tuple[float, float, float, int]:
    excluded = [f"9141{i:013d}X" for i in range(0, n, 997)]
    before = _rss_mib()
    cpu_started = time.process_time()
    started = time.perf_counter()
    result = draw(
        seed="2026112510#P-BENCH",
        plan_id="P-BENCH",
        candidates=candidates(n),
        ratios=RATIOS,
        exclude=excluded,
    )
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    return elapsed, cpu, peak, len(result.selected)


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def bench_postgres(n: int, url: str) -> tuple[float, float, int]:
    import psycopg

    k = sum(math.ceil(Decimal(RATIOS[name]) * n * share / 100) for name, share in MIX)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET work_mem = '256MB'")
        started = time.perf_counter()
        conn.execute("CREATE TEMPORARY TABLE bench_candidates (id text, stratum text)")
        conn.execute(
            "INSERT INTO bench_candidates SELECT '9141' || lpad(g::text, 13, '0') || 'X', "
            "(ARRAY['A','B','C','D'])[1 + (g %% 4)] FROM generate_series(0, %s - 1) AS g",
            (n,),
        )
        conn.execute("ANALYZE bench_candidates")
        fill = time.perf_counter() - started
        started = time.perf_counter()
        rows = conn.execute("SELECT id FROM bench_candidates ORDER BY random() LIMIT %s", (k,)).fetchall()
        query = time.perf_counter() - started
        conn.execute("DROP TABLE bench_candidates")
    return fill, query, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=10_000_000)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    n = args.candidates
    print(f"候选对象 {n:,} 个,比例 {RATIOS}", flush=True)
    seconds, cpu, peak, drawn = bench_engine(n)
    print(
        f"engine  draw: {seconds:.1f} s wall ({cpu:.1f} s CPU), peak +{peak:,.0f} MiB RSS, {drawn:,} drawn",
        flush=True,
    )
    try:
        fill, query, rows = bench_postgres(n, args.database)
    except Exception as error:  # no server: say so and keep the engine figures
        print(f"postgres: skipped ({error})")
        return
    print(f"postgres fill temp table: {fill:.1f} s; ORDER BY random() LIMIT {rows:,}: {query:.1f} s")


if __name__ == "__main__":
    main()
