"""Verifiable random selection (双随机) for inspections and case-file reviews.

Anyone holding the published inputs can re-run a draw and get the same result:

- the plan publishes, BEFORE the seed exists, the candidate-list hash, the exclusion-list hash
  (with the exclusions counted by category) and the ratio of every stratum (commit first, then
  draw with future public randomness, as RFC 3797 and election audits do);
- the seed ``S`` is a public value announced later (for example a lottery result plus the plan id);
- ``key(c) = SHA-256(UTF-8(S + "\\n" + P + "\\n" + c))`` as lowercase hex, for plan id ``P``
  and candidate id ``c`` (for enterprises: the 统一社会信用代码);
- ids on the exclusion list are removed first; the rest are split into strata (by default the
  credit class A/B/C/D);
- in a stratum of ``n`` candidates with ratio ``r`` (a decimal string, parsed exactly),
  ``k = ceil(r * n)`` computed with exact rational arithmetic (0.1 x 50 is 5, never 6);
  the ``k`` candidates with the smallest keys are drawn, ties broken by id;
- ``candidates_sha256`` = SHA-256 of the sorted unique candidate ids (before exclusion) joined
  by ``"\\n"``; ``excluded_sha256`` is the same over the excluded ids; an empty list hashes
  the empty string;
- ``selected`` is ordered by stratum, then key, then id; ``strata`` lists every stratum that
  occurs among the candidates (before exclusion), sorted by name.

Ids and strata are compared and sorted by Unicode code point (Python's ``sorted``).  An id must
be non-empty and may not contain control characters (a newline would make the hash ambiguous).

The same keys drive the second draw, of inspectors for each drawn firm
(:func:`draw_inspectors`): the plan id for that draw is ``P + "/" + firm id``.

Legal basis: 优化营商环境条例 第五十四条 (双随机、公开); 国市监信发〔2022〕6号 (信用风险分类 A/B/C/D
与双随机监管结合).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "LEGAL_BASIS",
    "VERSION",
    "Candidate",
    "DrawResult",
    "InspectorAssignment",
    "InspectorDraw",
    "InspectorSlot",
    "LotteryError",
    "Selected",
    "StratumResult",
    "candidate_key",
    "candidates_hash",
    "draw",
    "draw_inspectors",
    "inspector_plan_id",
    "parse_ratio",
    "quota",
    "verify",
]

VERSION = "jiandu-lottery-1 (2026-11)"
"""Name and date of the algorithm; bump when anything in the module docstring changes."""

LEGAL_BASIS = "优化营商环境条例 第五十四条；国市监信发〔2022〕6号（信用风险分类与双随机监管结合）"

_SEPARATOR = "\x00"  # sorts before every allowed id character


class LotteryError(ValueError):
    """Bad input to a draw; the message is Chinese and names the offending value."""


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    stratum: str


@dataclass(frozen=True, slots=True)
class Selected:
    id: str
    stratum: str
    key: str


@dataclass(frozen=True, slots=True)
class StratumResult:
    population: int
    selected: int


@dataclass(frozen=True)
class DrawResult:
    seed: str
    plan_id: str
    candidates_sha256: str
    excluded_sha256: str
    strata: dict[str, StratumResult]
    selected: tuple[Selected, ...]
    version: str = field(default=VERSION, compare=False)
    legal_basis: str = field(default=LEGAL_BASIS, compare=False)

    def to_json(self) -> dict[str, object]:
        """Exactly the object that ``jiandu draw --json`` prints."""
        return {
            "seed": self.seed,
            "plan_id": self.plan_id,
            "candidates_sha256": self.candidates_sha256,
            "excluded_sha256": self.excluded_sha256,
            "strata": {
                name: {"population": stratum.population, "selected": stratum.selected}
                for name, stratum in self.strata.items()
            },
            "selected": [{"id": s.id, "stratum": s.stratum, "key": s.key} for s in self.selected],
        }


def candidate_key(seed: str, plan_id: str, candidate_id: str) -> str:
    """SHA-256 of ``seed + "\\n" + plan_id + "\\n" + candidate_id`` (UTF-8), lowercase hex."""
    return hashlib.sha256(f"{seed}\n{plan_id}\n{candidate_id}".encode()).hexdigest()


def _check_id(value: str, what: str = "编号") -> str:
    if not isinstance(value, str) or value == "":
        raise LotteryError(f"{what}不能为空")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise LotteryError(f"{what}“{value!r}”含有换行等控制字符，请删除后重试")
    return value


def candidates_hash(ids: Iterable[str]) -> str:
    """SHA-256 of the sorted unique ids joined by "\\n" (the empty list hashes the empty string)."""
    unique = sorted({_check_id(i) for i in ids})
    return _hash_sorted(unique)


def _hash_sorted(unique_sorted: Iterable[str]) -> str:
    digest = hashlib.sha256()
    chunk: list[str] = []
    first = True
    for item in unique_sorted:
        chunk.append(item)
        if len(chunk) >= 65536:
            digest.update((("" if first else "\n") + "\n".join(chunk)).encode())
            first = False
            chunk = []
    if chunk:
        digest.update((("" if first else "\n") + "\n".join(chunk)).encode())
    return digest.hexdigest()


def parse_ratio(text: str, *, stratum: str = "") -> Decimal:
    """A ratio given as a decimal string between 0 and 1, parsed exactly."""
    label = f"类别“{stratum}”的" if stratum else ""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise LotteryError(
            f"{label}抽取比例“{text}”不是有效的小数，请填写 0 到 1 之间的小数，例如 0.05"
        ) from None
    if not value.is_finite() or value < 0 or value > 1:
        raise LotteryError(f"{label}抽取比例“{text}”超出范围，应为 0 到 1 之间的小数，例如 0.05")
    return value


def quota(ratio: Decimal | str, population: int) -> int:
    """k = ceil(ratio x population), computed exactly with rational arithmetic."""
    value = ratio if isinstance(ratio, Decimal) else parse_ratio(ratio)
    exact = Fraction(value) * population
    return -((-exact.numerator) // exact.denominator)


@dataclass
class _Pool:
    """Candidates after validation: sorted, unique, with strata and exclusion applied."""

    entries: list[str]  # "id\x00<stratum index>", sorted, may contain duplicates
    strata_names: list[str]
    candidates_sha256: str
    excluded_sha256: str
    excluded: frozenset[str]
    population: dict[str, int]  # after exclusion; every candidate stratum present


def _build_pool(candidates: Iterable[Candidate], exclude: Iterable[str]) -> _Pool:
    strata_index: dict[str, str] = {}
    strata_names: list[str] = []
    entries: list[str] = []
    append = entries.append
    for position, candidate in enumerate(candidates, start=1):
        cid = candidate.id
        stratum = candidate.stratum
        code = strata_index.get(stratum)
        if code is None:
            _check_id(stratum, f"第 {position} 个候选对象的类别")
            code = chr(len(strata_names) + 1)
            strata_index[stratum] = code
            strata_names.append(stratum)
        if not cid or not cid.isprintable():
            _check_id(cid, f"第 {position} 个候选对象的编号")
        append(cid + _SEPARATOR + code)
    entries.sort()

    excluded_list = sorted({_check_id(i, "排除名单中的编号") for i in exclude})
    excluded = frozenset(excluded_list)
    population = dict.fromkeys(strata_names, 0)
    digest = hashlib.sha256()
    chunk: list[str] = []
    first = True
    previous_id = ""
    previous_code = ""
    for entry in entries:
        cid, code = entry.split(_SEPARATOR)
        if cid == previous_id:
            if code != previous_code:
                a = strata_names[ord(previous_code) - 1]
                b = strata_names[ord(code) - 1]
                raise LotteryError(f"候选对象“{cid}”重复出现且类别不同（“{a}”与“{b}”），请核对名单")
            continue
        previous_id = cid
        previous_code = code
        chunk.append(cid)
        if len(chunk) >= 65536:
            digest.update((("" if first else "\n") + "\n".join(chunk)).encode())
            first = False
            chunk = []
        if cid not in excluded:
            population[strata_names[ord(code) - 1]] += 1
    if chunk:
        digest.update((("" if first else "\n") + "\n".join(chunk)).encode())
    return _Pool(
        entries=entries,
        strata_names=strata_names,
        candidates_sha256=digest.hexdigest(),
        excluded_sha256=_hash_sorted(excluded_list),
        excluded=excluded,
        population=population,
    )


def _select(
    *, seed: str, plan_id: str, pool: _Pool, quotas: Mapping[str, int]
) -> tuple[dict[str, StratumResult], tuple[Selected, ...]]:
    """One pass over the pool keeping, per stratum, the k smallest (key, id)."""
    prefix = hashlib.sha256(f"{seed}\n{plan_id}\n".encode())
    wanted = [quotas[name] for name in pool.strata_names]
    buffers: list[list[tuple[str, str]]] = [[] for _ in pool.strata_names]
    limits = [2 * k + 4096 for k in wanted]
    thresholds: list[str | None] = [None for _ in pool.strata_names]
    excluded = pool.excluded
    previous_id = ""
    for entry in pool.entries:
        cid, code = entry.split(_SEPARATOR)
        if cid == previous_id:
            continue
        previous_id = cid
        index = ord(code) - 1
        k = wanted[index]
        if k == 0 or cid in excluded:
            continue
        hasher = prefix.copy()
        hasher.update(cid.encode())
        key = hasher.hexdigest()
        threshold = thresholds[index]
        if threshold is not None and key > threshold:
            continue
        buffer = buffers[index]
        buffer.append((key, cid))
        if len(buffer) >= limits[index]:
            buffer.sort()
            del buffer[k:]
            thresholds[index] = buffer[-1][0]
    strata: dict[str, StratumResult] = {}
    selected: list[Selected] = []
    for index, name in sorted(enumerate(pool.strata_names), key=lambda item: item[1]):
        buffer = sorted(buffers[index])[: wanted[index]]
        strata[name] = StratumResult(population=pool.population[name], selected=len(buffer))
        selected.extend(Selected(id=cid, stratum=name, key=key) for key, cid in buffer)
    return strata, tuple(selected)


def _parse_ratios(ratios: Mapping[str, str | Decimal]) -> dict[str, Decimal]:
    return {str(name): parse_ratio(str(text), stratum=str(name)) for name, text in ratios.items()}


def draw(
    *,
    seed: str,
    plan_id: str,
    candidates: Iterable[Candidate],
    ratios: Mapping[str, str],
    exclude: Iterable[str] = (),
) -> DrawResult:
    """Draw ceil(r x n) candidates per stratum with the smallest keys; see the module docstring."""
    _check_seed(seed, plan_id)
    parsed = _parse_ratios(ratios)
    pool = _build_pool(candidates, exclude)
    missing = [name for name in pool.strata_names if name not in parsed]
    if missing:
        raise LotteryError(
            f"候选名单中有类别“{'、'.join(sorted(missing))}”，但没有给出其抽取比例，请为每个类别填写比例"
        )
    quotas = {name: quota(parsed[name], pool.population[name]) for name in pool.strata_names}
    return _result(seed, plan_id, pool, quotas)


def _result(seed: str, plan_id: str, pool: _Pool, quotas: Mapping[str, int]) -> DrawResult:
    strata, selected = _select(seed=seed, plan_id=plan_id, pool=pool, quotas=quotas)
    return DrawResult(
        seed=seed,
        plan_id=plan_id,
        candidates_sha256=pool.candidates_sha256,
        excluded_sha256=pool.excluded_sha256,
        strata=strata,
        selected=selected,
    )


def _check_seed(seed: str, plan_id: str) -> None:
    if not isinstance(seed, str) or not seed:
        raise LotteryError("随机种子不能为空")
    if not isinstance(plan_id, str) or not plan_id:
        raise LotteryError("计划编号不能为空")


def verify(
    result: Mapping[str, object],
    *,
    candidates: Iterable[Candidate],
    exclude: Iterable[str] = (),
    ratios: Mapping[str, str] | None = None,
) -> tuple[bool, list[str]]:
    """Re-run a published draw and compare; returns (matches, differences in Chinese).

    The number drawn per stratum is taken from ``result["strata"]`` (the JSON carries no
    ratios); pass the published ``ratios`` as well to check that k = ceil(r x n) too.
    """
    differences: list[str] = []
    required = ("seed", "plan_id", "candidates_sha256", "excluded_sha256", "strata", "selected")
    absent = [name for name in required if name not in result]
    if absent:
        return False, [f"结果缺少字段：{'、'.join(absent)}"]
    seed, plan_id = result["seed"], result["plan_id"]
    if not isinstance(seed, str) or not isinstance(plan_id, str) or not seed or not plan_id:
        return False, ["结果中的 seed 和 plan_id 应为非空字符串"]
    claimed_strata = result["strata"]
    if not isinstance(claimed_strata, Mapping):
        return False, ["结果中的 strata 应为对象"]
    claimed_counts: dict[str, int] = {}
    for name, value in claimed_strata.items():
        count = value.get("selected") if isinstance(value, Mapping) else None
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            return False, [f"结果中类别“{name}”的 selected 应为非负整数"]
        claimed_counts[str(name)] = count

    pool = _build_pool(candidates, exclude)
    if ratios is not None:
        parsed = _parse_ratios(ratios)
        missing = [name for name in pool.strata_names if name not in parsed]
        if missing:
            raise LotteryError(f"候选名单中有类别“{'、'.join(sorted(missing))}”，但没有给出其抽取比例")
        quotas = {name: quota(parsed[name], pool.population[name]) for name in pool.strata_names}
    else:
        quotas = {name: min(claimed_counts.get(name, 0), pool.population[name]) for name in pool.strata_names}
    expected = _result(seed, plan_id, pool, quotas).to_json()

    for name, label in (("candidates_sha256", "候选名单哈希"), ("excluded_sha256", "排除名单哈希")):
        if result[name] != expected[name]:
            differences.append(f"{label}不符：结果为 {result[name]}，按所给名单计算为 {expected[name]}")
    expected_strata = expected["strata"]
    assert isinstance(expected_strata, dict)
    for name in sorted(set(expected_strata) | set(claimed_strata)):
        mine = expected_strata.get(name)
        theirs = claimed_strata.get(name)
        if mine is None:
            differences.append(f"结果中有类别“{name}”，但所给候选名单中没有")
        elif theirs is None:
            differences.append(f"所给候选名单中有类别“{name}”，但结果中没有")
        elif not isinstance(theirs, Mapping) or dict(theirs) != mine:
            differences.append(
                f"类别“{name}”：结果为总数 {_get(theirs, 'population')}、抽中 {_get(theirs, 'selected')}，"
                f"重新计算为总数 {mine['population']}、抽中 {mine['selected']}"
            )
    claimed_selected = result["selected"]
    expected_selected = expected["selected"]
    assert isinstance(expected_selected, list)
    if not isinstance(claimed_selected, list):
        differences.append("结果中的 selected 应为列表")
    elif claimed_selected != expected_selected:
        claimed_rows = [_row(item) for item in claimed_selected]
        expected_rows = [_row(item) for item in expected_selected]
        claimed_ids = {row[0] for row in claimed_rows}
        expected_ids = {row[0] for row in expected_rows}
        extra = sorted(claimed_ids - expected_ids)
        lacking = sorted(expected_ids - claimed_ids)
        if extra:
            differences.append(f"结果中多出 {len(extra)} 个不应抽中的对象：{_sample(extra)}")
        if lacking:
            differences.append(f"结果中缺少 {len(lacking)} 个应抽中的对象：{_sample(lacking)}")
        if not extra and not lacking:
            if sorted(claimed_rows) != sorted(expected_rows):
                differences.append("抽中对象的类别或随机键与重新计算的结果不一致")
            else:
                differences.append("抽中对象相同，但排列顺序不是“先按类别、再按随机键”")
    return (not differences), differences


def _get(value: object, name: str) -> object:
    return value.get(name) if isinstance(value, Mapping) else None


def _row(item: object) -> tuple[str, str, str]:
    if isinstance(item, Mapping):
        return (str(item.get("id", "")), str(item.get("stratum", "")), str(item.get("key", "")))
    return (str(item), "", "")


def _sample(ids: list[str], limit: int = 10) -> str:
    shown = "、".join(ids[:limit])
    return shown + (f" 等（共 {len(ids)} 个）" if len(ids) > limit else "")


# --- the second draw: inspectors for each drawn firm -------------------------------------------


@dataclass(frozen=True, slots=True)
class InspectorSlot:
    """One drawn firm and the inspectors who may be sent there.

    ``eligible`` are the pool members whose domain and region fit the firm; ``blocked`` maps an
    inspector id to the reason they may not go (declared conflict of interest, checked the same
    firm last time).
    """

    firm_id: str
    eligible: tuple[str, ...]
    blocked: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InspectorAssignment:
    firm_id: str
    inspectors: tuple[Selected, ...]  # stratum carries the firm id
    skipped: tuple[tuple[str, str], ...]  # (inspector id, reason)
    shortfall: int  # how many more inspectors were needed than could be drawn


@dataclass(frozen=True)
class InspectorDraw:
    seed: str
    plan_id: str
    per_firm: int
    assignments: tuple[InspectorAssignment, ...]
    version: str = VERSION

    def to_json(self) -> dict[str, object]:
        return {
            "seed": self.seed,
            "plan_id": self.plan_id,
            "per_firm": self.per_firm,
            "assignments": [
                {
                    "firm_id": a.firm_id,
                    "inspectors": [{"id": s.id, "key": s.key} for s in a.inspectors],
                    "skipped": [{"id": i, "reason": r} for i, r in a.skipped],
                    "shortfall": a.shortfall,
                }
                for a in self.assignments
            ],
        }


def inspector_plan_id(plan_id: str, firm_id: str) -> str:
    """The plan id used for the inspectors' keys of one firm: ``P + "/" + firm id``."""
    return f"{plan_id}/{firm_id}"


def draw_inspectors(
    *,
    seed: str,
    plan_id: str,
    slots: Iterable[InspectorSlot],
    per_firm: int = 2,
) -> InspectorDraw:
    """For each firm, the ``per_firm`` eligible, unblocked inspectors with the smallest keys.

    key = candidate_key(seed, plan_id + "/" + firm id, inspector id); ties by inspector id.
    """
    _check_seed(seed, plan_id)
    if per_firm < 1:
        raise LotteryError("每户检查人员数应至少为 1")
    assignments: list[InspectorAssignment] = []
    for slot in sorted(slots, key=lambda s: s.firm_id):
        sub_plan = inspector_plan_id(plan_id, slot.firm_id)
        ranked = sorted(
            (candidate_key(seed, sub_plan, inspector), inspector) for inspector in set(slot.eligible)
        )
        chosen: list[Selected] = []
        skipped: list[tuple[str, str]] = []
        for key, inspector in ranked:
            if len(chosen) == per_firm:
                break
            reason = slot.blocked.get(inspector)
            if reason:
                skipped.append((inspector, reason))
                continue
            chosen.append(Selected(id=inspector, stratum=slot.firm_id, key=key))
        assignments.append(
            InspectorAssignment(
                firm_id=slot.firm_id,
                inspectors=tuple(chosen),
                skipped=tuple(skipped),
                shortfall=per_firm - len(chosen),
            )
        )
    return InspectorDraw(seed=seed, plan_id=plan_id, per_firm=per_firm, assignments=tuple(assignments))
