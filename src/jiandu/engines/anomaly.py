"""重点县区 (key counties): which counties' fines revenue and enforcement look abnormal, and why.

Pure Python (no Django). Input: one :class:`CountyMonth` per county and month; output: per county a
score, a rank, whether it is flagged, the signals that fired and the reasons in Chinese
("罚没收入同比 +118 %,高于全市中位数 4.1 个稳健标准差"). The thresholds are dated data
(``rulesets/anomaly/YYYY-MM-DD.yaml``, read with :func:`parse_rules`).

Periods: the evaluation month and the 11 before it are 本期; the 12 before that 上期, the 12 before
that 前期. A value that is missing is unknown, never zero: a period total is used only when at
least ``min_known_months`` of its months are known, and is then scaled to 12 months.

Signals (each with a threshold and a weight; fired ⇔ value ≥ threshold):

* ``yoy_growth`` — growth of 罚没收入 (fines + confiscations) 本期 over 上期;
* ``two_year_growth`` — the smaller of this year's and last year's growth (连续两年增长);
* ``peer_deviation`` — the robust deviation of this growth from the other counties,
  (x − median) ÷ (1.4826 × MAD), so one outlier does not hide another;
* ``per_firm_growth`` / ``per_case_growth`` — growth per 10,000 firms and per case: growth that
  more firms or more cases do not explain;
* ``month_end_spike`` — the share of fines decided in the last days of each month, against peers;
* ``year_end_spike`` — December's revenue as a multiple of the monthly mean, against peers;
* ``top_range_share`` — the share of fined cases at ≥ 90 % of the statutory maximum, against peers;
* ``problems_rate`` / ``complaints_rate`` / ``enforcement_complaints_rate`` — per 10,000 firms.

Small counties are not flagged by noise: growth rates are shrunk toward the city's growth by the
credibility n / (n + k) (n the smaller number of cases of the two periods, k a constant of the rules);
rates per 10,000 firms by gamma–Poisson empirical Bayes (the prior strength estimated from the spread
between counties by the method of moments); a share (month-end, top of range) must lie a number of
standard errors above the city's share given the county's number of cases. The reasons say when a
county's own weight is low. A county is flagged when the weights of its fired signals reach
``flag_score`` and at least one fired signal compares it with its peers (``flag_requires_any``), so a
city-wide rise does not flag every county.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FIELDS",
    "AnomalyRules",
    "CountyMonth",
    "CountyResult",
    "Evaluation",
    "InputError",
    "Signal",
    "SignalRule",
    "evaluate",
    "evaluate_lines",
    "month_index",
    "month_label",
    "parse_line",
    "parse_rules",
]

MAD_SCALE = 1.4826  # makes the MAD a consistent estimate of the standard deviation of a normal sample
WAN = 10_000.0

MONEY_FIELDS = ("fines", "confiscations", "fines_paid", "fines_month_end")
COUNT_FIELDS = (
    "firms",
    "cases",
    "problems",
    "complaints",
    "enterprise_complaints",
    "top_range_cases",
    "ranged_cases",
)
FIELDS = ("region", "month", *MONEY_FIELDS, *COUNT_FIELDS)
_MONEY = frozenset(MONEY_FIELDS)
_KNOWN = frozenset(FIELDS)
FIELD_LABELS = {
    "region": "区划代码",
    "month": "月份",
    "fines": "罚款金额",
    "confiscations": "没收金额",
    "fines_paid": "按缴款日期统计的罚没金额",
    "fines_month_end": "月末作出的罚没金额",
    "firms": "经营主体数",
    "cases": "案件数",
    "problems": "认定问题数",
    "complaints": "投诉举报数",
    "enterprise_complaints": "企业反映执法问题数",
    "top_range_cases": "顶格罚款案件数",
    "ranged_cases": "有法定上限的罚款案件数",
}
# The signals that compare a county with its peers; one of them must fire for a flag.
PEER_SIGNALS = ("peer_deviation", "month_end_spike", "year_end_spike", "top_range_share")


class InputError(ValueError):
    """An input line or a rule file that cannot be used; the message is Chinese and names the field."""


# --- months ---------------------------------------------------------------------------------


def month_index(text: str) -> int:
    """'2025-06' → 2025 × 12 + 5; refuses anything else."""
    if len(text) == 7 and text.isascii() and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        month = int(text[5:])
        if 1 <= month <= 12:
            return int(text[:4]) * 12 + month - 1
    raise InputError(f"月份“{text}”格式错误，应为 YYYY-MM，例如 2025-06")


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# --- rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalRule:
    name: str
    label: str
    threshold: float
    weight: float
    min_share: float = 0.0
    min_ratio: float = 0.0
    min_cases: int = 0
    design_effect: float = 1.0


SIGNAL_NAMES = (
    "yoy_growth",
    "two_year_growth",
    "peer_deviation",
    "per_firm_growth",
    "per_case_growth",
    "month_end_spike",
    "year_end_spike",
    "top_range_share",
    "problems_rate",
    "complaints_rate",
    "enforcement_complaints_rate",
)


@dataclass(frozen=True)
class AnomalyRules:
    version: str
    signals: Mapping[str, SignalRule]
    min_known_months: int = 10
    mad_floor: Mapping[str, float] = field(
        default_factory=lambda: {"growth": 0.03, "rate": 0.05, "ratio": 0.1}
    )
    growth_cases: float = 30.0
    note_below: float = 0.8
    month_end_days: int = 5
    flag_score: float = 3.0
    flag_requires_any: tuple[str, ...] = PEER_SIGNALS
    legal_basis: tuple[str, ...] = ()


_RULE_KEYS = {
    "version",
    "min_known_months",
    "mad_floor",
    "shrinkage",
    "month_end_days",
    "flag_score",
    "flag_requires_any",
    "signals",
    "legal_basis",
}
_SIGNAL_KEYS = {"label", "threshold", "weight", "min_share", "min_ratio", "min_cases", "design_effect"}


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where} 应为数字")
    return float(value)


def parse_rules(data: Mapping[str, Any]) -> AnomalyRules:
    """Rules from the YAML mapping; unknown keys and signals are refused so a typo does not pass."""
    if not isinstance(data, Mapping):
        raise InputError("重点县区规则文件应为键值表")
    unknown = set(data) - _RULE_KEYS
    if unknown:
        raise InputError(f"重点县区规则含未知字段：{'、'.join(sorted(unknown))}")
    raw_signals = data.get("signals") or {}
    bad = set(raw_signals) - set(SIGNAL_NAMES)
    if bad:
        raise InputError(f"重点县区规则含未知信号：{'、'.join(sorted(bad))}")
    signals: dict[str, SignalRule] = {}
    for name, item in raw_signals.items():
        extra = set(item) - _SIGNAL_KEYS
        if extra:
            raise InputError(f"信号 {name} 含未知字段：{'、'.join(sorted(extra))}")
        signals[name] = SignalRule(
            name=name,
            label=str(item.get("label", name)),
            threshold=_number(item.get("threshold"), f"信号 {name} 的 threshold"),
            weight=_number(item.get("weight", 1), f"信号 {name} 的 weight"),
            min_share=_number(item.get("min_share", 0), f"信号 {name} 的 min_share"),
            min_ratio=_number(item.get("min_ratio", 0), f"信号 {name} 的 min_ratio"),
            min_cases=int(_number(item.get("min_cases", 0), f"信号 {name} 的 min_cases")),
            design_effect=_number(item.get("design_effect", 1), f"信号 {name} 的 design_effect"),
        )
    shrinkage = data.get("shrinkage") or {}
    floors = {"growth": 0.03, "rate": 0.05, "ratio": 0.1}
    for key, value in (data.get("mad_floor") or {}).items():
        if key not in floors:
            raise InputError(f"mad_floor 含未知字段：{key}")
        floors[key] = _number(value, f"mad_floor.{key}")
    requires = tuple(str(s) for s in data.get("flag_requires_any") or PEER_SIGNALS)
    rules = AnomalyRules(
        version=str(data.get("version", "")),
        signals=signals,
        min_known_months=int(_number(data.get("min_known_months", 10), "min_known_months")),
        mad_floor=floors,
        growth_cases=_number(shrinkage.get("growth_cases", 30), "shrinkage.growth_cases"),
        note_below=_number(shrinkage.get("note_below", 0.8), "shrinkage.note_below"),
        month_end_days=int(_number(data.get("month_end_days", 5), "month_end_days")),
        flag_score=_number(data.get("flag_score", 3), "flag_score"),
        flag_requires_any=requires,
        legal_basis=tuple(str(b) for b in data.get("legal_basis") or ()),
    )
    if not 1 <= rules.min_known_months <= 12:
        raise InputError("min_known_months 须在 1 至 12 之间")
    if not rules.version:
        raise InputError("重点县区规则须有 version")
    return rules


# --- input ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyMonth:
    """One county and month. ``None`` means unknown, never zero."""

    region: str
    month: str  # YYYY-MM
    fines: float | None = None
    confiscations: float | None = None
    fines_paid: float | None = None  # by payment date
    fines_month_end: float | None = None  # decided in the last ``month_end_days`` days of the month
    firms: int | None = None
    cases: int | None = None
    problems: int | None = None  # confirmed enforcement problems
    complaints: int | None = None  # complaints and reports (12315/12345)
    enterprise_complaints: int | None = None  # firms' complaints about enforcement
    top_range_cases: int | None = None  # fined at ≥ 90 % of the statutory maximum
    ranged_cases: int | None = None  # fined cases whose statutory maximum is known

    @property
    def revenue(self) -> float | None:
        if self.fines is None or self.confiscations is None:
            return None
        return self.fines + self.confiscations


_REGION = re.compile(r"^\d{6}$")


def parse_line(data: Any) -> CountyMonth:
    """One object of the JSON Lines contract → :class:`CountyMonth`, or :class:`InputError`."""
    if not isinstance(data, dict):
        raise InputError("每行应为一个 JSON 对象")
    unknown = [k for k in data if k not in _KNOWN]
    if unknown:
        raise InputError(f"未知字段：{'、'.join(map(str, unknown))}")
    region = data.get("region")
    if not isinstance(region, str) or not _REGION.match(region):
        raise InputError('字段 region（区划代码）应为 6 位数字字符串，例如 "411802"')
    month = data.get("month")
    if not isinstance(month, str):
        raise InputError("字段 month（月份）应为 YYYY-MM 格式的字符串")
    month_index(month)
    values: dict[str, Any] = {}
    for name, value in data.items():
        if value is None or name in ("region", "month"):
            continue
        if name in _MONEY:
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise InputError(f"字段 {name}（{FIELD_LABELS[name]}）应为数字（元）")
            if value < 0:
                raise InputError(f"字段 {name}（{FIELD_LABELS[name]}）不能为负数")
            values[name] = float(value)
        else:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InputError(f"字段 {name}（{FIELD_LABELS[name]}）应为整数")
            if value < 0:
                raise InputError(f"字段 {name}（{FIELD_LABELS[name]}）不能为负数")
            values[name] = value
    row = CountyMonth(region=region, month=month, **values)
    if row.fines_month_end is not None and row.fines is not None and row.fines_month_end > row.fines + 0.005:
        raise InputError("字段 fines_month_end（月末作出的罚没金额）不能大于 fines（罚款金额）")
    if (
        row.top_range_cases is not None
        and row.ranged_cases is not None
        and row.top_range_cases > row.ranged_cases
    ):
        raise InputError("字段 top_range_cases（顶格罚款案件数）不能大于 ranged_cases")
    return row


# --- output ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    name: str
    label: str
    value: float | None  # None: not enough data to judge
    threshold: float
    weight: float
    fired: bool
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        value = None if self.value is None else round(self.value, 4)
        return {"name": self.name, "value": value, "threshold": self.threshold}


@dataclass(frozen=True)
class CountyResult:
    region: str
    score: float
    rank: int
    flagged: bool
    signals: tuple[Signal, ...]  # every signal evaluated, fired or not
    reasons: tuple[str, ...]
    indicators: Mapping[str, float | None]

    @property
    def fired(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.fired)

    def as_dict(self) -> dict[str, Any]:
        """The CLI contract: only the signals that fired are listed."""
        return {
            "region": self.region,
            "score": self.score,
            "rank": self.rank,
            "flagged": self.flagged,
            "signals": [s.as_dict() for s in self.fired],
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Evaluation:
    month: str
    rules_version: str
    results: tuple[CountyResult, ...]  # ranked
    city: Mapping[str, float | None]
    legal_basis: tuple[str, ...] = ()

    def result_for(self, region: str) -> CountyResult | None:
        return next((r for r in self.results if r.region == region), None)


# --- statistics -----------------------------------------------------------------------------


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _robust_z(values: Mapping[str, float], floor: float) -> tuple[dict[str, float], float]:
    """(x − median) ÷ max(1.4826 × MAD, floor) for each county; the median. Needs 3 values."""
    if len(values) < 3:
        return {}, math.nan
    med = _median(list(values.values()))
    mad = MAD_SCALE * _median([abs(v - med) for v in values.values()])
    scale = max(mad, floor, 1e-12)
    return {k: (v - med) / scale for k, v in values.items()}, med


def _poisson_shrink(
    counts: Mapping[str, float], exposures: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, float], float]:
    """Gamma–Poisson empirical Bayes: shrunk rates, own-data weights, city rate (method of moments)."""
    keys = [k for k in counts if exposures.get(k, 0) > 0]
    total_e = sum(exposures[k] for k in keys)
    if not keys or total_e <= 0:
        return {}, {}, math.nan
    city = sum(counts[k] for k in keys) / total_e
    mean_e = total_e / len(keys)
    between = sum(exposures[k] * (counts[k] / exposures[k] - city) ** 2 for k in keys) / total_e
    tau2 = between - city / mean_e
    prior = math.inf if tau2 <= 0 else city / tau2  # the prior's strength, in exposure units
    rates, weights = {}, {}
    for k in keys:
        e = exposures[k]
        w = 0.0 if math.isinf(prior) else e / (e + prior)
        rates[k] = w * counts[k] / e + (1 - w) * city
        weights[k] = w
    return rates, weights, city


def _binomial_z(
    shares: Mapping[str, float], sizes: Mapping[str, float], design_effect: float = 1.0
) -> tuple[dict[str, float], float]:
    """How many standard errors each share lies above the city's share, given its sample size.

    The standard error is that of a proportion on ``size / design_effect`` cases (a share of amounts
    varies more than a share of cases), so a small county needs a much larger share to stand out.
    """
    keys = [k for k in shares if sizes.get(k, 0) > 0]
    total = sum(sizes[k] for k in keys)
    if len(keys) < 3 or total <= 0:
        return {}, math.nan
    city = sum(shares[k] * sizes[k] for k in keys) / total
    spread = city * (1 - city)
    if spread <= 0:
        return {}, city
    effect = max(design_effect, 1.0)
    return {k: (shares[k] - city) / math.sqrt(spread * effect / sizes[k]) for k in keys}, city


def _pct(value: float) -> str:
    return f"{value * 100:+.0f} %"


def _share(value: float) -> str:
    return f"{value * 100:.0f} %"


def _wan(value: float) -> str:
    return f"{value / WAN:,.1f} 万元"


def _z_text(z: float) -> str:
    return f"高于全市中位数 {z:.1f} 个稳健标准差"


# --- the evaluation -------------------------------------------------------------------------


@dataclass
class _County:
    region: str
    months: dict[int, CountyMonth] = field(default_factory=dict)
    ind: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _period_total(county: _County, months: range, attr: str, min_known: int) -> float | None:
    known = []
    for m in months:
        row = county.months.get(m)
        value = None if row is None else (row.revenue if attr == "revenue" else getattr(row, attr))
        if value is not None:
            known.append(float(value))
    if len(known) < min_known:
        return None
    return sum(known) * len(months) / len(known)


def _paired_total(
    county: _County, months: range, part: str, whole: str, min_known: int
) -> tuple[float, float] | None:
    """Sums of two fields over the months where both are known (for shares)."""
    a = b = 0.0
    known = 0
    for m in months:
        row = county.months.get(m)
        if row is None:
            continue
        x, y = getattr(row, part), getattr(row, whole)
        if x is None or y is None:
            continue
        a, b, known = a + float(x), b + float(y), known + 1
    return (a, b) if known >= min_known else None


def _mean_known(county: _County, months: range, attr: str, min_known: int) -> float | None:
    known = [
        float(v) for m in months if (row := county.months.get(m)) and (v := getattr(row, attr)) is not None
    ]
    return sum(known) / len(known) if len(known) >= min_known else None


def _growth(now: float | None, before: float | None) -> float | None:
    if now is None or before is None or before <= 0:
        return None
    return now / before - 1


def _last_complete_month(counties: Mapping[str, _County], today: dt.date | None) -> int:
    """The latest month before ``today``'s month that every county reporting the month before also
    reports (a month some counties have not sent yet is not complete); else the latest month."""
    by_month: dict[int, set[str]] = {}
    for county in counties.values():
        for m in county.months:
            by_month.setdefault(m, set()).add(county.region)
    months = sorted(by_month)
    current = today.year * 12 + today.month - 1 if today is not None else None
    for m in reversed(months):
        if current is not None and m >= current:
            continue
        if by_month.get(m - 1, set()) <= by_month[m]:
            return m
    return months[-1]


_RateResult = tuple[dict[str, float], dict[str, float], float, dict[str, float]]


@dataclass(frozen=True)
class _Peers:
    """What the comparison with the other counties produced, per signal."""

    growth: Mapping[str, float]
    growth_z: Mapping[str, float]
    growth_median: float
    me_share: Mapping[str, float]
    me_size: Mapping[str, float]
    me_city: float
    me_z: Mapping[str, float]
    ye_ratio: Mapping[str, float]
    ye_z: Mapping[str, float]
    ye_median: float
    top_share: Mapping[str, float]
    top_city: float
    top_z: Mapping[str, float]
    rates: Mapping[str, tuple[_RateResult, str]]


def _judge(
    c: _County, rules: AnomalyRules, peers: _Peers
) -> tuple[_County, list[Signal], list[str], float, bool]:
    """The signals of one county, its score, whether it is flagged and the reasons."""
    ind, r, sig = c.ind, c.region, rules.signals
    signals: list[Signal] = []
    growth_parts: list[str] = []
    other: list[str] = []

    def add(name: str, value: float | None, extra_ok: bool = True) -> bool:
        rule = sig.get(name)
        if rule is None:
            return False
        fired = value is not None and value >= rule.threshold and extra_ok
        signals.append(Signal(name, rule.label, value, rule.threshold, rule.weight, fired))
        return fired

    g = ind["growth"] if r in peers.growth else None
    if add("yoy_growth", g):
        now, before = _wan(ind["revenue"] or 0), _wan(ind["revenue_prev"] or 0)
        growth_parts.append(f"罚没收入同比 {_pct(g or 0)}（本期 {now}，上期 {before}）")
    two = None
    if g is not None and ind["growth_last"] is not None:
        two = min(g, ind["growth_last"])
    if add("two_year_growth", two):
        limit = _share(sig["two_year_growth"].threshold)
        growth_parts.append(f"连续两年增长超过 {limit}（上年 {_pct(ind['growth_last'] or 0)}）")
    z = peers.growth_z.get(r)
    ind["growth_z"] = z
    if add("peer_deviation", z):
        growth_parts.append(f"{_z_text(z or 0)}（全市各县同比中位数 {_pct(peers.growth_median)}）")
    if add("per_firm_growth", ind["per_firm_growth"]):
        firms, per_firm = _pct(ind["firms_growth"] or 0), _pct(ind["per_firm_growth"] or 0)
        growth_parts.append(
            f"经营主体数同比 {firms}，每万户罚没收入同比 {per_firm}，增长不能由经营主体增多解释"
        )
    if add("per_case_growth", ind["per_case_growth"]):
        cases, per_case = _pct(ind["cases_growth"] or 0), _pct(ind["per_case_growth"] or 0)
        growth_parts.append(f"案件数同比 {cases}，案均罚没金额同比 {per_case}，增长不能由案件增多解释")

    me_rule = sig.get("month_end_spike")
    share = peers.me_share.get(r)
    zme = peers.me_z.get(r)
    if add("month_end_spike", zme, share is not None and me_rule is not None and share >= me_rule.min_share):
        text = (
            f"每月最后 {rules.month_end_days} 天作出的处罚占罚没金额的 {_share(share or 0)}"
            f"（全市 {_share(peers.me_city)}），按本县 {peers.me_size.get(r, 0):.0f} 件案件计，"
            f"高出全市 {zme or 0:.1f} 个标准误"
        )
        other.append(text)
    ye_rule = sig.get("year_end_spike")
    ratio = peers.ye_ratio.get(r)
    ind["year_end_ratio"] = ratio
    zye = peers.ye_z.get(r)
    if add("year_end_spike", zye, ratio is not None and ye_rule is not None and ratio >= ye_rule.min_ratio):
        other.append(
            f"12 月罚没金额为本期月均的 {ratio or 0:.1f} 倍（全市中位数 {peers.ye_median:.1f} 倍），"
            f"{_z_text(zye or 0)}"
        )
    top_rule = sig.get("top_range_share")
    tshare = peers.top_share.get(r)
    if tshare is not None:
        ind["top_range_share"] = tshare
    ztop = peers.top_z.get(r)
    if add(
        "top_range_share", ztop, tshare is not None and top_rule is not None and tshare >= top_rule.min_share
    ):
        ranged, top = ind.get("ranged_cases") or 0, ind.get("top_range_cases") or 0
        other.append(
            f"罚款达到法定上限 90 % 的案件占 {_share(tshare or 0)}"
            f"（{ranged:.0f} 件中 {top:.0f} 件；全市 {_share(peers.top_city)}），"
            f"高出全市 {ztop or 0:.1f} 个标准误"
        )
    for name, ((rates, weights, city, zs), what) in peers.rates.items():
        rate = rates.get(r)
        ind[name] = rate
        zr = zs.get(r)
        if add(name, zr):
            text = f"每万户经营主体{what} {rate or 0:.1f} 件（全市 {city:.1f} 件），{_z_text(zr or 0)}"
            if weights.get(r, 1) < rules.note_below:
                text += f"；比率已按经验贝叶斯方法向全市水平收缩，本县数据权重 {_share(weights[r])}"
            other.append(text)

    fired = [s for s in signals if s.fired]
    score = round(float(sum(s.weight for s in fired)), 2)
    flagged = score >= rules.flag_score and any(s.name in rules.flag_requires_any for s in fired)
    reasons = (["，".join(growth_parts)] if growth_parts else []) + other
    if fired and not flagged:
        reasons.append("信号权重合计未达到重点县区标准，或无一项高于全市其他县区，暂不列为重点县区")
    reasons.extend(c.notes)
    if not fired and not c.notes:
        reasons.append("未发现异常信号")
    return c, signals, reasons, score, flagged


def evaluate(
    rows: Iterable[CountyMonth],
    rules: AnomalyRules,
    *,
    month: str | None = None,
    today: dt.date | None = None,
) -> Evaluation:
    """Score, rank and flag every county of ``rows`` for the evaluation month.

    ``month`` defaults to the last complete month in the input: before ``today``'s month, and sent by
    every county that sent the month before.
    Two rows for the same county and month are refused.
    """
    counties: dict[str, _County] = {}
    for row in rows:
        county = counties.setdefault(row.region, _County(row.region))
        index = month_index(row.month)
        if index in county.months:
            raise InputError(f"区划 {row.region} 的 {row.month} 数据重复")
        county.months[index] = row
    if not counties:
        raise InputError("没有任何县区数据")
    end = month_index(month) if month else _last_complete_month(counties, today)
    cur, prev, prev2 = range(end - 11, end + 1), range(end - 23, end - 11), range(end - 35, end - 23)
    k = rules.min_known_months
    sig = rules.signals

    for c in counties.values():
        ind = c.ind
        ind["revenue"] = _period_total(c, cur, "revenue", k)
        ind["revenue_prev"] = _period_total(c, prev, "revenue", k)
        ind["revenue_prev2"] = _period_total(c, prev2, "revenue", k)
        ind["revenue_paid"] = _period_total(c, cur, "fines_paid", k)
        ind["cases"] = _period_total(c, cur, "cases", k)
        ind["cases_prev"] = _period_total(c, prev, "cases", k)
        ind["cases_prev2"] = _period_total(c, prev2, "cases", k)
        ind["firms"] = _mean_known(c, cur, "firms", 1)
        ind["firms_prev"] = _mean_known(c, prev, "firms", 1)
        ind["problems"] = _period_total(c, cur, "problems", k)
        ind["complaints"] = _period_total(c, cur, "complaints", k)
        ind["enterprise_complaints"] = _period_total(c, cur, "enterprise_complaints", k)
        if ind["revenue"] is None:
            c.notes.append(f"本期罚没收入已知月份少于 {k} 个，未判断增长")
        elif ind["revenue_prev"] is None:
            c.notes.append(f"上期罚没收入已知月份少于 {k} 个，未判断同比增长")

    # growth, shrunk toward the city's growth by credibility
    def city_growth(now_key: str, before_key: str) -> float | None:
        pairs = [
            (c.ind[now_key], c.ind[before_key])
            for c in counties.values()
            if c.ind[now_key] is not None and c.ind[before_key] is not None
        ]
        now = sum(p[0] for p in pairs if p[0] is not None)
        before = sum(p[1] for p in pairs if p[1] is not None)
        return now / before - 1 if pairs and before > 0 else None

    city_yoy = city_growth("revenue", "revenue_prev")
    city_last = city_growth("revenue_prev", "revenue_prev2")

    def credibility(*counts: float | None) -> float:
        known = [n for n in counts if n is not None]
        if len(known) < len(counts):
            return 1.0
        n = min(known)
        return n / (n + rules.growth_cases) if rules.growth_cases > 0 else 1.0

    growth: dict[str, float] = {}
    for c in counties.values():
        ind = c.ind
        raw = _growth(ind["revenue"], ind["revenue_prev"])
        ind["growth_raw"] = raw
        w = credibility(ind["cases"], ind["cases_prev"])
        ind["growth_weight"] = w
        if raw is not None and city_yoy is not None:
            shrunk = w * raw + (1 - w) * city_yoy
            ind["growth"] = growth[c.region] = shrunk
            if w < rules.note_below:
                c.notes.append(
                    f"本县案件较少（两期中较少者 {min(ind['cases'] or 0, ind['cases_prev'] or 0):.0f} 件），"
                    f"增长率已按可信度向全市增长率收缩，本县数据权重 {_share(w)}"
                )
        else:
            ind["growth"] = raw
        raw_last = _growth(ind["revenue_prev"], ind["revenue_prev2"])
        w_last = credibility(ind["cases_prev"], ind["cases_prev2"])
        ind["growth_last"] = (
            w_last * raw_last + (1 - w_last) * city_last
            if raw_last is not None and city_last is not None
            else raw_last
        )
        # growth not explained by more firms or more cases
        firms_growth = _growth(ind["firms"], ind["firms_prev"])
        ind["firms_growth"] = firms_growth
        per_firm = None  # judged only when the number of firms changed (else it is the growth itself)
        if raw is not None and firms_growth is not None and firms_growth != 0:
            per_firm = (1 + raw) / (1 + firms_growth) - 1
        cases_growth = _growth(ind["cases"], ind["cases_prev"])
        ind["cases_growth"] = cases_growth
        per_case = None
        if raw is not None and cases_growth is not None and cases_growth > -1:
            per_case = (1 + raw) / (1 + cases_growth) - 1
        shrink = (1 - w) * (city_yoy or 0.0)
        ind["per_firm_growth"] = None if per_firm is None else w * per_firm + shrink
        ind["per_case_growth"] = None if per_case is None else w * per_case + shrink
        if ind["revenue"] is not None and ind["firms"]:
            ind["revenue_per_wan_firms"] = ind["revenue"] / ind["firms"] * WAN
        if ind["revenue"] is not None and ind["cases"]:
            ind["revenue_per_case"] = ind["revenue"] / ind["cases"]

    growth_z, growth_median = _robust_z(growth, rules.mad_floor["growth"])

    # month-end share of fines, shrunk by beta–binomial EB on the number of cases
    me_share: dict[str, float] = {}
    me_size: dict[str, float] = {}
    for c in counties.values():
        pair = _paired_total(c, cur, "fines_month_end", "fines", k)
        if pair and pair[1] > 0:
            me_share[c.region] = pair[0] / pair[1]
            me_size[c.region] = c.ind["cases"] or 0.0
            c.ind["month_end_share"] = me_share[c.region]
    me_rule = sig.get("month_end_spike")
    me_z, me_city = _binomial_z(me_share, me_size, me_rule.design_effect if me_rule else 1.0)

    # December revenue as a multiple of the monthly mean (only when December is in 本期)
    dec = next((m for m in cur if m % 12 == 11), None)
    ye_ratio: dict[str, float] = {}
    ye_weight: dict[str, float] = {}
    for c in counties.values():
        december = c.months.get(dec) if dec is not None else None
        rev = c.ind["revenue"]
        if december is None or december.revenue is None or not rev:
            continue
        ye_ratio[c.region] = december.revenue / (rev / 12)
        n = float(december.cases) if december.cases is not None else None
        ye_weight[c.region] = 1.0 if n is None else n / (n + rules.growth_cases / 3)
    if ye_ratio:
        city_ratio = _median(list(ye_ratio.values()))
        ye_ratio = {r: ye_weight[r] * v + (1 - ye_weight[r]) * city_ratio for r, v in ye_ratio.items()}
    ye_z, ye_median = _robust_z(ye_ratio, rules.mad_floor["ratio"])

    # share of fined cases at the top of the statutory range
    top_share: dict[str, float] = {}
    top_size: dict[str, float] = {}
    for c in counties.values():
        pair = _paired_total(c, cur, "top_range_cases", "ranged_cases", k)
        rule = sig.get("top_range_share")
        if pair and rule and pair[1] >= max(rule.min_cases, 1):
            top_share[c.region] = pair[0] / pair[1]
            top_size[c.region] = pair[1]
            c.ind["top_range_cases"], c.ind["ranged_cases"] = pair
    top_z, top_city = _binomial_z(top_share, top_size)

    # rates per 10,000 firms, gamma–Poisson EB
    def rate_signal(attr: str) -> _RateResult:
        counts = {c.region: v for c in counties.values() if (v := c.ind[attr]) is not None and c.ind["firms"]}
        exposure = {r: (counties[r].ind["firms"] or 0.0) / WAN for r in counts}
        rates, weights, city = _poisson_shrink(counts, exposure)
        floor = rules.mad_floor["rate"] * city if not math.isnan(city) else 0.0
        z, _ = _robust_z(rates, floor)
        return rates, weights, city, z

    rate_results = {
        "problems_rate": (rate_signal("problems"), "执法问题"),
        "complaints_rate": (rate_signal("complaints"), "投诉举报"),
        "enforcement_complaints_rate": (rate_signal("enterprise_complaints"), "企业反映执法问题"),
    }

    peers = _Peers(
        growth=growth,
        growth_z=growth_z,
        growth_median=growth_median,
        me_share=me_share,
        me_size=me_size,
        me_city=me_city,
        me_z=me_z,
        ye_ratio=ye_ratio,
        ye_z=ye_z,
        ye_median=ye_median,
        top_share=top_share,
        top_city=top_city,
        top_z=top_z,
        rates=rate_results,
    )
    results = [_judge(c, rules, peers) for c in counties.values()]

    def order(item: tuple[_County, list[Signal], list[str], float, bool]) -> tuple[Any, ...]:
        c, _signals, _reasons, score, flagged = item
        z = c.ind.get("growth_z")
        return (not flagged, -score, -(z if z is not None else -math.inf), c.region)

    results.sort(key=order)
    ranked = tuple(
        CountyResult(
            region=c.region,
            score=score,
            rank=i + 1,
            flagged=flagged,
            signals=tuple(signals),
            reasons=tuple(reasons),
            indicators=dict(c.ind),
        )
        for i, (c, signals, reasons, score, flagged) in enumerate(results)
    )
    return Evaluation(
        month=month_label(end),
        rules_version=rules.version,
        results=ranked,
        city={
            "growth": city_yoy,
            "growth_median": None if math.isnan(growth_median) else growth_median,
            "month_end_share": None if math.isnan(me_city) else me_city,
            "top_range_share": None if math.isnan(top_city) else top_city,
        },
        legal_basis=rules.legal_basis,
    )


def evaluate_lines(
    lines: Iterable[str], rules: AnomalyRules, *, month: str | None = None, today: dt.date | None = None
) -> Iterator[dict[str, Any]]:
    """The CLI contract: errors ``{"line", "error"}`` first (in input order), then one line per county."""
    rows: list[CountyMonth] = []
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            yield {"line": number, "error": "该行不是有效的 JSON"}
            continue
        try:
            row = parse_line(data)
        except InputError as error:
            yield {"line": number, "error": str(error)}
            continue
        key = (row.region, row.month)
        if key in seen:
            yield {"line": number, "error": f"区划 {row.region} 的 {row.month} 数据与第 {seen[key]} 行重复"}
            continue
        seen[key] = number
        rows.append(row)
    if not rows:
        return
    for result in evaluate(rows, rules, month=month, today=today).results:
        yield result.as_dict()
