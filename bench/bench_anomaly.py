"""Key counties and problem models: speed on a province-sized synthetic input, and what is found.

Usage:
  .venv/bin/python bench/bench_anomaly.py [COUNTIES] [MONTHS]     (default 150 counties × 60 months)
  .venv/bin/python bench/bench_anomaly.py --models [CASES]   (problem-model engine, default 100,000 cases)
  DATABASE_URL=... .venv/bin/python bench/bench_anomaly.py --db
      (a full `run_models` on an existing demo database, filing clues: run it on a copy)

The data are generated here, independently of the tests: county sizes are log-normal, months have a
season, case counts are Poisson, fines log-normal; a few counties get a planted fines rise or a
month-end spike, and the report says how many of them were found and how many others were flagged.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import yaml

from jiandu.engines import anomaly
from jiandu.engines import problem_models as P

ROOT = Path(__file__).resolve().parent.parent / "src" / "jiandu" / "rulesets"
SEASON = [0.7, 0.8, 1.0, 1.0, 1.05, 1.1, 1.0, 0.95, 1.0, 1.05, 1.1, 1.25]


def poisson(rng: random.Random, lam: float) -> int:
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def province(n: int, months: int, seed: int = 2026) -> tuple[list[anomaly.CountyMonth], set[str], set[str]]:
    rng = random.Random(seed)
    rise = set(rng.sample(range(n), 5))
    spike = set(rng.sample(sorted(set(range(n)) - rise), 3))
    rows: list[anomaly.CountyMonth] = []
    start = 2021 * 12 + 10
    for c in range(n):
        firms = int(rng.lognormvariate(math.log(15000), 0.6))
        rate = firms / 10000 * rng.uniform(4, 9)  # cases a month
        mean_fine = rng.lognormvariate(math.log(4000), 0.3)
        trend = rng.uniform(0.97, 1.06)
        for m in range(months):
            month = (start + m) % 12
            level = trend ** (m / 12) * SEASON[month]
            if c in rise and m >= months - 12:
                level *= rng.uniform(1.9, 2.4)
            cases = poisson(rng, rate * SEASON[month] * trend ** (m / 12))
            fines = sum(mean_fine * rng.lognormvariate(0, 0.8) for _ in range(cases)) * level / SEASON[month]
            share = rng.betavariate(16, 84) if c not in spike or m < months - 12 else rng.uniform(0.45, 0.6)
            rows.append(
                anomaly.CountyMonth(
                    region=f"{410000 + c + 1:06d}",
                    month=anomaly.month_label(start + m),
                    fines=round(fines, 2),
                    confiscations=round(fines * 0.1, 2),
                    firms=firms,
                    cases=cases,
                    problems=poisson(rng, firms / 10000 * 0.3),
                    complaints=poisson(rng, firms / 10000 * 40),
                    fines_month_end=round(fines * share, 2),
                )
            )
    return rows, {f"{410000 + c + 1:06d}" for c in rise}, {f"{410000 + c + 1:06d}" for c in spike}


def bench_counties(n: int, months: int) -> None:
    rules = anomaly.parse_rules(
        yaml.safe_load((ROOT / "anomaly" / "2026-01-01.yaml").read_text(encoding="utf-8"))
    )
    rows, rise, spike = province(n, months)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        result = anomaly.evaluate(rows, rules)
        times.append(time.perf_counter() - started)
    flagged = {r.region for r in result.results if r.flagged}
    planted = rise | spike
    print(
        f"anomaly engine: {n} counties × {months} months ({len(rows):,} rows): "
        f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms (5 runs)"
    )
    print(
        f"  planted {len(planted)} (5 fines rises, 3 month-end spikes): found {len(planted & flagged)}, "
        f"other counties flagged {len(flagged - planted)}"
    )
    lines = [json.dumps({k: v for k, v in r.__dict__.items() if v is not None}) for r in rows]
    started = time.perf_counter()
    out = list(anomaly.evaluate_lines(lines, rules))
    print(
        f"  JSON Lines path (parse + evaluate): {(time.perf_counter() - started) * 1000:.0f} ms, "
        f"{len(out)} output lines"
    )


def bench_models(n: int) -> None:
    rules = P.parse_rules(
        yaml.safe_load((ROOT / "problem_models" / "2026-01-01.yaml").read_text(encoding="utf-8"))
    )
    rng = random.Random(11)
    today = dt.date(2026, 11, 16)
    items = [f"ITEM-{i}" for i in range(120)]
    cases = []
    for i in range(n):
        decided = today - dt.timedelta(days=rng.randint(1, 700))
        item = rng.choice(items)
        base = 500 + 200 * items.index(item)
        fine = Decimal(str(round(base * rng.lognormvariate(0, 0.6), -1)))
        region = f"{411801 + rng.randrange(10)}"
        cases.append(
            P.CaseRecord(
                id=i,
                label=f"第{i}号",
                region=region,
                enterprise_id=i % (n // 3) + 1,
                enterprise_name="某企业",
                enterprise_region=region if rng.random() > 0.002 else "411899",
                domain="价格",
                item=item,
                violation="违法行为",
                status="closed",
                outcome="penalty",
                fine=fine,
                filed_on=decided - dt.timedelta(days=rng.randint(10, 95)),
                decided_on=decided,
                statutory_max=Decimal(base * 10) if rng.random() < 0.5 else None,
            )
        )
    complaints = [
        P.ComplaintRecord(
            id=i,
            enterprise_id=rng.randrange(1, n // 3),
            enterprise_name="某企业",
            region="411801",
            domain="食品",
            received_on=today - dt.timedelta(days=rng.randint(0, 364)),
        )
        for i in range(n // 2)
    ]
    inspections = [
        P.InspectionRecord(
            id=i,
            enterprise_id=rng.randrange(1, n // 10),
            enterprise_name="某企业",
            region="411801",
            department=rng.choice(["市场监督管理局", "消防救援大队"]),
            inspected_on=today - dt.timedelta(days=rng.randint(0, 364)),
            credit_class="B",
        )
        for i in range(n // 5)
    ]
    from jiandu.engines import case_deadlines
    from jiandu.engines.workdays import WorkdayCalendar

    data = P.ModelData(
        today=today,
        cases=cases,
        complaints=complaints,
        inspections=inspections,
        region_parents={f"{411801 + k}": "411800" for k in range(10)},
        calendar=WorkdayCalendar(),
        deadline_rules=case_deadlines.load_rules(),
    )
    started = time.perf_counter()
    hits = P.run(rules, data)
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for hit in hits:
        counts[hit.model] = counts.get(hit.model, 0) + 1
    print(
        f"problem-model engine: {n:,} cases, {len(complaints):,} complaints, "
        f"{len(inspections):,} inspections: "
        f"{elapsed:.2f} s, {len(hits):,} hits {counts}"
    )


def bench_db() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
    from jiandu.analysis import selectors, services
    from jiandu.org.models import User

    actor = User.objects.filter(username="zhuanban").first()
    today = dt.date(2026, 11, 16)
    started = time.perf_counter()
    data = selectors.model_data(today=today)
    read = time.perf_counter() - started
    started = time.perf_counter()
    report = services.run_models(actor=actor, today=today)
    full = time.perf_counter() - started
    print(
        f"model run on the database: reading {len(data.cases):,} cases etc. {read:.2f} s; "
        f"full run {full:.2f} s, {report.total_filed} clues filed "
        f"({full / max(1, report.total_filed) * 1000:.0f} ms per clue)"
    )
    started = time.perf_counter()
    again = services.run_models(actor=actor, today=today)
    print(f"  second run (nothing new): {time.perf_counter() - started:.2f} s, {again.total_filed} filed")
    started = time.perf_counter()
    board = selectors.key_county_board(user=actor, month="2026-10") if actor else None
    if board:
        print(
            f"key-county board on the database: {len(board.rows)} counties "
            f"in {time.perf_counter() - started:.2f} s"
        )


if __name__ == "__main__":
    if "--db" in sys.argv:
        bench_db()
    elif "--models" in sys.argv:
        rest = [a for a in sys.argv[1:] if a != "--models"]
        bench_models(int(rest[0]) if rest else 100_000)
    else:
        args = [int(a) for a in sys.argv[1:]]
        bench_counties(args[0] if args else 150, args[1] if len(args) > 1 else 60)
