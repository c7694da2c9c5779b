"""The workflow of a graded risk warning （违法风险预警） as a transition table.

草拟 → 待业务机构审核 (submit) → 已审核 (approve; the domain unit decides whom to warn) → 已发布
(publish; letters are issued and, when decided, the warning goes on the public page) → 已办结 (close,
after the follow-up). A reviewer may return a warning to its drafter.
"""

from __future__ import annotations

from typing import Any

from jiandu.org.transitions import Table, Transition
from jiandu.prevention.models import WarningStatus

S = WarningStatus


def _has_audience(warning: Any) -> str:
    if warning.warn_associations or warning.warn_firms or warning.warn_public:
        return ""
    return "请先决定向行业协会、经营主体或社会公众中的哪些对象发布提醒"


def _has_opinion(warning: Any) -> str:
    return "" if warning.review_opinion.strip() else "请填写业务机构审核意见"


def _has_close_note(warning: Any) -> str:
    return "" if warning.close_note.strip() else "请填写跟进和办结情况"


TRANSITIONS = Table(
    "违法风险预警",
    (
        Transition("submit", {S.DRAFT}, S.REVIEWING, "draft_warnings", label="提交审核"),
        Transition(
            "return", {S.REVIEWING}, S.DRAFT, "review_warnings", label="退回修改", guards=[_has_opinion]
        ),
        Transition(
            "approve",
            {S.REVIEWING},
            S.APPROVED,
            "review_warnings",
            label="审核通过",
            guards=[_has_opinion, _has_audience],
        ),
        Transition("publish", {S.APPROVED}, S.PUBLISHED, "publish_warnings", label="发布"),
        Transition(
            "close", {S.PUBLISHED}, S.CLOSED, "draft_warnings", label="办结", guards=[_has_close_note]
        ),
    ),
    status_label=lambda s: WarningStatus(s).label,
)
