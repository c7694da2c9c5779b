"""`jiandu discretion`: JSON Lines of cases on stdin, one JSON line of results per case on stdout.

Needs no database. Exit status 0 when every case was assessed, 2 when at least one line was bad
(its result is {"id", "error"} in its place; the other lines are still assessed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def cmd_discretion(args: argparse.Namespace) -> int:
    from jiandu.engines.discretion import RulesetError, assess_lines, load_ruleset
    from jiandu.engines.discretion.ruleset import load_ruleset_file

    try:
        if args.ruleset and args.ruleset.endswith((".yaml", ".yml")):
            ruleset = load_ruleset_file(Path(args.ruleset))
        else:
            ruleset = load_ruleset(args.ruleset or None)
    except RulesetError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    status = 0
    for result in assess_lines(sys.stdin, ruleset=ruleset):
        if "error" in result:
            status = 2
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return status


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "discretion",
        help="行政处罚裁量：从标准输入逐行读取案件 JSON，逐行输出结果（格式见 jiandu.engines.discretion）",
        description="逐行读取 JSON Lines 格式的案件，按行政处罚法和裁量规则输出处理结果、"
        "罚款幅度、理由和依据。每行可直接给出法定幅度（penalty），或给出违法行为事项编码（item）及"
        "违法行为发生日期、金额、情节，由裁量基准目录计算法定幅度。有任何一行输入错误时退出码为 2。",
    )
    parser.add_argument("--ruleset", help="裁量规则版本，或一个 .yaml 裁量规则文件的路径（默认使用最新版本）")
    parser.set_defaults(func=cmd_discretion)
