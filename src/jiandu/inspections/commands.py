"""`jiandu draw`: run or verify a verifiable draw from files, with no database.

    jiandu draw --seed S --plan-id P --candidates FILE.csv [--exclude FILE] --ratio A=0.05 ... [--json]
    jiandu draw --verify RESULT.json --candidates FILE.csv [--exclude FILE] [--ratio A=0.05 ...] [--json]

Exit codes: 0 drawn / the result matches; 1 the result does not match; 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from jiandu.engines.lottery import Candidate, LotteryError, draw, verify
from jiandu.inspections.drawfiles import (
    InputError,
    parse_ratio_options,
    parse_result_json,
    read_candidates_csv,
    read_exclude_lines,
)


def _read(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"找不到{what}文件：{path}") from None
    except UnicodeDecodeError:
        raise InputError(f"{what}文件 {path} 不是 UTF-8 编码，请另存为 UTF-8 后重试") from None
    except OSError as error:
        raise InputError(f"无法读取{what}文件 {path}：{error.strerror}") from None


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def cmd_draw(args: argparse.Namespace) -> int:
    try:
        if not args.candidates:
            raise InputError("请用 --candidates 指定候选名单 CSV 文件（列：id,stratum）")
        candidates = read_candidates_csv(_read(args.candidates, "候选名单"), name="候选名单")
        exclude = read_exclude_lines(_read(args.exclude, "排除名单")) if args.exclude else []
        ratios = parse_ratio_options(args.ratio or [])
        if args.verify:
            return _verify(args, candidates, exclude, ratios)
        if args.seed is None or args.plan_id is None:
            raise InputError("抽取时请同时给出 --seed 和 --plan-id；核验已有结果请用 --verify RESULT.json")
        result = draw(
            seed=args.seed, plan_id=args.plan_id, candidates=candidates, ratios=ratios, exclude=exclude
        )
    except (InputError, LotteryError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(result.to_json())
        return 0
    print(f"计划 {result.plan_id}，随机种子 {result.seed}")
    print(f"候选名单哈希 {result.candidates_sha256}")
    print(f"排除名单哈希 {result.excluded_sha256}")
    for name, stratum in result.strata.items():
        print(f"类别 {name}：{stratum.population} 户，抽中 {stratum.selected} 户")
    for item in result.selected:
        print(f"{item.stratum}\t{item.id}\t{item.key}")
    return 0


def _verify(
    args: argparse.Namespace, candidates: list[Candidate], exclude: list[str], ratios: dict[str, str]
) -> int:
    data = parse_result_json(_read(args.verify, "抽取结果"))
    matches, differences = verify(data, candidates=candidates, exclude=exclude, ratios=ratios or None)
    if not ratios:
        print(
            "提示：未给出 --ratio，只核对了抽中对象是否为各类随机键最小者；"
            "加上公示的比例可同时核对每类抽取户数是否等于 ⌈比例 × 户数⌉。",
            file=sys.stderr,
        )
    if args.json:
        _print_json({"matches": matches, "differences": differences})
    elif matches:
        print("核验一致：按所给名单重新抽取，结果与文件完全相同。")
    else:
        print("核验不一致：")
        for difference in differences:
            print(f"- {difference}")
    return 0 if matches else 1


def _chinese_error(parser: argparse.ArgumentParser) -> Any:
    def error(message: str) -> NoReturn:
        parser.print_usage(sys.stderr)
        print(f"错误：参数有误（{message}），请用 jiandu draw --help 查看用法", file=sys.stderr)
        raise SystemExit(2)

    return error


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "draw",
        help="双随机抽取：按类别比例可验证地抽取，或核验已公布的抽取结果",
        description="key = SHA-256（种子 + 换行 + 计划编号 + 换行 + 编号）；每类抽取 ⌈比例 × 户数⌉ 个键最小者。",  # noqa: E501 (full-width text)
    )
    parser.add_argument("--seed", help="公开的随机种子")
    parser.add_argument("--plan-id", dest="plan_id", help="计划编号")
    parser.add_argument("--candidates", help="候选名单 CSV，列：id,stratum")
    parser.add_argument("--exclude", help="排除名单，每行一个编号")
    parser.add_argument("--ratio", action="append", metavar="类别=比例", help="例如 --ratio A=0.05，可重复")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--verify", metavar="RESULT.json", help="核验已公布的抽取结果")
    parser.error = _chinese_error(parser)
    parser.set_defaults(func=cmd_draw)
