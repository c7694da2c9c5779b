"""`jiandu figures refresh`: rebuild the dashboard aggregates now (cron, after a bulk load)."""

from __future__ import annotations

import argparse
from typing import Any

from jiandu.boot import setup_django


def cmd_figures(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.figures.services import refresh_figures

    refresh = refresh_figures(full=not args.recent)
    print(f"统计汇总已刷新：{refresh.rows} 行，用时 {refresh.seconds:.1f} 秒。")
    return 0


def register(subparsers: Any) -> None:
    figures = subparsers.add_parser("figures", help="工作台统计汇总")
    sub = figures.add_subparsers(dest="figures_command", required=True)
    refresh = sub.add_parser("refresh", help="从原始数据重新汇总（通常由后台任务自动完成）")
    refresh.add_argument("--recent", action="store_true", help="只重算最近几个月（默认全部重算）")
    figures.set_defaults(func=cmd_figures)
