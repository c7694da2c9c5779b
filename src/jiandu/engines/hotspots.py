"""Complaint hotspots （投诉热点）： counts by region × domain × issue × period against a seasonal baseline.

Pure Python with numpy (no Django). Complaints come in as columns of integer codes (see
`ComplaintColumns`; `encode_records` builds them from plain records), so five million rows fit in
tens of megabytes and every step is one vectorised pass (docs/decisions/0005-hotspots-numpy.md).

For the as-of period each cell (region, domain, issue) is tested twice:

* **emerging** — the count against the same periods (± ``window``) of up to ``baseline_years`` earlier
  years, each scaled by the city-wide year-on-year change; the exact conditional test of two Poisson
  rates (binomial, so the baseline's own noise counts), widened by the dispersion estimated from the
  baselines; Benjamini–Hochberg q values across all cells.
* **persistent** — the total of the last 12 months (26 weeks) against the same domain and issue in the
  other regions, per firm when firm counts are given (else per complaint of the region); also
  negative-binomial with BH, and elevated in most periods of the window.

Each `Hotspot` carries its numbers, a grade from the dated grading rule (rulesets/prevention/
warning_grades.yaml) and reasons in Chinese. `repeat_firms` lists firms with repeated complaints;
`difference_in_differences` evaluates warnings against comparable unwarned cells.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import yaml
from scipy.special import betainc, gammainc

from jiandu.engines.triage.taxonomy import DOMAINS

__all__ = [
    "DEFAULT_RULES_DIR",
    "ComplaintColumns",
    "DidResult",
    "FirmHotspot",
    "GradingRule",
    "Hotspot",
    "HotspotRules",
    "IssueTaxonomy",
    "Period",
    "baseline_sf",
    "benjamini_hochberg",
    "check_complaint_line",
    "difference_in_differences",
    "encode_records",
    "find_hotspots",
    "load_grading_rule",
    "load_rules",
    "load_taxonomy",
    "negative_binomial_sf",
    "repeat_firms",
]

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rulesets" / "prevention"
PeriodKind = Literal["month", "week"]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
WEEKS_PER_YEAR = 52  # ISO week 53 is counted with week 52 so that "the same week" exists every year


# --- rules ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotspotRules:
    version: str = "default"
    alpha: float = 0.05
    min_count: int = 5
    min_ratio: float = 1.5
    baseline_years: int = 3
    window: int = 1
    persistent_alpha: float = 0.01
    persistent_ratio: float = 1.3
    persistent_min_count: int = 10
    persistent_months: int = 12
    persistent_weeks: int = 26
    min_elevated_share: float = 0.6
    firm_months: int = 3
    firm_min_count: int = 5
    firm_min_ratio: float = 3.0


def load_rules(path: Path | None = None) -> HotspotRules:
    data = yaml.safe_load((path or DEFAULT_RULES_DIR / "hotspots.yaml").read_text(encoding="utf-8"))
    e, p, f = data["emerging"], data["persistent"], data["repeat_firms"]
    return HotspotRules(
        version=str(data["version"]),
        alpha=float(e["alpha"]),
        min_count=int(e["min_count"]),
        min_ratio=float(e["min_ratio"]),
        baseline_years=int(e["baseline_years"]),
        window=int(e["window"]),
        persistent_alpha=float(p["alpha"]),
        persistent_ratio=float(p["min_ratio"]),
        persistent_min_count=int(p["min_count"]),
        persistent_months=int(p["months"]),
        persistent_weeks=int(p["weeks"]),
        min_elevated_share=float(p["min_elevated_share"]),
        firm_months=int(f["months"]),
        firm_min_count=int(f["min_count"]),
        firm_min_ratio=float(f["min_ratio"]),
    )


@dataclass(frozen=True)
class GradingRule:
    version: str
    effective_from: dt.date
    size: tuple[tuple[float, int], ...]
    growth: tuple[tuple[float, int], ...]
    grades: tuple[tuple[int, str, bool], ...]

    def grade(self, *, count: int, ratio: float, harm: int) -> tuple[str, bool, int]:
        """(grade, whether the rule asks to publish it, points) for a hotspot's numbers."""
        points = harm
        points += next((p for at_least, p in self.size if count >= at_least), 0)
        points += next((p for at_least, p in self.growth if ratio >= at_least), 0)
        for at_least, grade, publish in self.grades:
            if points >= at_least:
                return grade, publish, points
        return self.grades[-1][1], self.grades[-1][2], points


def load_grading_rule(on: dt.date | None = None, path: Path | None = None) -> GradingRule:
    """The grading rule in force on ``on`` (the newest when not given)."""
    data = yaml.safe_load((path or DEFAULT_RULES_DIR / "warning_grades.yaml").read_text(encoding="utf-8"))
    rules = sorted(
        (
            GradingRule(
                version=str(v["version"]),
                effective_from=v["effective_from"],
                size=tuple((float(s["at_least"]), int(s["points"])) for s in v["size"]),
                growth=tuple((float(s["at_least"]), int(s["points"])) for s in v["growth"]),
                grades=tuple((int(g["at_least"]), str(g["grade"]), bool(g["publish"])) for g in v["grades"]),
            )
            for v in data["versions"]
        ),
        key=lambda r: r.effective_from,
    )
    if on is not None:
        in_force = [r for r in rules if r.effective_from <= on]
        return in_force[-1] if in_force else rules[0]
    return rules[-1]


@dataclass(frozen=True)
class IssueType:
    name: str
    harm: int
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class IssueTaxonomy:
    """Issue types per domain (rulesets/prevention/issues.yaml) and platform categories → domains."""

    version: str
    domains: Mapping[str, tuple[IssueType, ...]]
    fallbacks: Mapping[str, str]
    categories: Mapping[str, str] = field(default_factory=dict)

    def classify(self, domain: str, text: str) -> str:
        """The issue type of a complaint of ``domain`` from its subject and content."""
        for issue in self.domains.get(domain, ()):
            if any(word in text for word in issue.keywords):
                return issue.name
        return self.fallbacks.get(domain, "其他问题")

    def harm(self, domain: str, issue: str) -> int:
        return next((i.harm for i in self.domains.get(domain, ()) if i.name == issue), 1)

    def domain_of_category(self, category: str) -> str | None:
        category = category.strip()
        if category in self.categories:
            return self.categories[category]
        return next((d for key, d in self.categories.items() if key and key in category), None)

    def issues_of(self, domain: str) -> list[str]:
        return [i.name for i in self.domains.get(domain, ())]


def load_taxonomy(directory: Path | None = None) -> IssueTaxonomy:
    directory = directory or DEFAULT_RULES_DIR
    data = yaml.safe_load((directory / "issues.yaml").read_text(encoding="utf-8"))
    categories = yaml.safe_load((directory / "platform_categories.yaml").read_text(encoding="utf-8"))
    domains: dict[str, tuple[IssueType, ...]] = {}
    fallbacks: dict[str, str] = {}
    for name, spec in data["domains"].items():
        domains[name] = tuple(
            IssueType(str(i["name"]), int(i["harm"]), tuple(str(k) for k in i.get("keywords") or ()))
            for i in spec["issues"]
        )
        fallbacks[name] = str(spec["fallback"])
    return IssueTaxonomy(
        version=str(data["version"]),
        domains=domains,
        fallbacks=fallbacks,
        categories={str(k): str(v) for k, v in categories["categories"].items()},
    )


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    index: int  # month: year * 12 + month - 1; week: iso_year * 52 + week - 1 (week 53 → 52)

    @property
    def per_year(self) -> int:
        return 12 if self.kind == "month" else WEEKS_PER_YEAR

    @property
    def label(self) -> str:
        year, rest = divmod(self.index, self.per_year)
        return f"{year}-{rest + 1:02d}" if self.kind == "month" else f"{year}-W{rest + 1:02d}"

    @classmethod
    def of_date(cls, kind: PeriodKind, day: dt.date) -> Period:
        if kind == "month":
            return cls(kind, day.year * 12 + day.month - 1)
        year, week, _ = day.isocalendar()
        return cls(kind, year * WEEKS_PER_YEAR + min(week, WEEKS_PER_YEAR) - 1)

    @classmethod
    def as_of_month(cls, kind: PeriodKind, year: int, month: int) -> Period:
        """The month itself, or the ISO week holding its last day."""
        if kind == "month":
            return cls(kind, year * 12 + month - 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return cls.of_date(kind, last)

    def first_day(self) -> dt.date:
        year, rest = divmod(self.index, self.per_year)
        if self.kind == "month":
            return dt.date(year, rest + 1, 1)
        return dt.date.fromisocalendar(year, rest + 1, 1)

    def shift(self, periods: int) -> Period:
        return Period(self.kind, self.index + periods)


def period_indexes(days: npt.NDArray[np.datetime64], kind: PeriodKind) -> IntArray:
    """The period index of each day (vectorised `Period.of_date`)."""
    days = days.astype("datetime64[D]")
    if kind == "month":
        months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
        return months + 1970 * 12
    ordinal = days.astype(np.int64)
    weekday = (ordinal + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    thursday = (ordinal - weekday + 3).astype("datetime64[D]")
    year_start = thursday.astype("datetime64[Y]")
    iso_year = year_start.astype(np.int64) + 1970
    week = (thursday - year_start.astype("datetime64[D]")).astype(np.int64) // 7 + 1
    return np.asarray(iso_year * WEEKS_PER_YEAR + np.minimum(week, WEEKS_PER_YEAR) - 1, dtype=np.int64)


# --- input -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintColumns:
    """Complaints as columns: ``day`` (datetime64[D]) and integer codes into the label tuples."""

    day: npt.NDArray[np.datetime64]
    region: npt.NDArray[np.integer[Any]]
    domain: npt.NDArray[np.integer[Any]]
    issue: npt.NDArray[np.integer[Any]]
    regions: tuple[str, ...]
    domains: tuple[str, ...]
    issues: tuple[str, ...]
    firm: npt.NDArray[np.integer[Any]] | None = None  # -1 when not matched to a firm
    firms: tuple[str, ...] = ()
    weight: npt.NDArray[np.integer[Any]] | None = None  # rows of an aggregate: complaints per row

    def __len__(self) -> int:
        return int(self.day.shape[0])


def _codes(values: Sequence[str]) -> tuple[IntArray, tuple[str, ...]]:
    labels: dict[str, int] = {}
    codes = np.fromiter(
        (labels.setdefault(v, len(labels)) for v in values), dtype=np.int64, count=len(values)
    )
    return codes, tuple(labels)


def encode_records(records: Iterable[Mapping[str, Any]]) -> ComplaintColumns:
    """Columns from plain records {"date": date|str, "region", "domain", "issue"[, "firm"]}."""
    days: list[str] = []
    regions: list[str] = []
    domains: list[str] = []
    issues: list[str] = []
    firms: list[str] = []
    for record in records:
        day = record["date"]
        days.append(day.isoformat() if isinstance(day, dt.date) else str(day))
        regions.append(str(record["region"]))
        domains.append(str(record["domain"]))
        issues.append(str(record["issue"]))
        firms.append(str(record.get("firm") or ""))
    region, region_labels = _codes(regions)
    domain, domain_labels = _codes(domains)
    issue, issue_labels = _codes(issues)
    firm, firm_labels = _codes(firms)
    if "" in firm_labels:
        empty = firm_labels.index("")
        firm = np.where(firm == empty, -1, firm - (firm > empty))
        firm_labels = tuple(f for f in firm_labels if f)
    return ComplaintColumns(
        day=np.array(days, dtype="datetime64[D]"),
        region=region,
        domain=domain,
        issue=issue,
        regions=region_labels,
        domains=domain_labels,
        issues=issue_labels,
        firm=firm,
        firms=firm_labels,
    )


def check_complaint_line(item: object) -> str | None:
    """The Chinese reason a CLI input object is not a complaint, or None."""
    if not isinstance(item, dict):
        return '应为 JSON 对象，例如 {"id": 1, "date": "2026-10-08", "region": "411802", …}'
    for key in ("date", "region", "domain", "issue"):
        if key not in item:
            return f"缺少 {key} 字段"
        if not isinstance(item[key], str) or not item[key].strip():
            return f"{key} 字段应为非空字符串"
    try:
        dt.date.fromisoformat(item["date"])
    except ValueError:
        return f"date 字段“{item['date']}”不是有效日期，应为 YYYY-MM-DD"
    if item["domain"] not in DOMAINS:
        return f"domain 字段“{item['domain']}”不是 17 个重点领域之一"
    return None


# --- statistics --------------------------------------------------------------------------------


def negative_binomial_sf(count: FloatArray, mean: FloatArray, dispersion: float) -> FloatArray:
    """P(X >= count) for X with the given mean and variance ``dispersion × mean`` (Poisson at 1)."""
    count = np.asarray(count, dtype=np.float64)
    mean = np.maximum(np.asarray(mean, dtype=np.float64), 1e-9)
    out = np.ones_like(count)
    positive = count > 0
    if dispersion <= 1.0 + 1e-9:
        out[positive] = gammainc(count[positive], mean[positive])
        return out
    p = 1.0 / dispersion  # success probability; r = mean / (dispersion - 1)
    r = mean / (dispersion - 1.0)
    out[positive] = betainc(count[positive], r[positive], 1.0 - p)
    return out


def baseline_sf(count: FloatArray, baseline_sum: FloatArray, samples: int, dispersion: float) -> FloatArray:
    """P(count this high) given a baseline of ``samples`` periods summing to ``baseline_sum``.

    Conditional on the total, the current count of two Poisson rates is binomial with p = 1 / (1 + n),
    so the uncertainty of the baseline itself is counted; overdispersion divides both by ``dispersion``.
    """
    k = np.asarray(count, dtype=np.float64) / dispersion
    total = k + np.asarray(baseline_sum, dtype=np.float64) / dispersion
    out = np.ones_like(k)
    positive = k > 0
    p0 = 1.0 / (1.0 + samples)
    out[positive] = betainc(k[positive], total[positive] - k[positive] + 1.0, p0)
    return out


def benjamini_hochberg(p_values: FloatArray) -> FloatArray:
    """Benjamini–Hochberg adjusted p values (q values), in the input order."""
    p = np.asarray(p_values, dtype=np.float64)
    n = p.shape[0]
    if n == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * n / np.arange(1, n + 1)
    q_sorted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(n)
    q[order] = np.minimum(q_sorted, 1.0)
    return q


# --- hotspots ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hotspot:
    region: str
    domain: str
    issue: str
    period: str
    count: int
    expected: float
    q_value: float
    kind: Literal["emerging", "persistent"]
    grade: str
    publish: bool
    points: int
    reasons: tuple[str, ...]
    window_count: int = 0
    window_expected: float = 0.0
    rules_version: str = ""

    @property
    def ratio(self) -> float:
        return self.count / self.expected if self.expected > 0 else math.inf

    def to_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "domain": self.domain,
            "issue": self.issue,
            "period": self.period,
            "count": self.count,
            "expected": round(self.expected, 2),
            "q_value": float(f"{self.q_value:.3g}"),
            "kind": self.kind,
            "grade": self.grade,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class _Cells:
    """The count matrix: one row per (region, domain, issue) cell, one column per period."""

    counts: IntArray  # cells × periods
    region: IntArray
    domain: IntArray
    issue: IntArray
    first: int  # period index of column 0


def _cells(columns: ComplaintColumns, kind: PeriodKind, last: int) -> _Cells:
    periods = period_indexes(columns.day, kind)
    keep = periods <= last
    periods = periods[keep]
    first = int(periods.min()) if periods.size else last
    n_issues = max(len(columns.issues), 1)
    n_domains = max(len(columns.domains), 1)
    region_domain = columns.region[keep].astype(np.int64) * n_domains + columns.domain[keep]
    key = region_domain * n_issues + columns.issue[keep]
    cell_keys, cell = np.unique(key, return_inverse=True)
    width = last - first + 1
    weights = columns.weight[keep] if columns.weight is not None else None
    counts = np.bincount(cell * width + (periods - first), weights=weights, minlength=cell_keys.size * width)
    issue = cell_keys % n_issues
    domain = (cell_keys // n_issues) % n_domains
    region = cell_keys // (n_issues * n_domains)
    return _Cells(counts.reshape(cell_keys.size, width).astype(np.int64), region, domain, issue, first)


def _dispersion(samples: FloatArray, valid: npt.NDArray[np.bool_]) -> float:
    """Pooled Pearson dispersion of the baseline samples around each cell's mean (at least 1)."""
    n = valid.sum(axis=1)
    total = np.where(valid, samples, 0.0).sum(axis=1)
    mean = np.divide(total, n, out=np.zeros_like(total), where=n > 0)
    usable = (n > 1) & (mean > 0)
    if not usable.any():
        return 1.0
    resid = np.where(valid, (samples - mean[:, None]) ** 2, 0.0).sum(axis=1)
    chi2 = (resid[usable] / mean[usable]).sum()
    dof = (n[usable] - 1).sum()
    return float(min(max(chi2 / dof, 1.0), 20.0))


def find_hotspots(
    columns: ComplaintColumns,
    *,
    as_of: Period,
    firms: Mapping[tuple[str, str], int] | None = None,
    rules: HotspotRules | None = None,
    grading: GradingRule | None = None,
    taxonomy: IssueTaxonomy | None = None,
) -> list[Hotspot]:
    """Hotspots in the as-of period, strongest first; nothing for cells within chance."""
    rules = rules or HotspotRules()
    grading = grading or load_grading_rule(as_of.first_day())
    if len(columns) == 0:
        return []
    cells = _cells(columns, as_of.kind, as_of.index)
    if cells.counts.shape[0] == 0:
        return []
    counts = cells.counts.astype(np.float64)
    now = as_of.index - cells.first
    current = counts[:, now]
    year = as_of.per_year
    totals = counts.sum(axis=0)

    # the city-wide change of the last year against the year before, for scaling older baselines
    growth = 1.0
    if now - 2 * year + 1 >= 0:
        recent = totals[now - year + 1 : now + 1].sum()
        before = totals[now - 2 * year + 1 : now - year + 1].sum()
        if before > 0:
            growth = float(min(max(recent / before, 0.5), 2.0))

    # -- emerging: seasonal baseline from the same periods of earlier years
    year_means: list[FloatArray] = []
    n_samples = 0
    samples: list[FloatArray] = []
    valid: list[npt.NDArray[np.bool_]] = []
    for back in range(1, rules.baseline_years + 1):
        centre = now - back * year
        idx = [centre + j for j in range(-rules.window, rules.window + 1) if 0 <= centre + j < now]
        if not idx:
            continue
        scaled = counts[:, idx] * growth**back
        year_means.append(scaled.mean(axis=1))
        samples.append(scaled)
        n_samples += len(idx)
        valid.append(np.ones_like(scaled, dtype=bool))
    results: list[Hotspot] = []
    emerging_cells: set[int] = set()
    if year_means:
        baseline_sum = np.hstack(samples).sum(axis=1)
        expected = baseline_sum / n_samples
        dispersion = _dispersion(np.hstack(samples), np.hstack(valid))
        tested = (expected > 0) | (current > 0)
        p = baseline_sf(current[tested], baseline_sum[tested], n_samples, dispersion)
        q = np.ones(counts.shape[0])
        q[tested] = benjamini_hochberg(p)
        floor = np.maximum(expected, 0.5)
        hits = np.flatnonzero(
            tested & (q <= rules.alpha) & (current >= rules.min_count) & (current >= rules.min_ratio * floor)
        )
        years = len(year_means)
        for c in hits:
            emerging_cells.add(int(c))
            results.append(
                _hotspot(
                    columns,
                    cells,
                    int(c),
                    as_of,
                    "emerging",
                    int(current[c]),
                    float(floor[c]),
                    float(q[c]),
                    grading,
                    taxonomy,
                    rules,
                    (
                        f"本期 {int(current[c])} 件，往年同期（前 {years} 年，按全市总量变化折算）"
                        f"平均 {floor[c]:.1f} 件，为期望的 {current[c] / floor[c]:.1f} 倍",
                        f"与基线的条件二项检验（离散度 {dispersion:.2f}）经错误发现率校正后 q = {q[c]:.2g}，"
                        "超出偶然波动的范围",
                    ),
                )
            )

    # -- persistent: the recent window against the same domain and issue elsewhere
    months = rules.persistent_months if as_of.kind == "month" else rules.persistent_weeks
    start = max(0, now - months + 1)
    span = now - start + 1
    window = counts[:, start : now + 1]
    window_total = window.sum(axis=1)
    region_names = np.array(columns.regions, dtype=object)
    domain_names = np.array(columns.domains, dtype=object)
    if firms is not None:
        exposure = np.array(
            [
                float(firms.get((str(region_names[r]), str(domain_names[d])), 0))
                for r, d in zip(cells.region, cells.domain, strict=True)
            ]
        )
        basis = "经营主体"
        # the exposure of every region for a domain, whether it had complaints or not
        domain_exposure: dict[str, float] = {}
        for (_region, domain), n in firms.items():
            domain_exposure[domain] = domain_exposure.get(domain, 0.0) + float(n)
        group_exposure = np.array([domain_exposure.get(str(domain_names[d]), 0.0) for d in cells.domain])
    else:
        region_total = np.bincount(cells.region, weights=window_total, minlength=len(columns.regions))
        exposure = region_total[cells.region]
        basis = "投诉总量"
        group_exposure = np.full(exposure.shape, region_total.sum())
    group = cells.domain * max(len(columns.issues), 1) + cells.issue
    _, group_code = np.unique(group, return_inverse=True)
    group_total = np.bincount(group_code, weights=window_total)[group_code]
    other_count = group_total - window_total
    other_exposure = group_exposure - exposure
    rate = np.divide(other_count, other_exposure, out=np.zeros_like(other_count), where=other_exposure > 0)
    expected_window = rate * exposure
    testable = (exposure > 0) & (other_exposure > 0) & (expected_window > 0)
    if testable.any():
        per_period_expected = expected_window / span
        elevated = (window > per_period_expected[:, None]).sum(axis=1)
        # the dispersion of period counts around the peer expectation, pooled
        column = np.maximum(per_period_expected[:, None], 1e-9)
        resid = ((window - per_period_expected[:, None]) ** 2 / column)[testable]
        dispersion_p = float(min(max(resid.sum() / max(resid.size - testable.sum(), 1), 1.0), 20.0))
        p = negative_binomial_sf(window_total[testable], expected_window[testable], dispersion_p)
        q_p = np.ones(counts.shape[0])
        q_p[testable] = benjamini_hochberg(p)
        hits = np.flatnonzero(
            testable
            & (q_p <= rules.persistent_alpha)
            & (window_total >= rules.persistent_min_count)
            & (window_total >= rules.persistent_ratio * expected_window)
            & (elevated >= math.ceil(rules.min_elevated_share * span))
            & (current > per_period_expected)
        )
        unit = "个月" if as_of.kind == "month" else "周"
        for c in hits:
            if int(c) in emerging_cells:
                continue
            rate_text = (
                f"每千户经营主体 {1000 * window_total[c] / exposure[c]:.1f} 件，"
                f"其他区划 {1000 * rate[c]:.1f} 件"
                if firms is not None
                else f"按本区划投诉总量折算期望 {expected_window[c]:.1f} 件"
            )
            results.append(
                _hotspot(
                    columns,
                    cells,
                    int(c),
                    as_of,
                    "persistent",
                    int(current[c]),
                    float(per_period_expected[c]),
                    float(q_p[c]),
                    grading,
                    taxonomy,
                    rules,
                    (
                        f"近 {span} {unit}共 {int(window_total[c])} 件，按{basis}与其他区划同类问题比较"
                        f"为期望的 {window_total[c] / expected_window[c]:.1f} 倍（{rate_text}）",
                        f"其中 {int(elevated[c])} 个周期高于期望，本期 {int(current[c])} 件；"
                        f"负二项检验经错误发现率校正后 q = {q_p[c]:.2g}",
                    ),
                    window_count=int(window_total[c]),
                    window_expected=float(expected_window[c]),
                )
            )
    results.sort(key=lambda h: (h.q_value, -h.ratio, -h.count, h.region, h.domain, h.issue))
    return results


def _hotspot(
    columns: ComplaintColumns,
    cells: _Cells,
    c: int,
    as_of: Period,
    kind: Literal["emerging", "persistent"],
    count: int,
    expected: float,
    q: float,
    grading: GradingRule,
    taxonomy: IssueTaxonomy | None,
    rules: HotspotRules,
    reasons: tuple[str, ...],
    window_count: int = 0,
    window_expected: float = 0.0,
) -> Hotspot:
    domain = columns.domains[int(cells.domain[c])]
    issue = columns.issues[int(cells.issue[c])]
    harm = taxonomy.harm(domain, issue) if taxonomy is not None else 2
    ratio = count / expected if expected > 0 else 99.0
    grade, publish, points = grading.grade(count=count, ratio=ratio, harm=harm)
    harm_text = {1: "较低", 2: "中等", 3: "较高"}.get(harm, "中等")
    return Hotspot(
        region=columns.regions[int(cells.region[c])],
        domain=domain,
        issue=issue,
        period=as_of.label,
        count=count,
        expected=expected,
        q_value=q,
        kind=kind,
        grade=grade,
        publish=publish,
        points=points,
        reasons=(
            *reasons,
            f"危害程度{harm_text}，按预警分级规则（{grading.version}）计 {points} 分，定为{grade}",
        ),
        window_count=window_count,
        window_expected=window_expected,
        rules_version=rules.version,
    )


# --- firms with repeated complaints ------------------------------------------------------------


@dataclass(frozen=True)
class FirmHotspot:
    firm: str
    region: str
    domain: str
    count: int
    domain_mean: float
    reasons: tuple[str, ...]


def repeat_firms(
    columns: ComplaintColumns, *, as_of: Period, rules: HotspotRules | None = None
) -> list[FirmHotspot]:
    """Firms complained about repeatedly in the last months up to the as-of month, most first."""
    rules = rules or HotspotRules()
    if columns.firm is None or len(columns) == 0 or not columns.firms:
        return []
    month = period_indexes(columns.day, "month")
    last_index = Period.of_date("month", as_of.first_day()).index
    keep = (month <= last_index) & (month > last_index - rules.firm_months) & (columns.firm >= 0)
    if not keep.any():
        return []
    firm = columns.firm[keep].astype(np.int64)
    domain = columns.domain[keep].astype(np.int64)
    region = columns.region[keep].astype(np.int64)
    n_domains = max(len(columns.domains), 1)
    key = firm * n_domains + domain
    keys, inverse, per_key = np.unique(key, return_inverse=True, return_counts=True)
    key_domain = keys % n_domains
    firms_per_domain = np.bincount(key_domain, minlength=n_domains)
    complaints_per_domain = np.bincount(key_domain, weights=per_key, minlength=n_domains)
    mean = np.divide(
        complaints_per_domain,
        firms_per_domain,
        out=np.zeros(n_domains),
        where=firms_per_domain > 0,
    )
    key_region = np.zeros(keys.size, dtype=np.int64)
    key_region[inverse] = region
    out: list[FirmHotspot] = []
    for k in np.flatnonzero(per_key >= rules.firm_min_count):
        d = int(key_domain[k])
        if per_key[k] < rules.firm_min_ratio * mean[d]:
            continue
        out.append(
            FirmHotspot(
                firm=columns.firms[int(keys[k] // n_domains)],
                region=columns.regions[int(key_region[k])],
                domain=columns.domains[d],
                count=int(per_key[k]),
                domain_mean=float(mean[d]),
                reasons=(
                    f"近 {rules.firm_months} 个月被投诉 {int(per_key[k])} 件，同领域被投诉经营主体"
                    f"平均 {mean[d]:.1f} 件，为平均的 {per_key[k] / mean[d]:.1f} 倍",
                ),
            )
        )
    out.sort(key=lambda f: (-f.count, f.firm))
    return out


# --- evaluation of warnings --------------------------------------------------------------------


@dataclass(frozen=True)
class DidResult:
    treated_cells: int
    control_cells: int
    treated_pre: float
    treated_post: float
    control_pre: float
    control_post: float
    effect: float  # relative change of the warned cells beyond the control cells (−0.3 = 30 % fewer)
    low: float
    high: float
    significant: bool
    reasons: tuple[str, ...]
    caveats: tuple[str, ...] = (
        "比较对象为同领域同问题类型、未发预警、基期件数相近的区划，并非随机分组，可能存在未观测的差异；",
        "假定未发预警时两组的变化趋势相同（平行趋势），请结合基期走势判断；",
        "投诉量下降也可能来自其他同期措施或投诉渠道变化，不能全部归因于预警；",
        "单元数少时置信区间较宽，结论仅供参考。",
    )


def difference_in_differences(
    treated: Sequence[tuple[float, float]], control: Sequence[tuple[float, float]]
) -> DidResult | None:
    """DiD on the log scale over cells' (pre, post) counts (same lengths of time before and after).

    The effect is exp(mean Δlog treated − mean Δlog control) − 1 with a 95 % interval from the
    cells' spread (Welch); None without at least one treated and two control cells.
    """
    if not treated or len(control) < 2:
        return None
    t = np.array([math.log((post + 0.5) / (pre + 0.5)) for pre, post in treated])
    c = np.array([math.log((post + 0.5) / (pre + 0.5)) for pre, post in control])
    var_c = float(c.var(ddof=1))
    var_t = float(t.var(ddof=1)) if t.size > 1 else var_c
    # the Poisson noise of the treated cells themselves, when they are few
    var_t = max(var_t, float(np.mean([1 / (pre + 0.5) + 1 / (post + 0.5) for pre, post in treated])))
    diff = float(t.mean() - c.mean())
    se = math.sqrt(var_t / t.size + var_c / c.size)
    low, high = math.exp(diff - 1.96 * se) - 1, math.exp(diff + 1.96 * se) - 1
    effect = math.exp(diff) - 1
    significant = high < 0 or low > 0
    tp, tq = sum(p for p, _ in treated), sum(q for _, q in treated)
    cp, cq = sum(p for p, _ in control), sum(q for _, q in control)
    direction = "下降" if effect < 0 else "上升"
    reasons = (
        f"预警单元 {len(treated)} 个：预警前 {tp:.0f} 件，预警后 {tq:.0f} 件；"
        f"对照单元 {len(control)} 个：预警前 {cp:.0f} 件，预警后 {cq:.0f} 件",
        f"扣除对照单元的同期变化后，预警单元投诉{direction} {abs(effect) * 100:.0f}%"
        f"(95% 置信区间 {low * 100:.0f}% 至 {high * 100:.0f}%)",
        "差异显著" if significant else "差异不显著，不能认定预警产生了效果",
    )
    return DidResult(
        treated_cells=len(treated),
        control_cells=len(control),
        treated_pre=tp,
        treated_post=tq,
        control_pre=cp,
        control_post=cq,
        effect=effect,
        low=low,
        high=high,
        significant=significant,
        reasons=reasons,
    )


# --- JSON Lines (the CLI) ----------------------------------------------------------------------


def parse_lines(lines: Iterable[bytes]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError:
            yield number, None, "不是有效的 UTF-8 文本"
            continue
        if not text.strip():
            yield number, None, "空行，应为一个 JSON 对象"
            continue
        try:
            item = json.loads(text)
        except json.JSONDecodeError as error:
            yield number, None, f"不是合法的 JSON（第 {error.colno} 个字符处：{error.msg}）"
            continue
        yield number, item, None
