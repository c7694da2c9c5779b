"""Discretion engine throughput on one core: synthetic cases through `assess_lines`, and the CLI end to end.

Usage: .venv/bin/python bench/bench_discretion.py [N]   (default 100,000 cases)
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from jiandu.engines.discretion import AGGRAVATING, MITIGATING, assess_lines

FLAGS = [*MITIGATING, *AGGRAVATING, "first_violation", "corrected_in_time", "minor"]


def cases(n: int, seed: int = 4) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        low = rng.choice([0, 1000, 5000, 10000, 50000])
        penalty = (
            {"kind": "range", "min": low, "max": low + rng.choice([5000, 45000, 90000])}
            if rng.random() < 0.7
            else {"kind": "multiple", "base": rng.randrange(1000, 90000), "min_times": 1, "max_times": 5}
        )
        facts: dict[str, object] = {f: True for f in FLAGS if rng.random() < 0.15}
        facts["harm"] = rng.choice(["none", "minor", "general", "serious"])
        if rng.random() < 0.2:
            facts["violation_ended"], facts["discovered"] = (
                "2022-03-01",
                rng.choice(["2023-01-01", "2024-05-01"]),
            )
        lines.append(json.dumps({"id": i, "penalty": penalty, "facts": facts}))
    return lines


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    lines = cases(n)
    started = time.perf_counter()
    outcomes: dict[str, int] = {}
    for result in assess_lines(lines):
        outcomes[result.get("outcome", "error")] = outcomes.get(result.get("outcome", "error"), 0) + 1
    elapsed = time.perf_counter() - started
    rate, each = n / elapsed, elapsed / n * 1e6
    print(f"engine: {n:,} cases in {elapsed:.2f} s = {rate:,.0f} cases/s ({each:.1f} µs each)")
    print("outcomes:", ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items())))
    jiandu = Path(sys.executable).parent / "jiandu"
    started = time.perf_counter()
    done = subprocess.run(
        [str(jiandu), "discretion"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    print(
        f"CLI `jiandu discretion`: {n:,} lines in {elapsed:.2f} s (exit {done.returncode}), start-up included"
    )


if __name__ == "__main__":
    main()
