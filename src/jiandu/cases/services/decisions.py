"""The decision, its documents, delivery, payment or enforcement, closing, flags and publicity."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal

from django.db import IntegrityError, transaction

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.audit.services import diff as diff_fields
from jiandu.cases import hooks
from jiandu.cases.models import (
    CaseDocument,
    CaseOutcome,
    CaseStatus,
    DocumentKind,
    PenaltyCase,
    PublicityStatus,
)
from jiandu.cases.rules import procedure
from jiandu.cases.services._common import _check_scope, _locked, _reindex, _step, _transition, today
from jiandu.cases.services.papers import (
    decision_text,
    publicity_plan,
    receipt_document,
    repair_notice_text,
    short_name,
)
from jiandu.cases.workflow import CASE_TRANSITIONS, PUBLICITY_TRANSITIONS, hearing_in_scope
from jiandu.documents.credit_repair_notice import credit_repair_notice
from jiandu.documents.penalty_decision import education_record, no_penalty_decision, penalty_decision
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.org.models import User
from jiandu.org.permissions import check_permission

CENT = Decimal("0.01")


def _number_prefix(case: PenaltyCase) -> str:
    word = "不罚" if case.outcome == CaseOutcome.NO_PENALTY else "处罚"
    return f"{short_name(case)}市监{word}〔{case.decided_on.year}〕"  # type: ignore[union-attr]


def _next_number(case: PenaltyCase) -> str:
    prefix = _number_prefix(case)
    pattern = re.compile(re.escape(prefix) + r"(\d+)号$")
    used = PenaltyCase.objects.filter(decision_number__startswith=prefix).values_list(
        "decision_number", flat=True
    )
    last = max((int(m.group(1)) for n in used if n and (m := pattern.match(n))), default=0)
    return f"{prefix}{last + 1}号"


def _documents_for(case: PenaltyCase) -> list[tuple[str, bytes]]:  # (DocumentKind value, .docx)
    text = decision_text(case)
    if case.outcome == CaseOutcome.NO_PENALTY:
        return [
            (DocumentKind.NO_PENALTY_DECISION, no_penalty_decision(text)),
            (DocumentKind.EDUCATION_RECORD, education_record(text)),
        ]
    documents: list[tuple[str, bytes]] = [(DocumentKind.PENALTY_DECISION, penalty_decision(text))]
    if publicity_plan(case).published:
        documents.append((DocumentKind.CREDIT_REPAIR_NOTICE, credit_repair_notice(repair_notice_text(case))))
    return documents


def skipped_steps(case: PenaltyCase) -> list[dict[str, str]]:
    """The optional steps this case did not go through, each with the reason (shown and audited)."""
    rules = procedure()
    skipped = []
    if case.outcome == CaseOutcome.NO_PENALTY:
        skipped.append({"step": "告知", "reason": rules.skip_reason("notice")})
    elif getattr(case, "hearing", None) is None:
        reason = (
            "当事人在法定期限内未要求听证" if hearing_in_scope(case) else "拟作出的行政处罚不属于听证范围"
        )
        skipped.append({"step": "听证", "reason": reason})
    if not case.legal_review_passed:
        skipped.append({"step": "法制审核", "reason": rules.skip_reason("legal_review")})
    if not case.discussed_on:
        skipped.append({"step": "集体讨论", "reason": rules.skip_reason("discussion")})
    return skipped


def decide_case(
    *,
    actor: User,
    case: PenaltyCase,
    decided_on: dt.date | None = None,
    deviation_reason: str | None = None,
    education_note: str | None = None,
) -> PenaltyCase:
    """作出决定: number it, freeze its documents, set publicity, tell the floors above (follow-ups)."""
    decided_on = decided_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        before = snapshot(case)
        if deviation_reason is not None and deviation_reason.strip():
            case.deviation_reason = deviation_reason.strip()
        if education_note is not None and education_note.strip():
            case.education_note = education_note.strip()
        CASE_TRANSITIONS.check("decide", state=case.status, user=actor, obj=case)
        if decided_on < case.filed_on:
            raise UserError("决定日期不能早于立案日期", field="decided_on")
        if decided_on > today():
            raise UserError("决定日期不能晚于今天", field="decided_on")
        if case.outcome == CaseOutcome.NO_PENALTY and not case.education_note:
            raise UserError(
                "不予处罚的案件请填写教育内容（行政处罚法第三十三条第三款）", field="education_note"
            )
        case.decided_on = decided_on
        case.status = CaseStatus.DECIDED
        case.skipped_steps = skipped_steps(case)
        case.publicity_status = (
            PublicityStatus.PENDING if publicity_plan(case).published else PublicityStatus.NOT_REQUIRED
        )
        for attempt in range(3):
            case.decision_number = _next_number(case)
            try:
                with transaction.atomic():
                    case.save()
                break
            except IntegrityError:
                if attempt == 2:
                    raise
        hashes = {}
        for kind, content in _documents_for(case):
            hashes[kind] = hashlib.sha256(content).hexdigest()
            CaseDocument.objects.create(case=case, kind=kind, content=content, sha256=hashes[kind])
        skipped = "；".join(f"未经{s['step']}：{s['reason']}" for s in case.skipped_steps)
        _step(case, before["status"], case.status, actor, f"作出决定 {case.decision_number}。{skipped}")
        old, new = diff_fields(before, snapshot(case))
        new["documents"] = hashes  # the trail fixes the issued documents by their SHA-256
        record(
            actor=actor, change=change_for(case, AuditAction.TRANSITION, before=old, after=new, note="decide")
        )
        hooks.case_decided(case=case, actor=actor)
        _reindex(case)
    return case


def deliver_case(
    *,
    actor: User,
    case: PenaltyCase,
    delivered_on: dt.date | None = None,
    method: str = "直接送达",
    receiver: str = "",
) -> PenaltyCase:
    """送达 (程序规定第八十一、八十二条): method, date, receiver; the 送达回证 is generated."""
    delivered_on = delivered_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        CASE_TRANSITIONS.check("deliver", state=case.status, user=actor, obj=case)
        assert case.decided_on is not None
        if delivered_on < case.decided_on or delivered_on > today():
            raise UserError("送达日期应在决定日期与今天之间", field="delivered_on")
        method = (method or "直接送达").strip()
        if method not in procedure().delivery_methods:
            raise UserError(
                f"送达方式“{method}”无效，可选：{'、'.join(procedure().delivery_methods)}", field="method"
            )
        before = snapshot(case)
        case.delivered_on = delivered_on
        case.delivery_method = method[:30]
        case.delivery_receiver = (receiver.strip() or case.representative or case.enterprise.name)[:50]
        case.status = CaseStatus.DELIVERED
        names = [
            f"《{d.get_kind_display()}》"
            for d in case.documents.defer("content").order_by("kind")
            if d.kind != DocumentKind.DELIVERY_RECEIPT
            and d.kind not in (DocumentKind.NOTICE, DocumentKind.HEARING_NOTICE)
        ]
        content = receipt_document(case, documents=names)
        CaseDocument.objects.update_or_create(
            case=case,
            kind=DocumentKind.DELIVERY_RECEIPT,
            defaults={"content": content, "sha256": hashlib.sha256(content).hexdigest()},
        )
        late = ""
        if delivered_on > load_calendar().add(case.decided_on, procedure().days("deliver")):
            late = "（已超过七个工作日的送达期限）"
        _transition(
            case, actor, "deliver", before, f"{case.delivery_method}：{'、'.join(names)}同时送达{late}"
        )
    return case


def late_fee(case: PenaltyCase, *, paid_on: dt.date) -> Decimal:
    """加处罚款: 3% of the fine a day after the 15-day period, never more than the fine (第七十二条)."""
    if case.delivered_on is None or case.fine <= 0:
        return Decimal("0.00")
    due = case.delivered_on + dt.timedelta(days=procedure().days("pay"))
    days = (paid_on - due).days
    if days <= 0:
        return Decimal("0.00")
    return min(case.fine, (case.fine * procedure().late_fee_rate * days).quantize(CENT))


def record_payment(*, actor: User, case: PenaltyCase, paid_on: dt.date | None = None) -> PenaltyCase:
    paid_on = paid_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        CASE_TRANSITIONS.check("pay", state=case.status, user=actor, obj=case)
        assert case.delivered_on is not None
        if paid_on < case.delivered_on or paid_on > today():
            raise UserError("缴纳日期应在送达日期与今天之间", field="on")
        before = snapshot(case)
        case.paid_on = paid_on
        case.late_fee = late_fee(case, paid_on=paid_on)
        case.status = CaseStatus.PAID
        note = f"罚没款{case.amount_due}元已缴纳"
        if case.late_fee:
            note += f"，逾期加处罚款{case.late_fee}元（行政处罚法第七十二条）"
        _transition(case, actor, "pay", before, note)
    return case


def apply_enforcement(*, actor: User, case: PenaltyCase, applied_on: dt.date | None = None) -> PenaltyCase:
    """逾期不缴纳: 申请人民法院强制执行 (行政处罚法第七十二条第一款第四项)."""
    applied_on = applied_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        CASE_TRANSITIONS.check("enforce", state=case.status, user=actor, obj=case)
        if applied_on > today():
            raise UserError("申请日期不能晚于今天", field="on")
        before = snapshot(case)
        case.enforcement_applied_on = applied_on
        case.late_fee = late_fee(case, paid_on=applied_on)
        case.status = CaseStatus.ENFORCING
        _transition(case, actor, "enforce", before, f"申请人民法院强制执行；加处罚款{case.late_fee}元")
    return case


CLOSE_REASONS = (
    "行政处罚决定执行完毕",
    "人民法院裁定终结执行",
    "不予行政处罚决定已送达",
    "其他应予结案的情形",
)


def close_case(
    *, actor: User, case: PenaltyCase, closed_on: dt.date | None = None, reason: str = ""
) -> PenaltyCase:
    """结案 (程序规定第七十七条)."""
    closed_on = closed_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        CASE_TRANSITIONS.check("close", state=case.status, user=actor, obj=case)
        if closed_on > today():
            raise UserError("结案日期不能晚于今天", field="on")
        before = snapshot(case)
        if not reason:
            reason = (
                "不予行政处罚决定已送达" if case.outcome == CaseOutcome.NO_PENALTY else "行政处罚决定执行完毕"
            )
        if reason not in CLOSE_REASONS:
            raise UserError(f"结案情形“{reason}”无效", field="reason")
        case.closed_on = closed_on
        case.close_reason = reason
        case.status = CaseStatus.CLOSED
        _transition(case, actor, "close", before, f"结案：{reason}")
        _reindex(case)
    return case


def set_case_flags(
    *, actor: User, case: PenaltyCase, reconsidered: bool | None = None, litigated: bool | None = None
) -> PenaltyCase:
    """Record that the party applied for 行政复议 or sued; a mandatory 双百回访 follows."""
    check_permission(actor, "draft_cases")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        if case.decided_on is None:
            raise UserError("案件尚未作出决定")
        before = snapshot(case)
        if reconsidered is not None:
            case.reconsidered = reconsidered
        if litigated is not None:
            case.litigated = litigated
        case.save()
        old, new = diff_fields(before, snapshot(case))
        if new:
            record(actor=actor, change=change_for(case, AuditAction.UPDATE, before=old, after=new))
            hooks.case_decided(case=case, actor=actor)
    return case


# --- publicity --------------------------------------------------------------------------------


def publicity_expired(case: PenaltyCase, *, on: dt.date | None = None) -> bool:
    """Still published although its publicity period has ended (总局令第45号 Art. 13): stop it."""
    if case.publicity_status != PublicityStatus.PUBLISHED or case.decided_on is None:
        return False
    ends_on = publicity_plan(case).ends_on
    return ends_on is not None and ends_on <= (on or today())


def publish_case(*, actor: User, case: PenaltyCase, published_on: dt.date | None = None) -> PenaltyCase:
    """Record that the decision is published on the enterprise credit system (GSXT)."""
    published_on = published_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        PUBLICITY_TRANSITIONS.check("publish", state=case.publicity_status, user=actor)
        assert case.decided_on is not None
        if published_on < case.decided_on or published_on > today():
            raise UserError("公示日期应在决定日期与今天之间", field="on")
        before = snapshot(case)
        case.publicity_status = PublicityStatus.PUBLISHED
        case.published_on = published_on
        case.save()
        old, new = diff_fields(before, snapshot(case))
        record(
            actor=actor, change=change_for(case, AuditAction.TRANSITION, before=old, after=new, note="公示")
        )
    return case


def stop_publicity(*, actor: User | str, case: PenaltyCase, stopped_on: dt.date, reason: str) -> PenaltyCase:
    with transaction.atomic():
        case = _locked(case)
        PUBLICITY_TRANSITIONS.check(
            "stop", state=case.publicity_status, user=actor if isinstance(actor, User) else None
        )
        before = snapshot(case)
        case.publicity_status = PublicityStatus.STOPPED
        case.publicity_stopped_on = stopped_on
        case.publicity_stop_reason = reason[:100]
        case.save()
        old, new = diff_fields(before, snapshot(case))
        record(
            actor=actor,
            change=change_for(
                case, AuditAction.TRANSITION, before=old, after=new, note=f"停止公示：{reason}"
            ),
        )
    return case
