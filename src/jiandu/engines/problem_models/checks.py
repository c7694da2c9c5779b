"""The seven problem models. Each takes the plain records and its rule, and yields hits with reasons.

A hit's ``key`` is stable across runs (the same case, firm and year, or clue), so a hit already filed
as a clue is never filed again, whatever the version of the rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jiandu.engines import case_deadlines, similar
from jiandu.engines.problem_models.rules import (
    CaseRecord,
    ClueRecord,
    ComplaintRecord,
    Evidence,
    Hit,
    InspectionRecord,
    ModelRule,
)

__all__ = ["CHECKS", "ModelData"]

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ModelData:
    """Everything the models read, as plain records; ``today`` fixes the look-back window."""

    today: dt.date
    lookback_days: int = 365
    cases: Sequence[CaseRecord] = ()
    inspections: Sequence[InspectionRecord] = ()
    complaints: Sequence[ComplaintRecord] = ()
    clues: Sequence[ClueRecord] = ()
    region_parents: Mapping[str, str | None] = field(default_factory=dict)
    calendar: case_deadlines.Calendar | None = None
    deadline_rules: case_deadlines.DeadlineRules | None = None
    similar_rules: similar.ConsistencyRules | None = None

    @property
    def since(self) -> dt.date:
        return self.today - dt.timedelta(days=self.lookback_days)

    def recent_decided(self) -> list[CaseRecord]:
        return [c for c in self.cases if c.decided_on is not None and c.decided_on >= self.since]


def _yuan(value: Decimal) -> str:
    amount = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{amount:,.2f}".rstrip("0").rstrip(".") + " 元"


def _what(case: CaseRecord) -> str:
    return f"{case.label} 对{case.enterprise_name}{case.violation}"


def _case_evidence(case: CaseRecord) -> Evidence:
    return Evidence("case", case.id, case.label)


def _hit(
    rule: ModelRule,
    *,
    key: str,
    region: str,
    summary: str,
    reasons: Sequence[str],
    evidence: Sequence[Evidence],
    domain: str = "",
    enterprise_id: int | None = None,
    subtype: str | None = None,
) -> Hit:
    return Hit(
        model=rule.code,
        version=rule.version,
        key=f"{rule.code}:{key}",
        region=region,
        summary=summary,
        reasons=tuple(reasons),
        evidence=tuple(evidence),
        category=rule.category,
        subtype=rule.subtype if subtype is None else subtype,
        domain=domain,
        enterprise_id=enterprise_id,
        legal_basis=rule.legal_basis,
    )


def _decimal(value: object, default: str) -> Decimal:
    return Decimal(str(value if value is not None else default))


# --- 顶格处罚 / 大额罚款 -------------------------------------------------------------------------


def top_fine(rule: ModelRule, data: ModelData) -> Iterator[Hit]:
    share = _decimal(rule.params.get("share_of_max"), "0.9")
    large = _decimal(rule.params.get("large_amount"), "200000")
    aggravating = tuple(rule.params.get("aggravating_facts") or ())
    for case in data.recent_decided():
        if case.fine <= 0:
            continue
        reasons: list[str] = []
        if case.statutory_max and case.fine >= case.statutory_max * share:
            reasons.append(
                f"罚款 {_yuan(case.fine)}，达到法定最高罚款 {_yuan(case.statutory_max)}的 "
                f"{case.fine / case.statutory_max:.0%}（标准 {share:.0%}）"
            )
        at_floor = case.statutory_min is not None and case.fine <= case.statutory_min
        if case.fine >= large and not at_floor:  # the statute's own minimum is not a choice of the officer
            reasons.append(f"罚款 {_yuan(case.fine)}，达到大额罚款标准 {_yuan(large)}")
        if not reasons:
            continue
        recorded = [name for name in aggravating if case.facts.get(name)]
        if recorded:
            continue
        reasons.append("案件未记录任何从重处罚情节")
        yield _hit(
            rule,
            key=f"case:{case.id}",
            region=case.region,
            summary=f"{_what(case)}罚款 {_yuan(case.fine)}，疑似顶格或大额处罚",
            reasons=reasons,
            evidence=[_case_evidence(case)],
            domain=case.domain,
            enterprise_id=case.enterprise_id,
        )


# --- 小过重罚 / 首违不罚而予罚款 -------------------------------------------------------------------


def minor_heavy(rule: ModelRule, data: ModelData) -> Iterator[Hit]:
    waivable = tuple(rule.params.get("waivable_outcomes") or ("may_waive", "no_penalty"))
    lenient = tuple(rule.params.get("lenient_outcomes") or ("lenient", "mitigated"))
    for case in data.recent_decided():
        result = case.discretion or {}
        outcome = str(result.get("outcome") or "")
        if case.fine <= 0 or not outcome:
            continue
        band = result.get("fine_range") or {}
        reasons: list[str] = []
        if outcome in waivable:
            label = "可以首违不罚" if outcome == "may_waive" else "不予处罚"
            reasons.append(f"裁量核查结论为{label}，案件仍罚款 {_yuan(case.fine)}")
        elif outcome in lenient and band.get("max") is not None:
            upper = Decimal(str(band["max"]))
            if case.fine > upper:
                reasons.append(
                    f"裁量核查结论为从轻或减轻处罚（上限 {_yuan(upper)}），实际罚款 {_yuan(case.fine)}"
                )
        elif (
            case.facts.get("minor") and band.get("max") is not None and case.fine > Decimal(str(band["max"]))
        ):
            reasons.append(
                f"违法行为轻微，罚款 {_yuan(case.fine)} 超过裁量档上限 {_yuan(Decimal(str(band['max'])))}"
            )
        if not reasons:
            continue
        yield _hit(
            rule,
            key=f"case:{case.id}",
            region=case.region,
            summary=f"{_what(case)}罚款 {_yuan(case.fine)}，疑似小过重罚",
            reasons=reasons,
            evidence=[_case_evidence(case)],
            domain=case.domain,
            enterprise_id=case.enterprise_id,
        )


# --- 违规异地执法 ------------------------------------------------------------------------------


def _within(region: str, root: str, parents: Mapping[str, str | None]) -> bool:
    """``region`` is ``root`` or below it in the region tree."""
    seen = 0
    current: str | None = region
    while current is not None and seen < 10:
        if current == root:
            return True
        current, seen = parents.get(current), seen + 1
    return False


def remote_enforcement(rule: ModelRule, data: ModelData) -> Iterator[Hit]:
    markers = tuple(str(m) for m in rule.params.get("exempt_markers") or ())
    for case in data.recent_decided():
        if not case.enterprise_region or _within(case.enterprise_region, case.region, data.region_parents):
            continue
        if any(marker in case.text for marker in markers):
            continue
        yield _hit(
            rule,
            key=f"case:{case.id}",
            region=case.region,
            summary=f"{case.label} 处罚的当事人{case.enterprise_name}不在本辖区，疑似违规异地执法",
            reasons=[
                f"作出处罚的区划为 {case.region}，当事人所在区划为 {case.enterprise_region}",
                "案件未记录联合执法、指定管辖或移送管辖",
            ],
            evidence=[_case_evidence(case)],
            domain=case.domain,
            enterprise_id=case.enterprise_id,
        )


# --- 乱检查 / 重复检查 ----------------------------------------------------------------------------


def repeat_inspection(rule: ModelRule, data: ModelData) -> Iterator[Hit]:
    window = int(rule.params.get("window_days", 30))
    caps: Mapping[str, int | None] = rule.params.get("yearly_caps") or {}
    by_firm: dict[int, list[InspectionRecord]] = defaultdict(list)
    for item in data.inspections:
        if item.inspected_on >= data.since:
            by_firm[item.enterprise_id].append(item)
    for firm, items in by_firm.items():
        items.sort(key=lambda i: (i.inspected_on, i.id))
        for earlier, later in itertools.pairwise(items):
            days = (later.inspected_on - earlier.inspected_on).days
            if days <= window and later.department != earlier.department:
                yield _hit(
                    rule,
                    key=f"inspection:{later.id}",
                    region=later.region,
                    summary=f"{later.enterprise_name}在 {days} 日内被不同部门重复检查",
                    reasons=[
                        f"{earlier.inspected_on:%Y-%m-%d} {earlier.department} 检查，"
                        f"{later.inspected_on:%Y-%m-%d} {later.department} 再次检查，"
                        f"间隔 {days} 日（标准 {window} 日）"
                    ],
                    evidence=[
                        Evidence(
                            "inspection", earlier.id, f"{earlier.inspected_on:%Y-%m-%d} {earlier.department}"
                        ),
                        Evidence("inspection", later.id, f"{later.inspected_on:%Y-%m-%d} {later.department}"),
                    ],
                    enterprise_id=firm,
                )
        by_year: dict[int, list[InspectionRecord]] = defaultdict(list)
        for item in items:
            by_year[item.inspected_on.year].append(item)
        credit = items[-1].credit_class
        cap = caps.get(credit)
        if cap is None:
            continue
        for year, visits in sorted(by_year.items()):
            if len(visits) > cap:
                yield _hit(
                    rule,
                    key=f"firm:{firm}:{year}",
                    region=visits[-1].region,
                    summary=f"{visits[-1].enterprise_name} {year} 年被检查 {len(visits)} 次，超过年度上限",
                    reasons=[
                        f"信用风险分类 {credit} 类，年度检查上限 {cap} 次，{year} 年已检查 {len(visits)} 次"
                    ],
                    evidence=[
                        Evidence("inspection", v.id, f"{v.inspected_on:%Y-%m-%d} {v.department}")
                        for v in visits
                    ],
                    enterprise_id=firm,
                )


# --- 该罚不罚 / 执法不作为 -----------------------------------------------------------------------


def inaction(rule: ModelRule, data: ModelData) -> Iterator[Hit]:
    threshold = int(rule.params.get("min_complaints", 15))
    statuses = tuple(rule.params.get("overdue_statuses") or ())
    by_firm: dict[int, list[ComplaintRecord]] = defaultdict(list)
    for complaint in data.complaints:
        if complaint.enterprise_id is not None and complaint.received_on >= data.since:
            by_firm[complaint.enterprise_id].append(complaint)
    cases_since: dict[int, dt.date] = {}
    for case in data.cases:
        if case.enterprise_id is None:
            continue
        start = case.filed_on
        if case.enterprise_id not in cases_since or start > cases_since[case.enterprise_id]:
            cases_since[case.enterprise_id] = start
    for firm, complaints in by_firm.items():
        if len(complaints) < threshold:
            continue
        complaints.sort(key=lambda c: (c.received_on, c.id))
        first = complaints[0].received_on
        last_case = cases_since.get(firm)
        if last_case is not None and last_case >= first:
            continue
        sample = complaints[-5:]
        yield _hit(
            rule,
            key=f"firm:{firm}:{data.today.year}",
            region=complaints[-1].region,
            summary=f"{complaints[-1].enterprise_name}一年内被投诉举报 {len(complaints)} 件，未见立案处罚",
            reasons=[
                f"{first:%Y-%m-%d} 以来被投诉举报 {len(complaints)} 件（标准 {threshold} 件）",
                "此后没有对其立案的处罚案件，疑似该罚不罚",
            ],
            evidence=[
                Evidence("enterprise", firm, complaints[-1].enterprise_name),
                *(Evidence("complaint", c.id, f"{c.received_on:%Y-%m-%d} {c.domain}") for c in sample),
            ],
            domain=complaints[-1].domain,
            enterprise_id=firm,
        )
    for clue in data.clues:
        if clue.overdue and clue.status in statuses:
            started = f"{clue.step_started_on:%Y-%m-%d}" if clue.step_started_on else "（未记录）"
            yield _hit(
                rule,
                key=f"clue:{clue.id}",
                region=clue.region,
                summary=f"问题线索 {clue.label} 研判超过期限仍未办结",
                reasons=[f"当前环节自 {started} 起算，已超过办理期限"],
                evidence=[Evidence("clue", clue.id, clue.label)],
                subtype="P4f",
            )


# --- 类案不同罚 ------------------------------------------------------------------------------


def similar_outlier(rule: ModelRule, data: ModelData) -> Iterator[Hit]:
    """Each recent decision against the decisions before it for the same item (the library's check)."""
    rules = data.similar_rules or similar.ConsistencyRules()
    min_group = int(rule.params.get("min_group", 5))
    groups: dict[tuple[str, str], list[CaseRecord]] = defaultdict(list)
    for case in data.cases:
        if case.decided_on is not None:
            groups[(case.domain, case.item)].append(case)
    since = data.since
    for (_domain, _item), cases in groups.items():
        if len(cases) < min_group:
            continue
        cases.sort(key=lambda c: (c.decided_on or since, c.id))
        similar_cases = [similar.SimilarCase(outcome=c.outcome, fine=c.fine) for c in cases]
        for index, case in enumerate(cases):
            assert case.decided_on is not None
            if case.decided_on < since or index < rules.min_similar:
                continue
            before = cases[max(0, index - rules.top_k) : index]
            result = similar.assess(
                similar_cases[max(0, index - rules.top_k) : index],
                similar.Proposal(outcome=case.outcome, fine=case.fine),
                rules,
            )
            if not result.flagged:
                continue
            yield _hit(
                rule,
                key=f"case:{case.id}",
                region=case.region,
                summary=f"{case.label} 对{case.enterprise_name}{case.violation}的处理与类案明显不同",
                reasons=[
                    *result.reasons,
                    f"比对此前同一违法行为的 {len(before)} 件决定（类案规则 {result.rules_version}）",
                ],
                evidence=[_case_evidence(case), *(_case_evidence(c) for c in before[-5:])],
                domain=case.domain,
                enterprise_id=case.enterprise_id,
            )


# --- 超期办理 --------------------------------------------------------------------------------


def overdue_case(rule: ModelRule, data: ModelData) -> Iterator[Hit]:
    if data.calendar is None or data.deadline_rules is None:
        return
    for case in data.cases:
        dates = {
            "filed_on": case.filed_on,
            "submitted_for_review_on": case.submitted_for_review_on,
            "decided_on": case.decided_on,
            "delivered_on": case.delivered_on,
        }
        running = case_deadlines.deadlines(
            data.deadline_rules, status=case.status, dates=dates, amount_due=case.amount_due,
            publicity_status=case.publicity_status, today=data.today, calendar=data.calendar,
        )  # fmt: skip
        late = [d for d in running if d.overdue]
        if case.decided_on is not None and case.decided_on >= data.since:
            # a decision already made: was it made within the deadline counted from 立案?
            decide = case_deadlines.deadlines(
                data.deadline_rules, status="draft", dates={"filed_on": case.filed_on}, amount_due=False,
                publicity_status="", today=case.decided_on, calendar=data.calendar,
            )  # fmt: skip
            late.extend(d for d in decide if d.overdue)
        for deadline in late:
            done = deadline.key == "decide" and case.decided_on is not None
            when = f"{case.decided_on:%Y-%m-%d} 才作出决定" if done else "至今未完成"
            yield _hit(
                rule,
                key=f"case:{case.id}:{deadline.key}",
                region=case.region,
                summary=f"{case.label}（{case.enterprise_name}）“{deadline.label}”超过法定期限",
                reasons=[
                    f"“{deadline.label}”自 {deadline.start:%Y-%m-%d} 起 {deadline.days} "
                    f"{deadline.unit_label}，应于 {deadline.due:%Y-%m-%d} 前完成，{when}",
                    f"依据：{deadline.legal_basis}",
                ],
                evidence=[_case_evidence(case)],
                domain=case.domain,
                enterprise_id=case.enterprise_id,
            )


Check = Callable[[ModelRule, ModelData], Iterator[Hit]]
CHECKS: dict[str, Check] = {
    "top_fine": top_fine,
    "minor_heavy": minor_heavy,
    "remote_enforcement": remote_enforcement,
    "repeat_inspection": repeat_inspection,
    "inaction": inaction,
    "similar_outlier": similar_outlier,
    "overdue_case": overdue_case,
}
