"""立案调查 → 核查 → 告知 → 陈述申辩 and 复核 → 听证 → 法制审核 → 集体讨论 (before the decision)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.audit.services import diff as diff_fields
from jiandu.cases import hooks
from jiandu.cases.models import (
    CaseDocument,
    CaseOutcome,
    CaseStatus,
    DocumentKind,
    Hearing,
    Notice,
    PartyKind,
    PenaltyCase,
    Representation,
)
from jiandu.cases.rules import legal_review_reasons, procedure
from jiandu.cases.selectors import is_first_violation
from jiandu.cases.services._common import (
    EDITABLE_FIELDS,
    _check_scope,
    _clean,
    _item_basis,
    _locked,
    _money,
    _party_kind_for,
    _penalty_spec,
    _reindex,
    _step,
    _transition,
    today,
)
from jiandu.cases.services.papers import hearing_notice_document, notice_document, penalty_lines
from jiandu.cases.workflow import CASE_TRANSITIONS, fine_outside_band, hearing_in_scope, statement_deadline
from jiandu.discretion import selectors as catalogue
from jiandu.discretion.checks import CheckFacts, DiscretionResult, check_discretion
from jiandu.errors import UserError
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Domain, Enterprise, Unit, UnitKind, User
from jiandu.org.permissions import check_permission

TEXT_FIELDS = (
    "violation",
    "facts",
    "evidence",
    "legal_basis",
    "officers",
    "item_code",
    "representative",
    "violated_provision",
    "confiscated_property",
    "no_penalty_ground",
)


def _check(case: PenaltyCase, action: str, actor: User) -> None:
    CASE_TRANSITIONS.check(action, state=case.status, user=actor, obj=case)


def _date(value: dt.date | None, label: str, field: str, *, not_before: dt.date | None = None) -> dt.date:
    day = value or today()
    if day > today():
        raise UserError(f"{label}不能晚于今天", field=field)
    if not_before is not None and day < not_before:
        raise UserError(f"{label}不能早于{not_before:%Y年%m月%d日}", field=field)
    return day


# --- draft ------------------------------------------------------------------------------------


def create_case(
    *,
    actor: User,
    enterprise: Enterprise,
    filed_on: dt.date,
    domain: Domain | None = None,
    item_code: str = "",
    violation: str = "",
    facts: str = "",
    evidence: str = "",
    outcome: str = CaseOutcome.PENALTY,
    penalty_kinds: list[str] | None = None,
    fine: Any = None,
    confiscation: Any = None,
    fine_base: Any = None,
    penalty_spec: Mapping[str, Any] | None = None,
    legal_basis: str = "",
    officers: str = "",
    is_major: bool = False,
    party_kind: str = "",
    discretion_facts: Mapping[str, Any] | None = None,
    representative: str = "",
    violated_provision: str = "",
    confiscated_property: str = "",
    no_penalty_ground: str = "",
    lead: Any = None,
) -> PenaltyCase:
    """立案: open a case (调查取证 follows) for a firm in the actor's regions."""
    check_permission(actor, "draft_cases")
    _check_scope(actor, enterprise.region_id)
    item = catalogue.get_item(item_code.strip()) if item_code.strip() else None
    if item_code.strip() and item is None:
        raise UserError(f"违法行为事项编码“{item_code}”不在违法行为事项目录中", field="item_code")
    if domain is None and item is not None:
        domain = Domain.objects.filter(name=item.domain).first()
    if domain is None:
        raise UserError("请选择领域", field="domain")
    base = None if fine_base in (None, "") else _money(fine_base, "计罚基数", "fine_base")
    unit = actor.unit if actor.unit is not None and actor.unit.region_id == enterprise.region_id else None
    unit = unit or Unit.objects.filter(region_id=enterprise.region_id, kind=UnitKind.BUREAU).first()
    case = PenaltyCase(
        enterprise=enterprise,
        region=enterprise.region,
        unit=unit,
        domain=domain,
        status=CaseStatus.DRAFT,
        outcome=outcome,
        item_code=item_code.strip(),
        violation=(violation or (item.name if item is not None else "")).strip(),
        facts=facts.strip(),
        evidence=evidence.strip(),
        penalty_kinds=list(penalty_kinds or []),
        fine=_money(fine, "罚款", "fine"),
        confiscation=_money(confiscation, "没收违法所得", "confiscation"),
        fine_base=base,
        penalty_spec=_penalty_spec(penalty_spec),
        legal_basis=(legal_basis or (_item_basis(item) if item is not None else "")).strip()[:200],
        officers=officers.strip(),
        is_major=is_major,
        party_kind=party_kind or _party_kind_for(enterprise),
        discretion_facts=dict(discretion_facts or {}),
        representative=representative.strip(),
        violated_provision=violated_provision.strip(),
        confiscated_property=confiscated_property.strip(),
        no_penalty_ground=no_penalty_ground.strip(),
        catalogue_version=item.catalogue_version if item is not None else "",
        filed_on=filed_on,
        lead=lead,
        created_by=actor,
    )
    _clean(case)
    with transaction.atomic():
        case.save()
        _step(case, CaseStatus.DRAFT, CaseStatus.DRAFT, actor, "立案，开始调查取证")
        record(actor=actor, change=change_for(case, AuditAction.CREATE, after=snapshot(case)))
        _reindex(case)
    return case


def update_case(*, actor: User, case: PenaltyCase, changes: Mapping[str, Any]) -> PenaltyCase:
    """Edit a case under investigation. Only the fields of EDITABLE_FIELDS; only while 立案调查."""
    check_permission(actor, "draft_cases")
    unknown = [k for k in changes if k not in EDITABLE_FIELDS]
    if unknown:
        raise UserError(f"字段“{unknown[0]}”不能修改", field=unknown[0])
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        if case.status != CaseStatus.DRAFT:
            raise UserError("只有立案调查阶段的案件可以修改；请先退回调查。")
        before = snapshot(case)
        for name, value in changes.items():
            if name in ("fine", "confiscation"):
                value = _money(value, "罚款" if name == "fine" else "没收违法所得", name)
            elif name == "fine_base":
                value = None if value in (None, "") else _money(value, "计罚基数", name)
            elif name == "penalty_spec":
                value = _penalty_spec(value)
            elif name in TEXT_FIELDS:
                value = str(value or "").strip()
            setattr(case, name, value)
        if case.item_code and "item_code" in changes:
            item = catalogue.get_item(case.item_code)
            if item is None:
                raise UserError(
                    f"违法行为事项编码“{case.item_code}”不在违法行为事项目录中", field="item_code"
                )
            case.catalogue_version = item.catalogue_version
            if not case.legal_basis:
                case.legal_basis = _item_basis(item)
        _clean(case)
        case.save()
        old, new = diff_fields(before, snapshot(case))
        if new:
            record(actor=actor, change=change_for(case, AuditAction.UPDATE, before=old, after=new))
        _reindex(case)
    return case


# --- checks -----------------------------------------------------------------------------------


def _engine_party_kind(case: PenaltyCase) -> str:
    """The party kind as the discretion and similar-case checks name it."""
    return "person" if case.party_kind == PartyKind.PERSON else "enterprise"


def check_facts(case: PenaltyCase) -> CheckFacts:
    """The case as the input of the one discretion check."""
    extra_party = (case.discretion_facts or {}).get("party") or {}
    circumstances = {k: v for k, v in (case.discretion_facts or {}).items() if k != "party"}
    first = circumstances.pop("first_violation", None)
    if first is None and case.item_code:
        first = is_first_violation(enterprise=case.enterprise, item_code=case.item_code, on=case.filed_on)
    spec = dict(case.penalty_spec or {})
    typed = None
    if spec.get("kind") == "range" and not case.item_code:
        typed = (Decimal(str(spec["min"])), Decimal(str(spec["max"])))
    return CheckFacts(
        item_code=case.item_code,
        party_kind=_engine_party_kind(case),
        party={k: v for k, v in extra_party.items() if k in ("age", "mental_capacity")},
        circumstances=circumstances,
        base=case.fine_base,
        first_violation=first,
        statutory=typed,
        case_id=str(case.pk),
        findings_complete=True,  # the case form records the circumstances found; unticked = not found
    )


def run_checks(*, actor: User, case: PenaltyCase) -> PenaltyCase:
    """调查终结: the discretion and similar-case checks (立案调查 → 已核查); both results are stored."""
    similar_check = hooks.similar_check()
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _check(case, "check", actor)
        before = snapshot(case)
        facts = check_facts(case)
        result = check_discretion(facts, on=case.filed_on)
        if result.error:
            raise UserError(f"裁量核查未通过：{result.error}", field="fine_base")
        if facts.first_violation is not None:
            case.discretion_facts = {
                **(case.discretion_facts or {}),
                "first_violation": facts.first_violation,
            }
        case.discretion = result.as_dict()
        case.discretion_ruleset = result.ruleset
        case.catalogue_version = result.catalogue_version
        case.similar = _json_safe(
            similar_check(
                text=f"{case.violation} {case.facts}",
                item_code=case.item_code,
                domain_name=case.domain.name,
                proposed_outcome=case.outcome,
                proposed_fine=case.fine if case.outcome == CaseOutcome.PENALTY else None,
                exclude_case_id=case.pk,
                user=actor,
                **similar_inputs(case, result),
            )
        )
        _set_review_needs(case, hearing_held=False)
        case.legal_review_passed = False
        case.checked_at = timezone.now()
        case.status = CaseStatus.CHECKED
        notes = [result.label]
        if case.similar.get("statutory_flagged"):
            notes.append("法定幅度预警")
        elif case.similar.get("flagged"):
            notes.append("类案不同罚预警")
        if outside := fine_outside_band(case):
            notes.append(outside)
        _transition(case, actor, "check", before, ";".join(n for n in notes if n))
        _reindex(case)
    return case


def similar_inputs(case: PenaltyCase, result: DiscretionResult | None = None) -> dict[str, Any]:
    """The statutory part of a case's similar-case check: the base, the statutory range the discretion
    check computed, the stated 减轻 and 从重 reasons and the party kind (`result` defaults to the
    check stored with the case). The case workflow and the 类案比对 page opened from a case use it."""
    if result is None:
        result = DiscretionResult.from_dict(case.discretion)
    return {
        "fine_base": case.fine_base,
        "statutory_min": result.statutory.minimum if result.statutory else None,
        "statutory_max": result.statutory.maximum if result.statutory else None,
        "mitigation_reason": _mitigation_reason(case, result),
        "aggravation_reason": _aggravation_reason(case, result),
        "party_kind": _engine_party_kind(case),
    }


def _mitigation_reason(case: PenaltyCase, result: DiscretionResult) -> str:
    """Why a fine may lie below the statutory minimum (减轻): the circumstances the discretion check
    found when it recommends 减轻处罚, else what the officer wrote for departing from the band."""
    if result.outcome == "mitigated":
        return ";".join(result.reasons)
    return case.deviation_reason.strip()


def _aggravation_reason(case: PenaltyCase, result: DiscretionResult) -> str:
    """Why a fine may lie in the highest 30 % of the statutory range (从重): the circumstances the
    discretion check found when it recommends 从重处罚, else what the officer wrote for departing
    from the band."""
    if result.outcome == "aggravated":
        return ";".join(result.reasons)
    return case.deviation_reason.strip()


def _set_review_needs(case: PenaltyCase, *, hearing_held: bool) -> None:
    reasons = legal_review_reasons(
        is_major=case.is_major,
        party_kind=case.party_kind,
        amount=case.amount_due,
        penalty_kinds=list(case.penalty_kinds),
        outcome=case.outcome,
    )
    if hearing_held:
        reasons.append("经过听证程序（行政处罚法第五十八条第一款第二项）")
    case.legal_review_required = bool(reasons)
    case.legal_review_reasons = reasons
    rules = procedure().discussion
    case.discussion_required = (case.is_major and bool(rules.get("for_major", True))) or (
        hearing_held and bool(rules.get("after_hearing", True))
    )


def _json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def reopen_case(*, actor: User, case: PenaltyCase, note: str = "") -> PenaltyCase:
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _check(case, "reopen", actor)
        before = snapshot(case)
        Notice.objects.filter(case=case).delete()
        CaseDocument.objects.filter(case=case, kind=DocumentKind.NOTICE).delete()
        case.status = CaseStatus.DRAFT
        _transition(case, actor, "reopen", before, note or "退回调查")
    return case


# --- 告知, 陈述申辩 and 复核, 听证 --------------------------------------------------------------------


def notify_case(
    *,
    actor: User,
    case: PenaltyCase,
    issued_on: dt.date | None = None,
    delivered_on: dt.date | None = None,
    method: str = "直接送达",
) -> PenaltyCase:
    """行政处罚告知书: the intended penalty, facts, reasons, basis, rights and the deadline to use them."""
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _check(case, "notify", actor)
        issued = _date(issued_on, "告知日期", "issued_on", not_before=case.filed_on)
        delivered = _date(delivered_on, "告知书送达日期", "delivered_on", not_before=issued)
        if method not in procedure().delivery_methods:
            raise UserError(f"送达方式“{method}”无效", field="method")
        before = snapshot(case)
        notice = Notice.objects.create(
            case=case,
            issued_on=issued,
            delivered_on=delivered,
            method=method,
            intended=";".join(_intended(case)),
            hearing_offered=bool(hearing_in_scope(case)),
        )
        case.notice = notice
        content = notice_document(case)
        CaseDocument.objects.update_or_create(
            case=case,
            kind=DocumentKind.NOTICE,
            defaults={"content": content, "sha256": hashlib.sha256(content).hexdigest()},
        )
        case.status = CaseStatus.NOTIFIED
        deadline = load_calendar().add(delivered, procedure().days("representation"))
        _transition(
            case,
            actor,
            "notify",
            before,
            f"{method}行政处罚告知书；陈述申辩{'、要求听证' if notice.hearing_offered else ''}"
            f"期限至{deadline:%Y-%m-%d}",
        )
    return case


def _intended(case: PenaltyCase) -> list[str]:
    return penalty_lines(case)


def record_representation(
    *, actor: User, case: PenaltyCase, argument: str, received_on: dt.date | None = None
) -> Representation:
    """One argument the party put forward (in writing or orally, recorded)."""
    check_permission(actor, "draft_cases")
    if not argument.strip():
        raise UserError("请填写当事人的陈述申辩意见", field="argument")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        if case.status not in (CaseStatus.NOTIFIED, CaseStatus.HEARING):
            raise UserError("只有告知后、作出决定前可以登记陈述申辩意见", field="argument")
        notice = case.notice
        received = _date(received_on, "提出日期", "received_on", not_before=notice.issued_on)
        item = Representation.objects.create(case=case, received_on=received, argument=argument.strip())
        record(
            actor=actor, change=change_for(item, AuditAction.CREATE, after=snapshot(item), note="陈述申辩")
        )
        _step(case, case.status, case.status, actor, f"登记陈述申辩意见：{argument.strip()[:60]}")
    return item


def review_representation(
    *, actor: User, representation: Representation, adopted: bool, review: str
) -> Representation:
    """复核 one argument: adopted or not, and why (行政处罚法第四十五条)."""
    check_permission(actor, "draft_cases")
    if not review.strip():
        raise UserError("请填写复核意见（采纳或者不采纳的理由）", field="review")
    with transaction.atomic():
        item = Representation.objects.select_for_update().select_related("case").get(pk=representation.pk)
        _check_scope(actor, item.case.region_id)
        if item.adopted is not None:
            raise UserError("该意见已复核")
        before = snapshot(item)
        item.adopted, item.review, item.reviewed_by, item.reviewed_on = (
            adopted,
            review.strip(),
            actor,
            today(),
        )
        item.save()
        old, new = diff_fields(before, snapshot(item))
        record(actor=actor, change=change_for(item, AuditAction.UPDATE, before=old, after=new, note="复核"))
        verdict = "采纳" if adopted else "不予采纳"
        _step(item.case, item.case.status, item.case.status, actor, f"复核陈述申辩意见：{verdict}")
    return item


def waive_statement(*, actor: User, case: PenaltyCase, note: str) -> PenaltyCase:
    """The party declared in writing that it gives up stating and defending (行政处罚法第六十二条)."""
    check_permission(actor, "draft_cases")
    if not note.strip():
        raise UserError("请写明当事人放弃陈述申辩的方式（如书面声明）", field="note")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        if case.status != CaseStatus.NOTIFIED:
            raise UserError("只有告知后可以登记放弃陈述申辩", field="note")
        notice = Notice.objects.select_for_update().get(case=case)
        notice.waived = True
        notice.save(update_fields=["waived"])
        record(actor=actor, change=change_for(notice, AuditAction.UPDATE, after={"waived": True}, note=note))
        _step(case, case.status, case.status, actor, f"当事人明确放弃陈述申辩：{note.strip()[:100]}")
    return case


def request_hearing(*, actor: User, case: PenaltyCase, requested_on: dt.date | None = None) -> PenaltyCase:
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _check(case, "request_hearing", actor)
        requested = _date(requested_on, "要求听证日期", "requested_on", not_before=case.notice.delivered_on)
        deadline = statement_deadline(case)
        if deadline is not None and requested > deadline:
            raise UserError(
                f"要求听证的期限已于{deadline:%Y年%m月%d日}届满（行政处罚法第六十四条第一项）",
                field="requested_on",
            )
        before = snapshot(case)
        Hearing.objects.create(case=case, requested_on=requested)
        case.status = CaseStatus.HEARING
        _transition(case, actor, "request_hearing", before, f"当事人于{requested:%Y-%m-%d}要求听证")
    return case


def schedule_hearing(
    *, actor: User, case: PenaltyCase, held_on: dt.date, place: str, host: str, public: bool = True
) -> Hearing:
    """听证通知书: notice at least seven days before; the host is not an investigator of the case."""
    check_permission(actor, "draft_cases")
    if not place.strip() or not host.strip():
        raise UserError("请填写听证地点和主持人", field="place" if not place.strip() else "host")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        if case.status != CaseStatus.HEARING:
            raise UserError("本案不在听证环节")
        if host.strip() in {n.strip() for n in case.officers.replace(",", "、").split("、") if n.strip()}:
            raise UserError("听证由非本案调查人员主持（行政处罚法第六十四条第四项）", field="host")
        notified = today()
        days = int(procedure().steps["hearing"]["notice_days_before"])
        if held_on < notified + dt.timedelta(days=days):
            numeral = "零一二三四五六七八九十"[days] if days <= 10 else str(days)
            raise UserError(
                f"应当在举行听证的{numeral}日前通知当事人（行政处罚法第六十四条第二项）", field="held_on"
            )
        hearing = Hearing.objects.select_for_update().get(case=case)
        before = snapshot(hearing)
        hearing.notified_on, hearing.held_on = notified, held_on
        hearing.place, hearing.host, hearing.public = place.strip(), host.strip(), public
        hearing.save()
        case.hearing = hearing
        content = hearing_notice_document(case)
        CaseDocument.objects.update_or_create(
            case=case,
            kind=DocumentKind.HEARING_NOTICE,
            defaults={"content": content, "sha256": hashlib.sha256(content).hexdigest()},
        )
        old, new = diff_fields(before, snapshot(hearing))
        record(actor=actor, change=change_for(hearing, AuditAction.UPDATE, before=old, after=new))
        _step(case, case.status, case.status, actor, f"听证通知书：{held_on:%Y-%m-%d}在{place.strip()}举行")
    return hearing


def report_hearing(
    *, actor: User, case: PenaltyCase, record_text: str, report: str, absent: bool = False
) -> Hearing:
    """听证笔录 and 听证报告; after a hearing the case needs 法制审核 and 集体讨论."""
    check_permission(actor, "draft_cases")
    if not report.strip() or (not absent and not record_text.strip()):
        raise UserError("请填写听证笔录要点和听证报告", field="report" if not report.strip() else "record")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        hearing = Hearing.objects.select_for_update().filter(case=case).first()
        if case.status != CaseStatus.HEARING or hearing is None or hearing.held_on is None:
            raise UserError("请先登记听证通知")
        if hearing.held_on > today():
            raise UserError("听证尚未举行", field="report")
        before = snapshot(hearing)
        hearing.record, hearing.report, hearing.absent = record_text.strip(), report.strip(), absent
        hearing.save()
        _set_review_needs(case, hearing_held=not absent)
        case.save(update_fields=["legal_review_required", "legal_review_reasons", "discussion_required"])
        old, new = diff_fields(before, snapshot(hearing))
        record(
            actor=actor,
            change=change_for(hearing, AuditAction.UPDATE, before=old, after=new, note="听证报告"),
        )
        note = "当事人无正当理由未出席，视为放弃听证权利" if absent else "登记听证笔录和听证报告"
        _step(case, case.status, case.status, actor, note)
    return hearing


# --- 法制审核 and 集体讨论 ---------------------------------------------------------------------------


def submit_for_review(*, actor: User, case: PenaltyCase, note: str = "") -> PenaltyCase:
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _check(case, "submit_review", actor)
        before = snapshot(case)
        case.status = CaseStatus.LEGAL_REVIEW
        case.submitted_for_review_on = today()
        case.legal_review_passed = False
        _transition(case, actor, "submit_review", before, note or "提请法制审核")
    return case


def _reviewer_is_independent(actor: User, case: PenaltyCase) -> None:
    name = actor.get_full_name().strip()
    if case.created_by_id == actor.pk or (name and name in case.officers):
        raise UserError("法制审核人员不得审核本人承办的案件", field="opinion")


def pass_review(*, actor: User, case: PenaltyCase, opinion: str) -> PenaltyCase:
    """法制审核通过 — a state change written to the case history like every other."""
    if not opinion.strip():
        raise UserError("请填写法制审核意见", field="opinion")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _check(case, "pass_review", actor)
        _reviewer_is_independent(actor, case)
        before = snapshot(case)
        case.legal_reviewer, case.legal_review_opinion = actor, opinion.strip()
        case.legal_review_passed = True
        case.status = CaseStatus.REVIEWED
        _transition(case, actor, "pass_review", before, "法制审核通过：" + opinion.strip())
    return case


def return_case(*, actor: User, case: PenaltyCase, opinion: str) -> PenaltyCase:
    """法制审核退回: the case goes back to the investigators with the reviewer's opinion."""
    if not opinion.strip():
        raise UserError("请填写法制审核意见", field="opinion")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _check(case, "return", actor)
        before = snapshot(case)
        case.legal_reviewer, case.legal_review_opinion = actor, opinion.strip()
        case.legal_review_passed = False
        case.status = CaseStatus.DRAFT
        Notice.objects.filter(case=case).delete()
        _transition(case, actor, "return", before, "法制审核退回：" + opinion.strip())
    return case


def discuss_case(*, actor: User, case: PenaltyCase, discussed_on: dt.date | None, note: str) -> PenaltyCase:
    """负责人集体讨论 (行政处罚法第五十七条第二款): its date and conclusion."""
    if not note.strip():
        raise UserError("请填写集体讨论的参加人员和结论", field="note")
    with transaction.atomic():
        case = _locked(case)
        _check_scope(actor, case.region_id)
        _check(case, "discuss", actor)
        before = snapshot(case)
        case.discussed_on = _date(discussed_on, "集体讨论日期", "discussed_on", not_before=case.filed_on)
        case.discussion_note = note.strip()
        case.status = CaseStatus.DISCUSSED
        _transition(case, actor, "discuss", before, "负责人集体讨论：" + note.strip())
    return case
