"""REST endpoints for penalty cases (/api/cases) and credit repair, scoped like the UI."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jiandu.cases import services
from jiandu.cases.models import PenaltyCase
from jiandu.cases.selectors import (
    case_deadlines,
    case_documents,
    get_case,
    get_document,
    get_repair,
    list_cases,
    list_repairs,
)
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_domain, get_enterprise
from jiandu.paging import BoundedLimitOffsetPagination

router = Router(tags=["行政处罚案件"])


class CaseIn(Schema):
    uscc: str
    filed_on: dt.date
    item_code: str = ""
    domain_code: str = ""
    violation: str = ""
    facts: str = ""
    evidence: str = ""
    outcome: str = "penalty"
    penalty_kinds: list[str] = []
    fine: Decimal = Decimal("0")
    confiscation: Decimal = Decimal("0")
    fine_base: Decimal | None = None
    penalty_spec: dict[str, Any] | None = None
    legal_basis: str = ""
    officers: str = ""
    is_major: bool = False
    party_kind: str = ""
    discretion_facts: dict[str, Any] = {}


class CasePatch(Schema):
    item_code: str | None = None
    violation: str | None = None
    facts: str | None = None
    evidence: str | None = None
    outcome: str | None = None
    penalty_kinds: list[str] | None = None
    fine: Decimal | None = None
    confiscation: Decimal | None = None
    fine_base: Decimal | None = None
    penalty_spec: dict[str, Any] | None = None
    legal_basis: str | None = None
    officers: str | None = None
    is_major: bool | None = None
    party_kind: str | None = None
    discretion_facts: dict[str, Any] | None = None
    filed_on: dt.date | None = None


class DeadlineOut(Schema):
    key: str
    label: str
    start: dt.date
    due: dt.date
    days: int
    unit: str
    overdue: bool
    legal_basis: str


class DocumentOut(Schema):
    kind: str
    label: str
    sha256: str
    url: str


class CaseOut(Schema):
    id: int
    decision_number: str | None
    status: str
    status_label: str
    outcome: str
    enterprise_uscc: str = Field(..., alias="enterprise.uscc")
    enterprise_name: str = Field(..., alias="enterprise.name")
    region_code: str = Field(..., alias="region.code")
    domain_code: str = Field(..., alias="domain.code")
    item_code: str
    violation: str
    penalty_kinds: list[str]
    fine: Decimal
    confiscation: Decimal
    filed_on: dt.date
    decided_on: dt.date | None
    delivered_on: dt.date | None
    paid_on: dt.date | None
    is_major: bool
    reconsidered: bool
    litigated: bool
    publicity_status: str

    @staticmethod
    def resolve_status_label(obj: PenaltyCase) -> str:
        return obj.get_status_display()


class CaseDetailOut(CaseOut):
    facts: str
    evidence: str
    legal_basis: str
    party_kind: str
    discretion_facts: dict[str, Any]
    discretion: dict[str, Any] | None
    discretion_ruleset: str
    similar: dict[str, Any] | None
    legal_review_required: bool
    legal_review_reasons: list[str]
    legal_review_passed: bool
    legal_review_opinion: str
    deviation_reason: str
    deadlines: list[DeadlineOut]
    documents: list[DocumentOut]

    @staticmethod
    def resolve_deadlines(obj: PenaltyCase) -> list[dict[str, Any]]:
        return [
            {
                "key": d.key,
                "label": d.label,
                "start": d.start,
                "due": d.due,
                "days": d.days,
                "unit": d.unit,
                "overdue": d.overdue,
                "legal_basis": d.legal_basis,
            }
            for d in case_deadlines(obj)
        ]

    @staticmethod
    def resolve_documents(obj: PenaltyCase) -> list[dict[str, Any]]:
        return [
            {
                "kind": d.kind,
                "label": d.get_kind_display(),
                "sha256": d.sha256,
                "url": f"/api/cases/{obj.pk}/documents/{d.kind}",
            }
            for d in case_documents(obj)
        ]


class ActionIn(Schema):
    note: str = ""
    passed: bool | None = None
    opinion: str = ""
    on: dt.date | None = None
    deviation_reason: str | None = None
    education_note: str | None = None
    method: str = ""
    reconsidered: bool | None = None
    litigated: bool | None = None


def _get(request: AuthedRequest, case_id: int) -> PenaltyCase:
    check_permission(request.user, "view_cases")
    case = get_case(user=request.user, pk=case_id)
    if case is None:
        raise HttpError(404, "案件不存在或不在您的管辖区划内")
    return case


@router.get("/", response=list[CaseOut], summary="处罚案件列表")
@paginate(BoundedLimitOffsetPagination)
def cases(request: AuthedRequest, q: str = "", region: str = "", status: str = ""):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_cases")
    return list_cases(user=request.user, region_code=region, query=q, status=status)


@router.post("/", response={201: CaseDetailOut}, summary="新建拟处罚案件(草稿)")
def create(request: AuthedRequest, payload: CaseIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "draft_cases")
    enterprise = get_enterprise(user=request.user, uscc=payload.uscc.strip().upper())
    if enterprise is None:
        raise HttpError(400, "uscc:未找到该统一社会信用代码对应的经营主体,或其不在您的管辖区划内")

    domain = get_domain(code=payload.domain_code or "")
    if payload.domain_code and domain is None:
        raise HttpError(400, f"domain_code:领域“{payload.domain_code}”不存在")
    values = payload.dict(exclude={"uscc", "domain_code"})
    try:
        case = services.create_case(actor=request.user, enterprise=enterprise, domain=domain, **values)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, case)


@router.get("/{int:case_id}", response=CaseDetailOut, summary="案件详情:裁量与类案核查结果、期限、文书")
def detail(request: AuthedRequest, case_id: int):  # type: ignore[no-untyped-def]
    return _get(request, case_id)


@router.patch("/{int:case_id}", response=CaseDetailOut, summary="修改草稿")
def update(request: AuthedRequest, case_id: int, payload: CasePatch):  # type: ignore[no-untyped-def]
    case = _get(request, case_id)
    try:
        case = services.update_case(actor=request.user, case=case, changes=payload.dict(exclude_unset=True))
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return case


def _run(request: AuthedRequest, case: PenaltyCase, action: str, body: ActionIn) -> PenaltyCase:
    user = request.user
    if action == "check":
        return services.run_checks(actor=user, case=case)
    if action == "reopen":
        return services.reopen_case(actor=user, case=case, note=body.note)
    if action == "submit_review":
        return services.submit_for_review(actor=user, case=case, note=body.note)
    if action == "review":
        if body.passed is None:
            raise ValueError("passed:请给出审核结论(true 通过 / false 退回)")
        return services.review_case(actor=user, case=case, passed=body.passed, opinion=body.opinion)
    if action == "decide":
        return services.decide_case(
            actor=user,
            case=case,
            decided_on=body.on,
            deviation_reason=body.deviation_reason,
            education_note=body.education_note,
        )
    if action == "deliver":
        return services.deliver_case(actor=user, case=case, delivered_on=body.on, method=body.method)
    if action == "pay":
        return services.record_payment(actor=user, case=case, paid_on=body.on)
    if action == "close":
        return services.close_case(actor=user, case=case, closed_on=body.on)
    if action == "publish":
        return services.publish_case(actor=user, case=case, published_on=body.on)
    if action == "flags":
        return services.set_case_flags(
            actor=user, case=case, reconsidered=body.reconsidered, litigated=body.litigated
        )
    raise HttpError(404, f"未知的操作“{action}”")


@router.post(
    "/{int:case_id}/actions/{action}",
    response=CaseDetailOut,
    summary="办理操作:check、reopen、submit_review、review、decide、deliver、pay、close、publish、flags",
)
def act(request: AuthedRequest, case_id: int, action: str, payload: ActionIn):  # type: ignore[no-untyped-def]
    case = _get(request, case_id)
    try:
        case = _run(request, case, action, payload)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return case


@router.get("/{int:case_id}/documents/{kind}", summary="下载文书(.docx)")
def document(request: AuthedRequest, case_id: int, kind: str) -> HttpResponse:
    check_permission(request.user, "view_cases")
    found = get_document(user=request.user, case_id=case_id, kind=kind)
    if found is None:
        raise HttpError(404, "文书不存在")
    from urllib.parse import quote

    response = HttpResponse(
        bytes(found.content),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.filename)}"
    return response


class RepairIn(Schema):
    uscc: str
    decision_number: str
    contact_name: str
    contact_phone: str
    measures: str
    harm_eliminated: bool = False
    not_listed: bool = False
    commitment: bool = False


class RepairOut(Schema):
    number: str
    status: str
    status_label: str
    submitted_on: dt.date
    due_on: dt.date
    eligibility: dict[str, Any]


@router.post("/credit-repair", response={201: RepairOut}, auth=None, summary="信用修复申请(公开,无需登录)")
def apply_repair(request: HttpRequest, payload: RepairIn):  # type: ignore[no-untyped-def]
    try:
        application = services.apply_for_repair(
            uscc=payload.uscc,
            decision_number=payload.decision_number,
            contact_name=payload.contact_name,
            contact_phone=payload.contact_phone,
            measures=payload.measures,
            declared={"harm_eliminated": payload.harm_eliminated, "not_listed": payload.not_listed},
            commitment=payload.commitment,
        )
    except services.RepairRefused as error:
        raise HttpError(400, str(error)) from None
    return Status(
        201,
        {
            "number": application.number,
            "status": application.status,
            "status_label": application.get_status_display(),
            "submitted_on": application.submitted_on,
            "due_on": services.repair_due(application),
            "eligibility": application.eligibility,
        },
    )


class RepairStaffOut(Schema):
    id: int
    number: str
    status: str
    decision_number: str | None = Field(None, alias="case.decision_number")
    enterprise_name: str = Field(..., alias="case.enterprise.name")
    commitment: bool
    submitted_on: dt.date
    due_on: dt.date
    eligibility: dict[str, Any]
    review_opinion: str

    @staticmethod
    def resolve_due_on(obj: Any) -> dt.date:
        return services.repair_due(obj)


class RepairReviewIn(Schema):
    approve: bool
    opinion: str


@router.get("/credit-repairs", response=list[RepairStaffOut], summary="信用修复申请列表(审核人员)")
@paginate(BoundedLimitOffsetPagination)
def repairs(request: AuthedRequest, status: str = ""):  # type: ignore[no-untyped-def]
    check_permission(request.user, "review_credit_repair")
    return list_repairs(user=request.user, status=status)


@router.post(
    "/credit-repairs/{int:repair_id}/review",
    response=RepairStaffOut,
    summary="审核信用修复申请;准予的,处罚信息停止公示",
)
def review_repair(request: AuthedRequest, repair_id: int, payload: RepairReviewIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "review_credit_repair")
    application = get_repair(user=request.user, pk=repair_id)
    if application is None:
        raise HttpError(404, "申请不存在或不在您的管辖区划内")
    try:
        return services.review_repair(
            actor=request.user, application=application, approve=payload.approve, opinion=payload.opinion
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
