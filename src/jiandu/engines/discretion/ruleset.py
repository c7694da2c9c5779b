"""Dated discretion rulesets (YAML under ``src/jiandu/rulesets/discretion/``).

Each file carries a ``version``, the date it takes effect (``effective_from``), the fine bands as
fractions of the statutory span, the lower bound of 减轻, how many mitigating circumstances make
减轻 rather than 从轻, and the limitation periods. The engine never hard-codes these numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "RULESET_DIR",
    "Ruleset",
    "RulesetError",
    "available_rulesets",
    "load_ruleset",
    "load_ruleset_file",
    "parse_ruleset",
]

RULESET_DIR = Path(__file__).resolve().parents[2] / "rulesets" / "discretion"


class RulesetError(ValueError):
    """A ruleset file is missing, malformed or names an unknown version."""


@dataclass(frozen=True)
class Ruleset:
    version: str
    effective_from: dt.date
    title: str
    bands: dict[str, tuple[Decimal, Decimal]]
    mitigated_lower_fraction: Decimal
    mitigated_from_count: int
    limitation_years: int
    limitation_years_life_health_financial: int
    age_no_penalty_below: int
    age_adult: int
    sources: tuple[str, ...]
    # what a first violation with no stated harm counts as: "required" (harm must be stated) or
    # "absent" (no harm found is no harm; the reasons say so)
    unstated_harm: str = "required"
    # 减轻 needs at least one circumstance of 应当从轻或者减轻 (指导意见第十三条) among the count
    mitigated_needs_shall: bool = False
    # bands for fines that are a multiple of an amount, in multiples of that amount, per item kind
    multiple_bands: dict[str, dict[str, tuple[Decimal, Decimal]]] = field(default_factory=dict)
    multiple_band_sources: dict[str, str] = field(default_factory=dict)
    # what a mitigating circumstance (指导意见第十三、十四条) not stated in ``facts`` counts as:
    # "absent" (not there) or "unknown" (not found either way: the band reaches down into 从轻)
    unstated_mitigation: str = "absent"
    # 过罚相当: when the amount involved is at most this share of a fixed statutory minimum fine, the
    # band reaches below the minimum (可以减轻, 指导意见第十四条第（三）项); None: no such rule
    disproportion_ratio: Decimal | None = None


def _fraction(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RulesetError(f"{where} 应为 0 到 1 之间的数")
    number = Decimal(str(value))
    if not Decimal(0) <= number <= Decimal(1):
        raise RulesetError(f"{where} 应为 0 到 1 之间的数")
    return number


def _whole(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesetError(f"{key} 应为非负整数")
    return value


_KEYS = (
    "version", "effective_from", "title", "sources", "notes", "bands", "mitigated", "mitigated_from_count",
    "limitation_years", "limitation_years_life_health_financial", "age_no_penalty_below", "age_adult",
    "unstated_harm", "mitigated_needs_shall", "multiple_bands", "unstated_mitigation", "disproportion",
)  # fmt: skip
UNSTATED_HARM = ("required", "absent")
UNSTATED_MITIGATION = ("absent", "unknown")
BAND_NAMES = ("lenient", "standard", "aggravated")


def parse_ruleset(data: Any) -> Ruleset:
    """Validate the plain data of one ruleset file; unknown keys (e.g. a misspelt outcome) are refused."""
    if not isinstance(data, dict):
        raise RulesetError("裁量规则文件应为 YAML 映射")
    unknown = [key for key in data if key not in _KEYS]
    if unknown:
        raise RulesetError(f"未知字段“{unknown[0]}”")
    bands: dict[str, tuple[Decimal, Decimal]] = {}
    raw_bands = data.get("bands")
    if not isinstance(raw_bands, dict):
        raise RulesetError("缺少 bands")
    unknown = [key for key in raw_bands if key not in BAND_NAMES]
    if unknown:
        raise RulesetError(f"bands 中有未知的结果类别“{unknown[0]}”，应为 {'、'.join(BAND_NAMES)}")
    for name in BAND_NAMES:
        pair = raw_bands.get(name)
        if not isinstance(pair, list) or len(pair) != 2:
            raise RulesetError(f"bands.{name} 应为 [下限比例，上限比例]")
        low, high = _fraction(pair[0], f"bands.{name}"), _fraction(pair[1], f"bands.{name}")
        if low > high:
            raise RulesetError(f"bands.{name} 下限比例大于上限比例")
        bands[name] = (low, high)
    mitigated = data.get("mitigated") or {}
    if not isinstance(mitigated, dict) or set(mitigated) - {"lower_fraction_of_min"}:
        raise RulesetError("mitigated 只能包含 lower_fraction_of_min")
    effective = data.get("effective_from")
    if isinstance(effective, str):
        try:
            effective = dt.date.fromisoformat(effective)
        except ValueError:
            raise RulesetError("effective_from 应为 YYYY-MM-DD") from None
    if not isinstance(effective, dt.date):
        raise RulesetError("缺少 effective_from")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise RulesetError("缺少 version")
    count = _whole(data, "mitigated_from_count")
    if count < 1:
        raise RulesetError("mitigated_from_count 应不小于 1")
    unstated = data.get("unstated_harm", "required")
    if unstated not in UNSTATED_HARM:
        raise RulesetError(
            "unstated_harm 应为 required（须写明危害后果）或 absent（未写明的视为没有危害后果）"
        )
    unstated_mitigation = data.get("unstated_mitigation", "absent")
    if unstated_mitigation not in UNSTATED_MITIGATION:
        raise RulesetError(
            "unstated_mitigation 应为 absent（未写明的从轻情节视为不具有）或 unknown（视为未查明）"
        )
    needs_shall = data.get("mitigated_needs_shall", False)
    if not isinstance(needs_shall, bool):
        raise RulesetError("mitigated_needs_shall 应为 true 或 false")
    multiple_bands, band_sources = _multiple_bands(data.get("multiple_bands") or {})
    disproportion = data.get("disproportion")
    ratio: Decimal | None = None
    if disproportion is not None:
        if not isinstance(disproportion, dict) or set(disproportion) != {"ratio"}:
            raise RulesetError("disproportion 只能包含 ratio（涉案金额占法定最低罚款的比例上限）")
        ratio = _fraction(disproportion["ratio"], "disproportion.ratio")
    return Ruleset(
        disproportion_ratio=ratio,
        unstated_harm=str(unstated),
        unstated_mitigation=str(unstated_mitigation),
        mitigated_needs_shall=needs_shall,
        multiple_bands=multiple_bands,
        multiple_band_sources=band_sources,
        version=version,
        effective_from=effective,
        title=str(data.get("title", "")),
        bands=bands,
        mitigated_lower_fraction=_fraction(
            mitigated.get("lower_fraction_of_min", 0), "mitigated.lower_fraction_of_min"
        ),
        mitigated_from_count=count,
        limitation_years=_whole(data, "limitation_years"),
        limitation_years_life_health_financial=_whole(data, "limitation_years_life_health_financial"),
        age_no_penalty_below=_whole(data, "age_no_penalty_below"),
        age_adult=_whole(data, "age_adult"),
        sources=tuple(str(s) for s in data.get("sources") or ()),
    )


def _times(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RulesetError(f"{where} 应为不小于零的倍数")
    number = Decimal(str(value))
    if number < 0:
        raise RulesetError(f"{where} 应为不小于零的倍数")
    return number


def _multiple_bands(raw: Any) -> tuple[dict[str, dict[str, tuple[Decimal, Decimal]]], dict[str, str]]:
    if not isinstance(raw, dict):
        raise RulesetError("multiple_bands 应为映射：事项类别 → 分档")
    bands: dict[str, dict[str, tuple[Decimal, Decimal]]] = {}
    sources: dict[str, str] = {}
    for kind, entry in raw.items():
        where = f"multiple_bands.{kind}"
        if not isinstance(entry, dict) or set(entry) - {*BAND_NAMES, "source", "label"}:
            raise RulesetError(f"{where} 只能包含 {'、'.join(BAND_NAMES)}、label 和 source")
        if not str(entry.get("source") or "").strip():
            raise RulesetError(f"{where} 缺少 source（分档的来源）")
        sources[str(kind)] = str(entry["source"])
        bands[str(kind)] = {}
        for name in BAND_NAMES:
            pair = entry.get(name)
            if not isinstance(pair, list) or len(pair) != 2:
                raise RulesetError(f"{where}.{name} 应为 [最低倍数，最高倍数]")
            low, high = _times(pair[0], f"{where}.{name}"), _times(pair[1], f"{where}.{name}")
            if low > high:
                raise RulesetError(f"{where}.{name} 最低倍数大于最高倍数")
            bands[str(kind)][name] = (low, high)
    return bands, sources


@cache
def available_rulesets(directory: Path = RULESET_DIR) -> tuple[Ruleset, ...]:
    """All rulesets in a directory, oldest first."""
    found = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            found.append(parse_ruleset(yaml.safe_load(path.read_text(encoding="utf-8"))))
        except RulesetError as error:
            raise RulesetError(f"{path.name}:{error}") from None
    if not found:
        raise RulesetError(f"目录 {directory} 中没有裁量规则文件")
    return tuple(sorted(found, key=lambda r: r.effective_from))


def load_ruleset(
    version: str | None = None, *, on: dt.date | None = None, directory: Path = RULESET_DIR
) -> Ruleset:
    """The ruleset with this version, else the newest one in effect on ``on`` (default: the newest)."""
    rulesets = available_rulesets(directory)
    if version is not None:
        for ruleset in rulesets:
            if ruleset.version == version:
                return ruleset
        known = "、".join(r.version for r in rulesets)
        raise RulesetError(f"未知的裁量规则版本“{version}”，可用版本：{known}")
    if on is None:
        return rulesets[-1]
    in_force = [r for r in rulesets if r.effective_from <= on]
    return in_force[-1] if in_force else rulesets[0]


def load_ruleset_file(path: Path) -> Ruleset:
    """A ruleset from any YAML file (for trying out a draft ruleset with `jiandu discretion --ruleset`)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RulesetError(f"无法读取裁量规则文件 {path}：{error}") from None
    try:
        return parse_ruleset(data)
    except RulesetError as error:
        raise RulesetError(f"{path.name}:{error}") from None
