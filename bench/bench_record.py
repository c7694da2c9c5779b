"""The firm record (一企一档): time of the selector, the staff page and the API for the busiest firms.

Run:  .venv/bin/python bench/bench_record.py [--scale 1.0] [--firms 20] [--repeat 10]
      DATABASE_URL=postgres://…/province .venv/bin/python bench/bench_record.py --user zhuanban

Without DATABASE_URL a fresh SQLite file gets the demo city at --scale (the demo firm included); with
DATABASE_URL the existing data is used as it is (province data loaded independently of this code).
The firms timed are the demo firm (if any) and the --firms firms with the most complaints, cases and
inspections, i.e. the longest timelines. Prints one JSON line per measurement: wall-clock median, p95
and max in ms, the median CPU time of this process (on SQLite the database work is in-process, so
this is the figure that a loaded shared machine distorts least), and the SQL queries of one request.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--firms", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--user", default="zhuanban", help="a city-wide user whose scope covers the firms")
    args = parser.parse_args()
    fresh = "DATABASE_URL" not in os.environ
    if fresh:
        var = tempfile.mkdtemp(prefix="jiandu-bench-")
        os.environ["JIANDU_VAR_DIR"] = var
        os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jiandu.org.models import Enterprise, User
    from jiandu.service.models import FirmAccessCode
    from jiandu.service.record import get_record

    settings.ALLOWED_HOSTS = ["*"]
    if fresh:
        from django.core.management import call_command

        from jiandu.demo.loader import load_demo_city

        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        load_demo_city(scale=args.scale, log=lambda _m: None)
        print(
            f"# demo city at scale {args.scale} loaded in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    user = User.objects.get(username=args.user)
    busiest = list(
        Enterprise.objects.annotate(
            n=Count("complaints", distinct=True) + Count("penalty_cases", distinct=True)
        )
        .order_by("-n", "pk")
        .values_list("uscc", flat=True)[: args.firms]
    )
    demo = FirmAccessCode.objects.values_list("enterprise__uscc", flat=True).first()
    firms = ([demo] if demo else []) + [u for u in busiest if u != demo]
    client = Client()
    client.force_login(user)
    get_record(user=user, uscc=firms[0])  # warm the rule and holiday caches once
    print(
        json.dumps(
            {"database": connection.vendor, "enterprises": Enterprise.objects.count(), "firms": len(firms)}
        )
    )
    for label, call in (
        ("selector", lambda uscc: get_record(user=user, uscc=uscc)),
        ("page", lambda uscc: client.get(f"/enterprises/{uscc}/record/")),
        ("api", lambda uscc: client.get(f"/api/enterprises/{uscc}/record")),
    ):
        times: list[float] = []
        cpu: list[float] = []
        queries: list[int] = []
        events: list[int] = []
        for uscc in firms:
            for _ in range(args.repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    result = call(uscc)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                queries.append(len(captured.captured_queries))
            if label == "selector" and result is not None:
                events.append(len(result.events))
            if label != "selector":
                assert result.status_code == 200, (label, uscc, result.status_code)
        line = {
            "measure": label,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(_percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            "cpu_median_ms": round(statistics.median(cpu), 1),
            "queries_max": max(queries),
        }
        if events:
            line["events_max"] = max(events)
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
