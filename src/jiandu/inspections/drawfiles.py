"""Reading the files of a published draw: candidates CSV (id,stratum), exclusion list, ratio options.

Shared by the `jiandu draw` command and the public verification page; no Django.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

from django.core.cache import cache

from jiandu.engines.lottery import Candidate, LotteryError, verify
from jiandu.errors import UserError


class InputError(UserError):
    """Bad input file or option; the message is Chinese."""


def read_candidates_csv(text: str, *, name: str = "候选名单") -> list[Candidate]:
    """Rows of a CSV with columns id and stratum (header required; other columns ignored)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None:
        raise InputError(f"{name}为空，第 1 行应为表头 id,stratum")
    columns = [cell.strip().lower() for cell in header]
    if "id" not in columns or "stratum" not in columns:
        raise InputError(f"{name}第 1 行表头应包含 id 和 stratum 两列，实际为：{','.join(header)}")
    id_at, stratum_at = columns.index("id"), columns.index("stratum")
    candidates = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(id_at, stratum_at):
            raise InputError(f"{name}第 {line} 行列数不足，应至少有 id 和 stratum 两列")
        cid, stratum = row[id_at].strip(), row[stratum_at].strip()
        if not cid:
            raise InputError(f"{name}第 {line} 行 id 为空")
        if not stratum:
            raise InputError(f"{name}第 {line} 行 stratum 为空")
        candidates.append(Candidate(id=cid, stratum=stratum))
    return candidates


def read_exclude_lines(text: str) -> list[str]:
    """One id a line; blank lines are skipped and surrounding spaces removed."""
    return [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]


def parse_ratio_options(options: list[str]) -> dict[str, str]:
    ratios: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise InputError(f"--ratio “{option}”格式错误，应为 类别=比例，例如 --ratio A=0.05")
        if name in ratios:
            raise InputError(f"类别“{name}”的比例给出了两次")
        ratios[name] = value
    return ratios


def parse_ratio_text(text: str) -> dict[str, str]:
    """Ratios written as "A=0.03 B=0.1" (spaces, commas or new lines between them)."""
    parts = text.replace(",", " ").replace(",", " ").split()
    return parse_ratio_options(parts)


def parse_result_json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"抽取结果不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）") from None
    except RecursionError:
        raise InputError("抽取结果的 JSON 嵌套过深，不是公示的抽取结果") from None
    if not isinstance(data, dict):
        raise InputError("抽取结果应为一个 JSON 对象")
    return data


def verify_texts(
    *, result: str, candidates: str, exclude: str = "", ratios: str = ""
) -> tuple[bool, list[str]]:
    """Verify a published draw from the texts of its files; bad input raises InputError.

    The answer is kept in the shared cache under the digest of the inputs, so the same published files
    checked again (by many visitors) cost one computation, not one each."""
    digest = hashlib.sha256("\x00".join([result, candidates, exclude, ratios]).encode("utf-8", "replace"))
    key = f"draw-verify:{digest.hexdigest()}"
    cached = cache.get(key)
    if cached is not None:
        return bool(cached[0]), list(cached[1])
    answer = _verify_texts(result=result, candidates=candidates, exclude=exclude, ratios=ratios)
    cache.set(key, answer, timeout=24 * 3600)
    return answer


def _verify_texts(*, result: str, candidates: str, exclude: str, ratios: str) -> tuple[bool, list[str]]:
    data = parse_result_json(result)
    try:
        return verify(
            data,
            candidates=read_candidates_csv(candidates),
            exclude=read_exclude_lines(exclude),
            ratios=parse_ratio_text(ratios) or None,
        )
    except LotteryError as error:
        raise InputError(str(error)) from None
