"""`jiandu reports ...`: the monthly form (JSON or .xlsx), the city roll-up, campaigns and reminders."""

from __future__ import annotations

import argparse
import calendar as month_calendar
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from jiandu.boot import setup_django


def _period(text: str) -> tuple[dt.date, dt.date]:
    try:
        start = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"统计月份“{text}”格式错误，应为 YYYY-MM，例如 2025-06") from None
    return start, start.replace(day=month_calendar.monthrange(start.year, start.month)[1])


def cmd_monthly_form(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.errors import UserError
    from jiandu.org.models import Region
    from jiandu.reports.exports import form_workbook
    from jiandu.reports.selectors import build_form, monthly_item

    region = Region.objects.filter(code=args.region).first()
    if region is None:
        print(f"错误：行政区划代码“{args.region}”不存在。", file=sys.stderr)
        return 2
    start, end = args.period
    item = monthly_item(region, start)
    if args.snapshot and item is None:
        print(
            f"错误：{start:%Y年%m月}没有问题整治情况表的报送安排，无法输出已采纳的报送数。", file=sys.stderr
        )
        return 2
    if item is not None:
        start, end = item.period_start, item.period_end
    try:
        form = build_form(region=region, start=start, end=end, item=item, snapshot=args.snapshot)
    except UserError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return 2
    if args.out:
        Path(args.out).write_bytes(form_workbook(form))
        print(f"已写入 {args.out}", file=sys.stderr)
    if args.json or not args.out:
        sys.stdout.write(json.dumps(form.to_json(), ensure_ascii=False, indent=1) + "\n")
    return 0


def cmd_rollup(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.org.models import Region
    from jiandu.reports.exports import rollup_document, rollup_workbook
    from jiandu.reports.selectors import build_form, monthly_item

    region = Region.objects.filter(code=args.region).first()
    start, _ = args.period
    item = monthly_item(region, start) if region else None
    if region is None or item is None:
        print("错误：区划不存在，或该月没有问题整治情况表的报送安排。", file=sys.stderr)
        return 2
    form = build_form(region=region, start=item.period_start, end=item.period_end, item=item, snapshot=True)
    data = rollup_document(form) if args.out.endswith(".docx") else rollup_workbook(form)
    Path(args.out).write_bytes(data)
    print(f"已写入 {args.out}")
    return 0


def cmd_load_campaign(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.errors import UserError
    from jiandu.org.models import Region
    from jiandu.reports.rulesets import campaign_files, load_campaign_file
    from jiandu.reports.services import load_campaign

    region = Region.objects.filter(code=args.region).first()
    if region is None:
        print(f"错误：行政区划代码“{args.region}”不存在。", file=sys.stderr)
        return 2
    files = [Path(args.file)] if args.file else campaign_files()
    try:
        for path in files:
            campaign = load_campaign(actor=None, data=load_campaign_file(path), region=region)
            print(f"已载入 {campaign.name}：{campaign.schedule.count()} 个报送事项")
    except UserError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return 2
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    setup_django()
    from jiandu.reports.services import send_reminders

    print(f"生成提醒 {send_reminders(today=args.date)} 条")
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式错误，应为 YYYY-MM-DD") from None


def register(subparsers: Any) -> None:
    reports = subparsers.add_parser("reports", help="报送与汇总")
    sub = reports.add_subparsers(dest="reports_command", required=True)
    form = sub.add_parser("monthly-form", help="生成问题整治情况表（每个县一行，另有本级一行）")
    form.add_argument("--region", required=True, help="行政区划代码，例如市的代码")
    form.add_argument("--period", required=True, type=_period, help="统计月份 YYYY-MM")
    form.add_argument("--json", action="store_true", help="输出 JSON（未指定 --out 时默认）")
    form.add_argument("--out", default="", help="写入 .xlsx 文件")
    form.add_argument("--snapshot", action="store_true", help="使用各县已采纳的报送数，而非实时数据")
    form.set_defaults(func=cmd_monthly_form)
    rollup = sub.add_parser("rollup", help="全市汇总（已采纳的报送数加本级），输出 .xlsx 或 .docx")
    rollup.add_argument("--region", required=True)
    rollup.add_argument("--period", required=True, type=_period)
    rollup.add_argument("--out", required=True, help="文件名，以 .xlsx 或 .docx 结尾")
    rollup.set_defaults(func=cmd_rollup)
    load = sub.add_parser("load-campaign", help="载入专项行动和报送安排（rulesets/reports/campaigns）")
    load.add_argument("--region", required=True, help="部署专项行动的区划代码")
    load.add_argument("--file", default="", help="YAML 文件（默认载入随软件提供的全部文件）")
    load.set_defaults(func=cmd_load_campaign)
    remind = sub.add_parser("remind", help="生成报送提醒（到期前3个工作日和当日，可重复执行）")
    remind.add_argument("--date", type=_date, default=None, help="按该日计算（默认今天）")
    remind.set_defaults(func=cmd_remind)
