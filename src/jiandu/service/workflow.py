"""The transition tables of the service loop: case leads （案源） and assistance needs （帮扶需求）."""

from __future__ import annotations

from typing import Any

from jiandu.org.transitions import Table, Transition
from jiandu.service.models import AssistanceStatus, CaseLeadStatus

L = CaseLeadStatus
A = AssistanceStatus


def _not_extended(lead: Any) -> str:
    return "核查期限已延长过一次" if lead.extended else ""


CASE_LEADS = Table(
    "案源",
    (
        Transition("accept", {L.REGISTERED}, L.ACCEPTED, "handle_case_leads", label="受理核查"),
        Transition(
            "extend",
            {L.ACCEPTED},
            L.ACCEPTED,
            "handle_case_leads",
            label="延长核查期限",
            guards=[_not_extended],
        ),
        Transition("file", {L.ACCEPTED}, L.FILED, "handle_case_leads", label="立案"),
        Transition("decline", {L.ACCEPTED}, L.DECLINED, "handle_case_leads", label="不予立案"),
    ),
    status_label=lambda s: CaseLeadStatus(s).label,
)

ASSISTANCE = Table(
    "帮扶需求",
    (
        Transition("step", {A.OPEN}, A.OPEN, "manage_service", label="登记办理措施"),
        Transition("answer", {A.OPEN}, A.ANSWERED, "manage_service", label="答复企业"),
        Transition("feedback", {A.ANSWERED}, A.CLOSED, "manage_service", label="登记企业评价并办结"),
        Transition("reopen", {A.ANSWERED}, A.OPEN, "manage_service", label="企业不满意，重新办理"),
    ),
    status_label=lambda s: AssistanceStatus(s).label,
)
