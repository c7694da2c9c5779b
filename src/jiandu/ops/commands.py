"""`jiandu worker`, `jiandu backup`, `jiandu restore` and `jiandu serve --workers N`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from jiandu.boot import setup_django


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if settings.TASK_QUEUE != "rq":
        print("错误：未设置 REDIS_URL，后台任务在 Web 进程内直接执行，无需启动 worker。", file=sys.stderr)
        return 2
    options: dict[str, Any] = {"job_class": "django_tasks_rq.Job", "with_scheduler": False}
    if args.burst:
        options["burst"] = True
    call_command("rqworker", "default", **options)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.errors import UserError
    from jiandu.ops.backup import backup

    try:
        print(backup(args.destination))
    except UserError as failure:
        print(f"错误：{failure}", file=sys.stderr)
        return 2
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.errors import UserError
    from jiandu.ops.backup import restore, verify

    try:
        if args.check:
            verify(args.folder)
            print("备份完整：每个文件的大小和校验和都与清单一致。")
            return 0
        if not args.yes:
            print("错误：恢复会覆盖当前数据库、附件和索引；确认后加 --yes 重新运行。", file=sys.stderr)
            return 2
        print(restore(args.folder))
    except UserError as failure:
        print(f"错误：{failure}", file=sys.stderr)
        return 2
    return 0


def gunicorn_argv(host: str, port: int, workers: int, threads: int) -> list[str]:
    """The production server: several worker processes, each with a few threads, recycled periodically."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "jiandu.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--timeout",
        "60",
        "--graceful-timeout",
        "30",
        "--max-requests",
        "5000",
        "--max-requests-jitter",
        "500",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("JIANDU_PROXY_IPS", "127.0.0.1"),
    ]


def register(subparsers: Any) -> None:
    worker = subparsers.add_parser("worker", help="启动后台任务 worker（需要 REDIS_URL）")
    worker.add_argument("--burst", action="store_true", help="处理完队列中的任务后退出")
    worker.set_defaults(func=cmd_worker)

    backup = subparsers.add_parser("backup", help="备份数据库、附件和案例库索引（带清单和校验和）")
    backup.add_argument("destination", help="备份写入的目录")
    backup.set_defaults(func=cmd_backup)

    restore = subparsers.add_parser("restore", help="从 jiandu backup 的备份恢复")
    restore.add_argument("folder", help="jiandu-backup-… 目录")
    restore.add_argument("--check", action="store_true", help="只核对校验和，不恢复")
    restore.add_argument("--yes", action="store_true", help="确认覆盖当前数据")
    restore.set_defaults(func=cmd_restore)
