"""REST endpoints of the service loop, scoped like the pages. ``record_router`` is mounted at
/api/enterprises (GET /api/enterprises/{uscc}/record); ``router`` at /api/service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from jiandu.bounds import CodeText, Count, Day, Id, Items, LongText, ScoreDecimal, ShortText
from jiandu.errors import UserError
from jiandu.org.models import Domain, Enterprise, Region, Unit, User
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import list_domains, visible_regions
from jiandu.reviews.selectors import get_follow_up
from jiandu.service import record as firm_record
from jiandu.service import selectors as S
from jiandu.service import services

router = Router(tags=["服务型执法"])
record_router = Router(tags=["一企一档"])
T = TypeVar("T")


def _run(call: Callable[[], T]) -> T:
    try:
        return call()
    except UserError as error:
        raise HttpError(400, error.message) from error


def _firm(request: AuthedRequest, uscc: CodeText | None) -> Enterprise | None:
    if not uscc:
        return None
    firm = S.firm_by_uscc(user=request.user, uscc=uscc)
    if firm is None:
        raise HttpError(400, f"没有找到统一社会信用代码为“{uscc}”的企业，或不在您的管辖范围内")
    return firm


def _required_firm(request: AuthedRequest, uscc: str) -> Enterprise:
    firm = _firm(request, uscc)
    if firm is None:
        raise HttpError(400, "uscc：请填写企业的统一社会信用代码")
    return firm


def _region(request: AuthedRequest, code: CodeText) -> Region:
    region = visible_regions(request.user).filter(code=code).first()
    if region is None:
        raise HttpError(400, f"区划“{code}”不存在或不在您的管辖范围内")
    return region


def _unit(request: AuthedRequest, pk: Count | None) -> Unit:
    unit = S.list_units_for(user=request.user).filter(pk=pk).first() if pk else None
    if unit is None:
        raise HttpError(400, "责任单位不存在或不在您的管辖范围内")
    return unit


def _domain(code: CodeText) -> Domain:
    domain = list_domains().filter(code=code).first()
    if domain is None:
        raise HttpError(400, f"领域代码“{code}”无效")
    return domain


# --- 一企一档 ----------------------------------------------------------------------------------------


class EventOut(Schema):
    on: dt.date
    source: str
    source_label: str
    title: str
    detail: str
    status: str


class ItemOut(Schema):
    text: str
    due: dt.date | None
    overdue: bool


class RecordOut(Schema):
    uscc: str
    name: str
    region_code: str
    credit_class: str
    open_risks: list[ItemOut]
    obligations_due: list[ItemOut]
    owed_to_firm: list[ItemOut]
    counts: dict[str, int]
    timeline: list[EventOut]


def _items(rows: list[firm_record.Item]) -> list[dict[str, Any]]:
    return [{"text": i.text, "due": i.due, "overdue": i.overdue} for i in rows]


@record_router.get("/{uscc}/record", response=RecordOut, summary="一企一档：企业体检档案")
def enterprise_record(request: AuthedRequest, uscc: CodeText):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    data = firm_record.get_record(user=request.user, uscc=uscc)
    if data is None:
        raise HttpError(404, "未找到该企业，或不在您的管辖范围内")
    firm = data.enterprise
    return {
        "uscc": firm.uscc,
        "name": firm.name,
        "region_code": firm.region.code,
        "credit_class": firm.credit_class,
        "open_risks": _items(data.risks),
        "obligations_due": _items(data.due),
        "owed_to_firm": _items(data.owed),
        "counts": data.counts,
        "timeline": [
            {
                "on": e.on,
                "source": e.source,
                "source_label": e.label,
                "title": e.title,
                "detail": e.detail,
                "status": e.status,
            }
            for e in data.events
        ],
    }


class CodeIn(Schema):
    uscc: CodeText
    purpose: ShortText


class CodeOut(Schema):
    code: str
    expires_on: Day | None = None


@router.post("/access-codes", response={201: CodeOut}, summary="签发企业查询码（只返回一次）")
def access_code(request: AuthedRequest, payload: CodeIn):  # type: ignore[no-untyped-def]
    firm = _required_firm(request, payload.uscc)
    access, code = _run(
        lambda: services.issue_access_code(actor=request.user, enterprise=firm, purpose=payload.purpose)
    )
    return Status(201, {"code": code, "expires_on": access.expires_on})


class SurveyIn(Schema):
    uscc: CodeText
    unit_id: Id
    subject: ShortText


@router.post("/surveys", response={201: CodeOut}, summary="发放满意度测评（测评码只返回一次）")
def survey(request: AuthedRequest, payload: SurveyIn):  # type: ignore[no-untyped-def]
    firm = _required_firm(request, payload.uscc)
    unit = _unit(request, payload.unit_id)
    _survey, code = _run(
        lambda: services.issue_survey(actor=request.user, enterprise=firm, unit=unit, subject=payload.subject)
    )
    return Status(201, {"code": code})


class SatisfactionOut(Schema):
    county: str
    unit: str
    responses: int
    average: Decimal | None


@router.get("/satisfaction", response=list[SatisfactionOut], summary="满意度测评汇总（按县区和单位）")
def satisfaction(request: AuthedRequest, since: Day | None = None, until: Day | None = None):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_survey_results")
    return [r.__dict__ for r in S.satisfaction_by_unit(user=request.user, since=since, until=until)]


# --- 帮扶需求清单 ---------------------------------------------------------------------------------


class AssistanceOut(Schema):
    id: int
    region_code: str
    unit: str
    requester: str
    uscc: str
    source: str
    content: str
    raised_on: dt.date
    due: dt.date
    overdue: bool
    status: str
    answer: str
    satisfaction: int | None
    steps: list[str]


def _assistance_out(row: S.AssistanceRow) -> dict[str, Any]:
    item = row.item
    return {
        "id": item.pk,
        "region_code": item.region.code,
        "unit": item.unit.name,
        "requester": item.requester,
        "uscc": item.enterprise.uscc if item.enterprise else "",
        "source": item.source,
        "content": item.content,
        "raised_on": item.raised_on,
        "due": row.due,
        "overdue": row.overdue,
        "status": item.status,
        "answer": item.answer,
        "satisfaction": item.satisfaction,
        "steps": [f"{s.taken_on:%Y-%m-%d} {s.action}" for s in item.steps.all()],
    }


def _assistance(request: AuthedRequest, pk: Count) -> dict[str, Any]:
    item = S.get_assistance(user=request.user, pk=pk)
    if item is None:
        raise HttpError(404, "未找到该帮扶需求，或不在您的管辖范围内")
    (row,) = S.assistance_rows([item])
    return _assistance_out(row)


@router.get("/assistance", response=list[AssistanceOut], summary="帮扶需求清单")
def assistance_list(  # type: ignore[no-untyped-def]
    request: AuthedRequest,
    county: CodeText = "",
    unit: Count | None = None,
    status: CodeText = "",
    overdue: bool = False,
):
    check_permission(request.user, "view_service")
    items = S.list_assistance(user=request.user, county=county, unit=unit, status=status, overdue=overdue)
    return [_assistance_out(r) for r in S.assistance_rows(items.prefetch_related("steps")[:500])]


class AssistanceIn(Schema):
    region_code: CodeText
    unit_id: Id
    source: ShortText
    content: LongText
    uscc: CodeText = ""
    requester: ShortText = ""
    raised_on: Day | None = None
    term_workdays: Count | None = None


@router.post("/assistance", response={201: AssistanceOut}, summary="登记帮扶需求")
def assistance_create(request: AuthedRequest, payload: AssistanceIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    item = _run(
        lambda: services.open_assistance(
            actor=request.user,
            region=_region(request, payload.region_code),
            unit=_unit(request, payload.unit_id),
            source=payload.source,
            content=payload.content,
            enterprise=_firm(request, payload.uscc),
            requester=payload.requester,
            raised_on=payload.raised_on,
            term_workdays=payload.term_workdays,
        )
    )
    return Status(201, _assistance(request, item.pk))


class FromFollowUpIn(Schema):
    unit_id: Id


@router.post(
    "/assistance/from-follow-up/{int:follow_up_id}",
    response={201: AssistanceOut},
    summary="回访中企业提出的需求转为帮扶需求",
)
def assistance_from_follow_up(request: AuthedRequest, follow_up_id: Id, payload: FromFollowUpIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    follow_up = get_follow_up(user=request.user, pk=follow_up_id)
    if follow_up is None:
        raise HttpError(404, "未找到该回访，或不在您的管辖范围内")
    unit = _unit(request, payload.unit_id)
    item = _run(lambda: services.need_from_follow_up(actor=request.user, follow_up=follow_up, unit=unit))
    return Status(201, _assistance(request, item.pk))


@router.get("/assistance/{int:pk}", response=AssistanceOut, summary="一项帮扶需求")
def assistance_detail(request: AuthedRequest, pk: Count):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return _assistance(request, pk)


class AssistanceActionIn(Schema):
    text: LongText = ""
    satisfaction: Count | None = None
    reopen: bool = False


@router.post(
    "/assistance/{int:pk}/{action}", response=AssistanceOut, summary="办理帮扶需求：step、answer、feedback"
)
def assistance_act(request: AuthedRequest, pk: Count, action: CodeText, payload: AssistanceActionIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    item = S.get_assistance(user=request.user, pk=pk)
    if item is None:
        raise HttpError(404, "未找到该帮扶需求，或不在您的管辖范围内")
    user = request.user
    if action == "step":
        _run(lambda: services.add_assistance_step(actor=user, item=item, action=payload.text))
    elif action == "answer":
        _run(lambda: services.answer_assistance(actor=user, item=item, answer=payload.text))
    elif action == "feedback":
        _run(
            lambda: services.record_assistance_feedback(
                actor=user,
                item=item,
                satisfaction=payload.satisfaction or 0,
                feedback=payload.text,
                reopen=payload.reopen,
            )
        )
    else:
        raise HttpError(400, f"未知的操作“{action}”")
    return _assistance(request, pk)


# --- forums -----------------------------------------------------------------------------------------


class IssueOut(Schema):
    id: int
    text: str
    raised_by: str
    clue_id: int | None
    assistance_id: int | None
    suggestion_id: int | None


class ForumOut(Schema):
    id: int
    region_code: str
    title: str
    held_on: dt.date
    firms: list[str]
    other_attendees: str
    issues: list[IssueOut]


def _forum_out(forum: Any) -> dict[str, Any]:
    return {
        "id": forum.pk,
        "region_code": forum.region.code,
        "title": forum.title,
        "held_on": forum.held_on,
        "firms": [f.uscc for f in forum.firms.all()],
        "other_attendees": forum.other_attendees,
        "issues": [
            {
                "id": i.pk,
                "text": i.text,
                "raised_by": i.raised_by,
                "clue_id": i.clue_id,
                "assistance_id": i.assistance_id,
                "suggestion_id": i.suggestion_id,
            }
            for i in S.forum_issues(forum)
        ],
    }


@router.get("/forums", response=list[ForumOut], summary="座谈会")
def forums(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [_forum_out(f) for f in S.list_forums(user=request.user).prefetch_related("firms")[:200]]


class IssueIn(Schema):
    text: LongText
    raised_by: ShortText = ""
    uscc: CodeText = ""


class ForumIn(Schema):
    region_code: CodeText
    title: ShortText
    held_on: Day
    venue: ShortText = ""
    firms: Items[ShortText] = []
    other_attendees: ShortText = ""
    issues: Items[IssueIn] = []


@router.post("/forums", response={201: ForumOut}, summary="登记座谈会及反映的问题")
def forum_create(request: AuthedRequest, payload: ForumIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    firms = [f for f in (_firm(request, u) for u in payload.firms) if f is not None]
    issues = [(i.text, i.raised_by, _firm(request, i.uscc)) for i in payload.issues]
    forum = _run(
        lambda: services.hold_forum(
            actor=request.user,
            region=_region(request, payload.region_code),
            title=payload.title,
            held_on=payload.held_on,
            venue=payload.venue,
            firms=firms,
            other_attendees=payload.other_attendees,
            issues=issues,
        )
    )
    return Status(201, _forum_out(forum))


class ConvertIn(Schema):
    unit_id: Id | None = None


@router.post(
    "/forum-issues/{int:pk}/{target}", response=IssueOut, summary="座谈会问题转为 clue、need 或 suggestion"
)
def forum_issue_convert(request: AuthedRequest, pk: Count, target: ShortText, payload: ConvertIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    found = S.get_forum_issue(user=request.user, pk=pk)
    if found is None:
        raise HttpError(404, "未找到该问题，或不在您的管辖范围内")
    user, issue = request.user, found
    if target == "clue":
        issue = _run(lambda: services.issue_to_clue(actor=user, issue=found))
    elif target == "need":
        unit = _unit(request, payload.unit_id)
        issue = _run(lambda: services.issue_to_need(actor=user, issue=found, unit=unit))
    elif target == "suggestion":
        issue = _run(lambda: services.issue_to_suggestion(actor=user, issue=found))
    else:
        raise HttpError(400, f"未知的去向“{target}”")
    return issue


# --- liaison, walks, park visits ---------------------------------------------------------------------


class LiaisonOut(Schema):
    id: int
    uscc: str
    leader: str
    title: str
    category: str
    assigned_on: dt.date
    visits: int


class LiaisonIn(Schema):
    uscc: CodeText
    leader_username: ShortText
    title: ShortText
    category: CodeText


def _liaison_out(a: Any) -> dict[str, Any]:
    return {
        "id": a.pk,
        "uscc": a.enterprise.uscc,
        "leader": str(a.leader),
        "title": a.title,
        "category": a.category,
        "assigned_on": a.assigned_on,
        "visits": a.visit_count,
    }


@router.get("/liaisons", response=list[LiaisonOut], summary="局处长联络企业")
def liaisons(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [_liaison_out(a) for a in S.list_liaisons(user=request.user)[:500]]


@router.post("/liaisons", response={201: LiaisonOut}, summary="确定联络企业")
def liaison_create(request: AuthedRequest, payload: LiaisonIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    firm = _firm(request, payload.uscc)
    leader = S.list_staff(user=request.user).filter(username=payload.leader_username).first()
    if firm is None or leader is None:
        raise HttpError(400, "企业或联络领导不存在，或不在您的管辖范围内")
    item = _run(
        lambda: services.assign_liaison(
            actor=request.user, enterprise=firm, leader=leader, title=payload.title, category=payload.category
        )
    )
    return Status(201, _liaison_out(S.get_liaison(user=request.user, pk=item.pk)))


class VisitIn(Schema):
    visited_on: Day
    content: LongText


@router.post("/liaisons/{int:pk}/visits", response={201: LiaisonOut}, summary="登记联络走访")
def liaison_visit(request: AuthedRequest, pk: Count, payload: VisitIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    item = S.get_liaison(user=request.user, pk=pk)
    if item is None:
        raise HttpError(404, "未找到该联络关系，或不在您的管辖范围内")
    _run(
        lambda: services.record_liaison_visit(
            actor=request.user, assignment=item, visited_on=payload.visited_on, content=payload.content
        )
    )
    return Status(201, _liaison_out(S.get_liaison(user=request.user, pk=pk)))


class FindingOut(Schema):
    id: int
    region_code: str
    procedure: str
    step: str
    blocker: str
    fix: str
    unit: str
    due: dt.date
    overdue: bool
    status: str


class FindingIn(Schema):
    region_code: CodeText
    procedure: ShortText
    step: ShortText
    blocker: ShortText
    fix: ShortText
    unit_id: Id
    term_workdays: Count | None = None


def _finding_out(r: S.FindingRow) -> dict[str, Any]:
    i = r.item
    return {
        "id": i.pk,
        "region_code": i.region.code,
        "procedure": i.procedure,
        "step": i.step,
        "blocker": i.blocker,
        "fix": i.fix,
        "unit": i.unit.name,
        "due": r.due,
        "overdue": r.overdue,
        "status": i.status,
    }


@router.get("/procedure-findings", response=list[FindingOut], summary="走流程发现的问题")
def findings(request: AuthedRequest, status: CodeText = ""):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [
        _finding_out(r)
        for r in S.finding_rows(S.list_procedure_findings(user=request.user, status=status)[:500])
    ]


@router.post("/procedure-findings", response={201: FindingOut}, summary="登记走流程发现的问题")
def finding_create(request: AuthedRequest, payload: FindingIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    item = _run(
        lambda: services.record_procedure_finding(
            actor=request.user,
            region=_region(request, payload.region_code),
            procedure=payload.procedure,
            step=payload.step,
            blocker=payload.blocker,
            fix=payload.fix,
            unit=_unit(request, payload.unit_id),
            term_workdays=payload.term_workdays,
        )
    )
    (row,) = S.finding_rows([item])
    return Status(201, _finding_out(row))


class EventOut2(Schema):
    id: int
    region_code: str
    park: str
    held_on: dt.date
    services: list[str]
    units: list[str]
    firms: int


class ServiceEventIn(Schema):
    region_code: CodeText
    park: ShortText
    held_on: Day
    unit_ids: Items[Id]
    services: Items[ShortText]
    firms: Items[ShortText] = []
    notes: LongText = ""


def _event_out(e: Any) -> dict[str, Any]:
    return {
        "id": e.pk,
        "region_code": e.region.code,
        "park": e.park,
        "held_on": e.held_on,
        "services": e.services,
        "units": [u.name for u in e.units.all()],
        "firms": e.firms.count(),
    }


@router.get("/service-events", response=list[EventOut2], summary="进园区进企业")
def service_events(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [_event_out(e) for e in S.list_service_events(user=request.user)[:200]]


@router.post("/service-events", response={201: EventOut2}, summary="登记进园区进企业活动")
def service_event_create(request: AuthedRequest, payload: ServiceEventIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_service")
    units = [_unit(request, pk) for pk in payload.unit_ids]
    firms = [f for f in (_firm(request, u) for u in payload.firms) if f is not None]
    event = _run(
        lambda: services.record_service_event(
            actor=request.user,
            region=_region(request, payload.region_code),
            park=payload.park,
            held_on=payload.held_on,
            units=units,
            services=payload.services,
            firms=firms,
            notes=payload.notes,
        )
    )
    return Status(201, _event_out(event))


# --- supervisors and monitoring points ----------------------------------------------------------------


class SupervisorOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    term_start: dt.date
    term_end: dt.date
    phone: str
    login: str


class SupervisorIn(Schema):
    region_code: CodeText
    name: ShortText
    kind: CodeText
    term_start: Day
    term_end: Day
    phone: ShortText
    organisation: ShortText = ""
    login: CodeText = ""


def _login(request: AuthedRequest, username: ShortText) -> User | None:
    if not username:
        return None
    user = S.list_supervisor_logins(user=request.user).filter(username=username).first()
    if user is None:
        raise HttpError(400, f"登录账号“{username}”不存在，或不是监督员/监测点账号")
    return user


@router.get("/supervisors", response=list[SupervisorOut], summary="执法监督员名录")
def supervisors(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [
        {
            "id": s.pk,
            "name": s.name,
            "kind": s.kind,
            "region_code": s.region.code,
            "term_start": s.term_start,
            "term_end": s.term_end,
            "phone": s.phone,
            "login": s.user.username if s.user else "",
        }
        for s in S.list_supervisors(user=request.user)
    ]


@router.post("/supervisors", response={201: SupervisorOut}, summary="登记执法监督员")
def supervisor_create(request: AuthedRequest, payload: SupervisorIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_supervisors")
    s = _run(
        lambda: services.register_supervisor(
            actor=request.user,
            region=_region(request, payload.region_code),
            name=payload.name,
            kind=payload.kind,
            term_start=payload.term_start,
            term_end=payload.term_end,
            phone=payload.phone,
            organisation=payload.organisation,
            user=_login(request, payload.login),
        )
    )
    return Status(
        201,
        {
            "id": s.pk,
            "name": s.name,
            "kind": s.kind,
            "region_code": s.region.code,
            "term_start": s.term_start,
            "term_end": s.term_end,
            "phone": s.phone,
            "login": s.user.username if s.user else "",
        },
    )


class PointOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    contact_name: str
    login: str


class PointIn(Schema):
    region_code: CodeText
    name: ShortText
    kind: CodeText
    contact_name: ShortText
    phone: ShortText
    uscc: CodeText = ""
    login: CodeText = ""


@router.get("/monitoring-points", response=list[PointOut], summary="执法监测点名录")
def points(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "region_code": p.region.code,
            "contact_name": p.contact_name,
            "login": p.user.username if p.user else "",
        }
        for p in S.list_monitoring_points(user=request.user)
    ]


@router.post("/monitoring-points", response={201: PointOut}, summary="设立执法监测点")
def point_create(request: AuthedRequest, payload: PointIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_supervisors")
    p = _run(
        lambda: services.register_monitoring_point(
            actor=request.user,
            region=_region(request, payload.region_code),
            name=payload.name,
            kind=payload.kind,
            contact_name=payload.contact_name,
            phone=payload.phone,
            enterprise=_firm(request, payload.uscc),
            user=_login(request, payload.login),
        )
    )
    return Status(
        201,
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "region_code": p.region.code,
            "contact_name": p.contact_name,
            "login": p.user.username if p.user else "",
        },
    )


class ActivityOut(Schema):
    name: str
    kind: str
    region: str
    login: str
    submitted: int
    closed: int
    confirmed: int


@router.get("/supervision-activity", response=list[ActivityOut], summary="监督员和监测点履职情况")
def supervision_activity(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [a.__dict__ for a in S.supervision_activity(user=request.user)]


class SubmissionOut(Schema):
    clue_id: int
    received_on: dt.date
    summary: str
    stage: str
    closed: bool
    reply: str


@router.get("/my-submissions", response=list[SubmissionOut], summary="我的反映：本人提交的问题及办理结果")
def my_submissions(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_own_submissions")
    return [
        {
            "clue_id": s.clue.pk,
            "received_on": s.clue.received_at.date(),
            "summary": s.clue.summary,
            "stage": s.stage,
            "closed": s.closed,
            "reply": s.reply,
        }
        for s in S.my_submissions(user=request.user)
    ]


# --- 案源 -------------------------------------------------------------------------------------------


class LeadOut(Schema):
    id: int
    uscc: str
    source: str
    inspection_id: int | None
    domain: str
    facts: str
    discovered_on: dt.date
    handling_unit: str
    deadline: dt.date
    overdue: bool
    status: str
    case_id: int | None
    decline_ground: str
    decline_reason: str


def _lead_out(r: S.LeadRow) -> dict[str, Any]:
    lead = r.lead
    return {
        "id": lead.pk,
        "uscc": lead.enterprise.uscc,
        "source": lead.source,
        "inspection_id": lead.inspection_id,
        "domain": lead.domain.code,
        "facts": lead.facts,
        "discovered_on": lead.discovered_on,
        "handling_unit": lead.handling_unit.name,
        "deadline": r.deadline,
        "overdue": r.overdue,
        "status": lead.status,
        "case_id": lead.case_id,
        "decline_ground": lead.decline_ground,
        "decline_reason": lead.decline_reason,
    }


def _lead(request: AuthedRequest, pk: Count) -> dict[str, Any]:
    lead = S.get_case_lead(user=request.user, pk=pk)
    if lead is None:
        raise HttpError(404, "未找到该案源，或不在您的管辖范围内")
    (row,) = S.lead_rows([lead])
    return _lead_out(row)


@router.get("/case-leads", response=list[LeadOut], summary="案源")
def case_leads(request: AuthedRequest, status: CodeText = ""):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [_lead_out(r) for r in S.lead_rows(S.list_case_leads(user=request.user, status=status)[:500])]


class PendingOut(Schema):
    inspection_id: int
    uscc: str
    inspected_on: dt.date | None
    outcome: str
    findings: str


@router.get("/case-leads/pending", response=list[PendingOut], summary="待移交案源的检查")
def pending(request: AuthedRequest):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [
        {
            "inspection_id": i.pk,
            "uscc": i.enterprise.uscc,
            "inspected_on": i.inspected_on,
            "outcome": i.outcome,
            "findings": i.findings or i.case_note,
        }
        for i in S.pending_handovers(user=request.user)[:500]
    ]


class HandoverIn(Schema):
    domain: CodeText
    handling_unit_id: Id


@router.post(
    "/case-leads/from-inspection/{int:inspection_id}",
    response={201: LeadOut},
    summary="检查发现的违法行为移交案源",
)
def from_inspection(request: AuthedRequest, inspection_id: Id, payload: HandoverIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "record_inspections")
    inspection = S.get_pending_handover(user=request.user, pk=inspection_id)
    if inspection is None:
        raise HttpError(404, "未找到待移交的该检查，或已移交案源")
    lead = _run(
        lambda: services.hand_over_inspection(
            actor=request.user,
            inspection=inspection,
            domain=_domain(payload.domain),
            handling_unit=_unit(request, payload.handling_unit_id),
        )
    )
    return Status(201, _lead(request, lead.pk))


class LeadIn(Schema):
    uscc: CodeText
    domain: CodeText
    facts: LongText
    handling_unit_id: Id
    source: ShortText
    discovered_on: Day


@router.post("/case-leads", response={201: LeadOut}, summary="登记案源")
def case_lead_create(request: AuthedRequest, payload: LeadIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "record_inspections")
    firm = _required_firm(request, payload.uscc)
    lead = _run(
        lambda: services.register_case_lead(
            actor=request.user,
            enterprise=firm,
            domain=_domain(payload.domain),
            facts=payload.facts,
            handling_unit=_unit(request, payload.handling_unit_id),
            source=payload.source,
            discovered_on=payload.discovered_on,
        )
    )
    return Status(201, _lead(request, lead.pk))


class LeadActionIn(Schema):
    reason: LongText = ""
    ground: ShortText = ""
    violation: ShortText = ""
    provisional_kind: CodeText = "warning"


@router.post(
    "/case-leads/{int:pk}/{action}", response=LeadOut, summary="办理案源：accept、extend、file、decline"
)
def case_lead_act(request: AuthedRequest, pk: Count, action: CodeText, payload: LeadActionIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "handle_case_leads")
    lead = S.get_case_lead(user=request.user, pk=pk)
    if lead is None:
        raise HttpError(404, "未找到该案源，或不在您的管辖范围内")
    user = request.user
    calls: dict[str, Callable[[], Any]] = {
        "accept": lambda: services.accept_case_lead(actor=user, lead=lead),
        "extend": lambda: services.extend_case_lead(actor=user, lead=lead, reason=payload.reason),
        "file": lambda: services.file_case_from_lead(
            actor=user, lead=lead, violation=payload.violation, provisional_kind=payload.provisional_kind
        ),
        "decline": lambda: services.decline_case_lead(
            actor=user, lead=lead, ground=payload.ground, reason=payload.reason
        ),
    }
    if action not in calls:
        raise HttpError(400, f"未知的操作“{action}”")
    _run(calls[action])
    return _lead(request, pk)


# --- training ---------------------------------------------------------------------------------------


class OfficerTrainingOut(Schema):
    username: str
    name: str
    region_code: str
    sessions: int
    hours: Decimal


@router.get("/training/officers", response=list[OfficerTrainingOut], summary="个人学习档案")
def training_officers(request: AuthedRequest, since: Day | None = None):  # type: ignore[no-untyped-def]
    check_permission(request.user, "view_service")
    return [
        {
            "username": r.officer.username,
            "name": str(r.officer),
            "sessions": r.sessions,
            "hours": r.hours,
            "region_code": r.officer.region.code if r.officer.region else "",
        }
        for r in S.training_by_officer(user=request.user, since=since)
    ]


class TrainingIn(Schema):
    region_code: CodeText
    title: ShortText
    held_on: Day
    hours: ScoreDecimal
    attendees: Items[ShortText] = []


class TrainingOut(Schema):
    id: int
    title: str
    held_on: dt.date
    hours: Decimal
    attendees: int


@router.post("/training", response={201: TrainingOut}, summary="登记培训及参训人员")
def training_create(request: AuthedRequest, payload: TrainingIn):  # type: ignore[no-untyped-def]
    check_permission(request.user, "manage_training")
    people = list(S.list_staff(user=request.user).filter(username__in=payload.attendees))
    missing = set(payload.attendees) - {p.username for p in people}
    if missing:
        raise HttpError(400, f"参训人员“{'、'.join(sorted(missing))}”不存在或不在您的管辖范围内")
    session = _run(
        lambda: services.record_training(
            actor=request.user,
            region=_region(request, payload.region_code),
            title=payload.title,
            held_on=payload.held_on,
            hours=payload.hours,
            attendees=people,
        )
    )
    return Status(
        201,
        {
            "id": session.pk,
            "title": session.title,
            "held_on": session.held_on,
            "hours": session.hours,
            "attendees": len(people),
        },
    )
