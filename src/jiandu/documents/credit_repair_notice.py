"""行政处罚信息信用修复告知书 as .docx, delivered together with the decision (三书同达).

It tells the party, in writing, that the decision will be published (总局令第45号 Art. 8), for how
long, and whether and from when it may apply to stop the publicity early (信用修复), with the four
conditions and how to apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from jiandu.documents.official import OfficialDocument
from jiandu.documents.penalty_decision import chinese_date

__all__ = ["RepairNoticeText", "credit_repair_notice"]


@dataclass(frozen=True)
class RepairNoticeText:
    authority: str
    number: str
    party_name: str
    decided_on: dt.date
    publish_by: dt.date
    period: str  # "3个月" / "3年"
    reasons: Sequence[str]
    repairable: bool
    earliest_months: int | None
    conditions: Sequence[str]
    apply_at: str
    commitment_track: bool
    legal_basis: Sequence[str]
    ruleset: str
    contact: str = ""
    apply_code: str = ""  # proves the applicant is the party: printed here, never shown publicly


def credit_repair_notice(text: RepairNoticeText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "行政处罚信息信用修复告知书")
    doc.line(f"{text.party_name}:")
    doc.paragraph(
        f"本局于{chinese_date(text.decided_on)}对你（单位）作出{text.number}行政处罚决定。"
        "依据《市场监督管理行政处罚信息公示规定》第八条、第九条，该行政处罚信息将于"
        f"{chinese_date(text.publish_by)}前通过国家企业信用信息公示系统向社会公示，公示期为{text.period}。"
    )
    doc.heading("一、公示期限")
    doc.paragraphs(text.reasons)
    doc.heading("二、信用修复")
    if text.repairable:
        doc.paragraph(
            f"自公示之日起满{text.earliest_months}个月后，同时符合下列条件的，你（单位）可以向本局申请"
            "提前停止公示："
        )
        for index, condition in enumerate(text.conditions, start=1):
            doc.paragraph(f"({index}){condition};")
        doc.heading("三、申请方式")
        doc.paragraph(
            f"你（单位）可以通过{text.apply_at}在线提出申请，凭统一社会信用代码、本决定书文号"
            + (f"和信用修复申请码 {text.apply_code}（请妥善保管，勿告知他人）" if text.apply_code else "")
            + "办理，无需注册账号；也可以到本局窗口提交书面申请。"
        )
        if text.commitment_track:
            doc.paragraph(
                "本局实行信用修复承诺制：申请时签署信用修复承诺书的，可以简化证明材料，本局加快办理；"
                "承诺不实的，撤销修复决定并记入信用记录。"
            )
    else:
        doc.paragraph(
            "依据上述规定，该行政处罚信息不适用提前停止公示（信用修复）申请，公示期满后自动停止公示。"
        )
    doc.paragraph("依据：" + ";".join(text.legal_basis) + "。")
    if text.contact:
        doc.paragraph(f"联系方式：{text.contact}")
    doc.signature(text.authority, chinese_date(text.decided_on))
    return doc.to_bytes()
