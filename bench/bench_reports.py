"""Time the city roll-up of one month: the accepted snapshots plus the city's own units (live),
every column of the default template, and the .xlsx / .docx files.

Run against any database (the demo city now; the province-scale data set when it exists):

    DATABASE_URL=sqlite:///var/jiandu.sqlite3 .venv/bin/python bench/bench_reports.py \
        --region 411800 --period 2025-06
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/bench_reports.py --repeat 5

Reports the median and worst of ``--repeat`` runs, for the snapshot roll-up, the live form (every
cell recomputed from the raw records), and the two files, plus the number of SQL queries.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def _timed(repeat: int, work: Callable[[], Any]) -> tuple[float, float, int]:
    from django.db import connection, reset_queries

    times = []
    queries = 0
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
        queries = len(connection.queries)
    return statistics.median(times), max(times), queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="411800")
    parser.add_argument("--period", default="2025-06")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        print("请设置 DATABASE_URL（例如已载入演示数据的 sqlite:///var/jiandu.sqlite3)", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = True  # count queries
    from jiandu.clues.models import Clue
    from jiandu.org.models import Region
    from jiandu.reports.exports import rollup_document, rollup_workbook
    from jiandu.reports.models import Submission
    from jiandu.reports.selectors import build_form, monthly_item

    region = Region.objects.get(code=args.region)
    start = dt.datetime.strptime(args.period, "%Y-%m").date()
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    item = monthly_item(region, start)
    counties = Region.objects.filter(parent=region).count()
    engine = settings.DATABASES["default"]["ENGINE"]
    print(
        f"数据：{region.name}，{counties} 个下级区划，问题线索 {Clue.objects.count()} 条，"
        f"报送材料 {Submission.objects.count()} 份；统计期间 {start}~{end}；数据库 {engine}"
    )
    forms: dict[str, Any] = {}

    def snapshot() -> None:
        forms["snapshot"] = build_form(
            region=region, start=start, end=end, item=item, snapshot=item is not None
        )

    def live() -> None:
        build_form(region=region, start=start, end=end, item=item)

    results = [
        ("汇总（已采纳报送数+本级实时）", _timed(args.repeat, snapshot)),
        ("实时情况表（全部单元格重算）", _timed(args.repeat, live)),
        ("汇总表 .xlsx", _timed(args.repeat, lambda: rollup_workbook(forms["snapshot"]))),
        ("汇总 .docx", _timed(args.repeat, lambda: rollup_document(forms["snapshot"]))),
    ]
    for name, (median, worst, queries) in results:
        print(f"{name:<24} 中位数 {median * 1000:8.1f} 毫秒  最慢 {worst * 1000:8.1f} 毫秒  SQL {queries} 条")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
