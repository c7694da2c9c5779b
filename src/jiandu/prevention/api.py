"""REST endpoints of the prevention app: the same operations as the pages, with the same checks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from jiandu.bounds import CODE, LONG, SHORT, CodeText, Count, Id, Items, LongText, ShortText
from jiandu.documents.warning_letter import warning_letter
from jiandu.engines.hotspots import Period
from jiandu.errors import UserError
from jiandu.org.permissions import check_permission
from jiandu.org.ratelimit import rate_limited
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, get_region_by_code
from jiandu.prevention import imports, selectors, services
from jiandu.prevention.documents import letter_text
from jiandu.prevention.models import ComplaintImport, Hotspot, RiskWarning
from jiandu.prevention.workflow import TRANSITIONS

router = Router(tags=["风险预防"])
T = TypeVar("T")


def _run(call: Callable[[], T]) -> T:
    try:
        return call()
    except UserError as error:
        raise HttpError(400, error.message) from error


class HotspotOut(Schema):
    id: int
    period: str
    kind: str
    region_code: str
    region_name: str
    domain: str
    issue: str
    enterprise: str | None
    count: int
    expected: float
    q_value: float | None
    grade: str
    reasons: list[str]


def _hotspot(h: Hotspot) -> dict[str, Any]:
    return {
        "id": h.pk,
        "period": h.period,
        "kind": h.kind,
        "region_code": h.region.code,
        "region_name": h.region.name,
        "domain": h.domain.name,
        "issue": h.issue,
        "enterprise": h.enterprise.name if h.enterprise else None,
        "count": h.count,
        "expected": h.expected,
        "q_value": h.q_value,
        "grade": h.grade,
        "reasons": list(h.reasons),
    }


@router.get("/hotspots", response=list[HotspotOut], summary="投诉热点（默认为最近一期）")
def hotspot_list(request: AuthedRequest, period: CodeText = "", kind: CodeText = "") -> list[dict[str, Any]]:
    check_permission(request.user, "view_prevention")
    return [_hotspot(h) for h in selectors.list_hotspots(user=request.user, period=period, kind=kind)[:500]]


class RefreshIn(Schema):
    as_of: ShortText = ""


@router.post("/hotspots/refresh", response=list[HotspotOut], summary="重新计算投诉热点")
def hotspot_refresh(request: AuthedRequest, payload: RefreshIn) -> list[dict[str, Any]]:
    check_permission(request.user, "refresh_hotspots")
    as_of = None
    if payload.as_of:
        try:
            year, month = (int(p) for p in payload.as_of.split("-"))
            as_of = Period.as_of_month("month", year, month)
        except ValueError:
            raise HttpError(400, f"月份“{payload.as_of}”格式错误，应为 YYYY-MM") from None
    rows = _run(lambda: services.refresh_hotspots(actor=request.user, as_of=as_of))
    period = rows[0].period if rows else ""
    return (
        [_hotspot(h) for h in selectors.list_hotspots(user=request.user, period=period)[:500]] if rows else []
    )


class ImportOut(Schema):
    id: int
    status: str
    status_label: str
    total_rows: int
    rows_done: int
    percent: int
    created: int
    duplicates: int
    error_count: int
    errors: list[dict[str, Any]]
    message: str


def _import(job: ComplaintImport) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "total_rows": job.total_rows,
        "rows_done": job.rows_done,
        "percent": job.percent,
        "created": job.created,
        "duplicates": job.duplicates,
        "error_count": job.error_count,
        "errors": list(job.errors),
        "message": job.message,
    }


@router.post("/imports", response={202: ImportOut}, summary="导入12315/12345投诉举报导出文件（后台执行）")
def import_create(
    request: AuthedRequest,
    file: File[UploadedFile],
    source: Annotated[str, Form(max_length=SHORT)] = "12315",
    mapping: Annotated[
        str, Form(max_length=LONG)
    ] = "",  # JSON {field: column}; without it the columns are guessed
    default_region: Annotated[str, Form(max_length=CODE)] = "",
    partial: Form[bool] = False,
) -> Status[dict[str, Any]]:
    """``mapping`` is JSON {field: column}; without it the columns are guessed from the platforms' names."""
    check_permission(request.user, "import_complaints")
    stored, header = _run(lambda: imports.store_upload(filename=file.name or "", chunks=iter(file.chunks())))
    try:
        columns = json.loads(mapping) if mapping else imports.guess_mapping(header)
    except json.JSONDecodeError:
        raise HttpError(400, 'mapping 应为 JSON 对象，例如 {"number": "工单编号"}') from None
    if not isinstance(columns, dict):
        raise HttpError(400, "mapping 应为 JSON 对象")
    region = get_region_by_code(user=request.user, code=default_region) if default_region else None
    if default_region and region is None:
        raise HttpError(400, f"区划“{default_region}”不在您的管辖范围内")
    job = _run(
        lambda: imports.start_import(
            actor=request.user,
            stored_name=stored,
            filename=file.name or "",
            source=source,
            mapping={str(k): str(v) for k, v in columns.items()},
            default_region=region,
            partial=partial,
        )
    )
    job.refresh_from_db()
    return Status(202, _import(job))


@router.get("/imports/{job_id}", response=ImportOut, summary="导入进度")
def import_detail(request: AuthedRequest, job_id: Id) -> dict[str, Any]:
    check_permission(request.user, "import_complaints")
    job = selectors.get_import(user=request.user, pk=job_id)
    if job is None:
        raise HttpError(404, "未找到该导入任务")
    return _import(job)


class WarningOut(Schema):
    id: int
    number: str
    title: str
    grade: str
    status: str
    status_label: str
    region_code: str
    domain: str
    issue: str
    content: str
    legal_basis: str
    guide_id: int | None
    owner: str
    follow_up_on: dt.date
    issued_on: dt.date | None
    warn_associations: bool
    warn_firms: bool
    warn_public: bool
    actions: list[str]
    evaluation: dict[str, Any] | None


def _warning(request: AuthedRequest, w: RiskWarning, *, evaluate: bool = False) -> dict[str, Any]:
    evaluation = None
    if evaluate:
        found = selectors.evaluate_warning(w)
        evaluation = {"note": found.note, "months": found.months}
        if found.result is not None:
            r = found.result
            evaluation.update(
                effect=round(r.effect, 4),
                low=round(r.low, 4),
                high=round(r.high, 4),
                significant=r.significant,
                treated=[r.treated_pre, r.treated_post],
                control=[r.control_pre, r.control_post],
                reasons=list(r.reasons),
                caveats=list(r.caveats),
            )
    return {
        "id": w.pk,
        "number": w.number,
        "title": w.title,
        "grade": w.grade,
        "status": w.status,
        "status_label": w.get_status_display(),
        "region_code": w.region.code,
        "domain": w.domain.name,
        "issue": w.issue,
        "content": w.content,
        "legal_basis": w.legal_basis,
        "guide_id": w.guide_id,
        "owner": w.owner.username,
        "follow_up_on": w.follow_up_on,
        "issued_on": w.issued_on,
        "warn_associations": w.warn_associations,
        "warn_firms": w.warn_firms,
        "warn_public": w.warn_public,
        "actions": [t.action for t in TRANSITIONS.available(state=w.status, user=request.user)],
        "evaluation": evaluation,
    }


def _get_warning(request: AuthedRequest, warning_id: Id) -> RiskWarning:
    check_permission(request.user, "view_prevention")
    warning = selectors.get_warning(user=request.user, pk=warning_id)
    if warning is None:
        raise HttpError(404, "未找到该预警，或不在您的管辖范围内")
    return warning


@router.get("/warnings", response=list[WarningOut], summary="违法风险预警分级清单")
def warning_list(request: AuthedRequest, status: CodeText = "") -> list[dict[str, Any]]:
    check_permission(request.user, "view_prevention")
    return [_warning(request, w) for w in selectors.list_warnings(user=request.user, status=status)[:500]]


@router.get("/warnings/{warning_id}", response=WarningOut, summary="一条预警（含效果评估）")
def warning_detail(request: AuthedRequest, warning_id: Id) -> dict[str, Any]:
    return _warning(request, _get_warning(request, warning_id), evaluate=True)


class FromHotspotIn(Schema):
    hotspot_id: Id


@router.post("/warnings", response={201: WarningOut}, summary="据热点起草预警")
def warning_create(request: AuthedRequest, payload: FromHotspotIn) -> Status[dict[str, Any]]:
    check_permission(request.user, "draft_warnings")
    hotspot = selectors.get_hotspot(user=request.user, pk=payload.hotspot_id)
    if hotspot is None:
        raise HttpError(404, "未找到该热点，或不在您的管辖范围内")
    warning = _run(lambda: services.warning_from_hotspot(actor=request.user, hotspot=hotspot))
    return Status(201, _warning(request, warning))


class ReviewIn(Schema):
    approve: bool
    opinion: LongText
    warn_associations: bool = False
    warn_firms: bool = False
    warn_public: bool = False


class CloseIn(Schema):
    note: LongText


@router.post("/warnings/{warning_id}/submit", response=WarningOut, summary="提交审核")
def warning_submit(request: AuthedRequest, warning_id: Id) -> dict[str, Any]:
    warning = _get_warning(request, warning_id)
    return _warning(request, _run(lambda: services.submit_warning(actor=request.user, warning=warning)))


@router.post("/warnings/{warning_id}/review", response=WarningOut, summary="业务机构审核（通过或退回）")
def warning_review(request: AuthedRequest, warning_id: Id, payload: ReviewIn) -> dict[str, Any]:
    warning = _get_warning(request, warning_id)
    return _warning(
        request,
        _run(
            lambda: services.review_warning(
                actor=request.user,
                warning=warning,
                approve=payload.approve,
                opinion=payload.opinion,
                warn_associations=payload.warn_associations,
                warn_firms=payload.warn_firms,
                warn_public=payload.warn_public,
            )
        ),
    )


@router.post("/warnings/{warning_id}/publish", response=WarningOut, summary="发布")
def warning_publish(request: AuthedRequest, warning_id: Id) -> dict[str, Any]:
    warning = _get_warning(request, warning_id)
    return _warning(request, _run(lambda: services.publish_warning(actor=request.user, warning=warning)))


@router.post("/warnings/{warning_id}/close", response=WarningOut, summary="办结")
def warning_close(request: AuthedRequest, warning_id: Id, payload: CloseIn) -> dict[str, Any]:
    warning = _get_warning(request, warning_id)
    return _warning(
        request, _run(lambda: services.close_warning(actor=request.user, warning=warning, note=payload.note))
    )


class LettersIn(Schema):
    association: ShortText = ""
    usccs: Items[CodeText] = []


class LetterOut(Schema):
    id: int
    number: str
    addressee: str
    addressee_kind: str
    delivered_at: dt.datetime | None


@router.post(
    "/warnings/{warning_id}/letters", response={201: list[LetterOut]}, summary="制发提醒书（可逐户）"
)
def letters_create(
    request: AuthedRequest, warning_id: Id, payload: LettersIn
) -> Status[list[dict[str, Any]]]:
    warning = _get_warning(request, warning_id)
    firms = []
    for uscc in payload.usccs:
        firm = get_enterprise(user=request.user, uscc=uscc.strip().upper())
        if firm is None:
            raise HttpError(400, f"统一社会信用代码“{uscc}”在您的管辖范围内没有对应的经营主体")
        firms.append(firm)
    letters = _run(
        lambda: services.issue_letters(
            actor=request.user, warning=warning, association=payload.association, enterprises=firms
        )
    )
    return Status(
        201,
        [
            {
                "id": letter.pk,
                "number": letter.number,
                "addressee": letter.addressee,
                "addressee_kind": letter.addressee_kind,
                "delivered_at": letter.delivered_at,
            }
            for letter in letters
        ],
    )


@router.get("/letters/{letter_id}.docx", summary="下载提醒书")
def letter_docx(request: AuthedRequest, letter_id: Id) -> HttpResponse:
    check_permission(request.user, "view_prevention")
    letter = selectors.get_letter(user=request.user, pk=letter_id)
    if letter is None:
        raise HttpError(404, "未找到该提醒书")
    return HttpResponse(
        warning_letter(letter_text(letter)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


class GuideOut(Schema):
    id: int
    domain: str
    industry: str
    title: str
    version: int
    items: list[dict[str, Any]]


@router.get("/public/guides", response=list[GuideOut], auth=None, summary="已发布的合规指引（公开，可检索）")
@rate_limited("public_page")
def public_guides(request: HttpRequest, q: ShortText = "", domain: CodeText = "") -> list[dict[str, Any]]:
    return [
        {
            "id": g.pk,
            "domain": g.domain.name,
            "industry": g.industry,
            "title": g.title,
            "version": v.number,
            "items": list(v.items),
        }
        for g, v in selectors.public_guides(query=q[:50], domain=domain[:40])
    ]


class YearOut(Schema):
    year: int
    activities: int
    done: int
    firms_reached: int
    materials: int
    guides_published: int
    warnings_published: int
    letters_delivered: int
    key_dates: list[dict[str, Any]]


@router.get("/education/{year}", response=YearOut, summary="普法日历：某年的重点时段和活动统计")
def education_year(request: AuthedRequest, year: Count) -> dict[str, Any]:
    check_permission(request.user, "view_prevention")
    if not 2000 <= year <= 2100:
        raise HttpError(400, "年度无效")
    summary = selectors.education_year(user=request.user, year=year)
    activities = list(selectors.list_activities(user=request.user, year=year))
    dates = [
        {
            "code": d["code"],
            "name": d["name"],
            "start": d["start_date"].isoformat(),
            "end": d["end_date"].isoformat(),
            "activities": [
                {"title": a.title, "unit": a.unit.name, "status": a.status, "firms_reached": a.firms_reached}
                for a in activities
                if a.key_date == d["code"]
            ],
        }
        for d in services.key_dates(year)
    ]
    return {**summary.__dict__, "key_dates": dates}
