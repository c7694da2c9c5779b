"""Throughput of the pure engines on one core: USCC checks and working-day additions.

Run: .venv/bin/python bench/bench_engines.py
"""

from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc

from jiandu.engines.uscc import CHARSET, make_code, validate
from jiandu.engines.workdays import WorkdayCalendar


def bench_uscc(n: int = 200_000) -> dict[str, float]:
    rng = random.Random(7)
    codes = [
        make_code("9", rng.choice("123"), f"41{rng.randint(1000, 9999)}", "".join(rng.choices(CHARSET, k=9)))
        for _ in range(n)
    ]
    codes[::10] = [c[:-1] + "0" for c in codes[::10]]  # some wrong check characters
    tracemalloc.start()
    started = time.perf_counter()
    valid = sum(validate(c).valid for c in codes)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "codes": n,
        "valid": valid,
        "seconds": elapsed,
        "per_second": n / elapsed,
        "peak_mib": peak / 2**20,
    }


def bench_workdays(n: int = 200_000) -> dict[str, float]:
    rng = random.Random(11)
    starts = [dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1400)) for _ in range(n)]
    spans = [rng.randint(1, 60) for _ in range(n)]
    calendar = WorkdayCalendar()
    started = time.perf_counter()
    for start, span in zip(starts, spans, strict=True):
        calendar.add(start, span)
    elapsed = time.perf_counter() - started
    return {
        "additions": n,
        "seconds": elapsed,
        "per_second": n / elapsed,
        "fallback_years": len(calendar.fallback_years_used),
    }


def main() -> None:
    uscc = bench_uscc()
    print(
        f"uscc.validate: {uscc['codes']:,} codes in {uscc['seconds']:.2f} s = {uscc['per_second']:,.0f}/s, "
        f"peak {uscc['peak_mib']:.1f} MiB (tracemalloc)"
    )
    wd = bench_workdays()
    print(
        f"workdays.add: {wd['additions']:,} additions (1-60 working days, 2024-2028 starts) in "
        f"{wd['seconds']:.2f} s = {wd['per_second']:,.0f}/s"
    )


if __name__ == "__main__":
    main()
