"""A work-order import while staff browse: errors per page, p95, and the import whole or not at all.

    .venv/bin/python bench/bench_import_under_load.py [--rows 100000] [--users 20] [--max-seconds 1800]
        [--cancel-after 0.5] [--think 0.5]

What it does (loopback only, bounded, stops by itself):
1. a fresh database (SQLite in a temporary directory, or DATABASE_URL) with a small city: two
   counties, 20 browsing accounts (city and county, as in `loadtest.py`) and one county bureau that
   imports, plus a few hundred clues so the lists are not empty;
2. a 12345 table of ``--rows`` rows, generated here independently of the import code (work-order
   numbers, times over 2026, the county by name, free text), written to a .csv;
3. a waitress server on 127.0.0.1 (8 threads) in this process, and the import started the way the
   page starts it (`start_work_order_import`) and run by a separate worker process (`run_import_job`);
4. ``--users`` sessions that log in and loop over a page mix (dashboard, clue list, one clue, the
   import's progress page, the API list) until the import has finished;
5. when the import has not finished after ``--max-seconds`` (or after ``--cancel-after`` of its
   rows were written) it is cancelled — the fault case: the clues it wrote must all disappear.

Printed: the page table (n, p50, p95, p99, errors per page), the job's status and times, and the
check that the database holds either every valid row of the file or none of them.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from loadtest import Results, Session, percentile  # noqa: E402

PASSWORD = "Bench#2026under-load"  # noqa: S105 - synthetic accounts of a throw-away database
PAGES: list[tuple[int, str, str]] = [
    (20, "工作台 /", "/"),
    (25, "线索列表 /clues/", "/clues/"),
    (10, "线索详情", "/clues/{clue}/"),
    (15, "导入进度", "/clues/import/{job}/"),
    (15, "API 线索", "/api/clues/"),
    (10, "经营主体 /enterprises/", "/enterprises/"),
    (5, "登录页", "/login/"),
]
SCOPED = {"线索详情", "导入进度"}  # pages some roles or counties are refused by design
SUMMARIES = [
    "反映执法人员检查时要求购买指定的电子秤，不买就罚款",
    "反映市场监管所一个月内三次上门检查同一家药店",
    "反映执法人员查封超市仓库后三个月未作出处理决定",
    "反映执法人员在检查中索要购物卡",
    "反映辖区所对轻微标签问题顶格罚款五万元",
]


def make_table(path: Path, rows: int, seed: int = 17) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("工单号,来电时间,诉求内容,区县,来电人\n")
        for i in range(rows):
            day = 1 + rng.randrange(300)
            month, dom = 1 + (day - 1) // 28 % 10, 1 + (day - 1) % 28
            text = rng.choice(SUMMARIES).replace("，", "；")
            county = rng.choice(["东城区", "西城区"])
            moment = f"2026-{month:02d}-{dom:02d} {8 + i % 10:02d}:{i % 60:02d}"
            out.write(f"LOAD-{i:07d},{moment},{text},{county},市民\n")


def setup(users: int) -> tuple[object, list[str], int]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from jiandu.clues.models import Channel
    from jiandu.clues.services import file_clue
    from jiandu.org.domains import ensure_domains
    from jiandu.org.models import Enterprise, Region, RegionLevel, Role, User

    ensure_domains()
    province = Region.objects.create(code="410000", name="河南省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(code="411800", name="中原市", level=RegionLevel.CITY, parent=province)
    east = Region.objects.create(code="411802", name="东城区", level=RegionLevel.COUNTY, parent=city)
    west = Region.objects.create(code="411803", name="西城区", level=RegionLevel.COUNTY, parent=city)
    importer = User.objects.create_user(
        username="importer", password=PASSWORD, role=Role.TASK_FORCE, region=city
    )
    names = []
    for i in range(users):
        role, region = [
            (Role.TASK_FORCE, city),
            (Role.COUNTY_BUREAU, east),
            (Role.OFFICER, east),
            (Role.OFFICER, west),
        ][i % 4]
        User.objects.create_user(username=f"u{i:02d}", password=PASSWORD, role=role, region=region)
        names.append(f"u{i:02d}")
    for i in range(60):
        Enterprise.objects.create(
            uscc=f"91411800MA{i:07d}X"[:18], name=f"负载测试商贸有限公司{i}", region=east if i % 2 else west
        )
    first = None
    for i in range(200):
        clue = file_clue(
            actor=importer,
            channel=Channel.HOTLINE_12345,
            summary=SUMMARIES[i % len(SUMMARIES)],
            region=east if i % 2 else west,
            source_ref=f"SEED-{i}",
        )
        first = first or clue.pk
    return importer, names, int(first or 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", type=float, default=0.5)
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--cancel-after", type=float, default=0.0, help="cancel once this share is written")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if not 1 <= args.rows <= 200_000 or not 1 <= args.users <= 50 or not 10 <= args.max_seconds <= 7200:
        parser.error("--rows 1…200000, --users 1…50, --max-seconds 10…7200")

    work = Path(tempfile.mkdtemp(prefix="jiandu-load-"))
    os.environ.setdefault("JIANDU_ENV", "test")
    os.environ["JIANDU_VAR_DIR"] = str(work)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    os.environ.setdefault("JIANDU_PUBLIC_RATE_LIMITS", "")
    started = time.perf_counter()
    importer, accounts, clue_id = setup(args.users)
    table = work / "orders.csv"
    make_table(table, args.rows)
    size = table.stat().st_size >> 10
    print(f"set-up {time.perf_counter() - started:.1f} s; table {args.rows} rows, {size} KiB")

    import socket

    from waitress.server import create_server

    from jiandu.clues import imports
    from jiandu.clues.models import Clue, ClueImport, ClueImportStatus
    from jiandu.wsgi import application

    port = args.port
    if not port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    server = create_server(application, host="127.0.0.1", port=port, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"

    stored, header = imports.store_upload(filename="orders.csv", data=table.read_bytes())
    # the worker stand-in: queue the job (no enqueue here), then run it in its own thread
    original = imports.run_work_order_import
    job = None

    class _NoEnqueue:
        @staticmethod
        def enqueue(_pk: int) -> None:
            return None

    imports.run_work_order_import = _NoEnqueue  # type: ignore[assignment]
    try:
        job = imports.start_work_order_import(
            actor=importer,
            stored_name=stored,
            filename="orders.csv",
            mapping=imports.guess_mapping(header),
            channel="hotline_12345",
        )
    finally:
        imports.run_work_order_import = original
    assert job is not None

    failure: list[str] = []

    def worker() -> None:
        # the worker is its own process, as `jiandu worker` is in production (not a thread of the server)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), os.environ.get("PYTHONPATH", "")]),
        }
        code = (
            "import django; django.setup(); from jiandu.clues.imports import run_import_job; "
            f"run_import_job({job.pk})"
        )
        done_ = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
        )
        if done_.returncode:
            failure.append(done_.stderr[-2000:])

    results = Results()
    refused: dict[str, int] = {}
    done = threading.Event()
    weights = [w for w, _, _ in PAGES]

    def browse(account: str, seed: int) -> None:
        rng = random.Random(seed)
        session = Session(base)
        try:
            session.login(account, PASSWORD)
        except Exception as error:
            results.add("登录", 0.0, f"{type(error).__name__}: {error}")
            return
        while not done.is_set():
            _, label, path = rng.choices(PAGES, weights=weights)[0]
            elapsed, error = session.get(path.format(job=job.pk, clue=clue_id))
            if label in SCOPED and error in {"HTTP 403", "HTTP 404"}:
                # an officer may not open imports, a county not the other county's clue: refusals
                with results.lock:
                    refused[label] = refused.get(label, 0) + 1
                error = ""
            results.add(label, elapsed, error)
            time.sleep(args.think * rng.random() * 2)

    browsers = [
        threading.Thread(target=browse, args=(account, i), daemon=True) for i, account in enumerate(accounts)
    ]
    for thread in browsers:
        thread.start()
    time.sleep(2)
    import_started = time.perf_counter()
    runner = threading.Thread(target=worker, daemon=True)
    runner.start()
    cancelled_by_bench = ""
    # poll often when cancelling at a share of the rows, so that a fast import cannot finish first
    poll = 0.05 if args.cancel_after else 1.0
    while runner.is_alive():
        runner.join(poll)
        current = ClueImport.objects.get(pk=job.pk)
        elapsed = time.perf_counter() - import_started
        share = current.written / current.valid_rows if current.valid_rows else 0.0
        if not cancelled_by_bench and (
            elapsed > args.max_seconds or (args.cancel_after and share >= args.cancel_after)
        ):
            cancelled_by_bench = f"after {elapsed:.0f} s, {current.written} rows written"
            imports.cancel_work_order_import(actor=importer, job=current)
    import_seconds = time.perf_counter() - import_started
    done.set()
    for thread in browsers:
        thread.join(30)
    server.close()

    job = ClueImport.objects.get(pk=job.pk)
    mine = Clue.with_pending.filter(import_job=job)
    visible = Clue.objects.filter(source_ref__startswith="LOAD-").count()
    print(f"\n{args.users} users browsing during the import ({base})")
    print(f"{'page':<24} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    everything: list[float] = []
    errors = 0
    for label in [label for _, label, _ in PAGES] + ["登录"]:
        times = results.times.get(label, [])
        if not times:
            continue
        everything += times
        errors += len(results.errors.get(label, []))
        p50, p95, p99 = (percentile(times, q) * 1000 for q in (50, 95, 99))
        count = len(results.errors.get(label, []))
        print(f"{label:<24} {len(times):>6} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} {count:>7}")
    print(
        f"{'all':<24} {len(everything):>6} {percentile(everything, 50) * 1000:>8.0f}"
        f" {percentile(everything, 95) * 1000:>8.0f} {percentile(everything, 99) * 1000:>8.0f} {errors:>7}"
    )
    for label, messages in results.errors.items():
        print(f"  {label}: {', '.join(sorted(set(messages))[:5])}")
    if refused:
        print(
            "refused by scope or role (expected, not errors): "
            + ", ".join(f"{k} {v}" for k, v in refused.items())
        )
    print(
        f"\nimport: {job.get_status_display()} ({job.status}) in {import_seconds:.1f} s, "
        f"{job.rows_done} rows checked, {job.written} written, {job.created} shown; {job.message}"
    )
    if cancelled_by_bench:
        print(f"cancelled by the bench {cancelled_by_bench}")
    if failure:
        print(f"worker error: {failure[0]}")
    if job.status == ClueImportStatus.DONE:
        whole = visible == job.valid_rows == mine.count() and not mine.filter(pending=True).exists()
        print(f"whole: {whole} ({visible} of {job.valid_rows} valid rows visible)")
    else:
        whole = mine.count() == 0 and visible == 0
        print(f"rolled back whole: {whole} ({mine.count()} rows of the job left)")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if whole and errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
