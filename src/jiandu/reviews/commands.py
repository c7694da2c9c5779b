"""`jiandu reviews ...`: the 双百回访 sweep and a coverage print-out."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jiandu.boot import setup_django


def cmd_sync_visits(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.org.models import User
    from jiandu.reviews.services import sync_follow_up_tasks

    actor = User.objects.filter(username=args.user).first() if args.user else None
    if args.user and actor is None:
        print(f"错误：用户“{args.user}”不存在。", file=sys.stderr)
        return 2
    print(sync_follow_up_tasks(actor=actor))
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.org.models import User
    from jiandu.reviews.selectors import follow_up_coverage

    user = User.objects.filter(username=args.user).first()
    if user is None:
        print(f"错误：用户“{args.user}”不存在。", file=sys.stderr)
        return 2
    print(f"{'县(市、区)':<12}{'应回访':>8}{'已回访':>8}{'逾期':>6}{'未到期':>8}{'覆盖率':>9}")
    for row in follow_up_coverage(user):
        print(f"{row.name:<12}{row.due:>8}{row.done:>8}{row.overdue:>6}{row.pending:>8}{row.rate:>9}")
    return 0


def register(subparsers: Any) -> None:
    reviews = subparsers.add_parser("reviews", help="案卷评查与回访")
    sub = reviews.add_subparsers(dest="reviews_command", required=True)
    sync = sub.add_parser("sync-visits", help="为应当双百回访而尚无任务的已决案件生成回访任务（可重复执行）")
    sync.add_argument("--user", default="", help="记入审计的操作人用户名（默认：系统）")
    sync.set_defaults(func=cmd_sync_visits)
    coverage = sub.add_parser("coverage", help="按县（市、区）输出双百回访覆盖情况")
    coverage.add_argument("--user", default="admin", help="按该用户的管辖范围统计")
    coverage.set_defaults(func=cmd_coverage)
