"""信用修复决定书 (准予 / 不予信用修复) as .docx — 市场监督管理信用修复管理办法: the application,
the finding on each condition, the outcome, and (when approved) that publicity stops."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from jiandu.documents.official import OfficialDocument
from jiandu.documents.penalty_decision import chinese_date

__all__ = ["RepairDecisionText", "credit_repair_decision"]


@dataclass(frozen=True)
class RepairDecisionText:
    authority: str
    number: str  # the application number
    party_name: str
    uscc: str
    decision_number: str  # the penalty decision concerned
    submitted_on: dt.date
    decided_on: dt.date
    approved: bool
    findings: Sequence[str]
    opinion: str
    stopped_on: dt.date | None = None


def credit_repair_decision(text: RepairDecisionText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "准予信用修复决定书" if text.approved else "不予信用修复决定书")
    doc.number(f"申请编号：{text.number}")
    doc.blank()
    doc.line(f"{text.party_name}（统一社会信用代码：{text.uscc}）：")
    doc.paragraph(
        f"你（单位）于{chinese_date(text.submitted_on)}申请对{text.decision_number}行政处罚信息进行信用修复。"
        "本局依法进行了审核，情况如下："
    )
    for index, finding in enumerate(text.findings, start=1):
        doc.paragraph(f"{index}.{finding}")
    doc.paragraph(f"审核意见：{text.opinion}")
    if text.approved:
        stopped = chinese_date(text.stopped_on or text.decided_on)
        doc.paragraph(
            f"本局决定准予信用修复，自{stopped}起停止在国家企业信用信息公示系统公示该行政处罚信息"
            "（《市场监督管理行政处罚信息公示规定》第十四条）。"
        )
    else:
        doc.paragraph("本局决定不予信用修复。你（单位）符合条件后可以重新提出申请。")
    doc.paragraph(
        "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
    )
    doc.signature(text.authority, chinese_date(text.decided_on))
    return doc.to_bytes()
