"""Urgent handling and public opinion (市局实施方案 四(四)、五(四)): a clue marked 社会影响恶劣 or 舆情
gets a deadline in hours and is escalated to the city at once; 舆情 events with their steps, statement
and closing; media reports of the campaign; the 典型问题 of 以案警示, anonymised and published."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jiandu.audit.services import AuditAction, snapshot
from jiandu.clues.models import Clue, ClueStatus, ProblemSubtype, Verdict
from jiandu.engines.oversight import anonymise, identifiers
from jiandu.errors import UserError
from jiandu.org.models import Region, User
from jiandu.oversight.models import (
    MediaKind,
    MediaLevel,
    MediaReport,
    OpinionEvent,
    OpinionSource,
    OpinionStep,
    UrgentKind,
    UrgentMatter,
    WarningCase,
)
from jiandu.oversight.rules import oversight_rules
from jiandu.oversight.services._common import (
    authorise,
    changed,
    choice,
    city_of,
    created,
    not_future,
    now,
    text,
    today,
)


def flag_urgent(
    *,
    actor: User,
    clue: Clue,
    kind: str,
    reason: str,
    deadline_hours: int | None = None,
    source: str = OpinionSource.NETWORK,
    source_detail: str = "",
    first_seen_at: dt.datetime | None = None,
) -> UrgentMatter:
    """Mark a clue for fast handling; it is escalated to the city in the same step. A 舆情 mark opens the
    舆情 event record as well."""
    authorise(actor, clue.region_id, "flag_urgent")
    kind = choice(kind, UrgentKind, "紧急类型", "kind")
    reason = text(reason, "标记理由", "reason", 1000)
    rules = oversight_rules()
    hours = rules.default_hours[kind] if deadline_hours is None else int(deadline_hours)
    if not 1 <= hours <= rules.max_hours:
        raise UserError(f"处置时限应为 1 至 {rules.max_hours} 小时。", field="deadline_hours")
    if clue.status == ClueStatus.CLOSED:
        raise UserError("该线索已办结，不能再标记为紧急事项。", field="kind")
    moment = now()
    if first_seen_at is not None and first_seen_at > moment:
        raise UserError("首次发现时间不能晚于现在。", field="first_seen_at")
    if kind == UrgentKind.OPINION:
        choice(source, OpinionSource, "舆情来源", "source")
    with transaction.atomic():
        if UrgentMatter.objects.filter(clue=clue).exists():
            raise UserError("该线索已标记为紧急事项。", field="kind")
        matter = UrgentMatter.objects.create(
            clue=clue,
            region_id=clue.region_id,
            kind=kind,
            reason=reason,
            deadline_hours=hours,
            flagged_at=moment,
            flagged_by=actor,
            escalated_to=city_of(clue.region),
        )
        created(actor, matter, note=f"标记为{matter.get_kind_display()}，{hours} 小时内处置，提级至市局")
        if kind == UrgentKind.OPINION:
            event = OpinionEvent.objects.create(
                region_id=clue.region_id,
                matter=matter,
                title=clue.summary[:60],
                source=source,
                source_detail=source_detail.strip()[:200],
                first_seen_at=first_seen_at or moment,
                summary=clue.summary,
                created_by=actor,
            )
            created(actor, event, note="舆情事件登记")
    return matter


def open_event(
    *,
    actor: User,
    region: Region,
    title: str,
    source: str,
    summary: str,
    first_seen_at: dt.datetime,
    source_detail: str = "",
) -> OpinionEvent:
    """A 舆情 event seen before any clue names it (monitoring)."""
    authorise(actor, region.pk, "handle_opinion")
    choice(source, OpinionSource, "舆情来源", "source")
    if first_seen_at > now():
        raise UserError("首次发现时间不能晚于现在。", field="first_seen_at")
    with transaction.atomic():
        event = OpinionEvent.objects.create(
            region=region,
            title=text(title, "舆情标题", "title", 120),
            source=source,
            source_detail=source_detail.strip()[:200],
            first_seen_at=first_seen_at,
            summary=text(summary, "舆情概要", "summary", 4000),
            created_by=actor,
        )
        created(actor, event, note="舆情事件登记")
    return event


def _open(event: OpinionEvent) -> None:
    if event.closed_at is not None:
        raise UserError("该舆情事件已处置完毕。", field="action")


def add_step(*, actor: User, event: OpinionEvent, action: str) -> OpinionStep:
    authorise(actor, event.region_id, "handle_opinion")
    _open(event)
    with transaction.atomic():
        step = OpinionStep.objects.create(
            event=event, taken_at=now(), action=text(action, "应对措施", "action", 2000), by=actor
        )
        created(actor, step, note=f"舆情应对：{event.title}")
    return step


def publish_statement(*, actor: User, event: OpinionEvent, statement: str) -> OpinionEvent:
    authorise(actor, event.region_id, "handle_opinion")
    _open(event)
    statement = text(statement, "公开回应内容", "statement", 4000)
    with transaction.atomic():
        before = snapshot(event)
        event.statement, event.statement_at = statement, now()
        event.save(update_fields=["statement", "statement_at"])
        changed(actor, event, before, "发布公开回应", AuditAction.TRANSITION)
    return event


def close_event(*, actor: User, event: OpinionEvent, note: str) -> OpinionEvent:
    """Close a 舆情 event; when it was the last open event of an urgent matter, the matter closes too."""
    authorise(actor, event.region_id, "handle_opinion")
    _open(event)
    note = text(note, "处置情况", "note", 2000)
    if not event.steps.exists():
        raise UserError("请先登记至少一项应对措施，再办结舆情事件。", field="note")
    with transaction.atomic():
        before = snapshot(event)
        event.closed_at, event.closing_note = now(), note
        event.save(update_fields=["closed_at", "closing_note"])
        changed(actor, event, before, "舆情事件处置完毕", AuditAction.TRANSITION)
        matter = event.matter
        if (
            matter is not None
            and matter.closed_at is None
            and not matter.events.filter(closed_at=None).exists()
        ):
            _close_matter(actor, matter, note)
    return event


def _close_matter(actor: User, matter: UrgentMatter, result: str) -> None:
    before = snapshot(matter)
    matter.closed_at, matter.closed_by, matter.result = now(), actor, result
    matter.save(update_fields=["closed_at", "closed_by", "result"])
    changed(actor, matter, before, "紧急事项处置完毕", AuditAction.TRANSITION)


def close_urgent(*, actor: User, matter: UrgentMatter, result: str) -> UrgentMatter:
    authorise(actor, matter.region_id, "flag_urgent")
    if matter.closed_at is not None:
        raise UserError("该紧急事项已处置完毕。", field="result")
    result = text(result, "处置结果", "result", 2000)
    if matter.events.filter(closed_at=None).exists():
        raise UserError("该事项还有未处置完毕的舆情事件，请先办结舆情事件。", field="result")
    with transaction.atomic():
        _close_matter(actor, matter, result)
    return matter


# --- 宣传报道 -----------------------------------------------------------------------------------


def record_media(
    *,
    actor: User,
    region: Region,
    title: str,
    outlet: str,
    level: str,
    kind: str,
    published_on: dt.date,
    link: str = "",
) -> MediaReport:
    authorise(actor, region.pk, "record_media")
    report = MediaReport(
        region=region,
        title=text(title, "报道标题", "title", 150),
        outlet=text(outlet, "媒体名称", "outlet", 60),
        level=choice(level, MediaLevel, "媒体级别", "level"),
        kind=choice(kind, MediaKind, "媒体类型", "kind"),
        published_on=not_future(published_on, "刊发日期", "published_on"),
        link=(link or "").strip()[:300],
        created_by=actor,
    )
    with transaction.atomic():
        report.save()
        created(actor, report, note="登记宣传报道")
    return report


# --- 以案警示 ---------------------------------------------------------------------------------------


def _names(clue: Clue | None) -> list[str]:
    if clue is None:
        return []
    names = [clue.enterprise_name, clue.officers, clue.unit_named, clue.reporter_name, clue.reporter_phone]
    if clue.enterprise is not None:
        names += [clue.enterprise.name, clue.enterprise.uscc]
    return [n for n in names if n]


def draft_warning_case(
    *, actor: User, region: Region, title: str, lesson: str, clue: Clue | None = None, account: str = ""
) -> WarningCase:
    """A warning case, from a confirmed clue (its account anonymised from the clue and assessment) or
    written by hand."""
    authorise(actor, region.pk, "publish_warning_cases")
    domain, subtype = None, ""
    if clue is not None:
        authorise(actor, clue.region_id, "publish_warning_cases")
        assessment = getattr(clue, "assessment", None)
        if assessment is None or assessment.verdict != Verdict.CONFIRMED:
            raise UserError("只有已认定属于四类重点问题的线索才能编为以案警示典型问题。", field="clue")
        domain, subtype = clue.domain, clue.subtype
        if not account.strip():
            parts = [clue.summary] + ([assessment.opinion] if assessment is not None else [])
            account = "\n".join(parts)
        account = anonymise(account, _names(clue))
    if subtype and subtype not in ProblemSubtype.values:
        subtype = ""
    case = WarningCase(
        region=region,
        clue=clue,
        domain=domain,
        subtype=subtype,
        title=text(title, "标题", "title", 120),
        account=text(account, "问题经过", "account", 6000),
        lesson=text(lesson, "警示意义", "lesson", 2000),
        created_by=actor,
    )
    with transaction.atomic():
        case.save()
        created(actor, case, note="编写以案警示典型问题")
    return case


def publish_warning_case(*, actor: User, case: WarningCase) -> WarningCase:
    """Publish on the public page, refused while the text still names the firm, an officer or a person."""
    authorise(actor, case.region_id, "publish_warning_cases")
    if case.published_on is not None:
        raise UserError("该典型问题已发布。", field="account")
    found = identifiers(f"{case.title}\n{case.account}\n{case.lesson}", _names(case.clue))
    if found:
        raise UserError(
            f"公开文本仍含可识别身份的信息：{'、'.join(found)}，请隐去后再发布。", field="account"
        )
    with transaction.atomic():
        before = snapshot(case)
        case.published_on = today()
        case.save(update_fields=["published_on"])
        changed(actor, case, before, "公开发布以案警示典型问题", AuditAction.TRANSITION)
    return case
