"""`jiandu index rebuild` and `jiandu index status`: the case library's full-text index."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jiandu.boot import setup_django


def cmd_index(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.library import services
    from jiandu.library.index import DECIDED_STATES, index_store

    store = index_store()
    if args.index_command == "rebuild":
        from jiandu.org.models import User

        actor = User.objects.filter(username=args.user).first() if args.user else None
        if args.user and actor is None:
            print(f"错误：用户“{args.user}”不存在。", file=sys.stderr)
            return 2
        print(services.rebuild_index(actor=actor))
        return 0
    if not store.exists():
        print(f"案例库索引尚未建立（目录 {store.root}）；请运行 jiandu index rebuild。")
        return 1
    from jiandu.cases.models import PenaltyCase
    from jiandu.library.models import TypicalCase

    decided = PenaltyCase.objects.filter(status__in=DECIDED_STATES).count()
    typical = TypicalCase.objects.count()
    documents = store.count()
    print(f"索引目录：{store.root / store.current_name()}")
    print(f"索引文档：{documents} 件；数据库中已决定的处罚案件 {decided} 件、典型案例 {typical} 件。")
    print(f"索引大小：{store.size_bytes() / 2**20:.1f} MiB")
    if documents != decided + typical:
        print("提示：索引与数据库不一致，请运行 jiandu index rebuild。")
        return 1
    return 0


def register(subparsers: Any) -> None:
    index = subparsers.add_parser("index", help="案例库全文索引")
    sub = index.add_subparsers(dest="index_command", required=True)
    rebuild = sub.add_parser("rebuild", help="从数据库重建案例库索引（处罚案件与典型案例）")
    rebuild.add_argument("--user", default="", help="操作人用户名（记入审计；可不填）")
    sub.add_parser("status", help="索引文档数与数据库是否一致")
    index.set_defaults(func=cmd_index)
