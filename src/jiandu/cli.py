"""The `jiandu` command: engines that other systems call, plus set-up and serving."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from jiandu.analysis import commands as analysis_commands
from jiandu.boot import setup_django
from jiandu.clues import commands as clues_commands
from jiandu.discretion import commands as discretion_commands
from jiandu.errors import UserError
from jiandu.figures import commands as figures_commands
from jiandu.inspections import commands as inspections_commands
from jiandu.library import commands as library_commands
from jiandu.ops import commands as ops_commands
from jiandu.oversight import commands as oversight_commands
from jiandu.prevention import commands as prevention_commands
from jiandu.reports import commands as reports_commands
from jiandu.reviews import commands as reviews_commands
from jiandu.service import commands as service_commands

if TYPE_CHECKING:
    from jiandu.engines.workdays import WorkdayCalendar


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式错误，应为 YYYY-MM-DD") from None


def cmd_uscc_check(args: argparse.Namespace) -> int:
    from jiandu.engines.uscc import check_lines

    for item in check_lines(sys.stdin):
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


def _calendar() -> WorkdayCalendar:
    """The working-day calendar with the staff-maintained table when a database is reachable."""
    from jiandu.engines.workdays import WorkdayCalendar

    try:
        setup_django()
        from jiandu.org.holidays import load_calendar

        return load_calendar()
    except Exception:  # no database yet: the shipped official table and the statutory fallback
        return WorkdayCalendar()


def cmd_workdays(args: argparse.Namespace) -> int:
    calendar = _calendar()
    try:
        if args.workdays_command == "add":
            print(calendar.add(args.start, args.days).isoformat())
        else:
            print(calendar.count(args.start, args.end))
    except ValueError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    for warning in calendar.warnings():
        print(f"提示：{warning}", file=sys.stderr)
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.audit.models import AuditEntry
    from jiandu.audit.selectors import verify_audit_chain

    total = AuditEntry.objects.count()
    broken = verify_audit_chain()
    if broken is None:
        print(f"审计链完整：共 {total} 条记录，哈希逐条核验一致，签名检查点相符。")
        if getattr(args, "tables", False):
            return _verify_tables(all_fields=getattr(args, "all_fields", False))
        return 0
    print(f"审计链被破坏：首个异常为第 {broken.seq} 条。{broken.reason}")
    return 1


def _verify_tables(all_fields: bool = False) -> int:
    from jiandu.audit.selectors import verify_business_rows

    checked, mismatches = verify_business_rows(all_fields=all_fields)
    for m in mismatches[:200]:
        print(
            f"业务数据被绕过系统改动：{m.target_type} #{m.target_id} 字段 {m.field}，"
            f"审计第 {m.seq} 条记为 {m.recorded!r}，现为 {m.current!r}"
        )
    if mismatches:
        print(f"共核对 {checked} 行业务数据，{len(mismatches)} 处与审计记录不符。")
        return 1
    print(f"业务数据核对一致：共 {checked} 行与审计记录相符。")
    return 0


def cmd_holidays(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.org.holidays import import_holiday_year, load_calendar
    from jiandu.org.models import HolidayYear, User

    if args.holidays_command == "import":
        path = Path(args.file)
        actor = User.objects.filter(username=args.user).first()
        try:
            entry = import_holiday_year(
                actor=actor, text=path.read_text(encoding="utf-8"), name=path.name, source=args.source
            )
        except (OSError, UserError) as failure:
            print(f"错误：{failure}", file=sys.stderr)
            return 2
        print(f"已保存{entry.year}年放假安排：{entry.days.count()} 天。")
        return 0
    calendar = load_calendar()
    for entry in HolidayYear.objects.all():
        print(f"{entry.year}  工作人员录入  {entry.source}")
    years = sorted(calendar.table.years)
    print(f"已录入或随软件提供的年度：{'、'.join(map(str, years)) or '无'}")
    return 0


def cmd_token_issue(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.org.models import User
    from jiandu.org.services import issue_api_token

    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        print(f"错误：用户“{args.user}”不存在或已停用。", file=sys.stderr)
        return 2
    try:
        token = issue_api_token(actor=None, user=user, name=args.name)
    except UserError as failure:
        print(f"错误：{failure}", file=sys.stderr)
        return 2
    print(token)
    return 0


def cmd_enterprises_import(args: argparse.Namespace) -> int:
    """Queue an enterprise table as a background import (run here at once without a worker)."""
    setup_django()
    from jiandu.documents.tabular import RowError
    from jiandu.errors import UserError
    from jiandu.org.enterprise_imports import import_path, start_enterprise_import, store_upload
    from jiandu.org.models import EnterpriseImport, EnterpriseImportStatus, User

    actor = User.objects.filter(username=args.user, is_active=True).first()
    if actor is None:
        print(f"错误：用户“{args.user}”不存在，请用 --user 指定导入人。", file=sys.stderr)
        return 2
    path = Path(args.file)
    try:
        stored, _header = store_upload(filename=path.name, data=path.read_bytes())
    except (OSError, UserError) as failure:
        print(f"错误：{failure}", file=sys.stderr)
        return 2
    try:
        job = start_enterprise_import(
            actor=actor, stored_name=stored, filename=path.name, partial=args.partial
        )
    except UserError as failure:
        import_path(stored).unlink(missing_ok=True)
        print(f"错误：{failure}", file=sys.stderr)
        return 2
    job = EnterpriseImport.objects.get(pk=job.pk)
    for error in job.errors:
        print(str(RowError(error["row"], error["field"], error["message"])), file=sys.stderr)
    print(job.message or f"已排队（导入任务 {job.pk}），可在“导入经营主体”页面查看进度。")
    if job.running:
        return 0
    return 0 if job.status == EnterpriseImportStatus.DONE and not job.error_count else 1


def _serve(host: str, port: int, workers: int = 1, threads: int = 8) -> None:
    if workers > 1:
        from jiandu.ops.commands import gunicorn_argv

        argv = gunicorn_argv(host, port, workers, threads)
        print(f"Jiandu 已启动（gunicorn,{workers} 个进程）：http://{host}:{port}/", flush=True)
        os.execv(argv[0], argv)  # noqa: S606 - the same interpreter, fixed arguments
    from waitress import serve

    from jiandu.wsgi import application

    print(f"Jiandu 已启动：http://{host}:{port}/  （按 Ctrl+C 停止）", flush=True)
    serve(application, host=host, port=port, threads=threads, ident="jiandu")


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    from jiandu.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_city

    call_command("migrate", interactive=False, verbosity=0)
    summary = load_demo_city(scale=args.scale, reset=args.reset, today=args.today)
    print(summary)
    print(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, full_name, role, region in DEMO_ACCOUNTS:
        print(f"  {username:<16} {full_name:<6} {role:<10} {region}")
    if not args.no_serve:
        _serve(args.host, args.port)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    _serve(args.host, args.port, workers=args.workers, threads=args.threads)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jiandu manage", *args.rest])
    return 0


# Apps add their own sub-commands: each module imported here has `register(subparsers)`. The list is
# explicit, by import: a module that is missing or misspelt fails at start-up instead of vanishing.
COMMAND_MODULES: tuple[ModuleType, ...] = (
    clues_commands,
    inspections_commands,
    reviews_commands,
    discretion_commands,
    library_commands,
    ops_commands,
    figures_commands,
    reports_commands,
    analysis_commands,
    prevention_commands,
    service_commands,
    oversight_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jiandu", description="监督 Jiandu 命令行")
    sub = parser.add_subparsers(dest="command", required=True)

    uscc = sub.add_parser("uscc", help="统一社会信用代码")
    uscc_sub = uscc.add_subparsers(dest="uscc_command", required=True)
    check = uscc_sub.add_parser("check", help="从标准输入逐行读取代码，逐行输出 JSON 校验结果")
    check.set_defaults(func=cmd_uscc_check)

    workdays = sub.add_parser("workdays", help="工作日计算")
    wd_sub = workdays.add_subparsers(dest="workdays_command", required=True)
    add = wd_sub.add_parser("add", help="自某日起加 N 个工作日（当日不计）")
    add.add_argument("start", type=_parse_date)
    add.add_argument("days", type=int)
    count = wd_sub.add_parser("count", help="两日之间的工作日数（起日不计，止日计）")
    count.add_argument("start", type=_parse_date)
    count.add_argument("end", type=_parse_date)
    workdays.set_defaults(func=cmd_workdays)

    audit = sub.add_parser("audit", help="审计留痕")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="核验审计哈希链，指出首个被改动的记录")
    verify.add_argument("--tables", action="store_true", help="同时核对业务数据与审计记录是否一致")
    verify.add_argument(
        "--all-fields", action="store_true", help="与 --tables 同用：核对审计记录中的全部字段"
    )
    verify.set_defaults(func=cmd_audit_verify)

    holidays = sub.add_parser("holidays", help="节假日安排表（国务院通知公布后录入）")
    hol_sub = holidays.add_subparsers(dest="holidays_command", required=True)
    hol_import = hol_sub.add_parser(
        "import", help="从 YAML 文件录入某年放假安排（格式见 rulesets/holidays/README.md）"
    )
    hol_import.add_argument("file")
    hol_import.add_argument("--source", required=True, help="依据，例如国务院办公厅通知的名称和文号")
    hol_import.add_argument("--user", default="admin")
    hol_sub.add_parser("list", help="列出已录入的年度")
    holidays.set_defaults(func=cmd_holidays)

    token = sub.add_parser("token", help="接口令牌")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    token_issue = token_sub.add_parser("issue", help="为用户签发接口令牌（只显示一次）")
    token_issue.add_argument("--user", required=True)
    token_issue.add_argument("--name", required=True, help="用途")
    token_issue.set_defaults(func=cmd_token_issue)

    enterprises = sub.add_parser("enterprises", help="经营主体")
    ent_sub = enterprises.add_subparsers(dest="enterprises_command", required=True)
    imp = ent_sub.add_parser("import", help="在后台分批导入 .xlsx 或 .csv 经营主体（全部完成才生效）")
    imp.add_argument("file")
    imp.add_argument("--user", default="admin", help="导入人用户名（决定管辖范围，记入审计）")
    imp.add_argument("--partial", action="store_true", help="跳过有错误的行，导入其余各行")
    imp.set_defaults(func=cmd_enterprises_import)

    demo = sub.add_parser("demo", help="迁移数据库、载入演示城市并启动服务")
    demo.add_argument("--no-serve", action="store_true", help="只载入，不启动服务")
    demo.add_argument("--reset", action="store_true", help="删除并重新载入演示数据")
    demo.add_argument("--scale", type=float, default=1.0, help="数据规模倍数（默认 1.0）")
    demo.add_argument(
        "--today",
        type=_parse_date,
        default=None,
        help="以该日为载入日（YYYY-MM-DD），36个月截至其上一个完整月",
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="启动 Web 服务")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="进程数；大于 1 时用 gunicorn（生产环境）")
    serve.add_argument("--threads", type=int, default=8, help="每个进程的线程数")
    serve.set_defaults(func=cmd_serve)

    manage = sub.add_parser("manage", help="Django 管理命令，例如 jiandu manage migrate")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UserError as error:  # the one CLI handler: a refusal is a line on stderr and status 2
        print(f"错误：{error.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
