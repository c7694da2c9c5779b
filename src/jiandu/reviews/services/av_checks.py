"""AV-record checks (音像记录核查): a checklist per case; failures become clues."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from jiandu.audit.services import AuditAction, change_for, record, snapshot
from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Channel
from jiandu.clues.services import file_clue
from jiandu.errors import UserError
from jiandu.org.models import User
from jiandu.org.permissions import check_permission
from jiandu.reviews.models import (
    AvCheck,
    ReviewCampaign,
)
from jiandu.reviews.rules import (
    av_checklist,
)

# A case counts as closed for reviews once it is decided.
from jiandu.reviews.services.campaigns import (
    CLOSED_STATUSES,
)

# --- AV-record checks --------------------------------------------------------------------------


def record_av_check(
    *,
    actor: User,
    case: PenaltyCase,
    answers: Mapping[str, bool],
    note: str = "",
    campaign: ReviewCampaign | None = None,
) -> AvCheck:
    """Record an AV-record checklist; any failed item files a clue (channel: AV-record check)."""
    check_permission(actor, "check_av_records")
    checklist = av_checklist()
    missing = [item.text for item in checklist.items if item.code not in answers]
    if missing:
        raise UserError(f"请逐项填写核查结果，未填写：{'、'.join(missing)}。")
    if case.status not in CLOSED_STATUSES:
        raise UserError("只能核查已作出决定的案件的音像记录。")
    name = actor.get_full_name().strip()
    if case.created_by_id == actor.pk or (name and name in case.officers):
        raise UserError("承办人员不能核查本人承办案件的音像记录，请由其他人员核查。")
    failed = [item.text for item in checklist.items if not answers[item.code]]
    with transaction.atomic():
        check = AvCheck.objects.create(
            case=case,
            region_id=case.region_id,
            campaign=campaign,
            checker=actor,
            checklist_version=checklist.version,
            answers={item.code: bool(answers[item.code]) for item in checklist.items},
            passed=not failed,
            note=note.strip(),
        )
        if failed:
            summary = (
                f"音像记录核查发现：{case.decision_number}（当事人 {case.enterprise.name}，"
                f"承办人员 {case.officers or '未载明'}）不符合要求：{'；'.join(failed)}。"
            )
            if check.note:
                summary += f"核查说明：{check.note}。"
            check.clue = file_clue(
                actor=actor,
                channel=Channel.AV_CHECK,
                summary=summary,
                region=case.region,
                enterprise=case.enterprise,
                domain=case.domain,
            )
            check.save(update_fields=["clue"])
        record(actor=actor, change=change_for(check, AuditAction.CREATE, after=snapshot(check)))
    return check
