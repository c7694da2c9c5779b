"""Per-request server cost of each page in the load-test mix: CPU ms of the Django process, wall ms and
queries, per persona, in one process through Django's test client (no HTTP, no load generator).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/province JIANDU_ENV=production \
        JIANDU_SECRET_KEY=... REDIS_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python bench/profile_pages.py [--accounts zb01,xj410101] [--repeat 10] \
        [--profile /cases/] [--cold]

CPU is `time.process_time()` of this process around each request: the Python work of one web worker
(middleware, session, views, templates, the database driver's share), not PostgreSQL's. 50 users with
1 s think time on two cores leave roughly 40 ms of CPU per request for Python and PostgreSQL together.
By default the shared cache is kept between requests (as in production, where the dashboard's
composed figures live in Redis for a minute); `--cold` clears it before every request. `--profile PATH`
prints a cProfile of that page (cumulative, top 40) for the first account.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from loadtest import PAGES, allowed  # noqa: E402

from jiandu.org.models import User  # noqa: E402


def measure(client: Client, path: str, *, cold: bool) -> tuple[float, float, int, int]:
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(path, headers={"host": settings.ALLOWED_HOSTS[0]})
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu * 1000, wall * 1000, len(captured.captured_queries), response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", default="zb01,xj410101")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cold", action="store_true", help="每次请求前清空共享缓存")
    parser.add_argument("--profile", default="", help="对该路径做 cProfile(第一个账号)")
    args = parser.parse_args()
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    name = settings.DATABASES["default"]["NAME"]
    print(f"database {connection.vendor} {name}, cache {backend}, env {settings.ENVIRONMENT}")
    weighted_cpu = weighted_wall = weight_sum = 0.0
    for account in args.accounts.split(","):
        client = Client()
        client.force_login(User.objects.get(username=account))
        print(f"\n{account}")
        print(f"{'page':<28} {'cpu ms':>8} {'wall ms':>8} {'queries':>8} {'status':>7}")
        for weight, label, path in PAGES:
            if not allowed(account, path):
                continue
            measure(client, path, cold=args.cold)  # warm this worker (imports, template cache)
            runs = [measure(client, path, cold=args.cold) for _ in range(args.repeat)]
            cpu = statistics.median(r[0] for r in runs)
            wall = statistics.median(r[1] for r in runs)
            weighted_cpu += weight * cpu
            weighted_wall += weight * wall
            weight_sum += weight
            print(f"{label:<28} {cpu:>8.1f} {wall:>8.1f} {runs[-1][2]:>8} {runs[-1][3]:>7}")
        if args.profile and account == args.accounts.split(",")[0]:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(args.profile, headers={"host": settings.ALLOWED_HOSTS[0]})
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(40)
    print(f"\nweighted by the load-test mix: cpu {weighted_cpu / weight_sum:.1f} ms, "
          f"wall {weighted_wall / weight_sum:.1f} ms per request (medians)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
