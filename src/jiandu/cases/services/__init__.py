"""Writes for penalty cases: draft → checks → legal review → decision → delivery → payment → closing,
the decision documents, the publicity of the decision and credit repair.

Every function here takes an explicit `actor`, runs in one transaction and writes the audit trail.
Which state change is allowed is decided in `jiandu.cases.workflow` alone.

- `drafting`: create and edit a draft, the discretion and similar-case checks, legal review;
- `decisions`: the decision and its frozen documents, delivery, payment, closing, publicity;
- `credit_repair`: the firm's application (public, no account) and the staff review.
"""

from jiandu.cases.services._common import EDITABLE_FIELDS, today
from jiandu.cases.services.credit_repair import (
    DECLARED_CONDITIONS,
    RepairRefused,
    apply_for_repair,
    can_review_repairs,
    find_public_case,
    repair_due,
    repair_eligibility,
    repair_overdue,
    review_repair,
    system_conditions,
)
from jiandu.cases.services.decisions import (
    authority_name,
    close_case,
    decide_case,
    decision_text,
    deliver_case,
    publicity_expired,
    publicity_plan,
    publish_case,
    record_payment,
    repair_notice_text,
    set_case_flags,
    stop_publicity,
)
from jiandu.cases.services.drafting import (
    create_case,
    discretion_input,
    reopen_case,
    review_case,
    run_checks,
    submit_for_review,
    update_case,
)

__all__ = [
    "DECLARED_CONDITIONS",
    "EDITABLE_FIELDS",
    "RepairRefused",
    "apply_for_repair",
    "authority_name",
    "can_review_repairs",
    "close_case",
    "create_case",
    "decide_case",
    "decision_text",
    "deliver_case",
    "discretion_input",
    "find_public_case",
    "publicity_expired",
    "publicity_plan",
    "publish_case",
    "record_payment",
    "reopen_case",
    "repair_due",
    "repair_eligibility",
    "repair_notice_text",
    "repair_overdue",
    "review_case",
    "review_repair",
    "run_checks",
    "set_case_flags",
    "stop_publicity",
    "submit_for_review",
    "system_conditions",
    "today",
    "update_case",
]
