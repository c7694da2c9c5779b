"""REST endpoints for problem clues: the same operations as the UI, with the same masks and checks."""

import datetime as dt
import json
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from jiandu.bounds import CODE, LONG, CodeText, Id, Items, LongText, Moment, ShortText
from jiandu.clues import selectors, services
from jiandu.clues.imports import (
    cancel_work_order_import,
    guess_mapping,
    import_eml,
    import_path,
    start_work_order_import,
    store_upload,
)
from jiandu.clues.models import Channel, Clue, ClueImport, ClueImportStatus
from jiandu.clues.ratelimit import allow
from jiandu.documents.tabular import TableError, read_table, read_upload
from jiandu.errors import UserError
from jiandu.org.models import Domain, Unit
from jiandu.org.permissions import check_permission
from jiandu.org.ratelimit import rate_limited
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_region_by_code, list_domains, list_units
from jiandu.paging import BoundedLimitOffsetPagination, capped_count
from jiandu.rectify.selectors import rectification_counts

router = Router(tags=["问题线索"])


class ClueOut(Schema):
    id: int
    channel: str
    channel_label: str
    received_at: dt.datetime
    region_code: str
    region_name: str
    domain: str | None
    category: str
    subtype: str
    summary: str
    enterprise: str
    officers: str
    reporter: str
    status: str
    status_label: str
    lead_unit: str | None
    deadline: dt.date | None
    overdue: bool


class HistoryOut(Schema):
    when: dt.datetime
    actor: str
    action: str
    note: str


class ClueDetailOut(ClueOut):
    reporter_phone: str
    suggestion: dict[str, Any] | None
    duplicates: list[int]
    assessment: dict[str, Any] | None
    referral: dict[str, Any] | None
    actions: list[str]
    history: list[HistoryOut]


def _status_for_api(row: selectors.ClueRow) -> str:
    return row.clue.status if row.status == row.clue.get_status_display() else "masked"


def _out(row: selectors.ClueRow) -> dict[str, Any]:
    clue = row.clue
    return {
        "id": clue.pk,
        "channel": clue.channel,
        "channel_label": clue.get_channel_display(),
        "received_at": clue.received_at,
        "region_code": clue.region.code,
        "region_name": clue.region.name,
        "domain": clue.domain.name if clue.domain else None,
        "category": clue.category,
        "subtype": clue.subtype,
        "summary": row.summary,
        "enterprise": clue.enterprise.name if clue.enterprise else clue.enterprise_name,
        "officers": clue.officers,
        "reporter": row.reporter,
        "status": _status_for_api(row),
        "status_label": row.status,
        "lead_unit": clue.lead_unit.name if clue.lead_unit else None,
        "deadline": row.deadline,
        "overdue": row.overdue,
    }


def _clue(request: AuthedRequest, clue_id: Id) -> Clue:
    check_permission(request.user, "view_clues")
    clue = selectors.get_clue(user=request.user, pk=clue_id)
    if clue is None:
        raise HttpError(404, "未找到该问题线索，或不在您的管辖范围内")
    return clue


def _detail(request: AuthedRequest, clue: Clue) -> dict[str, Any]:
    clue = selectors.get_clue(user=request.user, pk=clue.pk) or clue
    detail = selectors.clue_detail(user=request.user, clue=clue)
    (row,) = selectors.clue_rows([clue], user=request.user)
    assessment = detail.assessment
    referral = detail.referral
    return {
        **_out(row),
        "reporter_phone": detail.reporter_phone,
        "suggestion": detail.suggestion,
        "duplicates": [other.pk for other, _ in detail.duplicates],
        "assessment": None
        if assessment is None
        else {
            "verdict": assessment.verdict,
            "category": assessment.category,
            "subtype": assessment.subtype,
            "domain": assessment.domain.name if assessment.domain else None,
            "opinion": assessment.opinion,
            "cause_analysis": assessment.cause_analysis,
            "decided_on": assessment.decided_on.isoformat(),
        },
        "referral": None
        if referral is None
        else {"organ": referral.organ, "persons": referral.persons, "reason": referral.reason},
        "actions": detail.actions,
        "history": [
            {"when": h.when, "actor": h.actor, "action": h.action, "note": h.note} for h in detail.history
        ],
    }


@router.get("/", response=list[ClueOut], summary="问题线索列表")
@paginate(BoundedLimitOffsetPagination)
def clue_list(  # type: ignore[no-untyped-def]
    request: AuthedRequest,
    channel: CodeText = "",
    category: CodeText = "",
    domain: CodeText = "",
    county: CodeText = "",
    status: CodeText = "",
    overdue: bool = False,
):
    check_permission(request.user, "view_clues")
    clues = selectors.list_clues(
        user=request.user,
        channel=channel,
        category=category,
        domain=domain,
        county=county,
        status=status,
        overdue=overdue,
    )
    return _LazyRows(clues, request)


class _LazyRows:
    """Pagination slices the queryset first; masks and deadlines are applied to the page only."""

    def __init__(self, clues: Any, request: AuthedRequest) -> None:
        self.clues, self.request = clues, request

    def count(self) -> int:
        return capped_count(self.clues)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        rows = selectors.clue_rows(list(self.clues[index]), user=self.request.user)
        return [_out(row) for row in rows]


class ClueIn(Schema):
    channel: CodeText
    summary: LongText
    region_code: CodeText
    received_at: Moment | None = None
    uscc: CodeText = ""
    enterprise_name: ShortText = ""
    officers: ShortText = ""
    unit_named: ShortText = ""
    reporter_name: ShortText = ""
    reporter_phone: ShortText = ""
    source_ref: ShortText = ""
    redact_identity: bool = False  # mask the reporter's name, phone and ID number inside the text


@router.post("/", response={201: ClueDetailOut}, summary="登记问题线索（任一渠道）")
def clue_create(request: AuthedRequest, payload: ClueIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "file_clues")
    region = get_region_by_code(user=request.user, code=payload.region_code)
    if region is None:
        raise HttpError(400, f"区划“{payload.region_code}”不在您的管辖范围内")
    enterprise = selectors.visible_enterprise(user=request.user, uscc=payload.uscc.strip().upper())
    clue = services.file_clue(
        actor=request.user,
        channel=payload.channel,
        summary=payload.summary,
        region=region,
        received_at=payload.received_at,
        enterprise=enterprise,
        enterprise_name=payload.enterprise_name,
        officers=payload.officers,
        unit_named=payload.unit_named,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        source_ref=payload.source_ref,
        redact_identity=payload.redact_identity,
    )
    return Status(201, _detail(request, clue))


@router.get("/overdue", summary="办理中与逾期的线索和整改事项统计")
def overdue(request: AuthedRequest) -> dict[str, Any]:
    check_permission(request.user, "view_clues")
    summary = selectors.overdue_summary(request.user)
    open_items, late_items = rectification_counts(user=request.user)
    return {
        "open_clues": summary.open_clues,
        "overdue_clues": summary.overdue_clues,
        "by_status": [
            {"status": s, "label": label, "open": n, "overdue": late}
            for s, label, n, late in summary.by_status
        ],
        "open_rectifications": open_items,
        "overdue_rectifications": late_items,
    }


@router.get(
    "/{int:clue_id}", response=ClueDetailOut, summary="一条问题线索：分拣建议、疑似重复、研判、办理记录"
)
def clue_detail(request: AuthedRequest, clue_id: Id):  # type: ignore[no-untyped-def]
    return _detail(request, _clue(request, clue_id))


class TriageIn(Schema):
    domain: CodeText = ""  # domain code
    lead_unit_id: Id | None = None
    category: CodeText = ""
    subtype: CodeText = ""


def _unit(request: AuthedRequest, unit_id: Id | None) -> Unit | None:
    if unit_id is None:
        return None
    unit = list_units(user=request.user).filter(pk=unit_id).first()
    if unit is None:
        raise HttpError(400, f"机构 {unit_id} 不存在或不在您的管辖范围内")
    return unit


def _domain(code: CodeText) -> Domain | None:
    if not code:
        return None
    domain = list_domains().filter(code=code).first()
    if domain is None:
        raise HttpError(400, f"领域代码“{code}”无效")
    return domain


@router.post("/{int:clue_id}/triage", response=ClueDetailOut, summary="分拣：确认领域与承办机构")
def triage(request: AuthedRequest, clue_id: Id, payload: TriageIn):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    services.triage_clue(
        actor=request.user,
        clue=clue,
        domain=_domain(payload.domain),
        lead_unit=_unit(request, payload.lead_unit_id),
        category=payload.category,
        subtype=payload.subtype,
    )
    return _detail(request, clue)


@router.post("/{int:clue_id}/accept", response=ClueDetailOut, summary="承办机构受理，开始研判")
def accept(request: AuthedRequest, clue_id: Id):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    services.accept_clue(actor=request.user, clue=clue)
    return _detail(request, clue)


class ConsultIn(Schema):
    lead_unit_id: Id
    unit_ids: Items[Id]
    topic: LongText


@router.post("/{int:clue_id}/consult", response=ClueDetailOut, summary="发起会商")
def consult(request: AuthedRequest, clue_id: Id, payload: ConsultIn):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    lead = _unit(request, payload.lead_unit_id)
    units = [u for u in (_unit(request, pk) for pk in payload.unit_ids) if u is not None]
    assert lead is not None
    services.open_consultation(
        actor=request.user, clue=clue, lead_unit=lead, units=units, topic=payload.topic
    )
    return _detail(request, clue)


class OpinionIn(Schema):
    unit_id: Id
    opinion: LongText


@router.post("/{int:clue_id}/opinion", response=ClueDetailOut, summary="填写会商意见")
def opinion(request: AuthedRequest, clue_id: Id, payload: OpinionIn):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    unit = _unit(request, payload.unit_id)
    assert unit is not None
    services.give_consultation_opinion(actor=request.user, clue=clue, unit=unit, opinion=payload.opinion)
    return _detail(request, clue)


class TextIn(Schema):
    text: LongText


@router.post("/{int:clue_id}/judicial", response=ClueDetailOut, summary="征求司法行政部门意见")
def judicial_request(request: AuthedRequest, clue_id: Id, payload: TextIn):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    services.request_judicial_opinion(actor=request.user, clue=clue, question=payload.text)
    return _detail(request, clue)


@router.post("/{int:clue_id}/judicial/answer", response=ClueDetailOut, summary="登记司法行政部门意见")
def judicial_answer(request: AuthedRequest, clue_id: Id, payload: TextIn):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    services.record_judicial_opinion(actor=request.user, clue=clue, answer=payload.text)
    return _detail(request, clue)


class AssessIn(Schema):
    verdict: CodeText
    category: CodeText = ""
    subtype: CodeText = ""
    domain: CodeText = ""
    opinion: LongText
    cause_analysis: LongText = ""


@router.post("/{int:clue_id}/assess", response=ClueDetailOut, summary="研判结论：认定或不予认定")
def assess(request: AuthedRequest, clue_id: Id, payload: AssessIn):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    services.assess_clue(
        actor=request.user,
        clue=clue,
        verdict=payload.verdict,
        category=payload.category,
        subtype=payload.subtype,
        domain=_domain(payload.domain),
        opinion=payload.opinion,
        cause_analysis=payload.cause_analysis,
    )
    return _detail(request, clue)


class ReferIn(Schema):
    organ: ShortText
    persons: LongText = ""
    reason: LongText


@router.post("/{int:clue_id}/refer", response=ClueDetailOut, summary="移送纪检监察")
def refer(request: AuthedRequest, clue_id: Id, payload: ReferIn):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    services.refer_to_discipline(
        actor=request.user, clue=clue, organ=payload.organ, persons=payload.persons, reason=payload.reason
    )
    return _detail(request, clue)


class CloseIn(Schema):
    note: LongText = ""


@router.post("/{int:clue_id}/close", response=ClueDetailOut, summary="办结")
def close(request: AuthedRequest, clue_id: Id, payload: CloseIn):  # type: ignore[no-untyped-def]
    clue = _clue(request, clue_id)
    services.close_clue(actor=request.user, clue=clue, note=payload.note)
    return _detail(request, clue)


# --- imports ---------------------------------------------------------------------------------------


class ImportJobOut(Schema):
    """A work-order import job (background task; without a worker it has finished when answered)."""

    id: int
    status: str
    status_label: str
    total: int
    checked: int
    written: int
    created: int
    stored: bool
    cancel_requested: bool
    summary: str
    errors: list[dict[str, Any]]


def _job_out(job: ClueImport) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "total": job.total_rows,
        "checked": job.rows_done,
        "written": job.written,
        "created": job.created,
        "stored": job.status == ClueImportStatus.DONE,
        "cancel_requested": job.cancel_requested,
        "summary": job.message,
        "errors": job.errors,
    }


def _job(request: AuthedRequest, job_id: int) -> ClueImport:
    check_permission(request.user, "import_clues")
    job = selectors.get_clue_import(user=request.user, pk=job_id)
    if job is None:
        raise HttpError(404, "没有找到该导入任务")
    return job


@router.post(
    "/import/work-orders",
    response={202: ImportJobOut},
    summary="导入 12345 / 信访工单（.xlsx/.csv，后台分批）",
)
def import_orders(  # type: ignore[no-untyped-def]
    request: AuthedRequest,
    file: File[UploadedFile],
    channel: Annotated[str, Form(max_length=CODE)] = Channel.HOTLINE_12345,
    # JSON such as {"summary": "诉求内容"}; unmapped fields are guessed
    mapping: Annotated[str, Form(max_length=LONG)] = "",
    default_region: Annotated[str, Form(max_length=CODE)] = "",
    partial: Form[bool] = False,
):
    check_permission(request.user, "import_clues")
    try:
        data = read_upload(file)
        header, _rows = read_table(data, file.name or "")
        given = json.loads(mapping) if mapping else {}
    except (TableError, json.JSONDecodeError) as error:
        raise HttpError(400, f"无法读取文件或列对应关系：{error}") from error
    if not isinstance(given, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in given.items()
    ):
        raise HttpError(400, 'mapping：列对应关系应为 JSON 对象，如 {"summary": "诉求内容"}')
    columns = {**guess_mapping(header), **given}
    region = get_region_by_code(user=request.user, code=default_region) if default_region else None
    stored, _header = store_upload(filename=file.name or "", data=data)
    try:
        job = start_work_order_import(
            actor=request.user,
            stored_name=stored,
            filename=file.name or "",
            mapping=columns,
            channel=channel,
            default_region=region,
            partial=partial,
        )
    except UserError:
        import_path(stored).unlink(missing_ok=True)
        raise
    job.refresh_from_db()
    return Status(202, _job_out(job))


@router.get("/import/work-orders/{int:job_id}", response=ImportJobOut, summary="工单导入的进度")
def import_job(request: AuthedRequest, job_id: Id):  # type: ignore[no-untyped-def]
    return _job_out(_job(request, job_id))


@router.post("/import/work-orders/{int:job_id}/cancel", response=ImportJobOut, summary="取消工单导入")
def import_cancel(request: AuthedRequest, job_id: Id):  # type: ignore[no-untyped-def]
    job = cancel_work_order_import(actor=request.user, job=_job(request, job_id))
    return _job_out(job)


@router.post("/import/email", response=ClueDetailOut, summary="导入一封 .eml 邮件")
def import_email(  # type: ignore[no-untyped-def]
    request: AuthedRequest,
    file: File[UploadedFile],
    region_code: Annotated[str, Form(max_length=CODE)],
):
    check_permission(request.user, "import_clues")
    region = get_region_by_code(user=request.user, code=region_code)
    if region is None:
        raise HttpError(400, f"区划“{region_code}”不在您的管辖范围内")
    result = import_eml(actor=request.user, data=read_upload(file), region=region)
    return _detail(request, result.clue)


# --- public (no login): the 企业直通车 mailbox -------------------------------------------------------


class PublicClueIn(Schema):
    region_code: CodeText
    summary: LongText
    enterprise_name: ShortText = ""
    uscc: CodeText = ""
    officers: ShortText = ""
    unit_named: ShortText = ""
    reporter_name: ShortText = ""
    reporter_phone: ShortText = ""


class ReceiptOut(Schema):
    code: str
    received_on: dt.date
    stage: str
    finished: bool
    reply: str = ""  # the bureau's reply written for the public, once closed


@router.post("/public", auth=None, response={201: ReceiptOut}, summary="企业直通车：提交问题（无需登录）")
@rate_limited("mailbox")
def public_submit(request: HttpRequest, payload: PublicClueIn):  # type: ignore[no-untyped-def]
    if not allow(request, "mailbox_submit"):
        raise HttpError(429, "提交次数过多，请稍后再试")
    region = selectors.public_regions().filter(code=payload.region_code).first()
    if region is None:
        raise HttpError(400, f"区划代码“{payload.region_code}”无效")
    if len(payload.summary.strip()) < 10:
        raise HttpError(400, "问题描述不少于 10 个字")
    clue = services.file_clue(
        actor="企业直通车（公众提交）",
        channel=Channel.DIRECT_LINE,
        summary=payload.summary[:5000],
        region=region,
        enterprise=selectors.enterprise_by_uscc(payload.uscc.strip().upper()),
        enterprise_name=payload.enterprise_name,
        officers=payload.officers,
        unit_named=payload.unit_named,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        with_receipt=True,
    )
    return Status(201, selectors.public_status(clue.receipt_code or ""))


@router.get(
    "/public/{code}", auth=None, response=ReceiptOut, summary="企业直通车：凭查询码查询进度（无需登录）"
)
@rate_limited("mailbox")
def public_status(request: HttpRequest, code: CodeText):  # type: ignore[no-untyped-def]
    if not allow(request, "mailbox_status"):
        raise HttpError(429, "查询次数过多，请稍后再试")
    status = selectors.public_status(code)
    if status is None:
        raise HttpError(404, "没有找到该查询码")
    return status
