"""Clue intake throughput: `file_clue` (triage + duplicate linking + audit) and a work-order import.

Run: .venv/bin/python bench/bench_clue_intake.py [clues] [rows]
Fresh SQLite file; one city with two counties; texts vary so duplicate linking has work to do.
"""

from __future__ import annotations

import csv
import io
import os
import random
import resource
import sys
import tempfile
import time

TEMPLATES = (
    "{county}市场监管所执法人员到我店检查,要求购买指定的{item},否则罚款{money}元",
    "反映{county}执法人员一个月内{n}次上门检查同一事项,影响正常经营",
    "企业反映{county}市场监管局罚款{money}元,未说明裁量理由,也未告知陈述申辩权利",
    "执法人员检查时态度粗暴,拍桌子,扣押{item}后没有出具任何文书",
    "举报{county}某商户销售假冒{item}已经{n}个月,多次反映无人处理",
)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    var = tempfile.mkdtemp(prefix="jiandu-bench-")
    os.environ["JIANDU_VAR_DIR"] = var
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "jiandu.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from jiandu.clues.imports import guess_mapping, import_work_orders
    from jiandu.clues.models import Channel, DuplicateLink
    from jiandu.clues.services import file_clue
    from jiandu.documents.tabular import read_table
    from jiandu.org.models import Region, Role, User

    province = Region.objects.create(code="410000", name="河南省", level="province")
    city = Region.objects.create(code="411800", name="中原市", level="city", parent=province)
    east = Region.objects.create(code="411802", name="东城区", level="county", parent=city)
    Region.objects.create(code="411803", name="西城区", level="county", parent=city)
    actor = User.objects.create(username="bench", role=Role.TASK_FORCE, region=city)
    rng = random.Random(7)

    def text() -> str:
        return rng.choice(TEMPLATES).format(
            county=rng.choice(("东城区", "西城区")),
            item=rng.choice(("灭火器", "电子秤", "消毒柜", "白酒", "羽绒服")),
            money=rng.choice((500, 2000, 5000, 20000)),
            n=rng.randint(2, 9),
        )

    file_clue(actor=actor, channel=Channel.VISIT, summary=text(), region=east)  # load the triage model
    started = time.perf_counter()
    for _ in range(count):
        file_clue(actor=actor, channel=Channel.VISIT, summary=text(), region=east)
    filed = time.perf_counter() - started
    print(f"file_clue: {count} clues in {filed:.1f} s = {count / filed:.0f} clues/s "
          f"({DuplicateLink.objects.count()} duplicate links)")  # fmt: skip

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["工单号", "来电时间", "诉求内容", "区县"])
    for i in range(rows):
        writer.writerow(
            [f"B-{i}", f"2026-05-{1 + i % 28:02d} 09:00", text(), rng.choice(("东城区", "西城区"))]
        )
    header, data = read_table(buffer.getvalue().encode(), "orders.csv")
    started = time.perf_counter()
    report = import_work_orders(
        actor=actor, header=header, rows=data, mapping=guess_mapping(header), channel=Channel.HOTLINE_12345
    )
    took = time.perf_counter() - started
    assert report.stored, report.errors[:3]
    print(f"work-order import: {report.created} rows in {took:.1f} s = {report.created / took:.0f} rows/s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
