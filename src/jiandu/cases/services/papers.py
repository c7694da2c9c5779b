"""The documents of a case, worded from the case and the data it was decided on.

Everything a document prints comes from the case as stored: the statutory range and the band from
the discretion result stored at 核查 (with the catalogue version they came from), the no-penalty
legal basis from the ground's article ids (rulesets/procedure), never from today's catalogue or a
match on prose. No internal codes: reasons are cleaned of anything that is not plain Chinese.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re

from django.conf import settings

from jiandu.cases.models import CaseOutcome, CreditRepair, PartyKind, PenaltyCase, RepairStatus
from jiandu.cases.rules import deadline_rules, procedure, repair_rules, statutes
from jiandu.cases.workflow import hearing_in_scope, result_of, statement_deadline
from jiandu.discretion.vocabulary import PenaltyKind
from jiandu.documents.credit_repair_decision import RepairDecisionText, credit_repair_decision
from jiandu.documents.credit_repair_notice import RepairNoticeText
from jiandu.documents.penalty_decision import DecisionText, Party, Representation, yuan_in_words
from jiandu.documents.penalty_procedure import (
    HearingNoticeText,
    NoticeText,
    ReceiptText,
    delivery_receipt,
    hearing_notice,
    penalty_notice,
)
from jiandu.engines import credit_repair as repair_engine
from jiandu.org.holidays import load_calendar
from jiandu.org.models import Region, RegionLevel

PUBLIC_REPAIR_PATH = "本局网站“信用修复申请”页面"


def authority_name(region: Region) -> str:
    parent = region.parent
    if region.level == RegionLevel.COUNTY and parent is not None:
        return f"{parent.name}{region.name}市场监督管理局"
    return f"{region.name}市场监督管理局"


def short_name(case: PenaltyCase) -> str:
    """中原市东城区 → “中东”, 龙泉县 → “龙”, 中原市 → “中” (the prefix of document numbers)."""
    region, parent = case.region, case.region.parent
    short = region.name[:1]
    if region.level == RegionLevel.COUNTY and region.name.endswith("区") and parent is not None:
        short = parent.name[:1] + short
    return short


def paper_number(case: PenaltyCase, word: str, on: dt.date) -> str:
    """The number of a procedural paper (告知书, 听证通知书): one per case, by the case's serial."""
    return f"{short_name(case)}市监{word}〔{on.year}〕{case.pk}号"


def party(case: PenaltyCase) -> Party:
    person = case.party_kind == PartyKind.PERSON
    return Party(
        name=case.enterprise.name,
        uscc=case.enterprise.uscc,
        address=case.enterprise.address,
        representative=case.representative,
        representative_title="经营者" if person else "法定代表人（负责人）",
        is_person=person,
    )


def _money(amount: object) -> str:
    return f"人民币{yuan_in_words(amount)}（¥{amount:,.2f}）"  # type: ignore[arg-type]


def penalty_lines(case: PenaltyCase) -> list[str]:
    lines = []
    for kind in case.penalty_kinds or []:
        if kind == PenaltyKind.FINE:
            lines.append(f"罚款{_money(case.fine)}")
        elif kind == PenaltyKind.CONFISCATE_GAIN:
            lines.append(f"没收违法所得{_money(case.confiscation)}")
        elif kind == PenaltyKind.CONFISCATE_PROPERTY:
            lines.append(f"没收非法财物：{case.confiscated_property}")
        else:
            lines.append(PenaltyKind(kind).label)
    return lines


def remedies(case: PenaltyCase) -> list[str]:
    rules = deadline_rules().remedies
    body = f"{authority_name(case.region).replace('市场监督管理局', '')}人民政府"
    texts = [
        str(rules[key]["text"]).format(reconsideration_body=body) for key in ("reconsideration", "litigation")
    ]
    law = statutes()
    texts.append(f"（依据：{law.cite(tuple(procedure().remedies['articles']))}）")
    texts.append("申请行政复议或者提起行政诉讼期间，本决定不停止执行，法律另有规定的除外。")
    return ["".join(texts[:2]) + texts[2], texts[3]]


def repair_facts(case: PenaltyCase) -> repair_engine.PenaltyFacts:
    kinds = () if case.outcome == CaseOutcome.NO_PENALTY else tuple(case.penalty_kinds)
    return repair_engine.PenaltyFacts(
        party_kind=case.party_kind,
        domain_code=case.domain.code,
        penalty_kinds=kinds,
        fine=case.fine,
        published_on=case.published_on,
    )


def publicity_plan(case: PenaltyCase) -> repair_engine.PublicityPlan:
    return repair_engine.publicity_plan(repair_rules(), repair_facts(case))


_CODE = re.compile(r"[(（][^()（）]*[A-Za-z_][^()（）]*[)）]")


def plain(text: str) -> str:
    """A reason as a party reads it: no parenthesised codes, no ISO dates, no stray spaces."""
    text = _CODE.sub("", text)
    text = re.sub(r"(\d{4})-(\d{2})-(\d{2})版", lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日版", text)
    return re.sub(r"\s+", " ", text).strip()


def catalogue_label(version: str) -> str:
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", version)
    if match:
        return f"违法行为事项目录（{int(match[1])}年{int(match[2])}月{int(match[3])}日版）"
    return "违法行为事项目录" if version else ""


def discretion_paragraphs(case: PenaltyCase) -> tuple[str, list[str]]:
    """(the statutory range sentence, the discretion reasons) as printed."""
    result = result_of(case)
    law = result.statutory
    statutory = ""
    if law is not None and case.outcome == CaseOutcome.PENALTY and "fine" in (case.penalty_kinds or []):
        statutory = "法定罚款幅度：" + plain(law.explanation)
        if case.catalogue_version:
            statutory += f"（适用{catalogue_label(case.catalogue_version)}）"
    reasons = [plain(r) for r in result.reasons if law is None or r != law.explanation]
    reasons = [r for r in reasons if r]
    if case.outcome == CaseOutcome.NO_PENALTY:
        return "", reasons
    if result.outcome in ("may_waive", "no_penalty") and case.deviation_reason:
        reasons.append(f"当事人虽有依法可以不予行政处罚的情形，本局综合考虑后认为：{case.deviation_reason}")
    elif case.deviation_reason:
        reasons.append(f"本案处理与裁量基准幅度或者同类案件存在差异，理由是：{case.deviation_reason}")
    return statutory, reasons


def _hearing_sentence(case: PenaltyCase) -> str:
    hearing = getattr(case, "hearing", None)
    if hearing is None:
        return ""
    if hearing.absent:
        return (
            f"当事人于{hearing.requested_on:%Y年%m月%d日}要求听证，无正当理由未出席听证，视为放弃听证权利。"
        )
    return (
        f"当事人于{hearing.requested_on:%Y年%m月%d日}要求听证，本局于{hearing.held_on:%Y年%m月%d日}依法举行听证，"
        f"由非本案调查人员{hearing.host}主持。听证报告认为：{hearing.report}"
    )


def _review_sentence(case: PenaltyCase) -> str:
    parts = []
    if case.legal_review_passed:
        parts.append("本案经本局法制审核机构审核通过")
    if case.discussed_on:
        parts.append(f"经本局负责人于{case.discussed_on:%Y年%m月%d日}集体讨论决定")
    return ",".join(parts) + "。" if parts else ""


def payment_lines(case: PenaltyCase) -> list[str]:
    if case.amount_due <= 0:
        return []
    rules = procedure()
    return [
        f"当事人应当自收到本决定书之日起十五日内缴清罚没款{_money(case.amount_due)}。"
        f"缴款方式：{rules.payment_how}（《中华人民共和国行政处罚法》第六十七条）。",
        "到期不缴纳罚款的，本局可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额；"
        "并可以依法申请人民法院强制执行（《中华人民共和国行政处罚法》第七十二条）。",
    ]


def publicity_sentence(case: PenaltyCase) -> str:
    plan = publicity_plan(case)
    if not plan.published:
        return ""
    return (
        "依据《市场监督管理行政处罚信息公示规定》第八条，本决定将通过国家企业信用信息公示系统向社会公示，"
        f"公示期为{plan.period_label}。信用修复事项详见同时送达的《行政处罚信息信用修复告知书》。"
    )


def decision_text(case: PenaltyCase) -> DecisionText:
    assert case.decided_on is not None
    statutory, reasons = discretion_paragraphs(case)
    notice = getattr(case, "notice", None)
    ground = procedure().no_penalty_grounds.get(case.no_penalty_ground) or {}
    return DecisionText(
        authority=authority_name(case.region),
        number=case.decision_number or "",
        party=party(case),
        filed_on=case.filed_on,
        decided_on=case.decided_on,
        violation=case.violation,
        facts=case.facts,
        evidence=[line.strip() for line in case.evidence.splitlines() if line.strip()],
        violated_provision=case.violated_provision or case.legal_basis,
        penalty_basis=case.legal_basis,
        statutory_range=statutory,
        discretion_reasons=reasons,
        penalties=penalty_lines(case),
        remedies=remedies(case),
        notice_on=notice.delivered_on if notice is not None else None,
        representations=[
            Representation(argument=r.argument, adopted=bool(r.adopted), review=r.review)
            for r in case.representations.all()
        ],
        statement_waived=bool(notice is not None and notice.waived),
        hearing=_hearing_sentence(case),
        legal_review=_review_sentence(case),
        catalogue=catalogue_label(case.catalogue_version),
        payment=payment_lines(case),
        publicity=publicity_sentence(case),
        officers=case.officers,
        education_note=case.education_note,
        no_penalty_ground=str(ground.get("label", "")),
        no_penalty_basis=statutes().cite(tuple(ground.get("articles") or ())) if ground else "",
    )


def notice_document(case: PenaltyCase) -> bytes:
    notice = case.notice
    statutory, reasons = discretion_paragraphs(case)
    deadline = statement_deadline(case)
    assert deadline is not None
    return penalty_notice(
        NoticeText(
            authority=authority_name(case.region),
            number=paper_number(case, "罚告", notice.issued_on),
            party=party(case),
            issued_on=notice.issued_on,
            violation=case.violation,
            facts=case.facts,
            evidence=[line.strip() for line in case.evidence.splitlines() if line.strip()],
            violated_provision=case.violated_provision or case.legal_basis,
            penalty_basis=case.legal_basis,
            reasons=[r for r in [statutory, *reasons] if r],
            intended=penalty_lines(case),
            deadline=deadline,
            hearing_offered=notice.hearing_offered,
            hearing_reasons=hearing_in_scope(case),
            contact=case.officers,
        )
    )


def hearing_notice_document(case: PenaltyCase) -> bytes:
    hearing = case.hearing
    assert hearing.held_on is not None and hearing.notified_on is not None
    return hearing_notice(
        HearingNoticeText(
            authority=authority_name(case.region),
            number=paper_number(case, "听告", hearing.notified_on),
            party=party(case),
            violation=case.violation,
            requested_on=hearing.requested_on,
            notified_on=hearing.notified_on,
            held_on=hearing.held_on,
            place=hearing.place,
            host=hearing.host,
            public=hearing.public,
        )
    )


def receipt_document(case: PenaltyCase, *, documents: list[str]) -> bytes:
    assert case.delivered_on is not None
    return delivery_receipt(
        ReceiptText(
            authority=authority_name(case.region),
            number=case.decision_number or "",
            receiver=case.delivery_receiver or case.enterprise.name,
            documents=documents,
            method=case.delivery_method,
            delivered_on=case.delivered_on,
            place=case.enterprise.address,
            officers=case.officers,
        )
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
        apply_code=repair_code(case),
    )


def repair_code(case: PenaltyCase) -> str:
    """The code delivered with the decision (in the credit-repair notice) that proves a credit-repair
    applicant is the party. Derived from the case under the secret key, so it is stored nowhere and
    nobody can compute it from public facts (USCC, decision number)."""
    message = f"credit-repair:{case.pk}:{case.decision_number or ''}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    text = base64.b32encode(digest).decode()[:10]
    return f"{text[:5]}-{text[5:]}"


def repair_code_matches(case: PenaltyCase, code: str) -> bool:
    typed = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.compare_digest(repair_code(case).replace("-", ""), typed)


def repair_decision_document(application: CreditRepair) -> bytes:
    """准予 / 不予信用修复决定书, from the application as decided (eligibility stored with it)."""
    assert application.decided_on is not None
    case = application.case
    checks = application.eligibility.get("conditions") or []
    findings = [f"{c['label']}：{'符合' if c['met'] else '不符合'}" for c in checks]
    return credit_repair_decision(
        RepairDecisionText(
            authority=authority_name(application.region),
            number=application.number,
            party_name=case.enterprise.name,
            uscc=case.enterprise.uscc,
            decision_number=case.decision_number or "",
            submitted_on=application.submitted_on,
            decided_on=application.decided_on,
            approved=application.status == RepairStatus.APPROVED,
            findings=findings or ["申请材料齐全"],
            opinion=application.review_opinion,
            stopped_on=case.publicity_stopped_on,
        )
    )
