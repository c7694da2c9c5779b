"""Reads for 双随机一公开. Region visibility is applied here and nowhere else."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jiandu.engines import lottery
from jiandu.inspections.models import (
    GuidanceMeasure,
    Inspection,
    InspectionItem,
    InspectionPlan,
    Inspector,
    Outcome,
    PlanCandidate,
    PlanStatus,
)
from jiandu.inspections.rules import current_rules
from jiandu.org.holidays import load_calendar
from jiandu.org.models import User
from jiandu.org.selectors import visible_region_ids

PUBLIC_STATUSES = (PlanStatus.COMMITTED, PlanStatus.DRAWN, PlanStatus.ASSIGNED, PlanStatus.PUBLISHED)


def list_plans(*, user: User) -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.filter(region_id__in=visible_region_ids(user)).select_related("region")


def get_plan(*, user: User, pk: int) -> InspectionPlan | None:
    return list_plans(user=user).filter(pk=pk).first()


def list_items(*, active_only: bool = False) -> QuerySet[InspectionItem]:
    items = InspectionItem.objects.select_related("domain")
    return items.filter(active=True) if active_only else items


def list_inspectors(*, user: User) -> QuerySet[Inspector]:
    return (
        Inspector.objects.filter(region_id__in=visible_region_ids(user))
        .select_related("region")
        .prefetch_related("domains")
    )


def list_plan_inspections(*, plan: InspectionPlan) -> QuerySet[Inspection]:
    return (
        plan.inspections.select_related("enterprise", "region", "clue")
        .prefetch_related("inspectors")
        .order_by("enterprise__uscc")
    )


def get_inspection(*, user: User, pk: int) -> Inspection | None:
    return (
        Inspection.objects.filter(region_id__in=visible_region_ids(user), pk=pk)
        .select_related("plan", "enterprise")
        .first()
    )


def list_guidance(*, user: User) -> QuerySet[GuidanceMeasure]:
    return GuidanceMeasure.objects.filter(region_id__in=visible_region_ids(user)).select_related(
        "enterprise", "region"
    )


def get_guidance(*, user: User, pk: int) -> GuidanceMeasure | None:
    return list_guidance(user=user).filter(pk=pk).first()


def guidance_follow_up_due(measure: GuidanceMeasure) -> dt.date:
    """Follow-up checks are due a fixed number of working days after the guidance (ruleset)."""
    return load_calendar().add(measure.issued_on, current_rules().guidance_follow_up_workdays)


@dataclass(frozen=True)
class GuidanceRow:
    measure: GuidanceMeasure
    due: dt.date
    overdue: bool


def list_guidance_rows(*, user: User, limit: int = 200) -> list[GuidanceRow]:
    """Guidance with its follow-up deadline; overdue is derived (no follow-up yet and past the due date)."""
    calendar, days, today = load_calendar(), current_rules().guidance_follow_up_workdays, timezone.localdate()
    rows = []
    for measure in list_guidance(user=user)[:limit]:
        due = calendar.add(measure.issued_on, days)
        rows.append(
            GuidanceRow(measure=measure, due=due, overdue=measure.followed_up_on is None and today > due)
        )
    return rows


@dataclass(frozen=True)
class PublicationDeadline:
    due: dt.date | None
    overdue: bool
    published: bool


def publication_deadline(plan: InspectionPlan) -> PublicationDeadline:
    """Results are published within N working days of the first visit (derived, never stored)."""
    first = (
        plan.inspections.filter(inspected_on__isnull=False)
        .order_by("inspected_on")
        .values_list("inspected_on", flat=True)
        .first()
    )
    published = plan.published_at is not None
    if first is None:
        return PublicationDeadline(due=None, overdue=False, published=published)
    due = load_calendar().add(first, current_rules().publish_within_workdays)
    done_on = timezone.localdate(plan.published_at) if plan.published_at else timezone.localdate()
    return PublicationDeadline(due=due, overdue=done_on > due, published=published)


@dataclass(frozen=True)
class PlanRow:
    plan: InspectionPlan
    deadline: PublicationDeadline


def list_plan_rows(*, user: User, limit: int = 200) -> list[PlanRow]:
    """Plans with their result-publication deadline (derived), newest first."""
    return [PlanRow(plan=p, deadline=publication_deadline(p)) for p in list_plans(user=user)[:limit]]


@dataclass(frozen=True)
class RepeatWarning:
    inspection: Inspection
    previous: Inspection
    window_days: int

    @property
    def days_apart(self) -> int:
        assert self.inspection.inspected_on is not None and self.previous.inspected_on is not None
        return (self.inspection.inspected_on - self.previous.inspected_on).days


def list_repeat_warnings(
    user: User, *, within_days: int | None = None, limit: int = 20
) -> list[RepeatWarning]:
    """重复检查预警: visits to a firm that another visit (any department) preceded within the window."""
    window = current_rules().recent_window_days if within_days is None else within_days
    recent_since = timezone.localdate() - dt.timedelta(days=90)
    earlier = Inspection.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        inspected_on__isnull=False,
        inspected_on__lte=OuterRef("inspected_on"),
    ).exclude(pk=OuterRef("pk"))
    rows = (
        Inspection.objects.filter(region_id__in=visible_region_ids(user), inspected_on__gte=recent_since)
        .select_related("enterprise", "region")
        .order_by("-inspected_on", "-pk")
    )
    warnings: list[RepeatWarning] = []
    for row in rows.filter(Exists(earlier)):
        assert row.inspected_on is not None
        previous = (
            Inspection.objects.filter(
                enterprise_id=row.enterprise_id,
                inspected_on__gte=row.inspected_on - dt.timedelta(days=window),
                inspected_on__lte=row.inspected_on,
            )
            .exclude(pk=row.pk)
            .filter(Q(inspected_on__lt=row.inspected_on) | Q(pk__lt=row.pk))
            .order_by("-inspected_on")
            .first()
        )
        if previous is not None:
            warnings.append(RepeatWarning(inspection=row, previous=previous, window_days=window))
        if len(warnings) >= limit:
            break
    return warnings


# --- public (no login): only committed or later plans ---------------------------------------------


def list_public_plans() -> QuerySet[InspectionPlan]:
    return (
        InspectionPlan.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("region")
        .order_by("-committed_at")
    )


def get_public_plan(*, number: str) -> InspectionPlan | None:
    return list_public_plans().filter(number=number).first()


def public_results(plan: InspectionPlan) -> QuerySet[Inspection]:
    """Results are public only after publication; before that only the draw is shown."""
    if plan.status != PlanStatus.PUBLISHED:
        return Inspection.objects.none()
    return (
        plan.inspections.exclude(outcome=Outcome.PENDING)
        .select_related("enterprise")
        .order_by("enterprise__uscc")
    )


def public_candidate_files(plan: InspectionPlan) -> tuple[str, str]:
    """The committed candidate list (id,stratum CSV) and exclusion list (one id a line) as published."""
    # sorted by the published id, never by USCC (the order would tell which firm a line is)
    rows = sorted(
        (c.public_id, c.stratum, c.excluded)
        for c in PlanCandidate.objects.filter(plan=plan).only("uscc", "candidate_id", "stratum", "excluded")
    )
    candidates = "id,stratum\n" + "".join(f"{cid},{stratum}\n" for cid, stratum, _ in rows)
    excluded = "".join(f"{cid}\n" for cid, _, reason in rows if reason)
    return candidates, excluded


def candidate_id_for(*, user: User, plan: InspectionPlan, uscc: str) -> str | None:
    """A firm's published candidate id in a plan, for staff who may see the firm (to tell the firm)."""
    row = (
        PlanCandidate.objects.filter(plan=plan, uscc=uscc, enterprise__region_id__in=visible_region_ids(user))
        .only("uscc", "candidate_id")
        .first()
    )
    return row.public_id if row else None


def verify_stored_draw(plan: InspectionPlan) -> tuple[bool, list[str]]:
    """Re-run a plan's draw from its committed lists and compare with the stored result."""
    if not plan.draw_result:
        return False, ["该计划尚未抽取"]
    rows = list(PlanCandidate.objects.filter(plan=plan).only("uscc", "candidate_id", "stratum", "excluded"))
    return lottery.verify(
        plan.draw_result,
        candidates=[lottery.Candidate(id=c.public_id, stratum=c.stratum) for c in rows],
        exclude=[c.public_id for c in rows if c.excluded],
        ratios=plan.ratios,
    )


def reference_script() -> str:
    """The ~20-line stand-alone reference implementation shown on the public page and in docs/draw.md."""
    return (Path(__file__).resolve().parent / "reference_draw.txt").read_text(encoding="utf-8")


def inspector_concentration(plan: InspectionPlan, *, min_firms: int = 5, share: float = 0.5) -> str:
    """A warning when one group of inspectors was drawn for most firms: the pool is too small for the
    draw to mean anything (derived from the stored draw, never stored). Empty when the draw is spread."""
    assignments = (plan.inspector_draw or {}).get("assignments") or []
    if len(assignments) < min_firms:
        return ""
    groups = Counter(tuple(sorted(i["id"] for i in a["inspectors"])) for a in assignments)
    group, count = groups.most_common(1)[0]
    if count / len(assignments) < share:
        return ""
    return (
        f"{count}家企业（共{len(assignments)}家）抽中的是同一组检查人员（{'、'.join(group)}）："
        "符合条件的检查人员过少，随机抽取失去意义。请补充执法检查人员名录库后重新抽取。"
    )
