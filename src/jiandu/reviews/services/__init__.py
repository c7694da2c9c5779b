"""Writes of the reviews app: campaigns and their selection, scoring, AV-record checks, follow-up visits.

Every write is one transaction with an audit entry. Findings that point at wrong enforcement become
clues through `jiandu.clues.services.file_clue` (channels case_review, av_check, follow_up).

Other apps call `ensure_follow_up_task(case=..., actor=...)` when a case is decided or flagged, and
`schedule_after_penalty_visit(case=..., actor=...)` for the 事后回访.
"""

from jiandu.reviews.services.av_checks import record_av_check
from jiandu.reviews.services.campaigns import (
    CLOSED_STATUSES,
    REVIEWER_ROLES,
    assign_reviewers,
    close_campaign,
    closed_cases,
    create_campaign,
    reviewer_conflict,
    today,
)
from jiandu.reviews.services.follow_ups import (
    SyncReport,
    case_facts,
    ensure_follow_up_task,
    record_visit,
    schedule_after_penalty_visit,
    sync_follow_up_tasks,
    visit_problems,
)
from jiandu.reviews.services.scoring import (
    check_review,
    confirm_review,
    finding_clue_summary,
    finding_to_clue,
    score_review,
)

__all__ = [
    "CLOSED_STATUSES",
    "REVIEWER_ROLES",
    "SyncReport",
    "assign_reviewers",
    "case_facts",
    "check_review",
    "close_campaign",
    "closed_cases",
    "confirm_review",
    "create_campaign",
    "ensure_follow_up_task",
    "finding_clue_summary",
    "finding_to_clue",
    "record_av_check",
    "record_visit",
    "reviewer_conflict",
    "schedule_after_penalty_visit",
    "score_review",
    "sync_follow_up_tasks",
    "today",
    "visit_problems",
]
