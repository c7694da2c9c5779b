"""Writes for penalty cases, in the order of the procedure (rulesets/procedure):

- `leads`: 案源 → 立案 or 不予立案;
- `drafting`: 调查取证, the discretion and similar-case checks, 告知, 陈述申辩 and 复核, 听证,
  法制审核, 集体讨论;
- `decisions`: the decision and its frozen documents, 送达, 缴纳 / 加处罚款 / 强制执行, 结案, publicity;
- `credit_repair`: the firm's application (public, no account) and the staff review;
- `papers`: the wording of every document from the case as stored.

Every write takes an explicit `actor`, runs in one transaction and writes the audit trail. Which
state change is allowed is decided by `jiandu.cases.workflow.CASE_TRANSITIONS` alone.
"""

from jiandu.cases.services._common import EDITABLE_FIELDS, today
from jiandu.cases.services.credit_repair import (
    DECLARED_CONDITIONS,
    RepairRefused,
    apply_for_repair,
    can_review_repairs,
    find_public_case,
    normalise_decision_number,
    repair_due,
    repair_eligibility,
    repair_overdue,
    review_repair,
    system_conditions,
)
from jiandu.cases.services.decisions import (
    CLOSE_REASONS,
    apply_enforcement,
    close_case,
    decide_case,
    deliver_case,
    late_fee,
    publicity_expired,
    publish_case,
    record_payment,
    set_case_flags,
    skipped_steps,
    stop_publicity,
)
from jiandu.cases.services.drafting import (
    check_facts,
    create_case,
    discuss_case,
    notify_case,
    pass_review,
    record_representation,
    reopen_case,
    report_hearing,
    request_hearing,
    return_case,
    review_representation,
    run_checks,
    schedule_hearing,
    similar_inputs,
    submit_for_review,
    update_case,
    waive_statement,
)
from jiandu.cases.services.leads import decline_lead, file_lead, lead_due, register_lead
from jiandu.cases.services.papers import (
    authority_name,
    decision_text,
    publicity_plan,
    repair_code,
    repair_decision_document,
    repair_notice_text,
)

__all__ = [
    "CLOSE_REASONS",
    "DECLARED_CONDITIONS",
    "EDITABLE_FIELDS",
    "RepairRefused",
    "apply_enforcement",
    "apply_for_repair",
    "authority_name",
    "can_review_repairs",
    "check_facts",
    "close_case",
    "create_case",
    "decide_case",
    "decision_text",
    "decline_lead",
    "deliver_case",
    "discuss_case",
    "file_lead",
    "find_public_case",
    "late_fee",
    "lead_due",
    "normalise_decision_number",
    "notify_case",
    "pass_review",
    "publicity_expired",
    "publicity_plan",
    "publish_case",
    "record_payment",
    "record_representation",
    "register_lead",
    "reopen_case",
    "repair_code",
    "repair_decision_document",
    "repair_due",
    "repair_eligibility",
    "repair_notice_text",
    "repair_overdue",
    "report_hearing",
    "request_hearing",
    "return_case",
    "review_repair",
    "review_representation",
    "run_checks",
    "schedule_hearing",
    "set_case_flags",
    "similar_inputs",
    "skipped_steps",
    "stop_publicity",
    "submit_for_review",
    "system_conditions",
    "today",
    "update_case",
    "waive_statement",
]
