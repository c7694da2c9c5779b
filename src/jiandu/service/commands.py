"""`jiandu service ...`: issue a firm's access code, print a firm's record, export the assistance list."""

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


def cmd_access_code(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from jiandu.errors import UserError
    from jiandu.service.selectors import firm_by_uscc
    from jiandu.service.services import issue_access_code

    actor = _user(args.user)
    if actor is None:
        return 2
    firm = firm_by_uscc(user=actor, uscc=args.uscc)
    if firm is None:
        print(
            f"错误：没有找到统一社会信用代码为“{args.uscc}”的企业，或不在该用户的管辖范围内。",
            file=sys.stderr,
        )
        return 2
    try:
        access, code = issue_access_code(actor=actor, enterprise=firm, purpose=args.purpose)
    except (UserError, PermissionDenied) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    print(f"{firm.name} 的企业查询码：{code}（有效期至 {access.expires_on:%Y-%m-%d}，只显示这一次）")
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.service.record import get_record

    user = _user(args.user)
    if user is None:
        return 2
    record = get_record(user=user, uscc=args.uscc)
    if record is None:
        print(
            f"错误：没有找到统一社会信用代码为“{args.uscc}”的企业，或不在该用户的管辖范围内。",
            file=sys.stderr,
        )
        return 2
    print(f"{record.enterprise.name}（{record.enterprise.uscc}）")
    for heading, items in (
        ("存在的风险", record.risks),
        ("到期事项", record.due),
        ("我局应办事项", record.owed),
    ):
        print(f"{heading}：{len(items)} 项")
        for item in items:
            print(
                f"  {item.text}"
                + (f"（期限 {item.due:%Y-%m-%d}）" if item.due else "")
                + ("[逾期]" if item.overdue else "")
            )
    for event in record.events:
        print(f"{event.on:%Y-%m-%d}  {record.labels[event.source]:<10} {event.title}  {event.status}")
    return 0


def cmd_assistance_export(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.clues.services import record_export
    from jiandu.documents.xlsx import Sheet, build_workbook
    from jiandu.service.selectors import ASSISTANCE_HEADER, assistance_rows, assistance_table, list_assistance

    user = _user(args.user)
    if user is None:
        return 2
    rows = assistance_rows(list_assistance(user=user).prefetch_related("steps"))
    table = assistance_table(rows)
    data = build_workbook(
        [Sheet(name="帮扶需求清单", header=ASSISTANCE_HEADER, rows=table, title="企业帮扶需求清单")]
    )
    Path(args.out).write_bytes(data)
    record_export(actor=user, name="帮扶需求清单", filters={}, rows=len(table))
    print(f"已导出帮扶需求 {len(table)} 项：{args.out}")
    return 0


def register(subparsers: Any) -> None:
    service = subparsers.add_parser("service", help="一企一档与服务型执法")
    sub = service.add_subparsers(dest="service_command", required=True)
    code = sub.add_parser("access-code", help="签发企业查询码（随处罚决定书或检查结果告知书送达）")
    code.add_argument("uscc")
    code.add_argument("--purpose", choices=["decision", "inspection"], default="decision")
    code.add_argument("--user", required=True, help="签发人用户名")
    code.set_defaults(func=cmd_access_code)
    record = sub.add_parser("record", help="输出企业体检档案（一企一档）")
    record.add_argument("uscc")
    record.add_argument("--user", default="admin", help="按该用户的管辖范围读取")
    record.set_defaults(func=cmd_record)
    export = sub.add_parser("assistance-export", help="导出帮扶需求清单（.xlsx，按县区和责任单位排列）")
    export.add_argument("--out", required=True)
    export.add_argument("--user", default="admin", help="按该用户的管辖范围导出")
    export.set_defaults(func=cmd_assistance_export)
