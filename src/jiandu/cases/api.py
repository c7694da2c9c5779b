"""REST endpoints for penalty cases (/api/cases) and credit repair, scoped like the UI."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jiandu.bounds import Amount, CodeText, Day, Id, Items, LongText, ShortText
from jiandu.cases import services
from jiandu.cases.models import CaseLead, LeadStatus, PenaltyCase
from jiandu.cases.rules import procedure
from jiandu.cases.selectors import (
    case_deadlines,
    case_documents,
    get_case,
    get_document,
    get_lead,
    get_repair,
    list_cases,
    list_leads,
    list_repairs,
    similar_for_reader,
)
from jiandu.cases.workflow import CASE_TRANSITIONS
from jiandu.errors import UserError
from jiandu.org.permissions import check_permission
from jiandu.org.ratelimit import rate_limited
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_domain, get_enterprise
from jiandu.paging import BoundedLimitOffsetPagination

router = Router(tags=["行政处罚案件"])


class CaseIn(Schema):
    uscc: CodeText
    filed_on: Day
    item_code: CodeText = ""
    domain_code: CodeText = ""
    violation: ShortText = ""
    facts: LongText = ""
    evidence: LongText = ""
    outcome: CodeText = "penalty"
    penalty_kinds: Items[CodeText] = []
    fine: Amount = Decimal("0")
    confiscation: Amount = Decimal("0")
    fine_base: Amount | None = None
    penalty_spec: dict[str, Any] | None = None
    legal_basis: ShortText = ""
    violated_provision: ShortText = ""
    representative: ShortText = ""
    confiscated_property: ShortText = ""
    no_penalty_ground: ShortText = ""
    officers: ShortText = ""
    is_major: bool = False
    party_kind: CodeText = ""
    discretion_facts: dict[str, Any] = {}


class CasePatch(Schema):
    item_code: CodeText | None = None
    violation: ShortText | None = None
    facts: LongText | None = None
    evidence: LongText | None = None
    outcome: CodeText | None = None
    penalty_kinds: Items[CodeText] | None = None
    fine: Amount | None = None
    confiscation: Amount | None = None
    fine_base: Amount | None = None
    penalty_spec: dict[str, Any] | None = None
    legal_basis: ShortText | None = None
    violated_provision: ShortText | None = None
    representative: ShortText | None = None
    confiscated_property: ShortText | None = None
    no_penalty_ground: ShortText | None = None
    officers: ShortText | None = None
    is_major: bool | None = None
    party_kind: CodeText | None = None
    discretion_facts: dict[str, Any] | None = None
    filed_on: Day | None = None


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
    catalogue_version: str
    violated_provision: str
    representative: str
    skipped_steps: list[dict[str, str]]
    actions: list[str]
    deadlines: list[DeadlineOut]
    documents: list[DocumentOut]

    @staticmethod
    def resolve_similar(obj: PenaltyCase, context: dict[str, Any]) -> dict[str, Any] | None:
        """The stored check cut to the reader's scope (cases/selectors.py: similar_for_reader)."""
        request = context.get("request")
        user = getattr(request, "auth", None) or getattr(request, "user", None)
        if obj.similar is None or user is None:
            return None
        return similar_for_reader(obj, user)

    @staticmethod
    def resolve_actions(obj: PenaltyCase) -> list[str]:
        """The actions the table allows from the current state (any role)."""
        return sorted({t.action for t in CASE_TRANSITIONS.transitions if obj.status in t.sources})

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
    note: LongText = ""
    opinion: LongText = ""
    on: Day | None = None
    issued_on: Day | None = None
    method: CodeText = "直接送达"
    receiver: ShortText = ""
    argument: LongText = ""
    adopted: bool | None = None
    review: LongText = ""
    held_on: Day | None = None
    place: ShortText = ""
    host: ShortText = ""
    public: bool = True
    record: LongText = ""
    report: LongText = ""
    absent: bool = False
    reason: LongText = ""
    deviation_reason: LongText | None = None
    education_note: LongText | None = None
    reconsidered: bool | None = None
    litigated: bool | None = None


def _detail(error: UserError) -> str:
    return f"{error.field}:{error.message}" if error.field and error.field != "action" else error.message


def _get(request: AuthedRequest, case_id: Id) -> PenaltyCase:
    check_permission(request.user, "view_cases")
    case = get_case(user=request.user, pk=case_id)
    if case is None:
        raise HttpError(404, "案件不存在或不在您的管辖区划内")
    return case


@router.get("/", response=list[CaseOut], summary="处罚案件列表")
@paginate(BoundedLimitOffsetPagination)
def cases(request: AuthedRequest, q: ShortText = "", region: CodeText = "", status: CodeText = ""):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_cases")
    return list_cases(user=request.user, region_code=region, query=q, status=status)


@router.post("/", response={201: CaseDetailOut}, summary="新建拟处罚案件（草稿）")
def create(request: AuthedRequest, payload: CaseIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "draft_cases")
    enterprise = get_enterprise(user=request.user, uscc=payload.uscc.strip().upper())
    if enterprise is None:
        raise HttpError(400, "uscc：未找到该统一社会信用代码对应的经营主体，或其不在您的管辖区划内")

    domain = get_domain(code=payload.domain_code or "")
    if payload.domain_code and domain is None:
        raise HttpError(400, f"domain_code：领域“{payload.domain_code}”不存在")
    values = payload.dict(exclude={"uscc", "domain_code"})
    try:
        case = services.create_case(actor=request.user, enterprise=enterprise, domain=domain, **values)
    except UserError as error:
        raise HttpError(400, _detail(error)) from None
    return Status(201, case)


@router.get("/{int:case_id}", response=CaseDetailOut, summary="案件详情：裁量与类案核查结果、期限、文书")
def detail(request: AuthedRequest, case_id: Id):  # type: ignore[no-untyped-def]
    return _get(request, case_id)


@router.patch("/{int:case_id}", response=CaseDetailOut, summary="修改草稿")
def update(request: AuthedRequest, case_id: Id, payload: CasePatch):  # type: ignore[no-untyped-def]
    case = _get(request, case_id)
    try:
        case = services.update_case(actor=request.user, case=case, changes=payload.dict(exclude_unset=True))
    except UserError as error:
        raise HttpError(400, _detail(error)) from None
    return case


def _act(
    request: AuthedRequest, case_id: Id, action: CodeText, run: Callable[[PenaltyCase], object]
) -> PenaltyCase:
    """One step of the procedure: the table's permission for it (403), then its one service (400)."""
    case = _get(request, case_id)
    check_permission(request.user, CASE_PERMISSIONS[action])
    try:
        run(case)
    except UserError as error:
        raise HttpError(400, _detail(error)) from None
    return _get(request, case_id)


# The permission of each action, read from the transition table (the API offers exactly its actions).
CASE_PERMISSIONS = {t.action: t.permission for t in CASE_TRANSITIONS.transitions} | {
    "representation": "draft_cases",
    "review_representation": "draft_cases",
    "waive": "draft_cases",
    "schedule_hearing": "draft_cases",
    "hearing_report": "draft_cases",
    "publish": "draft_cases",
    "flags": "draft_cases",
}


@router.post("/{int:case_id}/actions/check", response=CaseDetailOut, summary="调查终结：裁量与类案核查")
def check(request: AuthedRequest, case_id: Id):  # type: ignore[no-untyped-def]
    return _act(request, case_id, "check", lambda c: services.run_checks(actor=request.user, case=c))


@router.post("/{int:case_id}/actions/reopen", response=CaseDetailOut, summary="退回调查")
def reopen(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "reopen",
        lambda c: services.reopen_case(actor=request.user, case=c, note=payload.note),
    )


@router.post("/{int:case_id}/actions/notify", response=CaseDetailOut, summary="制作并送达行政处罚告知书")
def notify(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "notify",
        lambda c: services.notify_case(
            actor=request.user,
            case=c,
            issued_on=payload.issued_on,
            delivered_on=payload.on,
            method=payload.method,
        ),
    )


@router.post("/{int:case_id}/actions/representation", response=CaseDetailOut, summary="登记陈述申辩意见")
def representation(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "representation",
        lambda c: services.record_representation(
            actor=request.user, case=c, argument=payload.argument, received_on=payload.on
        ),
    )


@router.post(
    "/{int:case_id}/representations/{int:item_id}/review",
    response=CaseDetailOut,
    summary="复核一项陈述申辩意见",
)
def review_representation(request: AuthedRequest, case_id: Id, item_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    def run(case: PenaltyCase) -> object:
        item = case.representations.filter(pk=item_id).first()
        if item is None:
            raise HttpError(404, "该陈述申辩意见不存在")
        if payload.adopted is None:
            raise UserError("请给出复核结论（采纳或者不予采纳）", field="adopted")
        return services.review_representation(
            actor=request.user, representation=item, adopted=payload.adopted, review=payload.review
        )

    return _act(request, case_id, "review_representation", run)


@router.post("/{int:case_id}/actions/waive", response=CaseDetailOut, summary="登记当事人明确放弃陈述申辩")
def waive(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "waive",
        lambda c: services.waive_statement(actor=request.user, case=c, note=payload.note),
    )


@router.post("/{int:case_id}/actions/request_hearing", response=CaseDetailOut, summary="登记当事人要求听证")
def request_hearing(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "request_hearing",
        lambda c: services.request_hearing(actor=request.user, case=c, requested_on=payload.on),
    )


@router.post("/{int:case_id}/actions/schedule_hearing", response=CaseDetailOut, summary="制作听证通知书")
def schedule_hearing(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    def run(case: PenaltyCase) -> object:
        if payload.held_on is None:
            raise UserError("请填写举行听证日期", field="held_on")
        return services.schedule_hearing(
            actor=request.user, case=case, held_on=payload.held_on, place=payload.place, host=payload.host,
            public=payload.public,
        )  # fmt: skip

    return _act(request, case_id, "schedule_hearing", run)


@router.post(
    "/{int:case_id}/actions/hearing_report", response=CaseDetailOut, summary="登记听证笔录和听证报告"
)
def hearing_report(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "hearing_report",
        lambda c: services.report_hearing(
            actor=request.user,
            case=c,
            record_text=payload.record,
            report=payload.report,
            absent=payload.absent,
        ),
    )


@router.post("/{int:case_id}/actions/submit_review", response=CaseDetailOut, summary="提请法制审核")
def submit_review(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "submit_review",
        lambda c: services.submit_for_review(actor=request.user, case=c, note=payload.note),
    )


@router.post("/{int:case_id}/actions/return", response=CaseDetailOut, summary="法制审核退回")
def return_case(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "return",
        lambda c: services.return_case(actor=request.user, case=c, opinion=payload.opinion),
    )


@router.post("/{int:case_id}/actions/pass_review", response=CaseDetailOut, summary="法制审核通过")
def pass_review(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "pass_review",
        lambda c: services.pass_review(actor=request.user, case=c, opinion=payload.opinion),
    )


@router.post("/{int:case_id}/actions/discuss", response=CaseDetailOut, summary="登记负责人集体讨论")
def discuss(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "discuss",
        lambda c: services.discuss_case(
            actor=request.user, case=c, discussed_on=payload.on, note=payload.note
        ),
    )


@router.post("/{int:case_id}/actions/decide", response=CaseDetailOut, summary="作出决定，生成决定文书")
def decide(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "decide",
        lambda c: services.decide_case(
            actor=request.user,
            case=c,
            decided_on=payload.on,
            deviation_reason=payload.deviation_reason,
            education_note=payload.education_note,
        ),
    )


@router.post("/{int:case_id}/actions/deliver", response=CaseDetailOut, summary="登记送达，生成送达回证")
def deliver(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "deliver",
        lambda c: services.deliver_case(
            actor=request.user,
            case=c,
            delivered_on=payload.on,
            method=payload.method,
            receiver=payload.receiver,
        ),
    )


@router.post("/{int:case_id}/actions/pay", response=CaseDetailOut, summary="登记缴纳罚没款")
def pay(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "pay",
        lambda c: services.record_payment(actor=request.user, case=c, paid_on=payload.on),
    )


@router.post("/{int:case_id}/actions/enforce", response=CaseDetailOut, summary="申请人民法院强制执行")
def enforce(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "enforce",
        lambda c: services.apply_enforcement(actor=request.user, case=c, applied_on=payload.on),
    )


@router.post("/{int:case_id}/actions/close", response=CaseDetailOut, summary="结案")
def close(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "close",
        lambda c: services.close_case(
            actor=request.user, case=c, closed_on=payload.on, reason=payload.reason
        ),
    )


@router.post("/{int:case_id}/actions/publish", response=CaseDetailOut, summary="登记已公示")
def publish(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "publish",
        lambda c: services.publish_case(actor=request.user, case=c, published_on=payload.on),
    )


@router.post("/{int:case_id}/actions/flags", response=CaseDetailOut, summary="登记行政复议、行政诉讼情况")
def flags(request: AuthedRequest, case_id: Id, payload: ActionIn):  # type: ignore[no-untyped-def]
    return _act(
        request,
        case_id,
        "flags",
        lambda c: services.set_case_flags(
            actor=request.user, case=c, reconsidered=payload.reconsidered, litigated=payload.litigated
        ),
    )


@router.get("/{int:case_id}/documents/{kind}", summary="下载文书（.docx）")
def document(request: AuthedRequest, case_id: Id, kind: CodeText) -> HttpResponse:
    check_permission(request.user, "view_cases")
    found = get_document(user=request.user, case_id=case_id, kind=kind)
    if found is None:
        raise HttpError(404, "文书不存在")
    response = HttpResponse(
        bytes(found.content),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.filename)}"
    return response


class RepairIn(Schema):
    uscc: CodeText
    decision_number: ShortText
    code: CodeText = Field(description="信用修复告知书上的申请码")
    contact_name: ShortText
    contact_phone: ShortText
    measures: LongText
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


@router.post("/credit-repair", response={201: RepairOut}, auth=None, summary="信用修复申请（公开，无需登录）")
@rate_limited("repair_apply")
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
            code=payload.code,
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
    decision_number: ShortText | None = Field(None, alias="case.decision_number")
    enterprise_name: ShortText = Field(..., alias="case.enterprise.name")
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
    opinion: LongText


@router.get("/credit-repairs", response=list[RepairStaffOut], summary="信用修复申请列表（审核人员）")
@paginate(BoundedLimitOffsetPagination)
def repairs(request: AuthedRequest, status: CodeText = ""):  # type: ignore[no-untyped-def]
    check_permission(request.user, "review_credit_repair")
    return list_repairs(user=request.user, status=status)


@router.post(
    "/credit-repairs/{int:repair_id}/review",
    response=RepairStaffOut,
    summary="审核信用修复申请；准予的，处罚信息停止公示",
)
def review_repair(request: AuthedRequest, repair_id: Id, payload: RepairReviewIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "review_credit_repair")
    application = get_repair(user=request.user, pk=repair_id)
    if application is None:
        raise HttpError(404, "申请不存在或不在您的管辖区划内")
    try:
        return services.review_repair(
            actor=request.user, application=application, approve=payload.approve, opinion=payload.opinion
        )
    except UserError as error:
        raise HttpError(400, _detail(error)) from None


# --- 案源 (程序规定第十八至二十条): register, then within 15 working days 立案 or 不予立案 ---------------


class LeadIn(Schema):
    uscc: CodeText
    source: CodeText
    description: LongText
    discovered_on: Day


class LeadFileIn(Schema):
    """立案 from a lead: the case's first facts (the party is the lead's)."""

    filed_on: Day | None = None
    note: LongText = ""
    item_code: CodeText = ""
    domain_code: CodeText = ""
    violation: ShortText = ""
    facts: LongText = ""
    officers: ShortText = ""
    party_kind: CodeText = ""
    penalty_kinds: Items[ShortText] = []


class LeadDeclineIn(Schema):
    ground: CodeText = Field(
        ..., description="不予立案情形：minor_corrected、first_violation、no_fault、other"
    )
    note: LongText
    decided_on: Day | None = None


class LeadOut(Schema):
    id: int
    uscc: str
    enterprise: str
    region: str
    source: str
    description: str
    discovered_on: dt.date
    due_on: dt.date
    status: str
    status_label: str
    decided_on: dt.date | None
    not_filed_ground: str
    not_filed_ground_label: str
    decision_note: str
    case_id: int | None

    @staticmethod
    def resolve_uscc(lead: CaseLead) -> str:
        return lead.enterprise.uscc

    @staticmethod
    def resolve_enterprise(lead: CaseLead) -> str:
        return lead.enterprise.name

    @staticmethod
    def resolve_region(lead: CaseLead) -> str:
        return lead.region.code

    @staticmethod
    def resolve_due_on(lead: CaseLead) -> dt.date:
        return services.lead_due(lead)

    @staticmethod
    def resolve_status_label(lead: CaseLead) -> str:
        return lead.get_status_display()

    @staticmethod
    def resolve_not_filed_ground_label(lead: CaseLead) -> str:
        return procedure().not_filed_grounds.get(lead.not_filed_ground, "")

    @staticmethod
    def resolve_case_id(lead: CaseLead) -> int | None:
        try:
            return lead.case.pk  # the case filed from it (list_leads selects it with the lead)
        except PenaltyCase.DoesNotExist:
            return None


def _lead(request: AuthedRequest, lead_id: Id) -> CaseLead:
    check_permission(request.user, "view_cases")
    lead = get_lead(user=request.user, pk=lead_id)
    if lead is None:
        raise HttpError(404, "案源不存在或不在您的管辖区划内")
    return lead


@router.get("/leads", response=list[LeadOut], summary="案源列表（待核查在前按发现日期）")
@paginate(BoundedLimitOffsetPagination)
def leads(request: AuthedRequest, status: CodeText = ""):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_cases")
    if status and status not in LeadStatus.values:
        raise HttpError(400, f"status：案源状态“{status}”不存在，可选 {'、'.join(LeadStatus.values)}")
    return list_leads(user=request.user, status=status)


@router.post("/leads", response={201: LeadOut}, summary="登记案源")
def register_lead(request: AuthedRequest, payload: LeadIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "draft_cases")
    enterprise = get_enterprise(user=request.user, uscc=payload.uscc.strip().upper())
    if enterprise is None:
        raise HttpError(400, "uscc：未找到该统一社会信用代码对应的经营主体，或其不在您的管辖区划内")
    try:
        lead = services.register_lead(
            actor=request.user,
            enterprise=enterprise,
            source=payload.source,
            description=payload.description,
            discovered_on=payload.discovered_on,
        )
    except UserError as error:
        raise HttpError(400, _detail(error)) from None
    return Status(201, _lead(request, lead.pk))


@router.get("/leads/{int:lead_id}", response=LeadOut, summary="案源详情与立案期限")
def lead_detail(request: AuthedRequest, lead_id: Id):  # type: ignore[no-untyped-def]
    return _lead(request, lead_id)


@router.post(
    "/leads/{int:lead_id}/actions/file", response={201: CaseDetailOut}, summary="立案（案源转为案件）"
)
def file_lead(request: AuthedRequest, lead_id: Id, payload: LeadFileIn):  # type: ignore[no-untyped-def]
    lead = _lead(request, lead_id)
    check_permission(request.user, "draft_cases")
    domain = get_domain(code=payload.domain_code or "")
    if payload.domain_code and domain is None:
        raise HttpError(400, f"domain_code：领域“{payload.domain_code}”不存在")
    values = payload.dict(exclude={"filed_on", "note", "domain_code"})
    try:
        case = services.file_lead(
            actor=request.user,
            lead=lead,
            filed_on=payload.filed_on,
            note=payload.note,
            domain=domain,
            **values,
        )
    except UserError as error:
        raise HttpError(400, _detail(error)) from None
    return Status(201, _get(request, case.pk))


@router.post("/leads/{int:lead_id}/actions/decline", response=LeadOut, summary="不予立案（程序规定第二十条）")
def decline_lead(request: AuthedRequest, lead_id: Id, payload: LeadDeclineIn):  # type: ignore[no-untyped-def]
    lead = _lead(request, lead_id)
    try:
        services.decline_lead(
            actor=request.user,
            lead=lead,
            ground=payload.ground,
            note=payload.note,
            decided_on=payload.decided_on,
        )
    except UserError as error:
        raise HttpError(400, _detail(error)) from None
    return _lead(request, lead_id)
