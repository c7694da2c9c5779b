"""`jiandu hotspots`: complaint hotspots from JSON Lines, without a database.

Reads JSON Lines of complaints ``{"id", "date": "YYYY-MM-DD", "region", "domain", "issue"}`` on standard
input (and, with ``--firms FILE``, JSON Lines ``{"region", "domain", "firms"}`` for rates) and writes
one JSON line per hotspot of the as-of period, strongest first: ``{"region", "domain", "issue",
"period", "count", "expected", "q_value", "kind", "grade", "reasons"}``. A bad line is reported as
``{"line": N, "error": "原因"}`` (for the firms file ``{"file": "firms", "line": N, "error"}``); the other
lines are still used and the exit status is 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from typing import IO, Any


def _write(stream: IO[bytes], payload: dict[str, Any]) -> None:
    stream.write(json.dumps(payload, ensure_ascii=False).encode("utf-8") + b"\n")


def _as_of(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise argparse.ArgumentTypeError(f"月份“{text}”格式错误，应为 YYYY-MM")
    return int(match[1]), int(match[2])


def _firms(lines: Iterable[bytes], out: IO[bytes]) -> tuple[dict[tuple[str, str], int], bool]:
    from jiandu.engines.hotspots import parse_lines

    firms: dict[tuple[str, str], int] = {}
    bad = False
    for number, item, problem in parse_lines(lines):
        if item is not None:
            problem = None
            if not isinstance(item, dict):
                problem = '应为 JSON 对象，例如 {"region": "411802", "domain": "食品", "firms": 1200}'
            elif not all(isinstance(item.get(k), str) and item[k] for k in ("region", "domain")):
                problem = "region 和 domain 字段应为非空字符串"
            elif type(item.get("firms")) is not int or item["firms"] < 0:
                problem = "firms 字段应为非负整数"
            else:
                firms[(item["region"], item["domain"])] = item["firms"]
        if problem:
            bad = True
            _write(out, {"file": "firms", "line": number, "error": problem})
    return firms, bad


def cmd_hotspots(args: argparse.Namespace) -> int:
    from jiandu.engines.hotspots import (
        Period,
        check_complaint_line,
        encode_records,
        find_hotspots,
        load_rules,
        load_taxonomy,
        parse_lines,
    )

    out = sys.stdout.buffer
    bad = False
    records: list[dict[str, Any]] = []
    for number, item, problem in parse_lines(sys.stdin.buffer):
        if item is not None:
            problem = check_complaint_line(item)
        if problem:
            bad = True
            _write(out, {"line": number, "error": problem})
            continue
        assert isinstance(item, dict)
        records.append(item)
    firms = None
    if args.firms:
        try:
            with open(args.firms, "rb") as handle:
                firms, firms_bad = _firms(handle, out)
        except OSError as error:
            print(f"错误：无法读取经营主体数文件：{error}", file=sys.stderr)
            return 2
        bad = bad or firms_bad
    if records:
        if args.as_of:
            year, month = args.as_of
        else:
            latest = max(dt.date.fromisoformat(r["date"]) for r in records)
            year, month = latest.year, latest.month
        as_of = Period.as_of_month(args.period, year, month)
        hotspots = find_hotspots(
            encode_records(records), as_of=as_of, firms=firms, rules=load_rules(), taxonomy=load_taxonomy()
        )
        for hotspot in hotspots:
            _write(out, hotspot.to_json())
    out.flush()
    return 2 if bad else 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "hotspots",
        help="投诉热点：从标准输入逐行读取投诉 JSON，输出本期热点（格式见 jiandu.prevention.commands）",
        description="按区划、领域、问题类型和周期统计投诉举报，与往年同期和同类区划比较，输出新发热点和"
        "持续热点。有任何一行输入错误时退出码为 2。",
    )
    parser.add_argument("--as-of", type=_as_of, help="统计月份 YYYY-MM（默认为输入中最晚的月份）")
    parser.add_argument("--period", choices=("month", "week"), default="month", help="统计周期：月或周")
    parser.add_argument("--firms", help="各区划各领域经营主体数的 JSON Lines 文件，用于按经营主体数比较")
    parser.set_defaults(func=cmd_hotspots)
