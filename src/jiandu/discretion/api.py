"""REST endpoints of the rule catalogue, no-penalty lists, discretion check and catalogue versions."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from jiandu.bounds import CodeText, Count, Day, LongText, Score, ShortText
from jiandu.cases.selectors import is_first_violation
from jiandu.discretion import selectors, services
from jiandu.discretion.catalogue import Exemption, ViolationItem
from jiandu.discretion.checks import check_discretion, facts_from_engine_case
from jiandu.discretion.models import CatalogueVersion
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_enterprise

router = Router(tags=["裁量基准与免罚清单"])


class ItemOut(Schema):
    code: str
    name: str
    domain: str
    law: str
    law_title: str
    article: str
    legal_basis: str
    penalty_kinds: list[str]
    fine: dict[str, Any] | None
    no_gain_rule: dict[str, Any] | None
    statute_version: dt.date
    catalogue_version: str
    note: str


class ExemptionOut(Schema):
    code: str
    list_name: str
    kind: str
    item_codes: list[str]
    description: str
    conditions: list[str]
    follow_up: list[str]
    requires: dict[str, Any]
    source: str
    verified: bool
    catalogue_version: str


class VersionOut(Schema):
    id: int
    version: str
    status: str
    note: str
    published_on: dt.date | None
    first_violation_window_years: int


class AssessIn(Schema):
    case: dict[str, Any]
    item_code: CodeText = ""
    base: Score | None = None
    uscc: CodeText = ""
    on: Day | None = None


class FirstViolationOut(Schema):
    uscc: str
    item_code: str
    on: dt.date
    window_years: int
    first_violation: bool


class DraftIn(Schema):
    note: LongText = ""


class PublishIn(Schema):
    note: LongText = ""


def _item_out(item: ViolationItem) -> ItemOut:
    return ItemOut(
        code=item.code,
        name=item.name,
        domain=item.domain,
        law=item.law,
        law_title=item.law_title,
        article=item.article,
        legal_basis=item.legal_basis,
        penalty_kinds=list(item.penalty_kinds),
        fine=item.fine,
        no_gain_rule=item.no_gain_rule,
        statute_version=item.statute_version,
        catalogue_version=item.catalogue_version,
        note=item.note,
    )


def _exemption_out(entry: Exemption) -> ExemptionOut:
    return ExemptionOut(
        code=entry.code,
        list_name=entry.list_name,
        kind=entry.kind,
        item_codes=list(entry.item_codes),
        description=entry.description,
        conditions=list(entry.conditions),
        follow_up=list(entry.follow_up),
        requires=entry.requires,
        source=entry.source,
        verified=entry.verified,
        catalogue_version=entry.catalogue_version,
    )


def _version_out(version: CatalogueVersion) -> VersionOut:
    return VersionOut(
        id=version.pk,
        version=version.version,
        status=version.status,
        note=version.note,
        published_on=version.published_on,
        first_violation_window_years=version.first_violation_window_years,
    )


def _version(pk: Count) -> CatalogueVersion:
    version = selectors.get_version(pk)
    if version is None:
        raise HttpError(404, "没有这个目录版本")
    return version


@router.get("/items", response=list[ItemOut], summary="现行目录的违法行为事项")
def items(request: AuthedRequest, domain: CodeText = "", q: ShortText = "") -> list[ItemOut]:
    check_permission(request.user, "view_discretion")
    return [_item_out(item) for item in selectors.list_items(domain_name=domain or None, query=q)]


@router.get("/items/{code}", response=ItemOut, summary="按编码查询违法行为事项")
def item(request: AuthedRequest, code: CodeText) -> ItemOut:
    check_permission(request.user, "view_discretion")
    found = selectors.get_item(code)
    if found is None:
        raise HttpError(404, f"现行目录中没有事项 {code}")
    return _item_out(found)


@router.get("/exemptions", response=list[ExemptionOut], summary="首违不罚与轻微违法不予处罚清单")
def exemptions(request: AuthedRequest, item_code: CodeText = "", kind: CodeText = "") -> list[ExemptionOut]:
    check_permission(request.user, "view_discretion")
    entries = (
        selectors.exemptions_for(item_code) if item_code else selectors.list_exemptions(kind=kind or None)
    )
    return [_exemption_out(e) for e in entries if not kind or e.kind == kind]


@router.post("/assess", summary="裁量核查：事实与法定幅度 → 处理结果、罚款幅度、理由和依据")
def assess(request: AuthedRequest, payload: AssessIn) -> dict[str, Any]:
    check_permission(request.user, "check_discretion")
    enterprise = None
    if payload.uscc:
        enterprise = get_enterprise(user=request.user, uscc=payload.uscc.strip().upper())
        if enterprise is None:
            raise HttpError(404, "未找到该经营主体，或不在您的管辖范围内")
    item_code = payload.item_code.strip()
    day = payload.on or timezone.localdate()
    first = None
    if enterprise is not None and item_code:
        first = is_first_violation(enterprise=enterprise, item_code=item_code, on=day)
    base = Decimal(str(payload.base)) if payload.base is not None else None
    facts = facts_from_engine_case(payload.case, item_code=item_code, base=base, first_violation=first)
    result = check_discretion(facts, on=day)
    if result.error:
        raise HttpError(422, result.error)
    return result.as_dict()


@router.get("/first-violation", response=FirstViolationOut, summary="按以往处罚记录认定是否初次违法")
def first_violation(
    request: AuthedRequest, uscc: CodeText, item_code: CodeText, on: Day | None = None
) -> FirstViolationOut:
    check_permission(request.user, "check_discretion")
    enterprise = get_enterprise(user=request.user, uscc=uscc.strip().upper())
    if enterprise is None:
        raise HttpError(404, "未找到该经营主体，或不在您的管辖范围内")
    day = on or timezone.localdate()
    return FirstViolationOut(
        uscc=enterprise.uscc,
        item_code=item_code,
        on=day,
        window_years=selectors.first_violation_window_years(),
        first_violation=is_first_violation(enterprise=enterprise, item_code=item_code, on=day),
    )


@router.get("/versions", response=list[VersionOut], summary="目录版本")
def versions(request: AuthedRequest) -> list[VersionOut]:
    check_permission(request.user, "view_discretion")
    return [_version_out(v) for v in selectors.list_versions()]


@router.post("/versions", response={201: VersionOut}, summary="以现行版本为基础新建草稿（法制审核）")
def create_draft(request: AuthedRequest, payload: DraftIn) -> Status[VersionOut]:
    try:
        draft = services.create_draft(actor=request.user, note=payload.note)
    except services.CatalogueError as error:
        raise HttpError(409, str(error)) from None
    return Status(201, _version_out(draft))


@router.patch("/versions/{pk}/items/{code}", response=ItemOut, summary="修订草稿中的事项（法制审核）")
def update_item(request: AuthedRequest, pk: Count, code: CodeText, changes: Body[dict[str, Any]]) -> ItemOut:
    version = _version(pk)
    try:
        row = services.update_item(actor=request.user, version=version, code=code, changes=changes)
    except services.CatalogueError as error:
        raise HttpError(422, str(error)) from None
    return _item_out(selectors.to_item(row, version.version))


@router.post("/versions/{pk}/items", response={201: ItemOut}, summary="在草稿中新增事项（法制审核）")
def add_item(request: AuthedRequest, pk: Count, data: Body[dict[str, Any]]) -> Status[ItemOut]:
    version = _version(pk)
    try:
        row = services.add_item(actor=request.user, version=version, data=data)
    except services.CatalogueError as error:
        raise HttpError(422, str(error)) from None
    return Status(201, _item_out(selectors.to_item(row, version.version)))


@router.delete("/versions/{pk}/items/{code}", response={204: None}, summary="从草稿中删除事项（法制审核）")
def remove_item(request: AuthedRequest, pk: Count, code: CodeText) -> Status[None]:
    version = _version(pk)
    try:
        services.remove_item(actor=request.user, version=version, code=code)
    except services.CatalogueError as error:
        raise HttpError(422, str(error)) from None
    return Status(204, None)


@router.patch(
    "/versions/{pk}/exemptions/{code}", response=ExemptionOut, summary="修订草稿中的免罚清单事项（法制审核）"
)
def update_exemption(
    request: AuthedRequest, pk: Count, code: CodeText, changes: Body[dict[str, Any]]
) -> ExemptionOut:
    version = _version(pk)
    try:
        entry = services.update_exemption(actor=request.user, version=version, code=code, changes=changes)
    except services.CatalogueError as error:
        raise HttpError(422, str(error)) from None
    return _exemption_out(selectors.to_exemption(entry, version.version))


@router.post("/versions/{pk}/publish", response=VersionOut, summary="发布草稿为新的带日期版本（法制审核）")
def publish(request: AuthedRequest, pk: Count, payload: PublishIn) -> VersionOut:
    version = _version(pk)
    try:
        published = services.publish_version(actor=request.user, version=version, note=payload.note)
    except services.CatalogueError as error:
        raise HttpError(409, str(error)) from None
    return _version_out(published)
