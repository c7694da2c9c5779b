"""Writes for 双随机一公开: draft → commit → draw → assign → carry out → publish, plus guidance.

Every function takes keyword arguments and an explicit actor, runs in one transaction, validates,
and writes an audit entry for each change. Errors are ValueError with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from jiandu.audit.services import AuditAction, change_for, record, record_many, snapshot
from jiandu.engines import lottery
from jiandu.errors import UserError
from jiandu.inspections.models import (
    ConflictOfInterest,
    ExclusionCategory,
    GuidanceKind,
    GuidanceMeasure,
    Inspection,
    InspectionItem,
    InspectionPlan,
    Inspector,
    ItemKind,
    Outcome,
    PlanCandidate,
)
from jiandu.inspections.rules import current_rules
from jiandu.inspections.workflow import RESULTS_OPEN_IN, RULES_EDITABLE_IN, PlanAction, move
from jiandu.org.holidays import load_calendar
from jiandu.org.models import CreditClass, Domain, Enterprise, Region, User
from jiandu.org.selectors import region_subtree

MAIN_DEPARTMENT = "市场监督管理局"


def today() -> dt.date:
    return timezone.localdate()


def _lock(plan: InspectionPlan) -> InspectionPlan:
    return InspectionPlan.objects.select_for_update().get(pk=plan.pk)


# --- inspection items and inspectors ------------------------------------------------------------


def create_item(
    *,
    actor: User,
    code: str,
    name: str,
    domain: Domain,
    kind: str = ItemKind.GENERAL,
    legal_basis: str = "",
    department: str = MAIN_DEPARTMENT,
) -> InspectionItem:
    code, name, department = code.strip(), name.strip(), department.strip() or MAIN_DEPARTMENT
    if not code or not name:
        raise UserError("事项编码和事项名称不能为空")
    if kind not in ItemKind.values:
        raise UserError(f"事项类别“{kind}”无效")
    with transaction.atomic():
        if InspectionItem.objects.filter(code=code).exists():
            raise UserError(f"事项编码“{code}”已存在")
        item = InspectionItem.objects.create(
            code=code,
            name=name,
            domain=domain,
            kind=kind,
            legal_basis=legal_basis.strip(),
            department=department,
        )
        record(actor=actor, change=change_for(item, AuditAction.CREATE, after=snapshot(item)))
    return item


def declare_conflict(
    *,
    actor: User,
    inspector: Inspector,
    enterprise: Enterprise,
    reason: str,
    declared_on: dt.date | None = None,
) -> ConflictOfInterest:
    if not reason.strip():
        raise UserError("请填写利益冲突的事由")
    with transaction.atomic():
        conflict, _ = ConflictOfInterest.objects.update_or_create(
            inspector=inspector,
            enterprise=enterprise,
            defaults={"reason": reason.strip(), "declared_on": declared_on or today()},
        )
        record(actor=actor, change=change_for(conflict, AuditAction.CREATE, after=snapshot(conflict)))
    return conflict


# --- plans ----------------------------------------------------------------------------------------


def _clean_ratios(ratios: Mapping[str, str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for credit_class in CreditClass.values:
        text = str(ratios.get(credit_class, "")).strip()
        if not text:
            raise UserError(f"请填写{credit_class}类企业的抽取比例")
        try:
            lottery.parse_ratio(text, stratum=credit_class)
        except lottery.LotteryError as error:
            raise UserError(str(error)) from None
        cleaned[credit_class] = text
    return cleaned


def _next_number(region: Region, year: int) -> str:
    prefix = f"{region.code}-{year}-"
    taken = InspectionPlan.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


def create_plan(
    *,
    actor: User,
    title: str,
    region: Region,
    items: Iterable[InspectionItem],
    scope_regions: Iterable[Region],
    period_start: dt.date,
    period_end: dt.date,
    ratios: Mapping[str, str] | None = None,
    window_days: int | None = None,
    industry_filter: str = "",
    joining_departments: str = "",
    seed_source: str = "",
) -> InspectionPlan:
    """A draft plan. Ratios default to the current ruleset; scope regions must be visible to the actor."""
    rules = current_rules()
    items, scope = list(items), list(scope_regions)
    if not title.strip():
        raise UserError("计划名称不能为空")
    if not items:
        raise UserError("请至少选择一个检查事项")
    if not scope:
        raise UserError("请至少选择一个抽查范围（区划）")
    if period_end < period_start:
        raise UserError("检查结束日期不能早于开始日期")
    departments = {MAIN_DEPARTMENT, *_split(joining_departments)}
    for item in items:
        if item.department not in departments:
            raise UserError(
                f"检查事项“{item.name}”由{item.department}实施，请把{item.department}列为联合抽查部门，或不选该事项"
            )
    window = rules.recent_window_days if window_days is None else int(window_days)
    if window < 0 or window > 365:
        raise UserError("近期检查排除窗口应在 0 到 365 天之间")
    cleaned = _clean_ratios(ratios if ratios is not None else rules.ratios)
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            number=_next_number(region, period_start.year),
            title=title.strip(),
            region=region,
            ratios=cleaned,
            yearly_caps=dict(rules.yearly_caps),
            window_days=window,
            period_start=period_start,
            period_end=period_end,
            industry_filter=industry_filter.strip(),
            joining_departments=joining_departments.strip(),
            seed_source=seed_source.strip(),
            rules_version=rules.version,
            created_by=actor,
        )
        plan.items.set(items)
        plan.scope_regions.set(scope)
        plan.domains.set({item.domain for item in items})
        after = snapshot(plan) | {"items": [i.code for i in items], "scope_regions": [r.code for r in scope]}
        record(actor=actor, change=change_for(plan, AuditAction.CREATE, after=after))
    return plan


def update_plan_ratios(
    *, actor: User, plan: InspectionPlan, ratios: Mapping[str, str], window_days: int, seed_source: str
) -> InspectionPlan:
    """Ratios, window and seed source may change only while the plan is a draft."""
    cleaned = _clean_ratios(ratios)
    if window_days < 0 or window_days > 365:
        raise UserError("近期检查排除窗口应在 0 到 365 天之间")
    with transaction.atomic():
        plan = _lock(plan)
        if plan.status not in RULES_EDITABLE_IN:
            raise UserError("候选名单公示后，抽取比例和排除规则不能再修改")
        before = snapshot(plan, ["ratios", "window_days", "seed_source"])
        plan.ratios, plan.window_days, plan.seed_source = cleaned, window_days, seed_source.strip()
        plan.save(update_fields=["ratios", "window_days", "seed_source"])
        after = snapshot(plan, ["ratios", "window_days", "seed_source"])
        record(actor=actor, change=change_for(plan, AuditAction.UPDATE, before=before, after=after))
    return plan


def _scope_enterprises(plan: InspectionPlan) -> list[Enterprise]:
    region_ids = list(plan.scope_regions.values_list("pk", flat=True))
    firms = Enterprise.objects.filter(region__in=region_subtree(*region_ids))
    if plan.industry_filter:
        firms = firms.filter(industry__contains=plan.industry_filter)
    return list(firms.order_by("uscc"))


def _exclusions(plan: InspectionPlan, firms: list[Enterprise], on: dt.date) -> dict[int, str]:
    """无事不扰: firms inspected (or awaiting a visit) within the window, and firms at their yearly cap."""
    ids = [f.pk for f in firms]
    since = on - dt.timedelta(days=plan.window_days)
    recent = set(
        Inspection.objects.filter(enterprise_id__in=ids)
        .filter(Q(inspected_on__gte=since, inspected_on__lte=on) | Q(outcome=Outcome.PENDING))
        .values_list("enterprise_id", flat=True)
    )
    this_year = Counter(
        Inspection.objects.filter(enterprise_id__in=ids, inspected_on__year=on.year).values_list(
            "enterprise_id", flat=True
        )
    )
    excluded: dict[int, str] = {}
    for firm in firms:
        cap = plan.yearly_caps.get(firm.credit_class)
        if firm.pk in recent:
            excluded[firm.pk] = ExclusionCategory.RECENT
        elif cap is not None and this_year[firm.pk] >= int(cap):
            excluded[firm.pk] = ExclusionCategory.YEARLY_CAP
    return excluded


def commit_plan(*, actor: User, plan: InspectionPlan) -> InspectionPlan:
    """Freeze and publish the candidate list hash, the exclusions (by category) and the ratios.

    This must happen before the seed exists; the draw is refused for a plan not yet committed.
    """
    with transaction.atomic():
        plan = _lock(plan)
        before = move(plan, PlanAction.COMMIT)
        firms = _scope_enterprises(plan)
        if not firms:
            raise UserError("抽查范围内没有符合条件的企业，请调整范围或行业条件")
        on = today()
        excluded = _exclusions(plan, firms, on)
        PlanCandidate.objects.filter(plan=plan).delete()
        ids = {f.pk: candidate_pseudonym(plan.number, f.uscc) for f in firms}
        PlanCandidate.objects.bulk_create(
            [
                PlanCandidate(
                    plan=plan,
                    enterprise=f,
                    uscc=f.uscc,
                    candidate_id=ids[f.pk],
                    stratum=f.credit_class,
                    excluded=excluded.get(f.pk, ""),
                )
                for f in firms
            ],
            batch_size=2000,
        )
        counts = Counter(excluded.values())
        plan.exclusion_summary = [
            {"category": category.value, "label": category.label, "count": counts.get(category.value, 0)}
            for category in ExclusionCategory
        ]
        plan.candidates_sha256 = lottery.candidates_hash(ids.values())
        plan.excluded_sha256 = lottery.candidates_hash(ids[f.pk] for f in firms if f.pk in excluded)
        plan.candidate_count = len(firms)
        plan.committed_at = timezone.now()
        plan.save()
        record(
            actor=actor,
            change=change_for(
                plan,
                AuditAction.TRANSITION,
                before={"status": before},
                after=snapshot(
                    plan,
                    [
                        "status",
                        "candidates_sha256",
                        "excluded_sha256",
                        "candidate_count",
                        "exclusion_summary",
                        "ratios",
                    ],
                ),
                note="公示候选名单哈希、排除情况和抽取比例",
            ),
        )
    return plan


def candidate_pseudonym(plan_number: str, uscc: str) -> str:
    """The published candidate id of a firm in one plan (ADR 0009): stable, not guessable.

    HMAC-SHA256 of plan number and USCC under the server's SECRET_KEY (salted for this use), 96 bits
    in 24 hex digits. It is computed once at commitment and stored, so rotating the key later does not
    change a published list. Without the key nobody can tell which firm a candidate id stands for.
    """
    digest = salted_hmac("jiandu.inspections.candidate", f"{plan_number}\n{uscc}", algorithm="sha256")
    return "C" + digest.hexdigest()[:23].upper()


def plan_candidates(plan: InspectionPlan) -> tuple[list[lottery.Candidate], list[str]]:
    """The committed candidate list and exclusion list, as the engine and the public files see them."""
    rows = list(PlanCandidate.objects.filter(plan=plan))
    candidates = [lottery.Candidate(id=row.public_id, stratum=row.stratum) for row in rows]
    excluded = [row.public_id for row in rows if row.excluded]
    return candidates, excluded


def draw_plan(*, actor: User, plan: InspectionPlan, seed: str) -> InspectionPlan:
    """Run the verifiable draw with the public seed announced after the commitment."""
    seed = seed.strip()
    if not seed:
        raise UserError("请填写随机种子（公开的随机数，例如开奖号码加计划编号）")
    with transaction.atomic():
        plan = _lock(plan)
        before = move(plan, PlanAction.DRAW)
        candidates, excluded = plan_candidates(plan)
        try:
            result = lottery.draw(
                seed=seed, plan_id=plan.number, candidates=candidates, ratios=plan.ratios, exclude=excluded
            )
        except lottery.LotteryError as error:
            raise UserError(str(error)) from None
        if result.candidates_sha256 != plan.candidates_sha256:
            raise UserError(
                "候选名单与公示的哈希不一致，已停止抽取：公示后经营主体或排除名单有了增减，按公示的名单已无法复现。"
                "请新建抽查计划，按当前名单重新公示后再抽取；本计划保留备查。"
            )
        plan.seed = seed
        plan.draw_result = result.to_json()
        plan.drawn_at = timezone.now()
        plan.save(update_fields=["status", "seed", "draw_result", "drawn_at"])
        record(
            actor=actor,
            change=change_for(
                plan,
                AuditAction.TRANSITION,
                before={"status": before},
                after={"status": plan.status, "seed": seed, "selected": len(result.selected)},
                note=f"抽取企业（算法 {result.version}）",
            ),
        )
    return plan


def _eligible_inspectors(plan: InspectionPlan, firm: Enterprise, pool: list[Inspector]) -> list[Inspector]:
    domain_ids = set(plan.domains.values_list("pk", flat=True))
    ancestors = {firm.region_id, firm.region.parent_id}
    chosen = []
    for inspector in pool:
        if inspector.region_id not in ancestors:
            continue
        own = {d.pk for d in inspector.domains.all()}
        if domain_ids and own and not (own & domain_ids):
            continue
        chosen.append(inspector)
    return chosen


def _last_inspectors(firm: Enterprise) -> set[int]:
    last = (
        Inspection.objects.filter(enterprise=firm, inspected_on__isnull=False)
        .exclude(outcome=Outcome.PENDING)
        .order_by("-inspected_on", "-pk")
        .first()
    )
    return set(last.inspectors.values_list("pk", flat=True)) if last else set()


def assign_inspectors(*, actor: User, plan: InspectionPlan) -> InspectionPlan:
    """The second verifiable draw: ≥2 inspectors per firm, skipping conflicts and last time's."""
    rules = current_rules()
    with transaction.atomic():
        plan = _lock(plan)
        before = move(plan, PlanAction.ASSIGN)
        selected = [row["id"] for row in (plan.draw_result or {}).get("selected", [])]
        # the draw's ids are candidate pseudonyms (older plans: USCCs); the committed list maps them
        firms = {
            c.public_id: c.enterprise
            for c in PlanCandidate.objects.filter(plan=plan).select_related("enterprise__region")
            if c.public_id in set(selected)
        }
        pool = list(Inspector.objects.filter(active=True).prefetch_related("domains"))
        by_pk = {i.pk: i for i in pool}
        by_id = {i.certificate_number: i for i in pool}
        conflicts: dict[int, set[int]] = {}
        for inspector_id, firm_id in ConflictOfInterest.objects.filter(
            enterprise__in=[f.pk for f in firms.values()]
        ).values_list("inspector_id", "enterprise_id"):
            conflicts.setdefault(firm_id, set()).add(inspector_id)
        slots = []
        for uscc in selected:
            firm = firms[uscc]
            blocked: dict[str, str] = {}
            for inspector_id in _last_inspectors(firm):
                if inspector_id in by_pk:
                    blocked[by_pk[inspector_id].certificate_number] = "上次检查过该企业"
            for inspector_id in conflicts.get(firm.pk, set()):
                if inspector_id in by_pk:
                    blocked[by_pk[inspector_id].certificate_number] = "申报了利益冲突"
            eligible = tuple(i.certificate_number for i in _eligible_inspectors(plan, firm, pool))
            slots.append(lottery.InspectorSlot(firm_id=uscc, eligible=eligible, blocked=blocked))
        result = lottery.draw_inspectors(
            seed=plan.seed, plan_id=plan.number, slots=slots, per_firm=rules.inspectors_per_firm
        )
        short = [firms[a.firm_id].name for a in result.assignments if a.shortfall > 0]
        if short:
            raise UserError(
                f"以下企业可派检查人员不足 {rules.inspectors_per_firm} 名（已排除利益冲突和上次检查人员），"
                f"请补充名录库后重试：{'、'.join(short[:10])}"
            )
        departments = "、".join([MAIN_DEPARTMENT, *_split(plan.joining_departments)])
        inspections = []
        for assignment in result.assignments:
            firm = firms[assignment.firm_id]
            inspection = Inspection.objects.create(
                plan=plan, enterprise=firm, region=firm.region, department=departments
            )
            inspection.inspectors.set([by_id[s.id] for s in assignment.inspectors])
            inspections.append(inspection)
        plan.inspector_draw = result.to_json()
        plan.assigned_at = timezone.now()
        plan.save(update_fields=["status", "inspector_draw", "assigned_at"])
        record_many(
            actor=actor,
            changes=[
                change_for(
                    plan,
                    AuditAction.TRANSITION,
                    before={"status": before},
                    after={"status": plan.status, "inspections": len(inspections)},
                    note="抽取检查人员",
                ),
                *[
                    change_for(
                        i,
                        AuditAction.CREATE,
                        after=snapshot(i)
                        | {"inspectors": list(i.inspectors.values_list("certificate_number", flat=True))},
                    )
                    for i in inspections
                ],
            ],
        )
    return plan


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", "、").replace(",", "、").split("、") if part.strip()]


def record_result(
    *,
    actor: User,
    inspection: Inspection,
    outcome: str,
    inspected_on: dt.date,
    findings: str = "",
    case_note: str = "",
) -> Inspection:
    """Carry out one visit. A problem becomes a rectification order or, for a firm's violation (移交线索,
    立案查处), a case lead (案源) for case handling: the service app's hand-over queue picks it up. It is
    not an enforcement-misconduct clue."""
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise UserError("请选择检查结果")
    if inspected_on > today():
        raise UserError("检查日期不能晚于今天")
    if outcome != Outcome.NO_PROBLEM and not findings.strip():
        raise UserError("发现问题时，请填写发现的问题")
    if outcome == Outcome.CASE_NOTE and not case_note.strip():
        raise UserError("立案查处时，请填写立案说明（例如案件编号）")
    with transaction.atomic():
        inspection = (
            Inspection.objects.select_for_update(of=("self",))
            .select_related("plan", "enterprise")
            .get(pk=inspection.pk)
        )
        if inspection.plan is not None and inspection.plan.status not in RESULTS_OPEN_IN:
            raise UserError("该计划当前不能登记检查结果")
        before = snapshot(inspection)
        inspection.outcome = outcome
        inspection.inspected_on = inspected_on
        inspection.findings = findings.strip()
        inspection.case_note = case_note.strip() if outcome == Outcome.CASE_NOTE else ""
        inspection.rectification_deadline = None
        if outcome == Outcome.RECTIFICATION:
            inspection.rectification_deadline = load_calendar().add(
                inspected_on, current_rules().rectification_workdays
            )
        inspection.save()
        record(
            actor=actor,
            change=change_for(
                inspection, AuditAction.UPDATE, before=before, after=snapshot(inspection), note="登记检查结果"
            ),
        )
    return inspection


def record_inspection(
    *,
    actor: User,
    enterprise: Enterprise,
    inspected_on: dt.date,
    department: str = MAIN_DEPARTMENT,
    findings: str = "",
) -> Inspection:
    """A visit outside a plan (any department); it counts for 无事不扰 and raises repeat warnings."""
    if inspected_on > today():
        raise UserError("检查日期不能晚于今天")
    if not department.strip():
        raise UserError("请填写检查部门")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            enterprise=enterprise,
            region=enterprise.region,
            department=department.strip(),
            inspected_on=inspected_on,
            outcome=Outcome.NO_PROBLEM if not findings.strip() else Outcome.RECTIFICATION,
            findings=findings.strip(),
        )
        record(actor=actor, change=change_for(inspection, AuditAction.CREATE, after=snapshot(inspection)))
    return inspection


def publish_plan(*, actor: User, plan: InspectionPlan) -> InspectionPlan:
    """一公开: publish the results of every visit of the plan on the public page."""
    with transaction.atomic():
        plan = _lock(plan)
        before = move(plan, PlanAction.PUBLISH)
        pending = plan.inspections.filter(outcome=Outcome.PENDING).count()
        if pending:
            raise UserError(f"还有 {pending} 户企业未登记检查结果，请登记后再公示")
        now = timezone.now()
        plan.published_at = now
        plan.save(update_fields=["status", "published_at"])
        plan.inspections.update(published_at=now)
        record(
            actor=actor,
            change=change_for(
                plan,
                AuditAction.TRANSITION,
                before={"status": before},
                after={"status": plan.status},
                note="公示抽查结果",
            ),
        )
    return plan


# --- guidance (行政指导) ------------------------------------------------------------------------------


def record_guidance(
    *,
    actor: User,
    enterprise: Enterprise,
    kind: str,
    content: str,
    issued_on: dt.date,
    inspection: Inspection | None = None,
) -> GuidanceMeasure:
    if kind not in GuidanceKind.values:
        raise UserError("请选择指导方式（提示、告诫、建议、约谈、示范）")
    if not content.strip():
        raise UserError("请填写指导内容")
    if issued_on > today():
        raise UserError("实施日期不能晚于今天")
    with transaction.atomic():
        measure = GuidanceMeasure.objects.create(
            enterprise=enterprise,
            region=enterprise.region,
            kind=kind,
            content=content.strip(),
            issued_on=issued_on,
            inspection=inspection,
            created_by=actor,
        )
        record(actor=actor, change=change_for(measure, AuditAction.CREATE, after=snapshot(measure)))
    return measure


def record_guidance_follow_up(
    *, actor: User, measure: GuidanceMeasure, followed_up_on: dt.date, result: str
) -> GuidanceMeasure:
    if not result.strip():
        raise UserError("请填写跟踪检查结果")
    if followed_up_on > today() or followed_up_on < measure.issued_on:
        raise UserError("跟踪检查日期应在实施日期之后、今天之前")
    with transaction.atomic():
        measure = GuidanceMeasure.objects.select_for_update().get(pk=measure.pk)
        before = snapshot(measure, ["followed_up_on", "follow_up_result"])
        measure.followed_up_on, measure.follow_up_result = followed_up_on, result.strip()
        measure.save(update_fields=["followed_up_on", "follow_up_result"])
        after = snapshot(measure, ["followed_up_on", "follow_up_result"])
        record(actor=actor, change=change_for(measure, AuditAction.UPDATE, before=before, after=after))
    return measure
