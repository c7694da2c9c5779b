"""REST endpoints of the case library: search, the similar-case check, typical cases."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from jiandu.bounds import Amount, CodeText, Count, Day, Id, LongText, ShortText
from jiandu.errors import UserError
from jiandu.library import selectors, services
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import get_region_by_code

router = Router(tags=["案例库"])


class LibraryHitOut(Schema):
    kind: str
    case_id: int
    decision_number: str
    title: str
    region: str
    domain: str
    item_code: str
    decided_on: str
    outcome: str
    fine: Decimal
    score: float
    snippet: str
    highlights: list[str]


class SearchOut(Schema):
    total: int
    terms: list[str]
    index_ready: bool
    results: list[LibraryHitOut]


class SimilarIn(Schema):
    text: LongText
    item_code: CodeText = ""
    domain_name: ShortText = ""
    proposed_outcome: ShortText = "penalty"
    proposed_fine: Amount | None = None
    exclude_case_id: Id | None = None
    # a gain-based fine is compared as fine ÷ base; with item_code and no range the base also fixes
    # the item's statutory range (货值金额 / 违法所得 …; 0 = none)
    fine_base: Amount | None = None
    units: Count | None = None  # the number of violations of an item fined per unit
    party_kind: Literal["enterprise", "person"] = "enterprise"
    statutory_min: Amount | None = None  # typed range; else the item's, computed from the catalogue
    statutory_max: Amount | None = None
    mitigation_reason: ShortText = ""  # the stated 减轻 reason for a fine below the minimum
    aggravation_reason: ShortText = ""  # the stated 从重 circumstance for a fine in the top 30 %


class TypicalIn(Schema):
    title: ShortText
    region_code: CodeText
    domain_code: CodeText
    violation: ShortText
    facts: LongText
    decided_on: Day
    outcome: CodeText = "penalty"
    fine: Amount = Decimal("0")
    item_code: CodeText = ""
    decision_number: ShortText = ""
    legal_basis: ShortText = ""
    key_points: ShortText = ""


class TypicalOut(Schema):
    id: int
    title: str
    region: str
    domain: str
    item_code: str
    decision_number: str
    violation: str
    facts: str
    legal_basis: str
    outcome: str
    fine: Decimal
    decided_on: dt.date
    key_points: str


def _typical_out(t: Any) -> TypicalOut:
    return TypicalOut(
        id=t.pk, title=t.title, region=t.region.code, domain=t.domain.code, item_code=t.item_code,
        decision_number=t.decision_number, violation=t.violation, facts=t.facts, legal_basis=t.legal_basis,
        outcome=t.outcome, fine=t.fine, decided_on=t.decided_on, key_points=t.key_points,
    )  # fmt: skip


@router.get("/search", response=SearchOut, summary="全文检索案例库（已决定的处罚案件与典型案例）")
def search(
    request: AuthedRequest,
    q: ShortText = "",
    domain: CodeText = "",
    item_code: CodeText = "",
    region: CodeText = "",
    year_from: Count | None = None,
    year_to: Count | None = None,
    fine_min: Amount | None = None,
    fine_max: Amount | None = None,
    kind: CodeText = "",
    outcome: CodeText = "",
    limit: Count = 20,
    offset: Count = 0,
) -> SearchOut:
    check_permission(request.user, "search_library")
    if not 1 <= limit <= 100 or offset < 0:
        raise HttpError(422, "limit 须在 1 至 100 之间，offset 不能为负数。")
    page = selectors.search_library(
        user=request.user,
        filters=selectors.LibraryFilters(
            text=q, domain=domain, item_code=item_code, region_code=region, year_from=year_from,
            year_to=year_to, fine_min=fine_min, fine_max=fine_max, kind=kind, outcome=outcome,
        ),
        limit=limit,
        offset=offset,
    )  # fmt: skip
    return SearchOut(
        total=page.total,
        terms=page.terms,
        index_ready=page.index_ready,
        results=[
            LibraryHitOut(
                kind=r.hit.kind,
                case_id=r.hit.case_id,
                decision_number=r.hit.decision_number,
                title=r.hit.title,
                region=r.region_name,
                domain=r.domain_name,
                item_code=r.hit.item_code,
                decided_on=r.hit.decided,
                outcome=r.hit.outcome,
                fine=r.hit.fine,
                score=r.hit.score,
                snippet=r.hit.snippet_text,
                highlights=[p for p, marked in r.hit.snippet if marked],
            )
            for r in page.rows
        ],
    )


@router.post("/similar", summary="类案比对：最相似的已决定案件与拟处理结果在其中的位置")
def similar(request: AuthedRequest, payload: SimilarIn) -> dict[str, Any]:
    check_permission(request.user, "check_similar_cases")
    try:
        return services.check_similar(user=request.user, **payload.dict())
    except ValueError as failure:
        raise HttpError(422, str(failure)) from failure


@router.get("/status", summary="案例库索引状态")
def status(request: AuthedRequest) -> dict[str, Any]:
    check_permission(request.user, "search_library")
    return selectors.index_status(user=request.user)


@router.get("/typical", response=list[TypicalOut], summary="典型案例列表")
def typical_list(request: AuthedRequest) -> list[TypicalOut]:
    check_permission(request.user, "search_library")
    return [_typical_out(t) for t in selectors.list_typical_cases(user=request.user)]


@router.post("/typical", response={201: TypicalOut}, summary="选编典型案例")
def typical_create(request: AuthedRequest, payload: TypicalIn) -> Status[TypicalOut]:
    check_permission(request.user, "manage_typical_cases")
    values = payload.dict()
    region = get_region_by_code(user=request.user, code=values.pop("region_code"))
    if region is None:
        raise HttpError(422, "region_code：区划不存在或不在您的管辖范围内。")
    domain = selectors.get_domain(code=values.pop("domain_code"))
    if domain is None:
        raise HttpError(422, "domain_code：领域代码不存在。")
    try:
        typical = services.create_typical_case(actor=request.user, region=region, domain=domain, **values)
    except UserError as failure:
        raise HttpError(422, str(failure)) from failure
    return Status(201, _typical_out(typical))
