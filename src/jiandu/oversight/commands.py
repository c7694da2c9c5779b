"""`jiandu oversight ...`: refresh and export the good-credit list; list urgent matters past their hours."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from jiandu.boot import setup_django


def _user(username: str) -> Any:
    from jiandu.org.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        print(f"错误：用户“{username}”不存在或已停用。", file=sys.stderr)
    return user


def cmd_incentives(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from jiandu.clues.services import record_export
    from jiandu.documents.xlsx import Sheet, build_workbook
    from jiandu.errors import UserError
    from jiandu.oversight import selectors as S
    from jiandu.oversight.services.incentives import refresh

    actor = _user(args.user)
    if actor is None or actor.region is None:
        if actor is not None:
            print("错误：该用户没有所属区划。", file=sys.stderr)
        return 2
    try:
        done = refresh(actor=actor, region=actor.region)
    except (UserError, PermissionDenied) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    print(f"守信激励名单已更新：{done.listed} 户（新增 {done.added}，移出 {done.removed}）")
    if args.out:
        rows = S.eligible_rows(S.list_eligible(user=actor))
        Path(args.out).write_bytes(build_workbook([Sheet("守信激励名单", S.INCENTIVE_HEADER, rows)]))
        record_export(actor=actor, name="守信激励名单", filters={}, rows=len(rows))
        print(f"已导出 {len(rows)} 行至 {args.out}")
    return 0


def cmd_overdue(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.oversight import selectors as S

    actor = _user(args.user)
    if actor is None:
        return 2
    late = [r for r in S.urgent_rows(S.list_urgent(user=actor, open_only=True)) if r.urgency.overdue]
    for row in late:
        m = row.matter
        due = f"{row.urgency.due_at:%Y-%m-%d %H:%M}"
        print(f"线索 {m.clue_id}\t{m.get_kind_display()}\t{m.region.name}\t时限 {due}")
    print(f"共 {len(late)} 件紧急事项已超时")
    return 1 if late else 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("oversight", help="紧急处置与专项监督")
    sub = parser.add_subparsers(dest="oversight_command", required=True)
    incentives = sub.add_parser("incentives", help="按现有数据更新守信激励名单（可导出 .xlsx）")
    incentives.add_argument("--user", default="admin", help="以该用户的区划和权限更新")
    incentives.add_argument("--out", help="导出文件路径（.xlsx）")
    incentives.set_defaults(func=cmd_incentives)
    overdue = sub.add_parser("overdue", help="列出已超时的紧急事项（有则退出码为 1）")
    overdue.add_argument("--user", default="admin", help="按该用户的管辖范围读取")
    overdue.set_defaults(func=cmd_overdue)
