"""Reads for key counties and problem models, region-scoped through `visible_region_ids(user)`.

The key-county evaluation compares a county with every county of its city (peers), so the monthly
figures are gathered for the whole city; a user is shown only the counties they may see.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jiandu.analysis.models import KeyCounty, ModelHit, ProblemModel
from jiandu.analysis.rules import anomaly_rules, model_rules, similar_rules
from jiandu.cases.models import CaseStatus, PenaltyCase, PublicityStatus
from jiandu.cases.rules import deadline_rules
from jiandu.clues.models import Assessment, Channel, Clue, ProblemCategory, Verdict
from jiandu.clues.selectors import overdue_q
from jiandu.engines import anomaly, problem_models
from jiandu.inspections.models import Inspection
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Enterprise, Region, RegionLevel, User
from jiandu.org.selectors import visible_region_ids
from jiandu.prevention.models import Complaint

MONTHS = 36
ENFORCEMENT_CHANNELS = (
    "mailbox",
    "direct_line",
    "opinion_card",
    "forum",
    "complaint_report",
    "hotline_12345",
)


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def last_complete_month(today: dt.date | None = None, *, city: Region | None = None) -> str:
    """The month before today's; with ``city``, no later than the month most of its counties last
    decided a case in (so a board opened after the data end still shows a month that has data)."""
    today = today or timezone.localdate()
    month = _index(today) - 1
    if city is not None:
        latest = sorted(
            _index(row["latest"])
            for row in PenaltyCase.objects.filter(region__parent=city, decided_on__lte=today)
            .values("region_id")
            .annotate(latest=Max("decided_on"))
            if row["latest"] is not None
        )
        if latest:
            month = min(month, latest[(len(latest) - 1) // 2])
    return anomaly.month_label(month)


def city_of(user: User) -> Region | None:
    """The city whose counties are compared: the user's city, or the city above their county."""
    region = user.region
    if region is None:
        return (
            Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()
            if user.is_superuser
            else None
        )
    if region.level == RegionLevel.COUNTY and region.parent_id:
        return region.parent
    return region


def statutory_min(spec: Any, fine_base: Decimal | None) -> Decimal | None:
    """The lowest fine the statute prescribes, from a case's penalty spec; None when unknown."""
    if not isinstance(spec, dict):
        return None
    if spec.get("kind") == "range" and spec.get("min") is not None:
        return Decimal(str(spec["min"]))
    if spec.get("kind") == "multiple" and fine_base and spec.get("min_times") is not None:
        return fine_base * Decimal(str(spec["min_times"]))
    return None


def statutory_max(spec: Any, fine_base: Decimal | None) -> Decimal | None:
    """The highest fine the statute allows, from a case's penalty spec (range or multiple)."""
    if not isinstance(spec, dict):
        return None
    if spec.get("kind") == "range" and spec.get("max") not in (None, 0, "0"):
        return Decimal(str(spec["max"]))
    if spec.get("kind") == "multiple" and fine_base and spec.get("max_times"):
        return fine_base * Decimal(str(spec["max_times"]))
    return None


# --- the monthly figures of every county in a city ------------------------------------------


def county_months(*, city: Region, end_month: str, months: int = MONTHS) -> list[anomaly.CountyMonth]:
    """One `CountyMonth` per county and month for the ``months`` ending with ``end_month``.

    A month before the first record of a kind in the city is unknown (None), not zero. Firms are the
    current register (no history is kept), so growth per firm equals growth of the total.
    """
    counties = list(Region.objects.filter(parent=city, level=RegionLevel.COUNTY).order_by("code"))
    end = anomaly.month_index(end_month)
    first = end - months + 1
    start, stop = _month_start(first), _month_start(end + 1)
    ids = [c.pk for c in counties]
    code = {c.pk: c.code for c in counties}
    days = rules_month_end_days()

    money: dict[tuple[int, int], dict[str, Any]] = defaultdict(lambda: defaultdict(Decimal))
    daily = (
        PenaltyCase.objects.filter(region_id__in=ids, decided_on__gte=start, decided_on__lt=stop)
        .values("region_id", "decided_on")
        .annotate(fine=Sum("fine"), confiscation=Sum("confiscation"), n=Count("id"))
    )
    for row in daily:
        day = row["decided_on"]
        if day is None:
            continue
        slot = money[(row["region_id"], _index(day))]
        slot["fines"] += row["fine"] or 0
        slot["confiscations"] += row["confiscation"] or 0
        slot["cases"] += row["n"]
        if day.day > calendar_module.monthrange(day.year, day.month)[1] - days:
            slot["month_end"] += row["fine"] or 0
    first_case = PenaltyCase.objects.filter(region_id__in=ids, decided_on__isnull=False).order_by(
        "decided_on"
    )
    first_case_day = first_case.values_list("decided_on", flat=True).first()
    known_from = _index(first_case_day) if first_case_day else end + 1

    ranged: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    specs = (
        PenaltyCase.objects.filter(region_id__in=ids, decided_on__gte=start, decided_on__lt=stop, fine__gt=0)
        .exclude(penalty_spec={})
        .values_list("region_id", "decided_on", "fine", "penalty_spec", "fine_base")
    )
    for region_id, decided, fine, spec, base in specs:
        maximum = statutory_max(spec, base)
        if maximum and decided is not None:
            counts = ranged[(region_id, _index(decided))]
            counts[1] += 1
            counts[0] += int(fine >= maximum * Decimal("0.9"))

    paid: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    paying = set()
    for region_id, paid_on, fine, confiscation in PenaltyCase.objects.filter(
        region_id__in=ids, paid_on__gte=start, paid_on__lt=stop
    ).values_list("region_id", "paid_on", "fine", "confiscation"):
        if paid_on is None:
            continue
        paid[(region_id, _index(paid_on))] += fine + confiscation
        paying.add(region_id)

    def monthly(
        qs: QuerySet[Any], date_field: str, region_field: str = "region_id"
    ) -> tuple[dict[tuple[int, int], int], int]:
        rows = qs.annotate(m=TruncMonth(date_field)).values(region_field, "m").annotate(n=Count("id"))
        counts = {}
        earliest = end + 1
        for row in rows:
            month = row["m"]
            if isinstance(month, dt.datetime):
                month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
            counts[(row[region_field], _index(month))] = row["n"]
            earliest = min(earliest, _index(month))
        return counts, earliest

    since = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    until = timezone.make_aware(dt.datetime.combine(stop, dt.time()))
    complaints, complaints_from = monthly(
        Complaint.objects.filter(region_id__in=ids, received_at__gte=since, received_at__lt=until),
        "received_at",
    )
    problems, problems_from = monthly(
        Assessment.objects.filter(
            clue__region_id__in=ids, verdict=Verdict.CONFIRMED, decided_on__gte=start, decided_on__lt=stop
        ),
        "decided_on",
        "clue__region_id",
    )
    voices, voices_from = monthly(
        Clue.objects.filter(
            region_id__in=ids, channel__in=ENFORCEMENT_CHANNELS, received_at__gte=since, received_at__lt=until
        ),
        "received_at",
    )
    firms = dict(
        Enterprise.objects.filter(region_id__in=ids)
        .values("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )

    rows: list[anomaly.CountyMonth] = []
    for county in counties:
        for m in range(first, end + 1):
            key = (county.pk, m)
            totals = money.get(key)
            known_cases = m >= known_from
            tops = ranged.get(key)
            rows.append(
                anomaly.CountyMonth(
                    region=code[county.pk],
                    month=anomaly.month_label(m),
                    fines=float(totals["fines"]) if totals else (0.0 if known_cases else None),
                    confiscations=float(totals["confiscations"])
                    if totals
                    else (0.0 if known_cases else None),
                    fines_month_end=float(totals["month_end"]) if totals else (0.0 if known_cases else None),
                    fines_paid=float(paid.get(key, 0)) if county.pk in paying else None,
                    cases=int(totals["cases"]) if totals else (0 if known_cases else None),
                    firms=firms.get(county.pk),
                    complaints=complaints.get(key, 0) if m >= complaints_from else None,
                    problems=problems.get(key, 0) if m >= problems_from else None,
                    enterprise_complaints=voices.get(key, 0) if m >= voices_from else None,
                    top_range_cases=tops[0] if tops else None,
                    ranged_cases=tops[1] if tops else None,
                )
            )
    return rows


def rules_month_end_days() -> int:
    return anomaly_rules().month_end_days


# --- the board and the profile ----------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    region: Region
    result: anomaly.CountyResult
    on_list: KeyCounty | None
    series: list[float | None]  # revenue per 10,000 firms, month by month (yuan)


@dataclass(frozen=True)
class Board:
    city: Region | None
    month: str
    rules_version: str
    rows: list[BoardRow]
    labels: list[str]
    band: list[tuple[float, float, float] | None]  # per month: p10, median, p90 across counties
    legal_basis: tuple[str, ...] = ()
    listed: list[KeyCounty] = field(default_factory=list)

    @property
    def flagged(self) -> list[BoardRow]:
        return [r for r in self.rows if r.result.flagged]


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def evaluate_city(
    *, city: Region, month: str, today: dt.date | None = None
) -> tuple[anomaly.Evaluation, list[anomaly.CountyMonth]]:
    rows = county_months(city=city, end_month=month)
    return anomaly.evaluate(rows, anomaly_rules(today), month=month), rows


def key_county_board(*, user: User, month: str = "", today: dt.date | None = None) -> Board:
    """The ranking of the user's city for ``month`` (default: the last complete month), with reasons."""
    city = city_of(user)
    month = month or last_complete_month(today, city=city)
    visible = set(visible_region_ids(user))
    if city is None:
        return Board(city=None, month=month, rules_version="", rows=[], labels=[], band=[])
    evaluation, rows = evaluate_city(city=city, month=month, today=today)
    regions = {r.code: r for r in Region.objects.filter(parent=city)}
    listed = {k.region_id: k for k in list_key_counties(user=user, period=month)}
    per_firm: dict[str, list[float | None]] = defaultdict(list)
    for row in rows:
        revenue = row.revenue
        per_firm[row.region].append(
            None if revenue is None or not row.firms else revenue / row.firms * anomaly.WAN
        )
    labels = sorted({r.month for r in rows})
    band: list[tuple[float, float, float] | None] = []
    for i in range(len(labels)):
        values = [s[i] for s in per_firm.values() if i < len(s) and s[i] is not None]
        known = [v for v in values if v is not None]
        band.append(
            (_quantile(known, 0.1), _quantile(known, 0.5), _quantile(known, 0.9)) if len(known) >= 3 else None
        )
    board_rows = [
        BoardRow(
            region=regions[result.region],
            result=result,
            on_list=listed.get(regions[result.region].pk),
            series=per_firm.get(result.region, []),
        )
        for result in evaluation.results
        if result.region in regions and regions[result.region].pk in visible
    ]
    return Board(
        city=city,
        month=evaluation.month,
        rules_version=evaluation.rules_version,
        rows=board_rows,
        labels=labels,
        band=band,
        legal_basis=evaluation.legal_basis,
        listed=list(listed.values()),
    )


def list_key_counties(*, user: User, period: str = "") -> QuerySet[KeyCounty]:
    """The 重点县区 lists (reviews, spot checks and reports read this)."""
    rows = KeyCounty.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "region", "added_by"
    )
    if period:
        rows = rows.filter(period=period)
    return rows.order_by("-period", "rank")


def get_key_county(*, user: User, pk: int) -> KeyCounty | None:
    return list_key_counties(user=user).filter(pk=pk).first()


def get_county(*, user: User, code: str) -> Region | None:
    return (
        Region.objects.filter(pk__in=visible_region_ids(user), code=code, level=RegionLevel.COUNTY)
        .select_related("parent")
        .first()
    )


@dataclass(frozen=True)
class ProfileMonth:
    month: str
    revenue: float | None
    cases: int | None
    complaints: int | None
    problems: int | None
    per_wan_firms: float | None


@dataclass(frozen=True)
class Profile:
    region: Region
    month: str
    result: anomaly.CountyResult | None
    months: list[ProfileMonth]
    band: list[tuple[float, float, float] | None]
    by_category: list[tuple[str, int]]
    by_domain: list[tuple[str, int]]
    hits: list[ModelHit]
    listed: list[KeyCounty]


def county_profile(*, user: User, region: Region, month: str = "", today: dt.date | None = None) -> Profile:
    """One county: indicators month by month, problems by category and domain, the models' hits."""
    city = region.parent
    month = month or last_complete_month(today, city=city)
    result = None
    rows: list[anomaly.CountyMonth] = []
    band: list[tuple[float, float, float] | None] = []
    if city is not None:
        evaluation, rows = evaluate_city(city=city, month=month, today=today)
        result = evaluation.result_for(region.code)
        labels = sorted({r.month for r in rows})
        for label in labels:
            values = [
                r.revenue / r.firms * anomaly.WAN
                for r in rows
                if r.month == label and r.revenue is not None and r.firms
            ]
            band.append(
                (_quantile(values, 0.1), _quantile(values, 0.5), _quantile(values, 0.9))
                if len(values) >= 3
                else None
            )
    own = [r for r in rows if r.region == region.code]
    months = [
        ProfileMonth(
            month=r.month,
            revenue=r.revenue,
            cases=r.cases,
            complaints=r.complaints,
            problems=r.problems,
            per_wan_firms=None if r.revenue is None or not r.firms else r.revenue / r.firms * anomaly.WAN,
        )
        for r in own
    ]
    confirmed = Assessment.objects.filter(clue__region=region, verdict=Verdict.CONFIRMED)
    labels_of = dict(ProblemCategory.choices)
    by_category = [
        (str(labels_of.get(row["category"], row["category"])), row["n"])
        for row in confirmed.values("category").annotate(n=Count("id")).order_by("category")
    ]
    by_domain = [
        (row["domain__name"] or "未确定领域", row["n"])
        for row in confirmed.values("domain__name").annotate(n=Count("id")).order_by("-n", "domain__name")
    ]
    return Profile(
        region=region,
        month=month,
        result=result,
        months=months,
        band=band,
        by_category=by_category,
        by_domain=by_domain,
        hits=list(list_hits(user=user).filter(region=region)[:100]),
        listed=list(list_key_counties(user=user).filter(region=region)),
    )


# Signals whose records are clues (confirmed problems, firms' complaints): drill down to the clue list.
CLUE_SIGNALS = ("problems_rate", "enforcement_complaints_rate")
SIGNAL_CASE_FILTERS = {
    "month_end_spike": "每月最后几天作出决定的案件",
    "year_end_spike": "12 月作出决定的案件",
    "top_range_share": "罚款达到法定上限 90 % 的案件",
}


def signal_cases(
    *,
    user: User,
    region: Region,
    signal: str,
    month: str = "",
    today: dt.date | None = None,
    limit: int = 200,
) -> QuerySet[PenaltyCase]:
    """The county's cases behind a signal, in 本期 (the 12 months ending with ``month``)."""
    month = month or last_complete_month(today, city=region.parent)
    end = anomaly.month_index(month)
    start, stop = _month_start(end - 11), _month_start(end + 1)
    cases = PenaltyCase.objects.filter(
        region_id__in=visible_region_ids(user), region=region, decided_on__gte=start, decided_on__lt=stop
    ).select_related("enterprise", "domain", "region")
    if signal == "month_end_spike":
        days = rules_month_end_days()
        decided = cases.values_list("pk", "decided_on")
        keep = [
            pk
            for pk, day in decided
            if day is not None and day.day > calendar_module.monthrange(day.year, day.month)[1] - days
        ]
        cases = cases.filter(pk__in=keep)
    elif signal == "year_end_spike":
        cases = cases.filter(decided_on__month=12)
    elif signal == "top_range_share":
        keep = [
            pk
            for pk, fine, spec, base in cases.exclude(penalty_spec={}).values_list(
                "pk", "fine", "penalty_spec", "fine_base"
            )
            if (top := statutory_max(spec, base)) and fine >= top * Decimal("0.9")
        ]
        cases = cases.filter(pk__in=keep)
    return cases.order_by("-fine", "-decided_on")[:limit]


# --- problem models ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelRow:
    model: ProblemModel
    hits: int
    assessed: int
    confirmed: int
    false_positives: int
    description: str
    legal_basis: list[str]

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.assessed if self.assessed else None


def list_hits(*, user: User, model: str = "") -> QuerySet[ModelHit]:
    hits = ModelHit.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "model", "region", "clue", "clue__assessment", "marked_by"
    )
    if model:
        hits = hits.filter(model__code=model)
    return hits.order_by("-found_at", "-pk")


def get_hit(*, user: User, pk: int) -> ModelHit | None:
    return list_hits(user=user).filter(pk=pk).first()


def is_known_model(code: str) -> bool:
    return model_rules().get(code) is not None


def get_model(*, code: str) -> ProblemModel | None:
    return ProblemModel.objects.filter(code=code).first()


def model_rows(*, user: User) -> list[ModelRow]:
    """Each model with its hits in the user's regions and its precision (confirmed / assessed).

    A hit counts as assessed once its clue has an assessment or staff marked it a false positive;
    confirmed when the assessment confirmed one of the four key problems and it is not marked.
    """
    visible = visible_region_ids(user)
    stats = (
        ModelHit.objects.filter(region_id__in=visible)
        .values("model_id")
        .annotate(
            hits=Count("id"),
            assessed=Count("id", filter=Q(false_positive=True) | Q(clue__assessment__isnull=False)),
            confirmed=Count(
                "id", filter=Q(false_positive=False, clue__assessment__verdict=Verdict.CONFIRMED)
            ),
            false_positives=Count("id", filter=Q(false_positive=True)),
        )
    )
    by_model: dict[int, dict[str, Any]] = {row["model_id"]: dict(row) for row in stats}
    rules = {m.code: m for m in model_rules().models}
    out = []
    for model in ProblemModel.objects.order_by("pk"):
        row = by_model.get(model.pk, {})
        rule = rules.get(model.code)
        out.append(
            ModelRow(
                model=model,
                hits=row.get("hits", 0),
                assessed=row.get("assessed", 0),
                confirmed=row.get("confirmed", 0),
                false_positives=row.get("false_positives", 0),
                description=rule.description if rule else model.description,
                legal_basis=list(rule.legal_basis) if rule else list(model.legal_basis),
            )
        )
    return out


def existing_hit_keys(keys: Iterable[str]) -> set[str]:
    return set(ModelHit.objects.filter(key__in=list(keys)).values_list("key", flat=True))


# --- what a model run reads (the whole database: a run is a system job, not a user's view) ----

IN_PROGRESS = (
    CaseStatus.DRAFT,
    CaseStatus.CHECKED,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.DECIDED,
    CaseStatus.DELIVERED,
)


def model_data(*, today: dt.date | None = None) -> problem_models.ModelData:
    today = today or timezone.localdate()
    rules = model_rules(today)
    since = today - dt.timedelta(days=rules.lookback_days)
    history = since - dt.timedelta(days=365)  # earlier decisions are the similar cases of recent ones
    fields = (
        "id", "decision_number", "region__code", "enterprise_id", "enterprise__name",
        "enterprise__region__code", "domain__name", "item_code", "violation", "status", "outcome", "fine",
        "confiscation", "filed_on",
        "decided_on", "submitted_for_review_on", "delivered_on", "publicity_status", "penalty_spec",
        "fine_base", "discretion_facts", "discretion", "facts", "legal_basis", "deviation_reason",
    )  # fmt: skip
    rows = PenaltyCase.objects.filter(
        Q(decided_on__gte=history) | Q(status__in=IN_PROGRESS) | Q(publicity_status=PublicityStatus.PENDING)
    ).values_list(*fields)
    cases = []
    for (pk, number, region, ent, ent_name, ent_region, domain, item, violation, status, outcome, fine,
         confiscation, filed, decided, submitted, delivered, publicity, spec, base, facts_json,
         discretion, facts, basis, deviation) in rows.iterator(chunk_size=5000):  # fmt: skip
        cases.append(
            problem_models.CaseRecord(
                id=pk,
                label=number or f"案件{pk}（未作出决定）",
                region=region,
                enterprise_id=ent,
                enterprise_name=ent_name or "",
                enterprise_region=ent_region or "",
                domain=domain or "",
                item=item or violation,
                violation=violation,
                status=status,
                outcome=outcome,
                fine=fine,
                filed_on=filed,
                decided_on=decided,
                submitted_for_review_on=submitted,
                delivered_on=delivered,
                publicity_status=publicity,
                amount_due=(fine + confiscation) > 0,
                statutory_max=statutory_max(spec, base),
                statutory_min=statutory_min(spec, base),
                facts=facts_json if isinstance(facts_json, dict) else {},
                discretion=discretion if isinstance(discretion, dict) else None,
                text=" ".join((facts or "", basis or "", deviation or "")),
            )
        )
    inspections = [
        problem_models.InspectionRecord(
            id=pk,
            enterprise_id=ent,
            enterprise_name=name,
            region=region,
            department=department,
            inspected_on=day,
            credit_class=credit or "",
        )
        for pk, ent, name, region, department, day, credit in Inspection.objects.filter(
            inspected_on__gte=since, inspected_on__lte=today, inspected_on__isnull=False
        ).values_list(
            "id",
            "enterprise_id",
            "enterprise__name",
            "region__code",
            "department",
            "inspected_on",
            "enterprise__credit_class",
        )
        if day is not None
    ]
    start = timezone.make_aware(dt.datetime.combine(since, dt.time()))
    complaints = [
        problem_models.ComplaintRecord(
            id=pk,
            enterprise_id=ent,
            enterprise_name=name or "",
            region=region,
            domain=domain or "",
            received_on=timezone.localdate(received),
        )
        for pk, ent, name, region, domain, received in Complaint.objects.filter(
            received_at__gte=start, enterprise__isnull=False
        )
        .values_list("id", "enterprise_id", "enterprise__name", "region__code", "domain__name", "received_at")
        .iterator(chunk_size=5000)
    ]
    calendar = load_calendar()
    clues = [
        problem_models.ClueRecord(
            id=pk, label=f"第{pk}号", region=region, status=status, overdue=True, step_started_on=started
        )
        for pk, region, status, started in Clue.objects.filter(overdue_q(today=today, calendar=calendar))
        .exclude(channel=Channel.DATA_MODEL)
        .values_list("id", "region__code", "status", "step_started_on")
    ]
    parents = dict(Region.objects.values_list("code", "parent__code"))
    return problem_models.ModelData(
        today=today,
        lookback_days=rules.lookback_days,
        cases=cases,
        inspections=inspections,
        complaints=complaints,
        clues=clues,
        region_parents=parents,
        calendar=calendar,
        deadline_rules=deadline_rules(),
        similar_rules=similar_rules(today),
    )
