"""`jiandu anomaly` (the key-county engine on JSON Lines) and `jiandu models run` (the problem models).

`jiandu anomaly [--month YYYY-MM] [--rules FILE]` reads one JSON object per county and month from
standard input::

    {"region": "411802", "month": "2025-06", "fines": 123456.78, "confiscations": 0, "firms": 8774,
     "cases": 52, "problems": 3, "complaints": 410}

(optional: ``fines_paid``, ``fines_month_end``, ``enterprise_complaints``, ``top_range_cases``,
``ranged_cases``; a missing value is unknown, not zero) and writes one line per county, ranked::

    {"region", "score", "rank", "flagged", "signals": [{"name", "value", "threshold"}], "reasons": [...]}

The evaluation month is the last complete month in the input (before the current month, and sent
by every county that sent the month before) unless ``--month`` says otherwise. A bad
line gives ``{"line": N, "error": "中文说明"}`` (before the ranking); the rest go on and the exit status
is 2. No database is needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from jiandu import rulesets
from jiandu.engines import anomaly


def _rules(path: str | None) -> anomaly.AnomalyRules:
    if path:
        return anomaly.parse_rules(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    directory = rulesets.RULESETS_DIR / "anomaly"
    chosen = rulesets.in_force(directory, dt.date.today()) or max(directory.glob("*.yaml"))
    return rulesets.load(chosen, anomaly.parse_rules)


def cmd_anomaly(args: argparse.Namespace) -> int:
    try:
        rules = _rules(args.rules)
        if args.month:
            anomaly.month_index(args.month)
    except (OSError, yaml.YAMLError, anomaly.InputError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    bad = False
    try:
        for item in anomaly.evaluate_lines(sys.stdin, rules, month=args.month, today=dt.date.today()):
            bad = bad or "error" in item
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    except anomaly.InputError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    return 2 if bad else 0


def cmd_models_run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
    from jiandu.analysis.services import run_models
    from jiandu.errors import UserError
    from jiandu.org.models import User

    actor = None
    if args.user:
        actor = User.objects.filter(username=args.user, is_active=True).first()
        if actor is None:
            print(f"错误：用户“{args.user}”不存在或已停用。", file=sys.stderr)
            return 2
    try:
        report = run_models(actor=actor, only=[args.model] if args.model else [])
    except UserError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    from jiandu.analysis.models import ProblemModel

    names = dict(ProblemModel.objects.values_list("code", "name"))
    for line in report.lines(names):
        print(line)
    print(f"共新登记线索 {report.total_filed} 条（渠道：执法监督（数据模型））。")
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "anomaly",
        help="重点县区识别：从标准输入逐行读取县区月度数据（JSON Lines），按得分排名逐行输出",
        description="读取每个县区每月一行的 JSON，输出每个县区的得分、排名、是否列为疑似重点县区、"
        "触发的信号和中文理由。有任何一行输入错误时退出码为 2。",
    )
    parser.add_argument("--month", help="评估月份 YYYY-MM（默认：输入中最后一个完整月份）")
    parser.add_argument("--rules", help="重点县区规则文件（.yaml），默认使用当前生效的版本")
    parser.set_defaults(func=cmd_anomaly)

    models = subparsers.add_parser("models", help="问题模型")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    run = models_sub.add_parser("run", help="运行问题模型，把新的命中登记为问题线索（已登记的不重复登记）")
    run.add_argument("--model", help="只运行这个模型（代码，例如 top_fine）")
    run.add_argument("--user", help="以该用户身份运行（记入审计）；默认为系统")
    run.set_defaults(func=cmd_models_run)
