"""The procedure of a penalty case as one transition table (`jiandu.org.transitions`), and the
tables of publicity and credit repair.

The order is the ordinary procedure of 行政处罚法 and 市场监督管理行政处罚程序规定 (rulesets/procedure):
立案调查 → 核查 → 告知 → 陈述申辩 (复核 per argument) → 听证 when asked for and in scope → 法制审核 →
集体讨论 → 决定 → 送达 → 缴纳 / 加处罚款 / 申请强制执行 → 结案. A step the law requires has no way
around it: every path to `decide` passes the guards below. Views, API and templates iterate
`CASE_TRANSITIONS.available(...)`; services call `CASE_TRANSITIONS.check(...)`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiandu.cases.models import CaseOutcome, CaseStatus, PenaltyCase, PublicityStatus, RepairStatus
from jiandu.cases.rules import procedure
from jiandu.discretion.checks import DiscretionResult
from jiandu.discretion.vocabulary import penalty_kind_labels
from jiandu.org.holidays import load_calendar
from jiandu.org.transitions import Table, Transition

__all__ = [
    "CASE_TRANSITIONS",
    "PUBLICITY_TRANSITIONS",
    "REPAIR_TRANSITIONS",
    "fine_outside_band",
    "hearing_in_scope",
    "needs_deviation_reason",
    "statement_deadline",
]


def _today() -> dt.date:
    return timezone.localdate()


# --- facts the guards read --------------------------------------------------------------------


def result_of(case: PenaltyCase) -> DiscretionResult:
    return DiscretionResult.from_dict(case.discretion)


def fine_outside_band(case: PenaltyCase) -> str:
    if case.outcome != CaseOutcome.PENALTY or "fine" not in (case.penalty_kinds or []) or not case.discretion:
        return ""
    return result_of(case).outside(case.fine)


def fine_beyond_law(case: PenaltyCase) -> str:
    law = result_of(case).statutory
    if case.outcome == CaseOutcome.PENALTY and law is not None and case.fine > law.maximum:
        return f"拟罚款{case.fine}元超过法定最高额{law.maximum}元，不得作出"
    return ""


def needs_deviation_reason(case: PenaltyCase) -> bool:
    """类案不同罚 flagged, or the fine outside the band (减轻 included): the decision must say why."""
    return bool((case.similar or {}).get("flagged")) or bool(fine_outside_band(case))


def hearing_in_scope(case: PenaltyCase) -> list[str]:
    """Why the intended penalty gives the party a right to a hearing (行政处罚法第六十三条); empty if none."""
    rules = procedure().hearing
    who = "person" if case.party_kind == "person" else "organisation"
    reasons = []
    if case.fine >= Decimal(str(rules["large_amount"][who])):
        reasons.append(f"较大数额罚款（本省标准{Decimal(str(rules['large_amount'][who])):,.0f}元以上）")
    if case.confiscation >= Decimal(str(rules["large_confiscation"][who])):
        reasons.append("没收较大数额违法所得")
    heavy = set(rules.get("penalty_kinds") or []) & set(case.penalty_kinds or [])
    if heavy:
        reasons.append("、".join(penalty_kind_labels(sorted(heavy))))
    return reasons


def statement_deadline(case: PenaltyCase) -> dt.date | None:
    """The last day the party may state, defend or ask for a hearing: 5 working days from delivery."""
    notice = getattr(case, "notice", None)
    if notice is None:
        return None
    return load_calendar().add(notice.delivered_on, procedure().days("representation"))


def _notice(case: PenaltyCase) -> Any:
    return getattr(case, "notice", None)  # the reverse one-to-one raises an AttributeError when absent


def _hearing(case: PenaltyCase) -> Any:
    return getattr(case, "hearing", None)


# --- guards: "" when satisfied, else the Chinese reason -----------------------------------------


def has_violation(case: PenaltyCase) -> str:
    return "" if case.violation.strip() and case.facts.strip() else "请先填写违法行为和违法事实"


def to_be_punished(case: PenaltyCase) -> str:
    return "" if case.outcome != CaseOutcome.NO_PENALTY else "拟不予行政处罚的案件无须事先告知"


def not_punished(case: PenaltyCase) -> str:
    if case.outcome == CaseOutcome.NO_PENALTY:
        return ""
    return "拟给予行政处罚的案件须先告知当事人并听取陈述申辩（行政处罚法第四十四条、第六十二条）"


def within_law(case: PenaltyCase) -> str:
    return fine_beyond_law(case)


def statement_closed(case: PenaltyCase) -> str:
    notice = _notice(case)
    if notice is None:
        return "尚未告知当事人"
    if any(r.adopted is None for r in case.representations.all()):
        return "当事人的陈述申辩意见尚未全部复核（行政处罚法第四十五条）"
    if getattr(notice, "waived", False):
        return ""
    deadline = statement_deadline(case)
    if deadline is not None and _today() <= deadline:
        return f"陈述申辩期至{deadline:%Y年%m月%d日}届满，期满前不得作出决定（程序规定第五十七条）"
    return ""


def hearing_available(case: PenaltyCase) -> str:
    """In scope; whether the request came in time is checked against its date by the service."""
    if not hearing_in_scope(case):
        return "拟作出的行政处罚不属于听证范围（行政处罚法第六十三条）"
    return ""


def hearing_reported(case: PenaltyCase) -> str:
    hearing = _hearing(case)
    if hearing is None:
        return "尚未登记听证"
    if not getattr(hearing, "report", "").strip():
        return "尚未登记听证报告（听证结束后依听证笔录作出决定，行政处罚法第六十五条）"
    return ""


def no_legal_review_required(case: PenaltyCase) -> str:
    return (
        "" if not case.legal_review_required else "本案须经法制审核（行政处罚法第五十八条），请先提请法制审核"
    )


def no_discussion_required(case: PenaltyCase) -> str:
    if not case.discussion_required or case.discussed_on:
        return ""
    return "本案须由负责人集体讨论决定（行政处罚法第五十七条第二款）"


def deviation_explained(case: PenaltyCase) -> str:
    if not needs_deviation_reason(case) or case.deviation_reason.strip():
        return ""
    return "拟处理结果与类似案件或者裁量幅度不一致，请填写偏离的理由（如减轻处罚的事实和依据）"


def not_time_barred(case: PenaltyCase) -> str:
    if result_of(case).outcome != "time_barred" or case.outcome == CaseOutcome.NO_PENALTY:
        return ""
    return "裁量核查结论为超过追责时效，只能作出不予行政处罚决定"


def ground_stated(case: PenaltyCase) -> str:
    if case.outcome != CaseOutcome.NO_PENALTY:
        return ""
    ground = procedure().no_penalty_grounds.get(case.no_penalty_ground)
    if ground is None:
        return "请选择不予行政处罚的法定情形"
    if result_of(case).outcome not in ground.get("outcomes", []):
        return f"裁量核查结论不支持“{ground['label']}”"
    return ""


def has_documents(case: PenaltyCase) -> str:
    return "" if case.documents.exists() else "决定文书尚未生成"


def amount_due(case: PenaltyCase) -> str:
    return "" if case.amount_due > 0 else "本案没有应缴纳的罚没款"


def nothing_due(case: PenaltyCase) -> str:
    return "" if case.amount_due == 0 else "本案有应缴纳的罚没款，请先登记缴纳或者申请强制执行"


def payment_overdue(case: PenaltyCase) -> str:
    if case.delivered_on is None:
        return "尚未送达"
    due = case.delivered_on + dt.timedelta(days=procedure().days("pay"))
    if _today() <= due:
        return f"缴纳期限至{due:%Y年%m月%d日}届满，期满前不得申请强制执行"
    return ""


S = CaseStatus
_DECIDE = (deviation_explained, not_time_barred, within_law, ground_stated)

CASE_TRANSITIONS = Table(
    "案件",
    (
        Transition("check", {S.DRAFT}, S.CHECKED, "draft_cases", label="调查终结，进行裁量与类案核查",
                   guards=(has_violation,)),
        Transition("reopen", {S.CHECKED, S.NOTIFIED}, S.DRAFT, "draft_cases", label="退回调查"),
        Transition("notify", {S.CHECKED}, S.NOTIFIED, "draft_cases", label="制作并送达行政处罚告知书",
                   guards=(to_be_punished, within_law)),
        Transition("request_hearing", {S.NOTIFIED}, S.HEARING, "draft_cases", label="登记当事人要求听证",
                   guards=(hearing_available,)),
        Transition("submit_review", {S.NOTIFIED}, S.LEGAL_REVIEW, "draft_cases", label="提请法制审核",
                   guards=(statement_closed,)),
        Transition("submit_review", {S.HEARING}, S.LEGAL_REVIEW, "draft_cases", label="提请法制审核",
                   guards=(hearing_reported,)),
        Transition("submit_review", {S.CHECKED}, S.LEGAL_REVIEW, "draft_cases", label="提请法制审核",
                   guards=(not_punished,)),
        Transition("return", {S.LEGAL_REVIEW}, S.DRAFT, "legal_review_cases", label="法制审核退回"),
        Transition("pass_review", {S.LEGAL_REVIEW}, S.REVIEWED, "legal_review_cases", label="法制审核通过"),
        Transition("discuss", {S.REVIEWED, S.NOTIFIED, S.HEARING}, S.DISCUSSED, "decide_cases",
                   label="登记负责人集体讨论", guards=(statement_closed,)),
        Transition("decide", {S.CHECKED}, S.DECIDED, "decide_cases", label="作出决定",
                   guards=(not_punished, no_legal_review_required, no_discussion_required, *_DECIDE)),
        Transition("decide", {S.NOTIFIED}, S.DECIDED, "decide_cases", label="作出决定",
                   guards=(statement_closed, no_legal_review_required, no_discussion_required, *_DECIDE)),
        Transition("decide", {S.HEARING}, S.DECIDED, "decide_cases", label="作出决定",
                   guards=(hearing_reported, no_legal_review_required, no_discussion_required, *_DECIDE)),
        Transition("decide", {S.REVIEWED}, S.DECIDED, "decide_cases", label="作出决定",
                   guards=(no_discussion_required, *_DECIDE)),
        Transition("decide", {S.DISCUSSED}, S.DECIDED, "decide_cases", label="作出决定", guards=_DECIDE),
        Transition("deliver", {S.DECIDED}, S.DELIVERED, "draft_cases", label="登记送达",
                   guards=(has_documents,)),
        Transition("pay", {S.DELIVERED, S.ENFORCING}, S.PAID, "draft_cases", label="登记缴纳罚没款",
                   guards=(amount_due,)),
        Transition("enforce", {S.DELIVERED}, S.ENFORCING, "draft_cases", label="申请人民法院强制执行",
                   guards=(amount_due, payment_overdue)),
        Transition("close", {S.DELIVERED}, S.CLOSED, "draft_cases", label="结案", guards=(nothing_due,)),
        Transition("close", {S.PAID, S.ENFORCING}, S.CLOSED, "draft_cases", label="结案"),
    ),
    status_label=lambda s: CaseStatus(s).label,
)  # fmt: skip

# Actions that make no sense for this case at all (not merely "not yet"): hidden, not offered.
STRUCTURAL_GUARDS = frozenset({to_be_punished, not_punished, amount_due, nothing_due})


def offered(case: PenaltyCase, transitions: list[Transition]) -> list[tuple[Transition, list[str]]]:
    """Each available transition with the reasons it is still blocked; structurally absurd ones left out."""
    out = []
    seen: set[str] = set()
    for transition in transitions:
        if any(g in STRUCTURAL_GUARDS and g(case) for g in transition.guards) or transition.action in seen:
            continue
        seen.add(transition.action)
        out.append((transition, [reason for g in transition.guards if (reason := g(case))]))
    return out


P = PublicityStatus
PUBLICITY_TRANSITIONS = Table(
    "公示",
    (
        Transition("publish", {P.PENDING}, P.PUBLISHED, "draft_cases", label="登记已公示"),
        Transition("stop", {P.PUBLISHED}, P.STOPPED, "review_credit_repair", label="停止公示"),
    ),
    status_label=lambda s: PublicityStatus(s).label,
)

R = RepairStatus
REPAIR_TRANSITIONS = Table(
    "信用修复申请",
    (
        Transition("approve", {R.SUBMITTED}, R.APPROVED, "review_credit_repair", label="准予信用修复"),
        Transition("reject", {R.SUBMITTED}, R.REJECTED, "review_credit_repair", label="不予信用修复"),
    ),
    status_label=lambda s: RepairStatus(s).label,
)
