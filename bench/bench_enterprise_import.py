"""The background enterprise import: time of each phase, and how long the final switch holds writers.

    .venv/bin/python bench/bench_enterprise_import.py [--rows 20000] [--existing 10000]

What it does (bounded, stops by itself):
1. a fresh database (SQLite in a temporary directory, or DATABASE_URL) with a city of two counties
   and ``--existing`` firms in the east county;
2. an enterprise table of ``--rows`` rows generated here: the first ``--existing`` rows carry new
   names and credit classes for the existing firms (updates), the others are new firms;
3. the job started as the page starts it (`start_enterprise_import`) and run in this process
   (`run_import_job`), while a probe thread writes one unrelated row every 20 ms on its own
   connection (as a session save or a login would) and records how long each write waited.

Printed: the seconds of check + staging and of the final switch, the probe's writes (n, p50, max
wait in ms) during the staging and during the switch, and the check that every row was applied.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def _code(region: str, n: int) -> str:
    from jiandu.engines.uscc import make_code

    return make_code("9", "1", region, f"MA{n:07d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--existing", type=int, default=10_000)
    args = parser.parse_args()
    if not 1 <= args.rows <= 200_000 or not 0 <= args.existing <= args.rows:
        parser.error("--rows 1…200000, --existing 0…rows")
    work = Path(tempfile.mkdtemp(prefix="jiandu-firms-"))
    os.environ.setdefault("JIANDU_ENV", "test")
    os.environ["JIANDU_VAR_DIR"] = str(work)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    call_command("migrate", interactive=False, verbosity=0)
    from jiandu.org import enterprise_imports
    from jiandu.org.domains import ensure_domains
    from jiandu.org.models import (
        Enterprise,
        EnterpriseImport,
        HolidayYear,
        Region,
        RegionLevel,
        Role,
        User,
    )

    ensure_domains()
    province = Region.objects.create(code="410000", name="河南省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(code="411800", name="中原市", level=RegionLevel.CITY, parent=province)
    east = Region.objects.create(code="411802", name="东城区", level=RegionLevel.COUNTY, parent=city)
    Region.objects.create(code="411803", name="西城区", level=RegionLevel.COUNTY, parent=city)
    importer = User.objects.create_user(username="importer", role=Role.COUNTY_BUREAU, region=east)
    Enterprise.objects.bulk_create(
        Enterprise(uscc=_code("411802", i), name=f"原有商贸有限公司{i}", region=east, credit_class="B")
        for i in range(args.existing)
    )
    probe_row = HolidayYear.objects.create(year=2099, source="探针")
    header = "统一社会信用代码,名称,行政区划代码,行业,信用风险分类,住所\n"
    lines = [
        f"{_code('411802', i)},{'更名' if i < args.existing else '新设'}商贸有限公司{i},411802,"
        f"食品销售,{'ACD'[i % 3] if i < args.existing else 'B'},建设路{i}号"
        for i in range(args.rows)
    ]
    data = (header + "\n".join(lines) + "\n").encode()
    stored, _ = enterprise_imports.store_upload(filename="firms.csv", data=data)

    class _NoEnqueue:
        @staticmethod
        def enqueue(_pk: int) -> None:
            return None

    original = enterprise_imports.run_enterprise_import
    enterprise_imports.run_enterprise_import = _NoEnqueue  # type: ignore[assignment]
    try:
        job = enterprise_imports.start_enterprise_import(
            actor=importer, stored_name=stored, filename="firms.csv"
        )
    finally:
        enterprise_imports.run_enterprise_import = original
    connection.close()  # the probe and the job each on their own connection from here on

    phase = {"name": "staging"}
    waits: dict[str, list[float]] = {"staging": [], "switch": []}
    stop = threading.Event()

    def probe() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            began = time.perf_counter()
            name = phase["name"]
            HolidayYear.objects.filter(pk=probe_row.pk).update(source=f"探针{n}")
            waits[name].append((time.perf_counter() - began) * 1000)
            time.sleep(0.02)
        connections.close_all()

    real_apply = enterprise_imports._apply
    timings: dict[str, float] = {}

    def timed_apply(job_: EnterpriseImport, **kwargs: int) -> None:
        phase["name"] = "switch"
        began = time.perf_counter()
        real_apply(job_, **kwargs)
        timings["switch"] = time.perf_counter() - began
        phase["name"] = "after"

    enterprise_imports._apply = timed_apply  # type: ignore[assignment]
    waits["after"] = []
    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    began = time.perf_counter()
    job = enterprise_imports.run_import_job(job.pk)
    total = time.perf_counter() - began
    stop.set()
    thread.join()
    vendor = connection.vendor
    print(f"database {vendor}; {args.rows} rows ({args.existing} updates, {args.rows - args.existing} new)")
    print(f"job {job.status}: {job.message}")
    print(f"whole job {total:.1f} s; check + staging {total - timings.get('switch', 0):.1f} s;")
    print(f"final switch (one transaction) {timings.get('switch', 0):.2f} s")
    for name in ("staging", "switch"):
        values = sorted(waits[name])
        if values:
            p50 = values[len(values) // 2]
            print(f"probe writes during {name}: n={len(values)}, p50 {p50:.1f} ms, max {values[-1]:.0f} ms")
        else:
            print(f"probe writes during {name}: none")
    renamed = Enterprise.objects.filter(name__startswith="更名").count()
    created = Enterprise.objects.filter(name__startswith="新设").count()
    whole = renamed == args.existing and created == args.rows - args.existing
    print(f"applied whole: {whole} ({renamed} renamed, {created} new)")
    return 0 if whole and job.status == "done" else 1


if __name__ == "__main__":
    raise SystemExit(main())
