"""行政处罚告知书, 听证通知书 and 送达回证 as .docx (plain data in, bytes out).

告知书: 行政处罚法第四十四条, 程序规定第五十七条 — the intended penalty with its facts, reasons and
basis, the rights to state, defend and (in scope) ask for a hearing, and the deadline to use them.
听证通知书: 行政处罚法第六十四条 — time and place seven days ahead, the host, the right to ask for
the host's withdrawal, to attend in person or through one or two agents.
送达回证: 程序规定第八十二条 — what was delivered, to whom, how, when, and the receiver's signature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from jiandu.documents.official import OfficialDocument
from jiandu.documents.penalty_decision import Party, chinese_date, party_block

__all__ = [
    "HearingNoticeText",
    "NoticeText",
    "ReceiptText",
    "delivery_receipt",
    "hearing_notice",
    "penalty_notice",
]


@dataclass(frozen=True)
class NoticeText:
    authority: str
    number: str
    party: Party
    issued_on: dt.date
    violation: str
    facts: str
    evidence: Sequence[str]
    violated_provision: str
    penalty_basis: str
    reasons: Sequence[str]
    intended: Sequence[str]
    deadline: dt.date  # last day to state, defend or ask for a hearing
    hearing_offered: bool
    hearing_reasons: Sequence[str] = field(default=())
    contact: str = ""


def penalty_notice(text: NoticeText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "行政处罚告知书")
    doc.number(text.number)
    doc.blank()
    party_block(doc, text.party)
    doc.paragraph(
        f"经调查，你（单位）涉嫌{text.violation}。本局拟对你（单位）作出行政处罚，现将有关事项告知如下："
    )
    doc.heading("一、拟认定的违法事实")
    doc.paragraphs([text.facts])
    items = [e for e in text.evidence if e.strip()]
    if items:
        doc.paragraph("上述事实，有下列证据证明：" + ";".join(items) + "。")
    doc.heading("二、拟作出行政处罚的理由和依据")
    doc.paragraph(f"你（单位）的上述行为违反了{text.violated_provision}的规定。")
    for reason in text.reasons:
        doc.paragraph(reason)
    doc.paragraph(f"依据{text.penalty_basis}的规定，本局拟对你（单位）作出如下行政处罚：")
    for index, line in enumerate(text.intended, start=1):
        doc.paragraph(f"{index}.{line}")
    doc.heading("三、你（单位）依法享有的权利")
    rights = "陈述、申辩的权利"
    if text.hearing_offered:
        rights = "陈述、申辩和要求听证的权利"
    doc.paragraph(
        "依据《中华人民共和国行政处罚法》第四十四条、第四十五条"
        + ("、第六十三条、第六十四条" if text.hearing_offered else "")
        + f"的规定，你（单位）享有{rights}。"
    )
    if text.hearing_offered:
        doc.paragraph(
            "本案拟作出的行政处罚属于听证范围(" + "、".join(text.hearing_reasons) + ")。"
            "你（单位）要求听证的，应当自收到本告知书之日起五个工作日内向本局提出。"
        )
    doc.paragraph(
        f"你（单位）可以在{chinese_date(text.deadline)}前向本局提出陈述、申辩意见"
        + ("，或者要求听证" if text.hearing_offered else "")
        + "。逾期未行使上述权利的，视为放弃此权利（《市场监督管理行政处罚程序规定》第五十七条）。"
    )
    doc.paragraph(
        "你（单位）提出的事实、理由和证据成立的，本局将予以采纳；本局不因你（单位）陈述、申辩而加重处罚。"
    )
    if text.contact:
        doc.paragraph(f"联系人及联系方式：{text.contact}")
    doc.signature(text.authority, chinese_date(text.issued_on))
    return doc.to_bytes()


@dataclass(frozen=True)
class HearingNoticeText:
    authority: str
    number: str
    party: Party
    violation: str
    requested_on: dt.date
    notified_on: dt.date
    held_on: dt.date
    place: str
    host: str
    public: bool


def hearing_notice(text: HearingNoticeText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "听证通知书")
    doc.number(text.number)
    doc.blank()
    doc.line(f"{text.party.name}:")
    doc.paragraph(
        f"根据你（单位）{chinese_date(text.requested_on)}提出的听证要求，本局决定对你（单位）涉嫌{text.violation}"
        f"一案举行听证。现将有关事项通知如下："
    )
    doc.paragraph(f"一、听证时间：{chinese_date(text.held_on)}。")
    doc.paragraph(f"二、听证地点：{text.place}。")
    doc.paragraph(f"三、听证主持人：{text.host}（非本案调查人员）。")
    doc.paragraph(
        "四、听证"
        + ("公开举行。" if text.public else "依法不公开举行（涉及国家秘密、商业秘密或者个人隐私）。")
    )
    doc.paragraph(
        "五、你（单位）可以亲自参加听证，也可以委托一至二人代理；委托代理人参加的，应当提交授权委托书。"
        "你（单位）认为主持人与本案有直接利害关系的，有权申请回避。"
    )
    doc.paragraph(
        "六、你（单位）无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本局终止听证"
        "（《中华人民共和国行政处罚法》第六十四条）。"
    )
    doc.paragraph("七、请携带身份证明、营业执照复印件及有关证据材料准时参加。")
    doc.signature(text.authority, chinese_date(text.notified_on))
    return doc.to_bytes()


@dataclass(frozen=True)
class ReceiptText:
    authority: str
    number: str
    receiver: str
    documents: Sequence[str]  # 《行政处罚决定书》(文号) …
    method: str
    delivered_on: dt.date
    place: str = ""
    officers: str = ""


def delivery_receipt(text: ReceiptText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "送达回证")
    doc.blank()
    doc.line(f"送达文书：{'、'.join(text.documents)}")
    doc.line(f"文书文号：{text.number}")
    doc.line(f"受送达人：{text.receiver}")
    doc.line(f"送达方式：{text.method}")
    doc.line(f"送达日期：{chinese_date(text.delivered_on)}")
    doc.line(f"送达地点：{text.place or '当事人住所(地址)'}")
    doc.line(f"送达人：{text.officers or '(签名)'}")
    doc.blank()
    doc.line("受送达人签名或者盖章：")
    doc.line("签收日期：   年  月  日")
    doc.blank()
    doc.paragraph(
        "备注：受送达人拒绝签收的，送达人应当在本回证上注明拒收事由和日期，由送达人、见证人签名或者盖章，"
        "将文书留在受送达人的住所，即视为送达（《市场监督管理行政处罚程序规定》第八十二条）。"
    )
    doc.signature(text.authority, chinese_date(text.delivered_on), seal=False)
    return doc.to_bytes()
