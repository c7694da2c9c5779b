"""REST endpoints of the oversight app at /api/oversight, scoped like the pages; a `UserError` is a 400."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from jiandu.bounds import CodeText, Count, Day, Id, Items, LongText, Moment, ShortText
from jiandu.cases.models import PenaltyCase
from jiandu.cases.selectors import get_case
from jiandu.clues.models import Assessment
from jiandu.clues.selectors import get_clue
from jiandu.org.models import Region, Unit
from jiandu.org.permissions import check_permission
from jiandu.org.requests import AuthedRequest
from jiandu.org.selectors import (
    get_region_by_code,
    get_staff,
    list_domains,
    list_units,
)
from jiandu.oversight import selectors as S
from jiandu.oversight.models import (
    Appraisal,
    DutyExemption,
    JudgingStandard,
    OpinionEvent,
    SpecialCampaign,
    StandardVersion,
    SupervisionVisit,
    TaskForce,
    UrgentMatter,
)
from jiandu.oversight.services import (
    campaigns,
    exemptions,
    incentives,
    records,
    standards,
    study,
    taskforce,
    urgent,
)
from jiandu.reviews.models import AvCheck

router = Router(tags=["执法监督专项"])


def region_by_code(request: AuthedRequest, code: CodeText) -> Region:
    region = get_region_by_code(user=request.user, code=code)
    if region is None:
        raise HttpError(400, f"区划“{code}”不存在或不在您的管辖范围内")
    return region


# --- 紧急处置与舆情 --------------------------------------------------------------------------------


class UrgentIn(Schema):
    clue: Id
    kind: CodeText
    reason: LongText
    deadline_hours: Count | None = None
    source: CodeText = "network"
    source_detail: LongText = ""


class UrgentOut(Schema):
    id: int
    clue: int
    kind: str
    region: str
    escalated_to: str
    deadline_hours: int
    flagged_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    closed_at: dt.datetime | None
    on_time: bool | None
    events: list[int]


def _urgent_out(matter: UrgentMatter) -> UrgentOut:
    (row,) = S.urgent_rows([matter])
    return UrgentOut(
        id=matter.pk,
        clue=matter.clue_id,
        kind=matter.kind,
        region=matter.region.code,
        escalated_to=matter.escalated_to.code if matter.escalated_to else "",
        deadline_hours=matter.deadline_hours,
        flagged_at=matter.flagged_at,
        due_at=row.urgency.due_at,
        overdue=row.urgency.overdue,
        closed_at=matter.closed_at,
        on_time=row.urgency.on_time,
        events=list(matter.events.values_list("pk", flat=True)),
    )


@router.get("/urgent", response=list[UrgentOut])
def urgent_list(request: AuthedRequest, open_only: bool = False) -> list[UrgentOut]:
    check_permission(request.user, "view_oversight")
    return [_urgent_out(m) for m in S.list_urgent(user=request.user, open_only=open_only)[:500]]


@router.post("/urgent", response={201: UrgentOut})
def urgent_create(request: AuthedRequest, payload: UrgentIn) -> Status[UrgentOut]:
    clue = get_clue(user=request.user, pk=payload.clue)
    if clue is None:
        raise HttpError(400, f"线索 {payload.clue} 不存在或不在您的管辖范围内")
    matter = urgent.flag_urgent(
        actor=request.user,
        clue=clue,
        kind=payload.kind,
        reason=payload.reason,
        deadline_hours=payload.deadline_hours,
        source=payload.source,
        source_detail=payload.source_detail,
    )
    return Status(201, _urgent_out(matter))


@router.get("/urgent/{pk}", response=UrgentOut)
def urgent_get(request: AuthedRequest, pk: Id) -> UrgentOut:
    check_permission(request.user, "view_oversight")
    matter = S.get_urgent(user=request.user, pk=pk)
    if matter is None:
        raise HttpError(404, "没有找到该紧急事项")
    return _urgent_out(matter)


class StepOut(Schema):
    taken_at: dt.datetime
    action: str


class EventOut(Schema):
    id: int
    title: str
    source: str
    region: str
    first_seen_at: dt.datetime
    statement: str
    statement_at: dt.datetime | None
    closed_at: dt.datetime | None
    steps: list[StepOut]


def _event_out(event: OpinionEvent) -> EventOut:
    return EventOut(
        id=event.pk,
        title=event.title,
        source=event.source,
        region=event.region.code,
        first_seen_at=event.first_seen_at,
        statement=event.statement,
        statement_at=event.statement_at,
        closed_at=event.closed_at,
        steps=[StepOut(taken_at=s.taken_at, action=s.action) for s in event.steps.all()],
    )


def _event(request: AuthedRequest, pk: Id) -> OpinionEvent:
    check_permission(request.user, "view_oversight")
    event = S.get_event(user=request.user, pk=pk)
    if event is None:
        raise HttpError(404, "没有找到该舆情事件")
    return event


class EventIn(Schema):
    region: CodeText
    title: ShortText
    source: CodeText
    summary: LongText
    first_seen_at: Moment | None = None
    source_detail: LongText = ""


@router.get("/opinion", response=list[EventOut])
def event_list(request: AuthedRequest, open_only: bool = False) -> list[EventOut]:
    check_permission(request.user, "view_oversight")
    items = S.list_events(user=request.user, open_only=open_only).prefetch_related("steps")[:500]
    return [_event_out(e) for e in items]


@router.post("/opinion", response={201: EventOut})
def event_create(request: AuthedRequest, payload: EventIn) -> Status[EventOut]:
    event = urgent.open_event(
        actor=request.user,
        region=region_by_code(request, payload.region),
        title=payload.title,
        source=payload.source,
        summary=payload.summary,
        first_seen_at=payload.first_seen_at or timezone.now(),
        source_detail=payload.source_detail,
    )
    return Status(201, _event_out(event))


@router.get("/opinion/{pk}", response=EventOut)
def event_get(request: AuthedRequest, pk: Id) -> EventOut:
    return _event_out(_event(request, pk))


class TextIn(Schema):
    text: LongText


@router.post("/opinion/{pk}/step", response=EventOut)
def event_step(request: AuthedRequest, pk: Id, payload: TextIn) -> EventOut:
    event = _event(request, pk)
    urgent.add_step(actor=request.user, event=event, action=payload.text)
    return _event_out(_event(request, pk))


@router.post("/opinion/{pk}/statement", response=EventOut)
def event_statement(request: AuthedRequest, pk: Id, payload: TextIn) -> EventOut:
    event = _event(request, pk)
    urgent.publish_statement(actor=request.user, event=event, statement=payload.text)
    return _event_out(_event(request, pk))


@router.post("/opinion/{pk}/close", response=EventOut)
def event_close(request: AuthedRequest, pk: Id, payload: TextIn) -> EventOut:
    event = _event(request, pk)
    urgent.close_event(actor=request.user, event=event, note=payload.text)
    return _event_out(_event(request, pk))


class MediaIn(Schema):
    region: CodeText
    title: ShortText
    outlet: ShortText
    level: CodeText
    kind: CodeText
    published_on: Day
    link: ShortText = ""


class MediaOut(Schema):
    id: int
    region: str
    title: str
    outlet: str
    level: str
    kind: str
    published_on: dt.date


class MediaSummary(Schema):
    total: int
    by_level: dict[str, int]
    by_region: dict[str, int]
    items: list[MediaOut]


@router.get("/media", response=MediaSummary)
def media_list(request: AuthedRequest, year: Count | None = None) -> MediaSummary:
    check_permission(request.user, "view_oversight")
    items = list(S.list_media(user=request.user, year=year)[:2000])
    counts = S.media_counts(items)
    return MediaSummary(
        total=len(items),
        by_level=dict(counts["level"]),
        by_region=dict(counts["region"]),
        items=[
            MediaOut(
                id=m.pk,
                region=m.region.code,
                title=m.title,
                outlet=m.outlet,
                level=m.level,
                kind=m.kind,
                published_on=m.published_on,
            )
            for m in items
        ],
    )


@router.post("/media", response={201: MediaOut})
def media_create(request: AuthedRequest, payload: MediaIn) -> Status[MediaOut]:
    m = urgent.record_media(
        actor=request.user,
        region=region_by_code(request, payload.region),
        title=payload.title,
        outlet=payload.outlet,
        level=payload.level,
        kind=payload.kind,
        published_on=payload.published_on,
        link=payload.link,
    )
    out = MediaOut(
        id=m.pk,
        region=m.region.code,
        title=m.title,
        outlet=m.outlet,
        level=m.level,
        kind=m.kind,
        published_on=m.published_on,
    )
    return Status(201, out)


class WarningOut(Schema):
    id: int
    title: str
    region: str
    subtype: str
    account: str
    lesson: str
    published_on: dt.date | None


@router.get("/warning-cases", response=list[WarningOut])
def warning_list(request: AuthedRequest) -> list[WarningOut]:
    check_permission(request.user, "view_oversight")
    return [
        WarningOut(
            id=w.pk,
            title=w.title,
            region=w.region.code,
            subtype=w.subtype,
            account=w.account,
            lesson=w.lesson,
            published_on=w.published_on,
        )
        for w in S.list_warning_cases(user=request.user)[:500]
    ]


# --- 工作专班 ------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    position: str
    name: str
    title: str
    unit: str
    username: str
    derived_role: str


class TaskForceOut(Schema):
    id: int
    region: str
    name: str
    office: str
    units: list[str]
    established_on: dt.date
    members: list[MemberOut]


def _task_force_out(item: TaskForce) -> TaskForceOut:
    return TaskForceOut(
        id=item.pk,
        region=item.region.code,
        name=item.name,
        office=item.office.name if item.office else "",
        units=[u.name for u in item.units.all()],
        established_on=item.established_on,
        members=[
            MemberOut(
                id=m.pk,
                position=m.position,
                name=m.name,
                title=m.title,
                unit=m.unit.name if m.unit else "",
                username=m.user.username if m.user else "",
                derived_role=taskforce.derived_role(item.region, m.position, m.unit),
            )
            for m in item.members.all()
        ],
    )


def _units_by_id(request: AuthedRequest, ids: Items[Id], field: ShortText) -> list[Unit]:
    units = list(list_units(user=request.user).filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise HttpError(400, f"{field}：所选单位不在您的管辖范围内")
    return units


class TaskForceIn(Schema):
    region: CodeText
    name: ShortText
    established_on: Day
    office: Id | None = None
    units: Items[Id] = []


class MemberIn(Schema):
    position: CodeText
    name: ShortText
    title: ShortText
    unit: Id | None = None
    username: CodeText = ""


@router.get("/task-forces", response=list[TaskForceOut])
def task_force_list(request: AuthedRequest) -> list[TaskForceOut]:
    check_permission(request.user, "view_oversight")
    return [_task_force_out(t) for t in S.list_task_forces(user=request.user)]


@router.post("/task-forces", response={201: TaskForceOut})
def task_force_create(request: AuthedRequest, payload: TaskForceIn) -> Status[TaskForceOut]:
    office = _units_by_id(request, [payload.office], "专班办公室")[0] if payload.office else None
    item = taskforce.set_up(
        actor=request.user,
        region=region_by_code(request, payload.region),
        name=payload.name,
        established_on=payload.established_on,
        office=office,
        units=_units_by_id(request, payload.units, "成员单位"),
    )
    return Status(201, _task_force_out(S.get_task_force(user=request.user, pk=item.pk) or item))


def _task_force(request: AuthedRequest, pk: Id) -> TaskForce:
    check_permission(request.user, "view_oversight")
    item = S.get_task_force(user=request.user, pk=pk)
    if item is None:
        raise HttpError(404, "没有找到该工作专班")
    return item


@router.post("/task-forces/{pk}/members", response={201: TaskForceOut})
def task_force_member(request: AuthedRequest, pk: Id, payload: MemberIn) -> Status[TaskForceOut]:
    item = _task_force(request, pk)
    user = None
    if payload.username:
        user = get_staff(user=request.user, username=payload.username)
        if user is None:
            raise HttpError(400, f"账号“{payload.username}”不存在或不在您的管辖范围内")
    unit = _units_by_id(request, [payload.unit], "所在单位")[0] if payload.unit else None
    taskforce.add_member(
        actor=request.user,
        task_force=item,
        position=payload.position,
        name=payload.name,
        title=payload.title,
        unit=unit,
        user=user,
    )
    return Status(201, _task_force_out(_task_force(request, pk)))


class RoleChangeOut(Schema):
    username: str
    before: str
    after: str


@router.post("/task-forces/{pk}/apply-roles", response=list[RoleChangeOut])
def task_force_roles(request: AuthedRequest, pk: Id) -> list[RoleChangeOut]:
    changes = taskforce.apply_roles(actor=request.user, task_force=_task_force(request, pk))
    return [RoleChangeOut(username=c.user.username, before=c.before, after=c.after) for c in changes]


# --- 判定标准 ------------------------------------------------------------------------------------


class VersionOut(Schema):
    id: int
    number: int
    text: str
    status: str
    published_at: dt.datetime | None
    precedents: list[int]  # clue ids


class StandardOut(Schema):
    id: int
    region: str
    subtype: str
    domain: str
    title: str
    in_force: VersionOut | None


def _version_out(v: StandardVersion) -> VersionOut:
    return VersionOut(
        id=v.pk,
        number=v.number,
        text=v.text,
        status=v.status,
        published_at=v.published_at,
        precedents=sorted(a.clue_id for a in v.precedents.all()),
    )


def _standard_out(item: JudgingStandard) -> StandardOut:
    version = S.in_force(item)
    return StandardOut(
        id=item.pk,
        region=item.region.code,
        subtype=item.subtype,
        domain=item.domain.code if item.domain else "",
        title=item.title,
        in_force=_version_out(version) if version else None,
    )


class StandardIn(Schema):
    region: CodeText
    subtype: CodeText
    title: ShortText
    domain: CodeText = ""


class VersionIn(Schema):
    text: LongText
    precedents: Items[Id]  # clue ids of confirmed assessments


class PrecedentOut(Schema):
    clue: int
    subtype: str
    domain: str
    opinion: str
    decided_on: dt.date
    likeness: float | None = None


def _precedent_out(a: Assessment, score: float | None = None) -> PrecedentOut:
    return PrecedentOut(
        clue=a.clue_id,
        subtype=a.subtype,
        domain=a.domain.code if a.domain else "",
        opinion=a.opinion,
        decided_on=a.decided_on,
        likeness=score,
    )


@router.get("/precedents", response=list[PrecedentOut])
def precedent_list(request: AuthedRequest, subtype: CodeText = "") -> list[PrecedentOut]:
    check_permission(request.user, "view_oversight")
    return [_precedent_out(a) for a in S.list_precedents(user=request.user, subtype=subtype)[:500]]


@router.get("/standards", response=list[StandardOut])
def standard_list(request: AuthedRequest) -> list[StandardOut]:
    check_permission(request.user, "view_oversight")
    return [_standard_out(s) for s in S.list_standards(user=request.user)]


@router.post("/standards", response={201: StandardOut})
def standard_create(request: AuthedRequest, payload: StandardIn) -> Status[StandardOut]:
    domain = None
    if payload.domain:
        domain = list_domains().filter(code=payload.domain).first()
        if domain is None:
            raise HttpError(400, f"领域代码“{payload.domain}”无效")
    item = standards.create_standard(
        actor=request.user,
        region=region_by_code(request, payload.region),
        subtype=payload.subtype,
        title=payload.title,
        domain=domain,
    )
    return Status(201, _standard_out(item))


def _standard(request: AuthedRequest, pk: Id) -> JudgingStandard:
    check_permission(request.user, "view_oversight")
    item = S.get_standard(user=request.user, pk=pk)
    if item is None:
        raise HttpError(404, "没有找到该判定标准")
    return item


@router.post("/standards/{pk}/versions", response={201: VersionOut})
def standard_draft(request: AuthedRequest, pk: Id, payload: VersionIn) -> Status[VersionOut]:
    item = _standard(request, pk)
    chosen = list(S.list_precedents(user=request.user).filter(clue_id__in=payload.precedents))
    if len(chosen) != len(set(payload.precedents)):
        raise HttpError(400, "援引的先例须为您管辖范围内已研判的线索")
    version = standards.draft_version(actor=request.user, standard=item, body=payload.text, precedents=chosen)
    return Status(201, _version_out(version))


@router.post("/standards/{pk}/versions/{number}/publish", response=VersionOut)
def standard_publish(request: AuthedRequest, pk: Id, number: Count) -> VersionOut:
    item = _standard(request, pk)
    version = item.versions.filter(number=number).first()
    if version is None:
        raise HttpError(404, "没有找到该版本")
    return _version_out(standards.publish_version(actor=request.user, version=version))


class ClueStandardOut(Schema):
    standard: VersionOut | None
    nearest: list[PrecedentOut]


@router.get("/clues/{pk}/standard", response=ClueStandardOut)
def clue_standard(request: AuthedRequest, pk: Id) -> ClueStandardOut:
    check_permission(request.user, "view_oversight")
    clue = get_clue(user=request.user, pk=pk)
    if clue is None:
        raise HttpError(404, "没有找到该线索")
    version = S.standard_for(user=request.user, subtype=clue.subtype, domain_id=clue.domain_id)
    near = S.nearest_precedents(user=request.user, clue=clue, subtype=clue.subtype) if clue.subtype else []
    return ClueStandardOut(
        standard=_version_out(version) if version else None,
        nearest=[_precedent_out(a, score) for a, score in near],
    )


# --- 守信激励 ------------------------------------------------------------------------------------


class EligibleOut(Schema):
    uscc: str
    name: str
    region: str
    credit_class: str
    reason: str
    refreshed_at: dt.datetime


class RefreshOut(Schema):
    listed: int
    added: int
    removed: int


class PolicyIn(Schema):
    classes: Items[CodeText]
    window_months: Count


@router.get("/incentives", response=list[EligibleOut])
def incentive_list(request: AuthedRequest, county: CodeText = "") -> list[EligibleOut]:
    check_permission(request.user, "view_oversight")
    return [
        EligibleOut(
            uscc=e.enterprise.uscc,
            name=e.enterprise.name,
            region=e.region.code,
            credit_class=e.credit_class,
            reason=e.reason,
            refreshed_at=e.refreshed_at,
        )
        for e in S.list_eligible(user=request.user, county=county)[:5000]
    ]


def _own_region(request: AuthedRequest) -> Region:
    region = request.user.region
    if region is None:
        raise HttpError(400, "您的账号没有所属区划")
    return region


@router.post("/incentives/refresh", response=RefreshOut)
def incentive_refresh(request: AuthedRequest) -> RefreshOut:
    done = incentives.refresh(actor=request.user, region=_own_region(request))
    return RefreshOut(listed=done.listed, added=done.added, removed=done.removed)


@router.put("/incentives/policy", response=PolicyIn)
def incentive_policy(request: AuthedRequest, payload: PolicyIn) -> PolicyIn:
    item = incentives.set_policy(
        actor=request.user,
        region=_own_region(request),
        classes=payload.classes,
        window_months=payload.window_months,
    )
    return PolicyIn(classes=list(item.classes), window_months=item.window_months)


# --- 尽职免责 ------------------------------------------------------------------------------------


class ExemptionOut(Schema):
    id: int
    clue: int
    region: str
    officer: str
    act: str
    rules_version: str
    conditions: dict[str, dict[str, object]]
    applicable: list[str]
    decision: str
    reasons: str
    decided_on: dt.date | None


def _exemption_out(e: DutyExemption) -> ExemptionOut:
    return ExemptionOut(
        id=e.pk,
        clue=e.clue_id,
        region=e.region.code,
        officer=e.officer,
        act=e.act,
        rules_version=e.rules_version,
        conditions=e.conditions,
        applicable=exemptions.applicable(e),
        decision=e.decision,
        reasons=e.reasons,
        decided_on=e.decided_on,
    )


class ExemptionIn(Schema):
    clue: Id
    officer: ShortText
    act: LongText


class FindingIn(Schema):
    met: bool = False
    excepted: bool = False
    evidence: LongText = ""


class DecisionIn(Schema):
    decision: CodeText
    reasons: LongText
    conditions: dict[str, FindingIn] = {}


@router.get("/exemptions", response=list[ExemptionOut])
def exemption_list(request: AuthedRequest, clue: Id | None = None) -> list[ExemptionOut]:
    check_permission(request.user, "view_oversight")
    items = S.list_exemptions(user=request.user)
    if clue is not None:
        items = items.filter(clue_id=clue)
    return [_exemption_out(e) for e in items[:500]]


@router.post("/exemptions", response={201: ExemptionOut})
def exemption_open(request: AuthedRequest, payload: ExemptionIn) -> Status[ExemptionOut]:
    clue = get_clue(user=request.user, pk=payload.clue)
    if clue is None:
        raise HttpError(400, f"线索 {payload.clue} 不存在或不在您的管辖范围内")
    item = exemptions.open_review(actor=request.user, clue=clue, officer=payload.officer, act=payload.act)
    return Status(201, _exemption_out(item))


@router.post("/exemptions/{pk}/decide", response=ExemptionOut)
def exemption_decide(request: AuthedRequest, pk: Id, payload: DecisionIn) -> ExemptionOut:
    check_permission(request.user, "view_oversight")
    item = S.get_exemption(user=request.user, pk=pk)
    if item is None:
        raise HttpError(404, "没有找到该尽职免责认定")
    findings = {code: f.dict() for code, f in payload.conditions.items()}
    return _exemption_out(
        exemptions.decide(
            actor=request.user,
            item=item,
            findings=findings,
            decision=payload.decision,
            reasons=payload.reasons,
        )
    )


# --- 三项制度 ------------------------------------------------------------------------------------


class RecordOut(Schema):
    id: int
    kind: str
    stage: str
    label: str
    location: str
    recorded_on: dt.date
    av_check: int | None


class TrailOut(Schema):
    case: int
    has_av: bool
    has_paper: bool
    av_checks: list[int]
    records: list[RecordOut]
    publicity_due: dt.date | None
    published_on_time: bool | None
    legal_review: str


class RecordIn(Schema):
    kind: CodeText
    stage: ShortText
    label: ShortText
    location: ShortText
    recorded_on: Day
    av_check: Id | None = None


def _case(request: AuthedRequest, pk: Id) -> PenaltyCase:
    check_permission(request.user, "view_oversight")
    case = get_case(user=request.user, pk=pk)
    if case is None:
        raise HttpError(404, "没有找到该案件")
    return case


def _trail_out(request: AuthedRequest, case: PenaltyCase) -> TrailOut:
    trail = S.case_trail(user=request.user, case=case)
    publicity = S.decision_publicity([case])
    return TrailOut(
        case=case.pk,
        has_av=trail.has_av,
        has_paper=trail.has_paper,
        av_checks=[c.pk for c in trail.av_checks],
        records=[
            RecordOut(
                id=r.pk,
                kind=r.kind,
                stage=r.stage,
                label=r.label,
                location=r.location,
                recorded_on=r.recorded_on,
                av_check=r.av_check_id,
            )
            for r in trail.records
        ],
        publicity_due=publicity[0].due if publicity else None,
        published_on_time=publicity[0].on_time if publicity else None,
        legal_review=publicity[0].legal_review if publicity else "",
    )


@router.get("/cases/{pk}/records", response=TrailOut)
def case_records(request: AuthedRequest, pk: Id) -> TrailOut:
    return _trail_out(request, _case(request, pk))


@router.post("/cases/{pk}/records", response={201: TrailOut})
def case_record_add(request: AuthedRequest, pk: Id, payload: RecordIn) -> Status[TrailOut]:
    case = _case(request, pk)
    check = None
    if payload.av_check is not None:
        check = AvCheck.objects.filter(pk=payload.av_check, case=case).first()
        if check is None:
            raise HttpError(400, "所选音像记录核查不是本案的核查")
    records.link_record(
        actor=request.user,
        case=case,
        kind=payload.kind,
        stage=payload.stage,
        label=payload.label,
        location=payload.location,
        recorded_on=payload.recorded_on,
        av_check=check,
    )
    return Status(201, _trail_out(request, case))


# --- 专项整治、明察暗访、考核评议 -------------------------------------------------------------------


class CampaignOut(Schema):
    id: int
    title: str
    region: str
    domain: str
    start_on: dt.date
    end_on: dt.date
    hotspot: int | None
    key_county: int | None
    inspections: int
    cases: int
    fines: str
    clues: int
    confirmed: int
    visits: int
    summary: str


def _campaign_out(c: SpecialCampaign) -> CampaignOut:
    n = S.campaign_counts(c)
    return CampaignOut(
        id=c.pk,
        title=c.title,
        region=c.region.code,
        domain=c.domain.code,
        start_on=c.start_on,
        end_on=c.end_on,
        hotspot=c.hotspot_id,
        key_county=c.key_county_id,
        inspections=n.inspections,
        cases=n.cases,
        fines=str(n.fines),
        clues=n.clues,
        confirmed=n.confirmed,
        visits=n.visits,
        summary=c.summary,
    )


class CampaignIn(Schema):
    region: CodeText
    domain: CodeText
    title: ShortText
    goal: ShortText
    start_on: Day
    end_on: Day
    hotspot: Id | None = None
    key_county: Id | None = None


@router.get("/campaigns", response=list[CampaignOut])
def campaign_list(request: AuthedRequest) -> list[CampaignOut]:
    check_permission(request.user, "view_oversight")
    return [_campaign_out(c) for c in S.list_campaigns(user=request.user)[:200]]


@router.post("/campaigns", response={201: CampaignOut})
def campaign_create(request: AuthedRequest, payload: CampaignIn) -> Status[CampaignOut]:
    domain = list_domains().filter(code=payload.domain).first()
    if domain is None:
        raise HttpError(400, f"领域代码“{payload.domain}”无效")
    hotspot = (
        S.hotspots_for(user=request.user).filter(pk=payload.hotspot).first() if payload.hotspot else None
    )
    key = (
        S.key_counties_for(user=request.user).filter(pk=payload.key_county).first()
        if payload.key_county
        else None
    )
    if (payload.hotspot and hotspot is None) or (payload.key_county and key is None):
        raise HttpError(400, "来源投诉热点或重点县区不存在或不在您的管辖范围内")
    item = campaigns.start_campaign(
        actor=request.user,
        region=region_by_code(request, payload.region),
        domain=domain,
        title=payload.title,
        goal=payload.goal,
        start_on=payload.start_on,
        end_on=payload.end_on,
        hotspot=hotspot,
        key_county=key,
    )
    return Status(201, _campaign_out(item))


class VisitIn(Schema):
    region: CodeText
    method: CodeText
    target: CodeText
    visited_on: Day
    visitors: ShortText
    findings: Items[ShortText] = []
    campaign: Id | None = None


class VisitOut(Schema):
    id: int
    region: str
    method: str
    target: str
    visited_on: dt.date
    clues: list[int]


def _visit_out(v: SupervisionVisit) -> VisitOut:
    return VisitOut(
        id=v.pk,
        region=v.region.code,
        method=v.method,
        target=v.target,
        visited_on=v.visited_on,
        clues=[f.clue_id for f in v.findings.all() if f.clue_id],
    )


@router.get("/visits", response=list[VisitOut])
def visit_list(request: AuthedRequest) -> list[VisitOut]:
    check_permission(request.user, "view_oversight")
    return [_visit_out(v) for v in S.list_visits(user=request.user)[:500]]


@router.post("/visits", response={201: VisitOut})
def visit_create(request: AuthedRequest, payload: VisitIn) -> Status[VisitOut]:
    campaign = S.get_campaign(user=request.user, pk=payload.campaign) if payload.campaign else None
    if payload.campaign and campaign is None:
        raise HttpError(400, "所属专项整治不存在或不在您的管辖范围内")
    visit = campaigns.record_visit(
        actor=request.user,
        region=region_by_code(request, payload.region),
        method=payload.method,
        target=payload.target,
        visited_on=payload.visited_on,
        visitors=payload.visitors,
        findings=payload.findings,
        campaign=campaign,
    )
    return Status(201, _visit_out(visit))


class AppraisalIn(Schema):
    region: CodeText
    year: Count
    scores: dict[str, float]
    unit: Id | None = None
    comment: LongText = ""


class AppraisalOut(Schema):
    id: int
    region: str
    unit: str
    year: int
    sheet_version: str
    total: str
    grade: str


def _appraisal_out(a: Appraisal) -> AppraisalOut:
    return AppraisalOut(
        id=a.pk,
        region=a.region.code,
        unit=a.unit.name if a.unit else "",
        year=a.year,
        sheet_version=a.sheet_version,
        total=str(a.total),
        grade=a.grade,
    )


@router.get("/appraisals", response=list[AppraisalOut])
def appraisal_list(request: AuthedRequest, year: Count | None = None) -> list[AppraisalOut]:
    check_permission(request.user, "view_oversight")
    return [_appraisal_out(a) for a in S.list_appraisals(user=request.user, year=year)[:500]]


@router.post("/appraisals", response={201: AppraisalOut})
def appraisal_create(request: AuthedRequest, payload: AppraisalIn) -> Status[AppraisalOut]:
    unit = _units_by_id(request, [payload.unit], "被考核单位")[0] if payload.unit else None
    item = campaigns.appraise(
        actor=request.user,
        region=region_by_code(request, payload.region),
        year=payload.year,
        scores=payload.scores,
        unit=unit,
        comment=payload.comment,
    )
    return Status(201, _appraisal_out(item))


# --- 学习目录（附件1） ------------------------------------------------------------------------------


class StudyIn(Schema):
    item: CodeText
    studied_on: Day | None = None
    note: ShortText = ""


class StudyRecordOut(Schema):
    id: int
    user: str
    region: str
    item: str
    title: str
    studied_on: dt.date


class StudyStaffOut(Schema):
    user: str
    region: str
    required_done: int
    required_total: int
    studied: dict[str, dt.date]


class StudyOut(Schema):
    catalogue: str
    items: list[dict[str, str | bool]]
    staff: list[StudyStaffOut]


@router.get("/study", response=StudyOut)
def study_get(request: AuthedRequest, county: CodeText = "") -> StudyOut:
    """The catalogue in force and each staff member's study record in scope (one county if given)."""
    check_permission(request.user, "view_oversight")
    catalogue, rows = S.study_table(user=request.user, county=county)
    return StudyOut(
        catalogue=catalogue.version,
        items=[
            {"key": i.key, "title": i.title, "version": i.version, "required": i.required}
            for i in catalogue.items
        ],
        staff=[
            StudyStaffOut(
                user=r.staff.username,
                region=r.staff.region.code if r.staff.region else "",
                required_done=r.required_done,
                required_total=r.required_total,
                studied={k: v.studied_on for k, v in r.done.items()},
            )
            for r in rows[:2000]
        ],
    )


@router.post("/study", response={201: StudyRecordOut})
def study_mark(request: AuthedRequest, payload: StudyIn) -> Status[StudyRecordOut]:
    entry = study.mark_studied(
        actor=request.user, item_key=payload.item, studied_on=payload.studied_on, note=payload.note
    )
    return Status(
        201,
        StudyRecordOut(
            id=entry.pk,
            user=request.user.username,
            region=entry.region.code,
            item=entry.item_key,
            title=entry.item_title,
            studied_on=entry.studied_on,
        ),
    )
