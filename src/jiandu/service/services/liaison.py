"""Liaison of bureau leaders with firms, assistance needs, forums, procedure walks and park visits
- 局处长联络、帮扶需求、座谈会、走流程、进园区进企业."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from jiandu.audit.services import AuditAction, snapshot
from jiandu.clues.models import Channel, SuggestionSource
from jiandu.clues.services import file_clue, record_suggestion
from jiandu.errors import UserError
from jiandu.org.models import Enterprise, Region, Unit, User
from jiandu.reviews.models import FollowUp
from jiandu.service.models import (
    AssistanceRequest,
    AssistanceStep,
    FindingStatus,
    Forum,
    ForumIssue,
    LiaisonAssignment,
    LiaisonCategory,
    LiaisonVisit,
    NeedSource,
    ProcedureFinding,
    ServiceEvent,
    ServiceKind,
)
from jiandu.service.rules import service_rules
from jiandu.service.services._common import (
    authorise,
    changed,
    check_unit,
    created,
    not_future,
    text,
    today,
    workdays,
)
from jiandu.service.workflow import ASSISTANCE

# --- 局处长联络 -----------------------------------------------------------------------------------


def assign_liaison(
    *, actor: User, enterprise: Enterprise, leader: User, title: str, category: str
) -> LiaisonAssignment:
    authorise(actor, enterprise.region_id, "manage_service")
    if category not in LiaisonCategory.values:
        raise UserError("请选择企业类别（重点企业、高成长潜力企业、困难小微企业）。", field="category")
    if leader.role == "supervisor" or not leader.is_active:
        raise UserError("联络领导须为本局在岗工作人员。", field="leader")
    title = text(title, "职务", "title", 30)
    with transaction.atomic():
        if LiaisonAssignment.objects.filter(enterprise=enterprise, leader=leader).exists():
            raise UserError("该领导已联络此企业。", field="leader")
        item = LiaisonAssignment.objects.create(
            enterprise=enterprise,
            region=enterprise.region,
            leader=leader,
            title=title,
            category=category,
            assigned_on=today(),
        )
        created(actor, item, "确定局处长联络企业")
    return item


def record_liaison_visit(
    *, actor: User, assignment: LiaisonAssignment, visited_on: dt.date, content: str
) -> LiaisonVisit:
    authorise(actor, assignment.region_id, "manage_service")
    not_future(visited_on, "走访日期", "visited_on")
    with transaction.atomic():
        visit = LiaisonVisit.objects.create(
            assignment=assignment,
            enterprise_id=assignment.enterprise_id,
            region_id=assignment.region_id,
            visited_on=visited_on,
            content=text(content, "走访情况", "content"),
            recorded_by=actor,
        )
        created(actor, visit, "登记联络走访")
    return visit


# --- 帮扶需求清单 ---------------------------------------------------------------------------------


def open_assistance(
    *,
    actor: User,
    region: Region,
    unit: Unit,
    source: str,
    content: str,
    enterprise: Enterprise | None = None,
    requester: str = "",
    source_ref: str = "",
    raised_on: dt.date | None = None,
    term_workdays: int | None = None,
) -> AssistanceRequest:
    """Add a firm's need to the list, owned by a unit, due in a number of working days."""
    authorise(actor, region.pk, "manage_service")
    if source not in NeedSource.values:
        raise UserError("请选择需求来源。", field="source")
    if enterprise is not None and enterprise.region_id != region.pk:
        raise UserError("企业不在所选区划内。", field="enterprise")
    check_unit(actor, unit, region)
    who = (requester or (enterprise.name if enterprise else "")).strip()
    if not who:
        raise UserError("请填写提出需求的企业或单位。", field="requester")
    raised = not_future(raised_on or today(), "提出日期", "raised_on")
    with transaction.atomic():
        item = AssistanceRequest.objects.create(
            enterprise=enterprise,
            requester=who[:100],
            region=region,
            unit=unit,
            source=source,
            source_ref=source_ref[:60],
            content=text(content, "需求内容", "content"),
            raised_on=raised,
            term_workdays=workdays(term_workdays, service_rules().assistance_workdays),
            created_by=actor,
        )
        created(actor, item, "登记帮扶需求")
    return item


def need_from_follow_up(*, actor: User, follow_up: FollowUp, unit: Unit) -> AssistanceRequest:
    """The needs a firm named in a follow-up visit (回访) become an assistance need in one action."""
    if not follow_up.needs.strip() or follow_up.visited_on is None:
        raise UserError("该回访没有登记帮扶需求。", field="follow_up")
    if AssistanceRequest.objects.filter(
        source=NeedSource.FOLLOW_UP, source_ref=f"回访{follow_up.pk}"
    ).exists():
        raise UserError("该回访的帮扶需求已登记。", field="follow_up")
    firm = follow_up.case.enterprise
    return open_assistance(
        actor=actor,
        region=firm.region,
        unit=unit,
        source=NeedSource.FOLLOW_UP,
        content=follow_up.needs,
        enterprise=firm,
        source_ref=f"回访{follow_up.pk}",
        raised_on=follow_up.visited_on,
    )


def _assistance_move(actor: User, item: AssistanceRequest, action: str) -> AssistanceRequest:
    authorise(actor, item.region_id, "manage_service")
    locked = AssistanceRequest.objects.select_for_update().get(pk=item.pk)
    ASSISTANCE.check(action, state=locked.status, user=actor, obj=locked)
    return locked


def add_assistance_step(
    *, actor: User, item: AssistanceRequest, action: str, taken_on: dt.date | None = None
) -> AssistanceStep:
    with transaction.atomic():
        item = _assistance_move(actor, item, "step")
        step = AssistanceStep.objects.create(
            request=item,
            taken_on=not_future(taken_on or today(), "日期", "taken_on"),
            action=text(action, "采取的措施", "action"),
            actor=actor,
        )
        created(actor, step, "登记帮扶措施")
    return step


def answer_assistance(*, actor: User, item: AssistanceRequest, answer: str) -> AssistanceRequest:
    with transaction.atomic():
        item = _assistance_move(actor, item, "answer")
        before = snapshot(item)
        item.answer, item.answered_on, item.status = text(answer, "办理答复", "answer"), today(), "answered"
        item.save(update_fields=["answer", "answered_on", "status"])
        changed(actor, item, before, "答复企业", AuditAction.TRANSITION)
    return item


def record_assistance_feedback(
    *, actor: User, item: AssistanceRequest, satisfaction: int, feedback: str = "", reopen: bool = False
) -> AssistanceRequest:
    """The firm's word on the answer: satisfied closes the need; not satisfied sends it back."""
    if not 1 <= int(satisfaction) <= 5:
        raise UserError("满意度应为 1 至 5 分。", field="satisfaction")
    with transaction.atomic():
        item = _assistance_move(actor, item, "reopen" if reopen else "feedback")
        before = snapshot(item)
        item.satisfaction, item.feedback = int(satisfaction), feedback.strip()
        if reopen:
            item.status = "open"
        else:
            item.status, item.closed_on = "closed", today()
        item.save(update_fields=["satisfaction", "feedback", "status", "closed_on"])
        changed(
            actor,
            item,
            before,
            "企业不满意，重新办理" if reopen else "企业评价，办结",
            AuditAction.TRANSITION,
        )
    return item


# --- 座谈会 ------------------------------------------------------------------------------------


def hold_forum(
    *,
    actor: User,
    region: Region,
    title: str,
    held_on: dt.date,
    firms: Sequence[Enterprise] = (),
    other_attendees: str = "",
    venue: str = "",
    host_unit: Unit | None = None,
    issues: Sequence[tuple[str, str, Enterprise | None]] = (),
) -> Forum:
    """Record a forum with its attendees and the issues raised (text, raised by, firm)."""
    authorise(actor, region.pk, "manage_service")
    for firm in firms:
        if firm.region_id != region.pk and firm.region.parent_id != region.pk:
            raise UserError(f"参会企业“{firm.name}”不在该区划内。", field="firms")
    with transaction.atomic():
        forum = Forum.objects.create(
            region=region,
            title=text(title, "座谈会名称", "title", 100),
            held_on=not_future(held_on, "召开日期", "held_on"),
            venue=venue.strip()[:100],
            host_unit=host_unit,
            other_attendees=other_attendees.strip()[:300],
            created_by=actor,
        )
        forum.firms.set(firms)
        created(actor, forum, "登记座谈会")
        for issue_text, raised_by, named in issues:
            add_forum_issue(actor=actor, forum=forum, text_=issue_text, raised_by=raised_by, enterprise=named)
    return forum


def add_forum_issue(
    *, actor: User, forum: Forum, text_: str, raised_by: str = "", enterprise: Enterprise | None = None
) -> ForumIssue:
    authorise(actor, forum.region_id, "manage_service")
    with transaction.atomic():
        issue = ForumIssue.objects.create(
            forum=forum,
            text=text(text_, "反映的问题", "text"),
            raised_by=raised_by.strip()[:100],
            enterprise=enterprise,
        )
        created(actor, issue, "登记座谈会反映的问题")
    return issue


def _issue_locked(actor: User, issue: ForumIssue) -> ForumIssue:
    locked = (
        ForumIssue.objects.select_for_update(of=("self",))
        .select_related("forum", "forum__region")
        .get(pk=issue.pk)
    )
    authorise(actor, locked.forum.region_id, "manage_service")
    return locked


def issue_to_clue(*, actor: User, issue: ForumIssue) -> ForumIssue:
    """One action: the issue becomes a problem clue （channel 涉企执法座谈会）."""
    with transaction.atomic():
        issue = _issue_locked(actor, issue)
        if issue.clue_id is not None:
            raise UserError("该问题已转为问题线索。")
        forum = issue.forum
        issue.clue = file_clue(
            actor=actor,
            channel=Channel.FORUM,
            summary=issue.text,
            region=forum.region if issue.enterprise is None else issue.enterprise.region,
            enterprise=issue.enterprise,
            enterprise_name=issue.raised_by if issue.enterprise is None else "",
            source_ref=f"座谈会{forum.pk}：{forum.title}",
            received_at=None,
        )
        issue.save(update_fields=["clue"])
        changed(actor, issue, {"clue_id": None}, "座谈会问题转为问题线索")
    return issue


def issue_to_need(
    *, actor: User, issue: ForumIssue, unit: Unit, term_workdays: int | None = None
) -> ForumIssue:
    """One action: the issue becomes an assistance need owned by ``unit``."""
    with transaction.atomic():
        issue = _issue_locked(actor, issue)
        if issue.assistance_id is not None:
            raise UserError("该问题已转为帮扶需求。")
        forum = issue.forum
        issue.assistance = open_assistance(
            actor=actor,
            region=issue.enterprise.region if issue.enterprise else forum.region,
            unit=unit,
            source=NeedSource.FORUM,
            content=issue.text,
            enterprise=issue.enterprise,
            requester=issue.raised_by,
            source_ref=f"座谈会{forum.pk}",
            raised_on=forum.held_on,
            term_workdays=term_workdays,
        )
        issue.save(update_fields=["assistance"])
        changed(actor, issue, {"assistance_id": None}, "座谈会问题转为帮扶需求")
    return issue


def issue_to_suggestion(*, actor: User, issue: ForumIssue, unit: Unit | None = None) -> ForumIssue:
    """One action: the issue goes to the 意见建议清单."""
    with transaction.atomic():
        issue = _issue_locked(actor, issue)
        if issue.suggestion_id is not None:
            raise UserError("该问题已列入意见建议清单。")
        forum = issue.forum
        issue.suggestion = record_suggestion(
            actor=actor,
            region=forum.region,
            source=SuggestionSource.FORUM,
            text=issue.text,
            source_ref=f"座谈会{forum.pk}：{forum.title}",
            unit=unit,
            clue=issue.clue if issue.clue is not None and issue.clue.region_id == forum.region_id else None,
        )
        issue.save(update_fields=["suggestion"])
        changed(actor, issue, {"suggestion_id": None}, "座谈会问题列入意见建议清单")
    return issue


# --- 走流程 / 体验式办理 --------------------------------------------------------------------------


def record_procedure_finding(
    *,
    actor: User,
    region: Region,
    procedure: str,
    step: str,
    blocker: str,
    fix: str,
    unit: Unit,
    found_on: dt.date | None = None,
    term_workdays: int | None = None,
) -> ProcedureFinding:
    authorise(actor, region.pk, "manage_service")
    check_unit(actor, unit, region)
    with transaction.atomic():
        finding = ProcedureFinding.objects.create(
            region=region,
            procedure=text(procedure, "办理事项", "procedure", 100),
            step=text(step, "环节", "step", 100),
            blocker=text(blocker, "堵点问题", "blocker"),
            fix=text(fix, "整改措施", "fix"),
            unit=unit,
            found_on=not_future(found_on or today(), "发现日期", "found_on"),
            term_workdays=workdays(term_workdays, service_rules().procedure_fix_workdays),
            walker=actor,
        )
        created(actor, finding, "登记走流程发现的问题")
    return finding


def rectify_procedure_finding(*, actor: User, finding: ProcedureFinding, result: str) -> ProcedureFinding:
    authorise(actor, finding.region_id, "manage_service")
    with transaction.atomic():
        finding = ProcedureFinding.objects.select_for_update().get(pk=finding.pk)
        if finding.status != FindingStatus.OPEN:
            raise UserError("该问题已整改完成。")
        before = snapshot(finding)
        finding.status, finding.result, finding.rectified_on = (
            FindingStatus.RECTIFIED,
            text(result, "整改结果", "result"),
            today(),
        )
        finding.save(update_fields=["status", "result", "rectified_on"])
        changed(actor, finding, before, "走流程问题整改完成", AuditAction.TRANSITION)
    return finding


# --- 进园区进企业 ---------------------------------------------------------------------------------


def record_service_event(
    *,
    actor: User,
    region: Region,
    park: str,
    held_on: dt.date,
    units: Sequence[Unit],
    services: Sequence[str],
    firms: Sequence[Enterprise] = (),
    notes: str = "",
) -> ServiceEvent:
    authorise(actor, region.pk, "manage_service")
    if not units:
        raise UserError("请选择参加单位。", field="units")
    unknown = [s for s in services if s not in ServiceKind.values]
    if not services or unknown:
        raise UserError(
            "请选择提供的服务（登记注册、计量检定、标准、检验检测、知识产权）。", field="services"
        )
    for unit in units:
        check_unit(actor, unit, region)
    with transaction.atomic():
        event = ServiceEvent.objects.create(
            region=region,
            park=text(park, "园区", "park", 100),
            held_on=not_future(held_on, "日期", "held_on"),
            services=sorted(set(services), key=ServiceKind.values.index),
            notes=notes.strip(),
            created_by=actor,
        )
        event.units.set(units)
        event.firms.set(firms)
        created(actor, event, f"登记进园区进企业活动，服务企业 {len(firms)} 户")
    return event
