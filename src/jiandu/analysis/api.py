"""REST endpoints for key counties and problem models (the same reads and writes as the pages)."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from jiandu.analysis import selectors, services
from jiandu.analysis.models import KeyCounty, ModelHit
from jiandu.bounds import CodeText, Count, Id, LongText, ShortText
from jiandu.engines import anomaly
from jiandu.errors import UserError
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest

router = Router(tags=["重点县区与问题模型"])


class SignalOut(Schema):
    name: str
    label: str
    value: float | None
    threshold: float
    fired: bool


class CountyOut(Schema):
    region: str
    name: str
    rank: int
    score: float
    flagged: bool
    signals: list[SignalOut]
    reasons: list[str]
    on_list: bool


class BoardOut(Schema):
    month: str
    rules_version: str
    counties: list[CountyOut]


class KeyCountyIn(Schema):
    region: CodeText
    period: CodeText
    note: LongText = ""


class KeyCountyOut(Schema):
    id: int
    region: str
    name: str
    period: str
    rank: int
    score: float
    reasons: list[str]
    note: str


class ProfileMonthOut(Schema):
    month: str
    revenue: float | None
    cases: int | None
    complaints: int | None
    problems: int | None


class ProfileOut(Schema):
    region: str
    name: str
    month: str
    county: CountyOut | None
    months: list[ProfileMonthOut]
    problems_by_category: dict[str, int]
    problems_by_domain: dict[str, int]
    hits: int


class ModelOut(Schema):
    code: str
    name: str
    version: str
    enabled: bool
    description: str
    legal_basis: list[str]
    hits: int
    assessed: int
    confirmed: int
    false_positives: int
    precision: float | None


class HitOut(Schema):
    id: int
    model: str
    version: str
    region: str
    summary: str
    reasons: list[str]
    evidence: list[dict[str, Any]]
    clue_id: int | None
    false_positive: bool
    false_positive_reason: str


class FalsePositiveIn(Schema):
    reason: LongText


class RunIn(Schema):
    model: ShortText = ""


class RunOut(Schema):
    models: list[str]
    filed: dict[str, int]
    already_filed: dict[str, int]


def _month(month: CodeText) -> str:
    if not month:
        return ""  # the selectors choose the last complete month with data
    try:
        anomaly.month_index(month)
    except anomaly.InputError as error:
        raise HttpError(422, str(error)) from None
    return month


def _county(result: anomaly.CountyResult, name: ShortText, on_list: bool) -> dict[str, Any]:
    return {
        "region": result.region,
        "name": name,
        "rank": result.rank,
        "score": result.score,
        "flagged": result.flagged,
        "signals": [
            {"name": s.name, "label": s.label, "value": s.value, "threshold": s.threshold, "fired": s.fired}
            for s in result.signals
        ],
        "reasons": list(result.reasons),
        "on_list": on_list,
    }


def _key_county(entry: KeyCounty) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "region": entry.region.code,
        "name": entry.region.name,
        "period": entry.period,
        "rank": entry.rank,
        "score": float(entry.score),
        "reasons": list(entry.reasons),
        "note": entry.note,
    }


def _hit(hit: ModelHit) -> dict[str, Any]:
    return {
        "id": hit.pk,
        "model": hit.model.code,
        "version": hit.version,
        "region": hit.region.code,
        "summary": hit.summary,
        "reasons": list(hit.reasons),
        "evidence": list(hit.evidence),
        "clue_id": hit.clue_id,
        "false_positive": hit.false_positive,
        "false_positive_reason": hit.false_positive_reason,
    }


@router.get("/key-counties", response=BoardOut, summary="重点县区排名（含理由）")
def key_county_ranking(request: AuthedRequest, month: CodeText = "") -> dict[str, Any]:
    check_permission(request.user, "view_key_counties")
    board = selectors.key_county_board(user=request.user, month=_month(month))
    return {
        "month": board.month,
        "rules_version": board.rules_version,
        "counties": [_county(r.result, r.region.name, r.on_list is not None) for r in board.rows],
    }


@router.get("/key-counties/list", response=list[KeyCountyOut], summary="重点县区名单")
def key_county_list(request: AuthedRequest, period: CodeText = "") -> list[dict[str, Any]]:
    check_permission(request.user, "view_county_profiles")
    return [_key_county(k) for k in selectors.list_key_counties(user=request.user, period=period)]


@router.post("/key-counties/list", response={201: KeyCountyOut}, summary="列入重点县区名单")
def key_county_add(request: AuthedRequest, payload: KeyCountyIn) -> Status[dict[str, Any]]:
    check_permission(request.user, "manage_key_counties")
    region = selectors.get_county(user=request.user, code=payload.region)
    if region is None:
        raise HttpError(404, "没有该县（市、区），或不在您的管辖范围内")
    try:
        entry = services.put_on_key_list(
            actor=request.user, region=region, period=payload.period, note=payload.note
        )
    except UserError as error:
        raise HttpError(422, error.message) from None
    return Status(201, _key_county(entry))


@router.get("/counties/{code}", response=ProfileOut, summary="县区执法画像")
def county_profile(request: AuthedRequest, code: CodeText, month: CodeText = "") -> dict[str, Any]:
    check_permission(request.user, "view_county_profiles")
    region = selectors.get_county(user=request.user, code=code)
    if region is None:
        raise HttpError(404, "没有该县（市、区），或不在您的管辖范围内")
    profile = selectors.county_profile(user=request.user, region=region, month=_month(month))
    return {
        "region": region.code,
        "name": region.name,
        "month": profile.month,
        "county": _county(profile.result, region.name, bool(profile.listed)) if profile.result else None,
        "months": [
            {
                "month": m.month,
                "revenue": m.revenue,
                "cases": m.cases,
                "complaints": m.complaints,
                "problems": m.problems,
            }
            for m in profile.months
        ],
        "problems_by_category": dict(profile.by_category),
        "problems_by_domain": dict(profile.by_domain),
        "hits": len(profile.hits),
    }


@router.get("/models", response=list[ModelOut], summary="问题模型及准确率")
def model_list(request: AuthedRequest) -> list[dict[str, Any]]:
    check_permission(request.user, "view_problem_models")
    return [
        {
            "code": r.model.code,
            "name": r.model.name,
            "version": r.model.version,
            "enabled": r.model.enabled,
            "description": r.description,
            "legal_basis": r.legal_basis,
            "hits": r.hits,
            "assessed": r.assessed,
            "confirmed": r.confirmed,
            "false_positives": r.false_positives,
            "precision": r.precision,
        }
        for r in selectors.model_rows(user=request.user)
    ]


@router.post("/models/run", response=RunOut, summary="运行问题模型（新命中登记为线索，已登记的不重复）")
def model_run(request: AuthedRequest, payload: RunIn) -> dict[str, Any]:
    check_permission(request.user, "run_problem_models")
    try:
        report = services.run_models(actor=request.user, only=[payload.model] if payload.model else [])
    except UserError as error:
        raise HttpError(422, error.message) from None
    return {
        "models": report.models,
        "filed": dict(report.filed),
        "already_filed": dict(report.already_filed),
    }


@router.get("/hits", response=list[HitOut], summary="模型命中")
def hit_list(request: AuthedRequest, model: ShortText = "", limit: Count = 200) -> list[dict[str, Any]]:
    check_permission(request.user, "view_problem_models")
    return [_hit(h) for h in selectors.list_hits(user=request.user, model=model)[: max(1, min(limit, 1000))]]


@router.post("/hits/{hit_id}/false-positive", response=HitOut, summary="标记误报")
def hit_false_positive(request: AuthedRequest, hit_id: Id, payload: FalsePositiveIn) -> dict[str, Any]:
    check_permission(request.user, "mark_model_hits")
    hit = selectors.get_hit(user=request.user, pk=hit_id)
    if hit is None:
        raise HttpError(404, "没有该模型命中，或不在您的管辖范围内")
    try:
        services.mark_false_positive(actor=request.user, hit=hit, reason=payload.reason)
    except UserError as error:
        raise HttpError(422, error.message) from None
    return _hit(hit)
