"""Hotspot engine at province scale: 5,000,000 complaints × 150 counties × 17 domains, one core.

The complaints are generated here, independently of the engine: 36 months (2023-11 .. 2026-10),
county sizes log-normal, each domain with 3–5 issue types of random weight, a seasonal factor per
domain and month, Poisson counts per cell and month, and 20 cells with a planted rise in the last
month. The engine gets them as integer-coded columns (what an export from the aggregate or a
columnar file gives) and is timed from the columns to the sorted hotspot list; the report says how
many planted cells were found and how many other cells were reported.

Run: OMP_NUM_THREADS=1 .venv/bin/python bench/bench_hotspots.py [--n 5000000] [--period month|week]
"""

from __future__ import annotations

import argparse
import os
import resource
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from jiandu.engines.hotspots import ComplaintColumns, Period, find_hotspots, load_taxonomy
from jiandu.engines.triage.taxonomy import DOMAINS

COUNTIES = 150
MONTHS = 36
FIRST = np.datetime64("2023-11-01")


def generate(n: int, seed: int = 20261201) -> tuple[ComplaintColumns, set[tuple[str, str, str]]]:
    rng = np.random.default_rng(seed)
    domains = list(DOMAINS)
    issues: list[str] = []
    issue_domain: list[int] = []
    for d in range(len(domains)):
        for k in range(int(rng.integers(3, 6))):
            issues.append(f"{domains[d]}问题{k + 1}")
            issue_domain.append(d)
    size = rng.lognormal(0, 0.6, COUNTIES)
    weight = rng.gamma(2.0, 1.0, len(issues))
    season = 1 + 0.25 * np.sin(
        2 * np.pi * (np.arange(MONTHS)[None, :] + rng.uniform(0, 12, len(issues))[:, None]) / 12
    )
    lam = size[:, None, None] * weight[None, :, None] * season[None, :, :]
    planted = set()
    for _ in range(20):
        c, i = int(rng.integers(COUNTIES)), int(rng.integers(len(issues)))
        lam[c, i, -1] *= 3.0
        planted.add((f"C{c:03d}", domains[issue_domain[i]], issues[i]))
    lam *= n / lam.sum()
    counts = rng.poisson(lam)
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    county, rest = np.divmod(cell, len(issues) * MONTHS)
    issue, month = np.divmod(rest, MONTHS)
    month_start = (FIRST.astype("datetime64[M]") + month).astype("datetime64[D]")
    day = month_start + rng.integers(0, 28, cell.size)
    columns = ComplaintColumns(
        day=day,
        region=county.astype(np.int16),
        domain=np.asarray(issue_domain, dtype=np.int8)[issue],
        issue=issue.astype(np.int16),
        regions=tuple(f"C{c:03d}" for c in range(COUNTIES)),
        domains=tuple(domains),
        issues=tuple(issues),
    )
    return columns, planted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5_000_000)
    parser.add_argument("--period", choices=("month", "week"), default="month")
    args = parser.parse_args()
    started = time.perf_counter()
    columns, planted = generate(args.n)
    generated = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    as_of = Period.as_of_month(args.period, 2026, 10)
    taxonomy = load_taxonomy()
    cpu, wall = time.process_time(), time.perf_counter()
    hotspots = find_hotspots(columns, as_of=as_of, taxonomy=taxonomy)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = {(h.region, h.domain, h.issue) for h in hotspots if h.kind == "emerging"}
    cells = COUNTIES * len(columns.issues)
    print(f"complaints: {len(columns):,}  counties: {COUNTIES}  domains: {len(columns.domains)}", end="  ")
    print(f"issue types: {len(columns.issues)}  cells: {cells:,}  period: {args.period}")
    size = sum(a.nbytes for a in (columns.day, columns.region, columns.domain, columns.issue)) / 2**20
    print(f"input columns: {size:.0f} MiB  (generated in {generated:.1f} s)")
    print(f"find_hotspots: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"peak RSS: {rss_before:.0f} MiB after generating, {rss:.0f} MiB after the engine")
    print(
        f"hotspots: {len(hotspots)} ({sum(h.kind == 'emerging' for h in hotspots)} emerging, "
        f"{sum(h.kind == 'persistent' for h in hotspots)} persistent); planted rises found: "
        f"{len(found & planted)}/{len(planted)}; other emerging cells: {len(found - planted)}"
    )


if __name__ == "__main__":
    main()
