"""REST endpoints for the rectification ledger (整改台账)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from jiandu.bounds import Amount, CodeText, Count, Day, Id, LongText, ShortText
from jiandu.clues.selectors import get_clue
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_units
from jiandu.rectify import selectors, services
from jiandu.rectify.models import Rectification

router = Router(tags=["整改台账"])


class RectificationOut(Schema):
    id: int
    clue_id: int
    region_code: str
    unit: str
    responsible_person: str
    measures: str
    mode: str
    term_workdays: int
    opened_on: dt.date
    due: dt.date
    overdue: bool
    status: str
    result: str
    completed_on: dt.date | None
    refund_amount: Decimal
    refund_count: int
    decisions_corrected: int
    supervised: bool
    evidence: list[str]


def _out(row: selectors.LedgerRow) -> dict[str, Any]:
    item = row.item
    return {
        "id": item.pk,
        "clue_id": item.clue_id,
        "region_code": item.region.code,
        "unit": item.unit.name,
        "responsible_person": item.responsible_person,
        "measures": item.measures,
        "mode": item.mode,
        "term_workdays": item.term_workdays,
        "opened_on": item.opened_on,
        "due": row.due,
        "overdue": row.overdue,
        "status": item.status,
        "result": item.result,
        "completed_on": item.completed_on,
        "refund_amount": item.refund_amount,
        "refund_count": item.refund_count,
        "decisions_corrected": item.decisions_corrected,
        "supervised": item.supervised,
        "evidence": [e.name for e in item.evidence.all()],
    }


def _item(request: AuthedRequest, item_id: Id) -> Rectification:
    check_permission(request.user, "view_rectifications")
    item = selectors.get_rectification(user=request.user, pk=item_id)
    if item is None:
        raise HttpError(404, "未找到该整改事项，或不在您的管辖范围内")
    return item


def _fresh(request: AuthedRequest, item_id: Id) -> dict[str, Any]:
    (row,) = selectors.ledger_rows([_item(request, item_id)])
    return _out(row)


@router.get("/", response=list[RectificationOut], summary="整改台账")
def ledger(  # type: ignore[no-untyped-def]
    request: AuthedRequest,
    county: CodeText = "",
    unit: Count | None = None,
    category: CodeText = "",
    since: Day | None = None,
    until: Day | None = None,
    overdue: bool = False,
    supervised: bool = False,
    limit: Count = 100,
    offset: Count = 0,
):
    check_permission(request.user, "view_rectifications")
    items = selectors.list_rectifications(
        user=request.user,
        county=county,
        unit=unit,
        category=category,
        since=since,
        until=until,
        overdue=overdue,
        supervised=supervised,
    )
    page = list(items.prefetch_related("evidence")[offset : offset + min(limit, 500)])
    return [_out(row) for row in selectors.ledger_rows(page)]


class OpenIn(Schema):
    clue_id: Id
    unit_id: Id
    responsible_person: ShortText
    measures: LongText
    mode: CodeText
    term_workdays: Count | None = None


@router.post("/", response={201: RectificationOut}, summary="为已认定的问题建立整改事项")
def create(request: AuthedRequest, payload: OpenIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_rectifications")
    clue = get_clue(user=request.user, pk=payload.clue_id)
    unit = list_units(user=request.user).filter(pk=payload.unit_id).first()
    if clue is None or unit is None:
        raise HttpError(400, "线索或责任单位不存在，或不在您的管辖范围内")
    item = services.open_rectification(
        actor=request.user,
        clue=clue,
        unit=unit,
        responsible_person=payload.responsible_person,
        measures=payload.measures,
        mode=payload.mode,
        term_workdays=payload.term_workdays,
    )
    return Status(201, _fresh(request, item.pk))


@router.get("/{int:item_id}", response=RectificationOut, summary="一项整改事项")
def detail(request: AuthedRequest, item_id: Id):  # type: ignore[no-untyped-def]
    return _fresh(request, item_id)


@router.post("/{int:item_id}/evidence", response=RectificationOut, summary="上传佐证材料")
def evidence(request: AuthedRequest, item_id: Id, files: File[list[UploadedFile]]):  # type: ignore[no-untyped-def]
    item = _item(request, item_id)
    services.add_evidence(actor=request.user, item=item, files=[(f.name or "附件", f.read()) for f in files])
    return _fresh(request, item_id)


class CompleteIn(Schema):
    result: LongText
    refund_amount: Amount = Decimal("0")
    refund_count: Count = 0
    decisions_corrected: Count = 0
    completed_on: Day | None = None


@router.post("/{int:item_id}/complete", response=RectificationOut, summary="登记整改结果")
def complete(request: AuthedRequest, item_id: Id, payload: CompleteIn):  # type: ignore[no-untyped-def]
    item = _item(request, item_id)
    services.complete_rectification(
        actor=request.user,
        item=item,
        result=payload.result,
        refund_amount=payload.refund_amount,
        refund_count=payload.refund_count,
        decisions_corrected=payload.decisions_corrected,
        completed_on=payload.completed_on,
    )
    return _fresh(request, item_id)


class SuperviseIn(Schema):
    note: LongText


@router.post("/{int:item_id}/supervise", response=RectificationOut, summary="督办")
def supervise(request: AuthedRequest, item_id: Id, payload: SuperviseIn):  # type: ignore[no-untyped-def]
    item = _item(request, item_id)
    services.supervise_rectification(actor=request.user, item=item, note=payload.note)
    return _fresh(request, item_id)
