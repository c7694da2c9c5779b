"""Complaint import into PostgreSQL: rows per second and peak memory of the background task.

A 12315-style export (.csv, GBK, the platform's column names) is generated here, independently of
the import code: work-order numbers, times over 2026, the platform's problem categories (1 % left
empty, so the triage engine decides those), free-text content, the firm by USCC (40 %), by name
(30 %) or not named, and the county by name or code. Then the import task (`run_import`, what the
worker runs) reads it in a fresh process, and that process's time and peak RSS are reported.

Run (database i14 is created if missing):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/i14 \
  .venv/bin/python bench/bench_complaint_import.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
os.environ.setdefault("JIANDU_ENV", "test")

HEADER = [
    "登记编号",
    "登记时间",
    "诉求类型",
    "问题类别",
    "诉求内容",
    "涉事主体名称",
    "统一社会信用代码",
    "涉事主体所在地区",
]
CATEGORIES = [
    "食品安全",
    "价格",
    "计量",
    "广告",
    "网络购物",
    "预付式消费",
    "产品质量",
    "特种设备",
    "商标",
    "合同",
]
TEXTS = [
    "购买的{x}已超过保质期,要求退货赔偿。",
    "结算价格比标签价格高出{n}元。",
    "在市场买的{x}回家复称少了二两。",
    "商家宣传包过,实际与承诺不符。",
    "网购的{x}与描述不符,商家拒绝退货。",
    "办理的会员卡余额{n}元,门店停业无法退费。",
    "购买的{x}使用一周即出现故障。",
    "小区电梯频繁故障,多次困人。",
]
GOODS = ["牛奶", "面包", "猪肉", "电暖器", "羽绒服", "手机", "鸡蛋", "运动鞋"]
COUNTIES = [(f"4118{k:02d}", f"测试{k}区") for k in range(2, 12)]
FIRMS = 20_000


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    from jiandu.engines.uscc import make_code
    from jiandu.org.domains import ensure_domains
    from jiandu.org.models import Enterprise, Region, RegionLevel, Role, User

    ensure_domains()
    province, _ = Region.objects.get_or_create(
        code="410000", defaults={"name": "河南省", "level": RegionLevel.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code="411800", defaults={"name": "中原市", "level": RegionLevel.CITY, "parent": province}
    )
    counties = []
    for code, name in COUNTIES:
        region, _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": RegionLevel.COUNTY, "parent": city}
        )
        counties.append(region)
    User.objects.get_or_create(username="bench", defaults={"role": Role.TASK_FORCE, "region": city})
    if Enterprise.objects.count() < FIRMS:
        Enterprise.objects.bulk_create(
            [
                Enterprise(
                    uscc=make_code("9", "1", counties[k % 10].code, f"{k:09d}"),
                    name=f"测试商贸{k}号",
                    region=counties[k % 10],
                )
                for k in range(FIRMS)
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE prevention_complaint, prevention_complaintcount")


def _generate(path: Path, rows: int) -> None:
    from jiandu.engines.uscc import make_code

    rng = random.Random(14)
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for k in range(rows):
            county = rng.randrange(10)
            firm = rng.randrange(FIRMS // 10) * 10 + county
            pick = rng.random()
            uscc = make_code("9", "1", COUNTIES[firm % 10][0], f"{firm:09d}") if pick < 0.4 else ""
            name = f"测试商贸{firm}号" if 0.4 <= pick < 0.7 else ""
            text = rng.choice(TEXTS).format(x=rng.choice(GOODS), n=rng.randint(2, 500))
            writer.writerow(
                [
                    f"T{k:010d}",
                    f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d} "
                    f"{rng.randint(8, 20):02d}:{rng.randint(0, 59):02d}",
                    rng.choice(["投诉", "投诉", "举报", "咨询"]),
                    "" if rng.random() < 0.01 else rng.choice(CATEGORIES),
                    text,
                    name,
                    uscc,
                    COUNTIES[county][1] if rng.random() < 0.5 else COUNTIES[county][0],
                ]
            )


def _run(job_id: int) -> None:
    import django

    django.setup()
    from jiandu.prevention.imports import run_import

    started, cpu = time.perf_counter(), time.process_time()
    job = run_import(job_id)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"status: {job.status}  {job.message}")
    print(f"rows: {job.rows_done:,}  created: {job.created:,}  seconds: {seconds:.1f}", end="  ")
    print(f"rows/s: {job.rows_done / seconds:,.0f}")
    print(f"CPU of the import process: {cpu:.1f} s ({job.rows_done / cpu:,.0f} rows per CPU second)")
    print(f"peak RSS of the import process: {rss:.0f} MiB; load average: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _run(args.run)
        return
    _setup()
    from django.conf import settings

    from jiandu.org.models import User
    from jiandu.prevention.imports import import_path
    from jiandu.prevention.models import ComplaintImport

    print(f"database: {settings.DATABASES['default']['ENGINE']} {settings.DATABASES['default']['NAME']}")
    stored = f"{'b' * 32}.csv"
    path = import_path(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    _generate(path, args.rows)
    size = path.stat().st_size / 2**20
    print(f"generated {args.rows:,} rows ({size:.0f} MiB, GBK) in {time.perf_counter() - started:.0f} s")
    actor = User.objects.get(username="bench")
    mapping = dict(
        zip(
            (
                "number",
                "received_at",
                "kind",
                "category",
                "summary",
                "enterprise_name",
                "enterprise_uscc",
                "region",
            ),
            HEADER,
            strict=True,
        )
    )
    job = ComplaintImport.objects.create(
        source="12315",
        filename="bench.csv",
        stored_name=stored,
        mapping=mapping,
        region=actor.region,
        created_by=actor,
    )
    subprocess.run([sys.executable, __file__, "--run", str(job.pk)], check=True)


if __name__ == "__main__":
    main()
