"""The decision, its documents, delivery, payment, closing, flags and publicity."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.db import IntegrityError, transaction

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.audit.services import diff as diff_fields
from jiandu.cases import integrations
from jiandu.cases.models import (
    CaseDocument,
    CaseOutcome,
    CaseStatus,
    DocumentKind,
    PenaltyCase,
    PenaltyKind,
    PublicityStatus,
)
from jiandu.cases.rules import deadline_rules, repair_rules
from jiandu.cases.services._common import (
    PUBLIC_REPAIR_PATH,
    _check_scope,
    _locked,
    _reindex,
    _step,
    _transition,
    today,
)
from jiandu.cases.workflow import (
    PUBLICITY_TRANSITIONS,
    check_state_change,
    check_transition,
)
from jiandu.documents.credit_repair_notice import RepairNoticeText, credit_repair_notice
from jiandu.documents.penalty_decision import (
    DecisionText,
    education_record,
    no_penalty_decision,
    penalty_decision,
    yuan_in_words,
)
from jiandu.engines import credit_repair as repair_engine
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Region, RegionLevel, User
from jiandu.org.permissions import check_permission

# --- decision and documents -------------------------------------------------------------------


def authority_name(region: Region) -> str:
    parent = region.parent
    if region.level == RegionLevel.COUNTY and parent is not None:
        return f"{parent.name}{region.name}市场监督管理局"
    return f"{region.name}市场监督管理局"


def _number_prefix(case: PenaltyCase) -> str:
    region, parent = case.region, case.region.parent
    # 中原市东城区 → “中东”, 龙泉县 → “龙”, 中原市 → “中”
    short = region.name[:1]
    if region.level == RegionLevel.COUNTY and region.name.endswith("区") and parent is not None:
        short = parent.name[:1] + short
    word = "不罚" if case.outcome == CaseOutcome.NO_PENALTY else "处罚"
    return f"{short}市监{word}〔{case.decided_on.year}〕"  # type: ignore[union-attr]


def _next_number(case: PenaltyCase) -> str:
    prefix = _number_prefix(case)
    pattern = re.compile(re.escape(prefix) + r"(\d+)号$")
    used = PenaltyCase.objects.filter(decision_number__startswith=prefix).values_list(
        "decision_number", flat=True
    )
    last = max((int(m.group(1)) for n in used if n and (m := pattern.match(n))), default=0)
    return f"{prefix}{last + 1}号"


def _penalty_lines(case: PenaltyCase) -> list[str]:
    lines = []
    for kind in case.penalty_kinds:
        if kind == "fine":
            lines.append(f"罚款人民币{yuan_in_words(case.fine)}(¥{case.fine:,.2f})")
        elif kind == "confiscate_gain":
            lines.append(f"没收违法所得人民币{yuan_in_words(case.confiscation)}(¥{case.confiscation:,.2f})")
        else:
            lines.append(PenaltyKind(kind).label)
    return lines


def _remedies(case: PenaltyCase) -> list[str]:
    remedies = deadline_rules().remedies
    body = f"{authority_name(case.region).replace('市场监督管理局', '')}人民政府"
    texts = []
    for key in ("reconsideration", "litigation"):
        entry = remedies.get(key)
        if entry:
            texts.append(str(entry["text"]).format(reconsideration_body=body))
    return texts or ["如不服本决定,可以依法申请行政复议或者提起行政诉讼"]


def publicity_plan(case: PenaltyCase) -> repair_engine.PublicityPlan:
    return repair_engine.publicity_plan(repair_rules(), _repair_facts(case))


def publicity_expired(case: PenaltyCase, *, on: dt.date | None = None) -> bool:
    """Still published although its publicity period has ended (总局令第45号 Art. 13): stop it."""
    if case.publicity_status != PublicityStatus.PUBLISHED or case.decided_on is None:
        return False
    ends_on = publicity_plan(case).ends_on
    return ends_on is not None and ends_on <= (on or today())


def _repair_facts(case: PenaltyCase) -> repair_engine.PenaltyFacts:
    kinds = () if case.outcome == CaseOutcome.NO_PENALTY else tuple(case.penalty_kinds)
    return repair_engine.PenaltyFacts(
        party_kind=case.party_kind,
        domain_code=case.domain.code,
        penalty_kinds=kinds,
        fine=case.fine,
        published_on=case.published_on,
    )


def _similar_summary(case: PenaltyCase) -> str:
    similar = case.similar or {}
    if not similar.get("enough"):
        return ""
    median = similar.get("median")
    text = f"经类案检索,找到类似案件{similar.get('count', 0)}件"
    if median is not None:
        text += f",罚款中位数为{median}元"
    if similar.get("percentile") is not None and case.outcome == CaseOutcome.PENALTY:
        text += f",本案罚款位于类案第{similar['percentile']}百分位"
    return text + ("。" if not similar.get("flagged") else ",与类似案件处理结果存在差异。")


def decision_text(case: PenaltyCase) -> DecisionText:
    result = case.discretion or {}
    item = integrations.get_item(case.item_code) if case.item_code else None
    plan = publicity_plan(case)
    publicity = ""
    if plan.published:
        publicity = (
            "依据《市场监督管理行政处罚信息公示规定》第八条,本决定将通过国家企业信用信息公示系统向社会公示,"
            f"公示期为{plan.period_label}。信用修复事项详见同时送达的《行政处罚信息信用修复告知书》。"
        )
    no_penalty_basis = [b for b in result.get("legal_basis", []) if "第三十" in b] if result else []
    assert case.decided_on is not None
    return DecisionText(
        authority=authority_name(case.region),
        number=case.decision_number or "",
        party_name=case.enterprise.name,
        uscc=case.enterprise.uscc,
        address=case.enterprise.address,
        filed_on=case.filed_on,
        decided_on=case.decided_on,
        violation=case.violation,
        facts=case.facts,
        evidence=case.evidence,
        legal_basis=case.legal_basis,
        discretion_outcome=integrations.DISCRETION_LABELS.get(result.get("outcome", ""), "未进行裁量核查"),
        discretion_reasons=list(result.get("reasons", [])),
        discretion_basis=list(result.get("legal_basis", [])),
        ruleset=case.discretion_ruleset,
        catalogue_version=str(integrations.item_field(item, "catalogue_version", "")),
        similar_summary=_similar_summary(case),
        deviation_reason=case.deviation_reason,
        penalties=_penalty_lines(case),
        remedies=_remedies(case),
        officers=case.officers,
        payment=(
            "当事人应当自收到本决定书之日起十五日内,到指定银行或者通过电子支付系统缴纳罚没款"
            "(《中华人民共和国行政处罚法》第六十七条第三款)。"
            if case.amount_due > 0
            else "本决定自送达之日起生效。"
        ),
        publicity=publicity,
        education_note=case.education_note,
        no_penalty_basis=no_penalty_basis,
    )


def repair_notice_text(case: PenaltyCase) -> RepairNoticeText:
    rules = repair_rules()
    plan = publicity_plan(case)
    assert case.decided_on is not None
    return RepairNoticeText(
        authority=authority_name(case.region),
        number=case.decision_number or "",
        party_name=case.enterprise.name,
        decided_on=case.decided_on,
        publish_by=load_calendar().add(case.decided_on, 20),
        period=plan.period_label,
        reasons=list(plan.reasons),
        repairable=plan.repairable,
        earliest_months=plan.earliest_months,
        conditions=[c.label for c in rules.conditions],
        apply_at=PUBLIC_REPAIR_PATH,
        commitment_track=True,
        legal_basis=list(plan.legal_basis),
        ruleset=plan.ruleset,
    )


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


def decide_case(
    *,
    actor: User,
    case: PenaltyCase,
    decided_on: dt.date | None = None,
    deviation_reason: str | None = None,
    education_note: str | None = None,
) -> PenaltyCase:
    """作出决定: number the decision, freeze its documents, set publicity, schedule the follow-ups."""
    decided_on = decided_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        before = snapshot(case)
        if deviation_reason is not None:
            case.deviation_reason = deviation_reason.strip()
        if education_note is not None:
            case.education_note = education_note.strip()
        check_transition(case, "decide", actor)
        if decided_on < case.filed_on:
            raise ValueError("决定日期不能早于立案日期")
        if decided_on > today():
            raise ValueError("决定日期不能晚于今天")
        if case.outcome == CaseOutcome.NO_PENALTY and not case.education_note:
            raise ValueError("不予处罚的案件请填写教育内容(行政处罚法第三十三条第三款)")
        case.decided_on = decided_on
        case.status = CaseStatus.DECIDED
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
        _step(case, before["status"], case.status, actor, f"作出决定 {case.decision_number}")
        after = snapshot(case)
        old, new = diff_fields(before, after)
        new["documents"] = hashes  # the trail fixes the issued documents by their SHA-256
        record(
            actor=actor, change=change_for(case, AuditAction.TRANSITION, before=old, after=new, note="decide")
        )
        integrations.schedule_follow_ups(case=case, actor=actor)
        _reindex(case)
    return case


def deliver_case(
    *, actor: User, case: PenaltyCase, delivered_on: dt.date | None = None, method: str = ""
) -> PenaltyCase:
    delivered_on = delivered_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        check_transition(case, "deliver", actor)
        assert case.decided_on is not None
        if delivered_on < case.decided_on or delivered_on > today():
            raise ValueError("送达日期应在决定日期与今天之间")
        before = snapshot(case)
        case.delivered_on = delivered_on
        case.delivery_method = (method or "直接送达").strip()[:30]
        case.status = CaseStatus.DELIVERED
        names = "、".join(
            f"《{d.get_kind_display()}》" for d in case.documents.defer("content").order_by("kind")
        )
        _transition(case, actor, "deliver", before, f"{case.delivery_method}:{names}同时送达")
    return case


def record_payment(*, actor: User, case: PenaltyCase, paid_on: dt.date | None = None) -> PenaltyCase:
    paid_on = paid_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        check_transition(case, "pay", actor)
        assert case.delivered_on is not None
        if paid_on < case.delivered_on or paid_on > today():
            raise ValueError("缴纳日期应在送达日期与今天之间")
        before = snapshot(case)
        case.paid_on = paid_on
        case.status = CaseStatus.PAID
        _transition(case, actor, "pay", before, f"罚没款{case.amount_due}元已缴纳")
    return case


def close_case(*, actor: User, case: PenaltyCase, closed_on: dt.date | None = None) -> PenaltyCase:
    closed_on = closed_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        check_transition(case, "close", actor)
        before = snapshot(case)
        case.closed_on = closed_on
        case.status = CaseStatus.CLOSED
        _transition(case, actor, "close", before, "结案")
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
            raise ValueError("案件尚未作出决定")
        before = snapshot(case)
        if reconsidered is not None:
            case.reconsidered = reconsidered
        if litigated is not None:
            case.litigated = litigated
        case.save()
        old, new = diff_fields(before, snapshot(case))
        if new:
            record(actor=actor, change=change_for(case, AuditAction.UPDATE, before=old, after=new))
            integrations.ensure_mandatory_follow_up(case=case, actor=actor)
    return case


# --- publicity --------------------------------------------------------------------------------


def _publicity_change(case: PenaltyCase, target: str) -> None:
    check_state_change(PUBLICITY_TRANSITIONS, case.publicity_status, target, dict(PublicityStatus.choices))


def publish_case(*, actor: User, case: PenaltyCase, published_on: dt.date | None = None) -> PenaltyCase:
    """Record that the decision is published on the enterprise credit system (GSXT)."""
    check_permission(actor, "draft_cases")
    published_on = published_on or today()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _publicity_change(case, PublicityStatus.PUBLISHED)
        assert case.decided_on is not None
        if published_on < case.decided_on or published_on > today():
            raise ValueError("公示日期应在决定日期与今天之间")
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
        _publicity_change(case, PublicityStatus.STOPPED)
        before = snapshot(case)
        case.publicity_status = PublicityStatus.STOPPED
        case.publicity_stopped_on = stopped_on
        case.publicity_stop_reason = reason[:100]
        case.save()
        old, new = diff_fields(before, snapshot(case))
        record(
            actor=actor,
            change=change_for(case, AuditAction.TRANSITION, before=old, after=new, note=f"停止公示:{reason}"),
        )
    return case
