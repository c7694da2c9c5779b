"""REST endpoints for regions, enterprises and working days, scoped like the UI."""

import datetime as dt

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from jiandu.bounds import CodeText, Day, ShortText, WorkdayCount
from jiandu.org.holidays import load_calendar
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise, list_enterprises, visible_regions
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
