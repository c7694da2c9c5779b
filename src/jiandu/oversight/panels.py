"""The oversight panels of the clue page (registered in `OversightConfig.ready`): the urgent mark."""

from __future__ import annotations

from django.urls import reverse

from jiandu.clues.models import Clue, ClueStatus, Verdict
from jiandu.clues.panels import Panel
from jiandu.org.models import User
from jiandu.org.permissions import has_permission
from jiandu.oversight import selectors as S


def urgent_panel(user: User, clue: Clue) -> Panel | None:
    matter = S.urgent_for_clue(user=user, clue=clue)
    if matter is None:
        if has_permission(user, "flag_urgent") and clue.status != ClueStatus.CLOSED:
            return Panel(
                "紧急处置",
                "urgent-panel",
                links=[("标记为社会影响恶劣或舆情", reverse("oversight_urgent_new", args=[clue.pk]))],
            )
        return None
    (row,) = S.urgent_rows([matter])
    if matter.closed_at:
        state = "已处置完毕" + ("（按时）" if row.urgency.on_time else "（超时）")
    else:
        state = "已超时" if row.urgency.overdue else f"处置中，剩余 {row.urgency.hours_left} 小时"
    text = f"{matter.get_kind_display()}，{matter.deadline_hours} 小时内处置，已提级至市局：{state}"
    return Panel(
        "紧急处置", "urgent-panel", lines=[(text, reverse("oversight_urgent_detail", args=[matter.pk]))]
    )


def standard_panel(user: User, clue: Clue) -> Panel | None:
    """The 判定标准 in force for the clue's problem and the nearest precedents, beside the assessment."""
    subtype = clue.subtype
    if not subtype:
        return None
    version = S.standard_for(user=user, subtype=subtype, domain_id=clue.domain_id)
    lines: list[tuple[str, str]] = []
    if version is not None:
        url = reverse("oversight_standard_detail", args=[version.standard_id])
        lines.append((f"判定标准（第{version.number}版）：{version.text[:200]}", url))
    else:
        lines.append((f"“{clue.get_subtype_display()}”尚无已发布的判定标准。", ""))
    for item, score in S.nearest_precedents(user=user, clue=clue, subtype=subtype):
        label = f"先例：线索 {item.clue_id}（相似度 {score:.2f}）{item.opinion[:60]}"
        lines.append((label, reverse("clue_detail", args=[item.clue_id])))
    return Panel("判定标准与先例", "standard-panel", lines=lines)


def exemption_panel(user: User, clue: Clue) -> Panel | None:
    """The 尽职免责 records of the clue, beside the referral; the link to open one once confirmed."""
    items = list(S.list_exemptions(user=user, clue=clue))
    assessment = getattr(clue, "assessment", None)
    confirmed = assessment is not None and assessment.verdict == Verdict.CONFIRMED
    links = []
    if confirmed and has_permission(user, "open_exemptions"):
        links.append(("提请认定尽职免责", reverse("oversight_exemption_new", args=[clue.pk])))
    if not items and not links:
        return None
    lines = [
        (f"{e.officer}：{e.get_decision_display()}", reverse("oversight_exemption_detail", args=[e.pk]))
        for e in items
    ]
    return Panel("尽职免责", "exemption-panel", lines=lines, links=links)


PROVIDERS = [urgent_panel, standard_panel, exemption_panel]
