"""REST endpoints for 双随机一公开: draft → commit → draw → assign → publish, and public verification."""

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from jiandu.bounds import BulkText, CodeText, Count, Day, Id, Items, LongText, ShortText
from jiandu.errors import UserError
from jiandu.inspections import selectors, services
from jiandu.inspections.drawfiles import InputError, verify_texts
from jiandu.inspections.models import GuidanceMeasure, Inspection, InspectionPlan
from jiandu.inspections.workflow import TRANSITIONS
from jiandu.org.permissions import check_permission
from jiandu.org.ratelimit import rate_limited
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, get_region_by_code

router = Router(tags=["双随机一公开"])


class PlanIn(Schema):
    title: ShortText
    region: CodeText
    items: Items[ShortText]
    scope_regions: Items[ShortText]
    period_start: Day
    period_end: Day
    ratios: dict[str, str] | None = None
    window_days: Count | None = None
    industry_filter: ShortText = ""
    joining_departments: ShortText = ""
    seed_source: ShortText = ""


class PlanOut(Schema):
    id: int
    number: str
    title: str
    status: str
    region: str
    ratios: dict[str, str]
    window_days: int
    period_start: dt.date
    period_end: dt.date
    joining_departments: str
    seed_source: str
    candidate_count: int
    candidates_sha256: str
    excluded_sha256: str
    exclusion_summary: list[dict[str, Any]]
    seed: str
    draw_result: dict[str, Any] | None
    inspector_draw: dict[str, Any] | None
    public_url: str
    actions: list[str] = []  # the steps of inspections/workflow.py this caller may take now

    @staticmethod
    def resolve_region(plan: InspectionPlan) -> str:
        return plan.region.code

    @staticmethod
    def resolve_actions(plan: InspectionPlan, context: dict[str, Any]) -> list[str]:
        user = context["request"].user
        return [t.action for t in TRANSITIONS.available(state=plan.status, user=user)]

    @staticmethod
    def resolve_public_url(plan: InspectionPlan) -> str:
        return f"/public/inspections/{plan.number}/" if plan.committed_at else ""


class SeedIn(Schema):
    seed: CodeText


class InspectionOut(Schema):
    id: int
    uscc: str
    enterprise: str
    inspectors: list[str]
    inspected_on: dt.date | None
    outcome: str
    findings: str
    rectification_deadline: dt.date | None
    clue_id: int | None
    case_note: str

    @staticmethod
    def resolve_uscc(inspection: Inspection) -> str:
        return inspection.enterprise.uscc

    @staticmethod
    def resolve_enterprise(inspection: Inspection) -> str:
        return inspection.enterprise.name

    @staticmethod
    def resolve_inspectors(inspection: Inspection) -> list[str]:
        return [i.name for i in inspection.inspectors.all()]


class ResultIn(Schema):
    outcome: CodeText
    inspected_on: Day
    findings: LongText = ""
    case_note: LongText = ""


class VisitIn(Schema):
    uscc: CodeText
    inspected_on: Day
    department: ShortText = "市场监督管理局"
    findings: LongText = ""


class RepeatWarningOut(Schema):
    uscc: str
    enterprise: str
    inspected_on: dt.date | None
    department: str
    previous_on: dt.date | None
    previous_department: str
    days_apart: int


class GuidanceIn(Schema):
    uscc: CodeText
    kind: CodeText
    content: LongText
    issued_on: Day


class GuidanceOut(Schema):
    id: int
    uscc: str
    kind: str
    content: str
    issued_on: dt.date
    followed_up_on: dt.date | None
    follow_up_result: str

    @staticmethod
    def resolve_uscc(measure: GuidanceMeasure) -> str:
        return measure.enterprise.uscc


class VerifyIn(Schema):
    result: dict[str, Any] | LongText
    candidates_csv: BulkText
    exclude: ShortText = ""
    ratios: ShortText = ""


class VerifyOut(Schema):
    matches: bool
    differences: list[str]


def _plan(request: AuthedRequest, plan_id: Id) -> InspectionPlan:
    plan = selectors.get_plan(user=request.user, pk=plan_id)
    if plan is None:
        raise HttpError(404, "抽查计划不存在或不在您的管辖范围内")
    return plan


def _run(action: Any) -> Any:
    try:
        return action()
    except UserError as error:
        raise HttpError(422, str(error)) from None


@router.get("/plans", response=list[PlanOut], summary="抽查计划列表")
def plans(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_inspections")
    return selectors.list_plans(user=request.user)


@router.post("/plans", response={201: PlanOut}, summary="新建抽查计划（草稿）")
def create_plan(request: AuthedRequest, payload: PlanIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_inspections")
    region = get_region_by_code(user=request.user, code=payload.region)
    if region is None:
        raise HttpError(422, f"区划“{payload.region}”不存在或不在您的管辖范围内")
    scope = []
    for code in payload.scope_regions:
        found = get_region_by_code(user=request.user, code=code)
        if found is None:
            raise HttpError(422, f"抽查范围中的区划“{code}”不存在或不在您的管辖范围内")
        scope.append(found)
    items = list(selectors.list_items(active_only=True).filter(code__in=payload.items))
    unknown = sorted(set(payload.items) - {i.code for i in items})
    if unknown:
        raise HttpError(422, f"检查事项编码不存在：{'、'.join(unknown)}")
    plan = _run(
        lambda: services.create_plan(
            actor=request.user,
            title=payload.title,
            region=region,
            items=items,
            scope_regions=scope,
            period_start=payload.period_start,
            period_end=payload.period_end,
            ratios=payload.ratios,
            window_days=payload.window_days,
            industry_filter=payload.industry_filter,
            joining_departments=payload.joining_departments,
            seed_source=payload.seed_source,
        )
    )
    return Status(201, plan)


@router.get("/plans/{plan_id}", response=PlanOut, summary="抽查计划详情")
def plan_detail(request: AuthedRequest, plan_id: Id):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_inspections")
    return _plan(request, plan_id)


@router.post("/plans/{plan_id}/commit", response=PlanOut, summary="公示候选名单哈希、排除情况和比例")
def commit(request: AuthedRequest, plan_id: Id):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_inspections")
    plan = _plan(request, plan_id)
    return _run(lambda: services.commit_plan(actor=request.user, plan=plan))


@router.post("/plans/{plan_id}/draw", response=PlanOut, summary="以公开随机种子抽取企业")
def draw(request: AuthedRequest, plan_id: Id, payload: SeedIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_inspections")
    plan = _plan(request, plan_id)
    return _run(lambda: services.draw_plan(actor=request.user, plan=plan, seed=payload.seed))


@router.post("/plans/{plan_id}/assign", response=PlanOut, summary="为抽中企业抽取检查人员")
def assign(request: AuthedRequest, plan_id: Id):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_inspections")
    plan = _plan(request, plan_id)
    return _run(lambda: services.assign_inspectors(actor=request.user, plan=plan))


@router.get("/plans/{plan_id}/inspections", response=list[InspectionOut], summary="计划的检查任务")
def plan_inspections(request: AuthedRequest, plan_id: Id):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_inspections")
    return selectors.list_plan_inspections(plan=_plan(request, plan_id))


@router.post("/visits/{inspection_id}/result", response=InspectionOut, summary="登记检查结果")
def result(request: AuthedRequest, inspection_id: Id, payload: ResultIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "record_inspections")
    inspection = selectors.get_inspection(user=request.user, pk=inspection_id)
    if inspection is None:
        raise HttpError(404, "检查记录不存在或不在您的管辖范围内")
    return _run(
        lambda: services.record_result(
            actor=request.user,
            inspection=inspection,
            outcome=payload.outcome,
            inspected_on=payload.inspected_on,
            findings=payload.findings,
            case_note=payload.case_note,
        )
    )


@router.post("/plans/{plan_id}/publish", response=PlanOut, summary="公示检查结果")
def publish(request: AuthedRequest, plan_id: Id):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_inspections")
    plan = _plan(request, plan_id)
    return _run(lambda: services.publish_plan(actor=request.user, plan=plan))


def _firm(request: AuthedRequest, uscc: CodeText):  # type: ignore[no-untyped-def]
    firm = get_enterprise(user=request.user, uscc=uscc.strip().upper())
    if firm is None:
        raise HttpError(422, f"统一社会信用代码“{uscc}”对应的企业不存在或不在您的管辖范围内")
    return firm


class ConflictIn(Schema):
    uscc: CodeText
    reason: LongText


class ConflictOut(Schema):
    inspector_id: int
    uscc: str
    reason: str
    declared_on: dt.date


@router.post(
    "/inspectors/{inspector_id}/conflicts",
    response={201: ConflictOut},
    summary="登记检查人员与企业的利益冲突（抽取检查人员时回避）",
)
def declare_conflict(request: AuthedRequest, inspector_id: Id, payload: ConflictIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_inspections")
    inspector = selectors.list_inspectors(user=request.user).filter(pk=inspector_id).first()
    if inspector is None:
        raise HttpError(404, "检查人员不存在或不在您的管辖范围内")
    firm = _firm(request, payload.uscc)
    conflict = _run(
        lambda: services.declare_conflict(
            actor=request.user, inspector=inspector, enterprise=firm, reason=payload.reason
        )
    )
    out = ConflictOut(
        inspector_id=inspector.pk, uscc=firm.uscc, reason=conflict.reason, declared_on=conflict.declared_on
    )
    return Status(201, out)


@router.post("/visits", response={201: InspectionOut}, summary="登记计划外检查（任何部门，用于无事不扰）")
def record_visit(request: AuthedRequest, payload: VisitIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "record_inspections")
    firm = _firm(request, payload.uscc)
    visit = _run(
        lambda: services.record_inspection(
            actor=request.user,
            enterprise=firm,
            inspected_on=payload.inspected_on,
            department=payload.department,
            findings=payload.findings,
        )
    )
    return Status(201, visit)


@router.get("/repeat-warnings", response=list[RepeatWarningOut], summary="重复检查预警")
def repeat_warnings(request: AuthedRequest) -> list[RepeatWarningOut]:
    check_permission(request.user, "view_inspections")
    return [
        RepeatWarningOut(
            uscc=w.inspection.enterprise.uscc,
            enterprise=w.inspection.enterprise.name,
            inspected_on=w.inspection.inspected_on,
            department=w.inspection.department,
            previous_on=w.previous.inspected_on,
            previous_department=w.previous.department,
            days_apart=w.days_apart,
        )
        for w in selectors.list_repeat_warnings(request.user)
    ]


@router.post("/guidance", response={201: GuidanceOut}, summary="登记行政指导（提示、告诫、建议、约谈、示范）")
def record_guidance(request: AuthedRequest, payload: GuidanceIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "record_inspections")
    firm = _firm(request, payload.uscc)
    measure = _run(
        lambda: services.record_guidance(
            actor=request.user,
            enterprise=firm,
            kind=payload.kind,
            content=payload.content,
            issued_on=payload.issued_on,
        )
    )
    return Status(201, measure)


@router.post("/verify", response=VerifyOut, auth=None, summary="核验抽取结果（无需登录）")
@rate_limited("draw_verify")
def verify(request: HttpRequest, payload: VerifyIn) -> VerifyOut:
    try:
        text = payload.result if isinstance(payload.result, str) else json.dumps(payload.result)
    except (RecursionError, ValueError):
        raise HttpError(422, "抽取结果的 JSON 嵌套过深，不是公示的抽取结果") from None
    try:
        matches, differences = verify_texts(
            result=text, candidates=payload.candidates_csv, exclude=payload.exclude, ratios=payload.ratios
        )
    except InputError as error:
        raise HttpError(422, str(error)) from None
    return VerifyOut(matches=matches, differences=differences)
