"""REST endpoints for regions, enterprises and working days, scoped like the UI."""

import datetime as dt
from typing import Any

from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from jiandu.bounds import CodeText, Day, Id, ShortText, WorkdayCount
from jiandu.documents.tabular import TableError, read_table, read_upload
from jiandu.errors import UserError
from jiandu.org.enterprise_imports import (
    cancel_enterprise_import,
    import_path,
    start_enterprise_import,
    store_upload,
)
from jiandu.org.holidays import load_calendar
from jiandu.org.models import EnterpriseImport, EnterpriseImportStatus
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, get_enterprise_import, list_enterprises, visible_regions
from jiandu.paging import BoundedLimitOffsetPagination

router = Router(tags=["组织与经营主体"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = Field(None, alias="parent.code")


class EnterpriseOut(Schema):
    uscc: str
    name: str
    region_code: str = Field(..., alias="region.code")
    region_name: str = Field(..., alias="region.name")
    industry: str
    credit_class: str
    address: str


class WorkdaysOut(Schema):
    start: dt.date
    days: int
    due: dt.date
    warnings: list[str]


@router.get("/regions", response=list[RegionOut], summary="可见的行政区划")
def regions(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_enterprises")
    return visible_regions(request.user).select_related("parent")


@router.get("/enterprises", response=list[EnterpriseOut], summary="经营主体列表")
@paginate(BoundedLimitOffsetPagination)
def enterprises(  # type: ignore[no-untyped-def]
    request: AuthedRequest, q: ShortText = "", region: CodeText = "", credit_class: CodeText = ""
):
    check_permission(request.user, "view_enterprises")
    return list_enterprises(user=request.user, query=q, region_code=region, credit_class=credit_class)


@router.get("/enterprises/{uscc}", response=EnterpriseOut, summary="按统一社会信用代码查询经营主体")
def enterprise(request: AuthedRequest, uscc: CodeText):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_enterprises")
    found = get_enterprise(user=request.user, uscc=uscc)
    if found is None:
        raise HttpError(404, "未找到该经营主体，或不在您的管辖范围内")
    return found


@router.get("/workdays/add", response=WorkdaysOut, summary="自某日起加 N 个工作日（当日不计）")
def workdays_add(request: AuthedRequest, start: Day, days: WorkdayCount) -> WorkdaysOut:
    if days < 0:
        raise HttpError(422, "工作日数不能为负数")
    calendar = load_calendar()
    try:
        due = calendar.add(start, days)
    except ValueError as error:  # the engine's Chinese refusal of a year it cannot compute
        raise HttpError(422, f"start:{error}") from None
    return WorkdaysOut(start=start, days=days, due=due, warnings=calendar.warnings_between(start, due))


# --- the enterprise import (a background job) ---------------------------------------------------


class EnterpriseImportOut(Schema):
    """An enterprise import job (background task; without a worker it has finished when answered)."""

    id: int
    status: str
    status_label: str
    total: int
    checked: int
    staged: int
    created: int
    updated: int
    unchanged: int
    stored: bool
    cancel_requested: bool
    summary: str
    errors: list[dict[str, Any]]


def _import_out(job: EnterpriseImport) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "total": job.total_rows,
        "checked": job.rows_done,
        "staged": job.written,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "stored": job.status == EnterpriseImportStatus.DONE,
        "cancel_requested": job.cancel_requested,
        "summary": job.message,
        "errors": job.errors,
    }


def _import_job(request: AuthedRequest, job_id: int) -> EnterpriseImport:
    check_permission(request.user, "import_enterprises")
    job = get_enterprise_import(user=request.user, pk=job_id)
    if job is None:
        raise HttpError(404, "没有找到该导入任务")
    return job


@router.post(
    "/enterprise-imports",
    response={202: EnterpriseImportOut},
    summary="导入经营主体（.xlsx/.csv，后台分批，全部完成才生效）",
)
def enterprise_import(  # type: ignore[no-untyped-def]
    request: AuthedRequest, file: File[UploadedFile], partial: Form[bool] = False
):
    check_permission(request.user, "import_enterprises")
    try:
        data = read_upload(file)
        read_table(data, file.name or "")
    except TableError as error:
        raise HttpError(400, f"无法读取文件：{error}") from error
    stored, _header = store_upload(filename=file.name or "", data=data)
    try:
        job = start_enterprise_import(
            actor=request.user, stored_name=stored, filename=file.name or "", partial=partial
        )
    except UserError:
        import_path(stored).unlink(missing_ok=True)
        raise
    job.refresh_from_db()
    return Status(202, _import_out(job))


@router.get("/enterprise-imports/{int:job_id}", response=EnterpriseImportOut, summary="经营主体导入的进度")
def enterprise_import_job(request: AuthedRequest, job_id: Id):  # type: ignore[no-untyped-def]
    return _import_out(_import_job(request, job_id))


@router.post(
    "/enterprise-imports/{int:job_id}/cancel", response=EnterpriseImportOut, summary="取消经营主体导入"
)
def enterprise_import_cancel(request: AuthedRequest, job_id: Id):  # type: ignore[no-untyped-def]
    return _import_out(cancel_enterprise_import(actor=request.user, job=_import_job(request, job_id)))
