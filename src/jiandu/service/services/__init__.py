"""Writes of the service loop. Every function takes keyword arguments and an explicit ``actor``, runs
in one transaction, raises `jiandu.errors.UserError` for what a person can fix, and audits the change.

- `liaison`: 局处长联络， 帮扶需求， 座谈会 (issues → clue / need / suggestion), 走流程， 进园区进企业；
- `handover`: 案源 → 立案 or 不予立案， case analysis fed back to supervision units;
- `people`: 监督员 and 监测点， 学习目录 and training, surveys, the firm's access code.
"""

from jiandu.service.services.handover import (
    HANDOVER_OUTCOMES,
    accept_case_lead,
    acknowledge_problem,
    decline_case_lead,
    extend_case_lead,
    file_case_from_lead,
    hand_over_inspection,
    record_case_analysis,
    register_case_lead,
)
from jiandu.service.services.liaison import (
    add_assistance_step,
    add_forum_issue,
    answer_assistance,
    assign_liaison,
    hold_forum,
    issue_to_clue,
    issue_to_need,
    issue_to_suggestion,
    need_from_follow_up,
    open_assistance,
    record_assistance_feedback,
    record_liaison_visit,
    record_procedure_finding,
    record_service_event,
    rectify_procedure_finding,
)
from jiandu.service.services.people import (
    add_study_item,
    answer_survey,
    find_survey,
    firm_for_code,
    issue_access_code,
    issue_survey,
    record_training,
    register_monitoring_point,
    register_supervisor,
    revoke_access_code,
)

__all__ = [
    "HANDOVER_OUTCOMES",
    "accept_case_lead",
    "acknowledge_problem",
    "add_assistance_step",
    "add_forum_issue",
    "add_study_item",
    "answer_assistance",
    "answer_survey",
    "assign_liaison",
    "decline_case_lead",
    "extend_case_lead",
    "file_case_from_lead",
    "find_survey",
    "firm_for_code",
    "hand_over_inspection",
    "hold_forum",
    "issue_access_code",
    "issue_survey",
    "issue_to_clue",
    "issue_to_need",
    "issue_to_suggestion",
    "need_from_follow_up",
    "open_assistance",
    "record_assistance_feedback",
    "record_case_analysis",
    "record_liaison_visit",
    "record_procedure_finding",
    "record_service_event",
    "record_training",
    "rectify_procedure_finding",
    "register_case_lead",
    "register_monitoring_point",
    "register_supervisor",
    "revoke_access_code",
]
