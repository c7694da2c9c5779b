"""Time to migrate and load the demo city into a fresh SQLite file (the `make demo` path).

Run: .venv/bin/python bench/bench_demo_load.py [scale]
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time


def main() -> None:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    var = tempfile.mkdtemp(prefix="jiandu-bench-")
    os.environ["JIANDU_VAR_DIR"] = var
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "jiandu.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from jiandu.demo.loader import load_demo_city

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    summary = load_demo_city(scale=scale, log=lambda _: None)
    loaded = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = os.path.getsize(f"{var}/bench.sqlite3") / 2**20
    print(f"demo city (scale {scale}): migrate {migrated - started:.1f} s + load {loaded - migrated:.1f} s")
    print(f"  {summary}")
    print(f"  peak RSS {peak:.0f} MiB, SQLite file {size:.0f} MiB")


if __name__ == "__main__":
    main()
