"""All benchmarks, one after the other: `make bench`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

SCRIPTS = [
    "bench_engines.py",
    "bench_triage.py",
    "bench_discretion.py",
    "bench_draw.py",
    "bench_similar.py",
    "similar_real_cases.py",
    "bench_clue_intake.py",
    "bench_demo_load.py",
    "bench_anomaly.py",
]

for script in SCRIPTS:
    print(f"== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
