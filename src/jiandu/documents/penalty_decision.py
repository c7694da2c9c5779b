"""行政处罚决定书, 不予行政处罚决定书 and 教育记录 as .docx (plain data in, bytes out).

The contents follow 行政处罚法第五十九条 and 程序规定第六十二条 (party with its 法定代表人 or 负责人,
facts and evidence, the statements and the hearing, the violated provision and the penalty basis at
article level, kind and amount of each penalty with what is confiscated, how and by when to pay,
the remedies and their time limits, the authority and date) and the call for reasoned decisions
(说理式执法): the discretion reasons in plain Chinese. The outcome is stated once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jiandu.documents.official import OfficialDocument

__all__ = [
    "DecisionText",
    "Party",
    "Representation",
    "chinese_date",
    "education_record",
    "no_penalty_decision",
    "party_block",
    "penalty_decision",
    "yuan_in_words",
]

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _four(n: int) -> str:
    out, zero = "", False
    for pos in range(3, -1, -1):
        digit = n // 10**pos % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _SMALL_UNITS[pos]
    return out


def yuan_in_words(amount: Decimal) -> str:
    """An amount in 大写 as on financial documents: Decimal("10500.50") → 壹万零伍佰元伍角整."""
    amount = amount.quantize(Decimal("0.01"))
    if amount < 0:
        raise ValueError("金额不能为负数")
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words = ""
    if yuan:
        groups = []
        while yuan:
            groups.append(yuan % 10000)
            yuan //= 10000
        need_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                need_zero = bool(words)
                continue
            if words and (need_zero or group < 1000):
                words += "零"
            words += _four(group) + _BIG_UNITS[index]
            need_zero = False
        words += "元"
    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    else:
        words += "整"
    return words


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Party:
    """The party block of every penalty document (SAMR 文书格式)."""

    name: str
    uscc: str = ""
    address: str = ""
    representative: str = ""
    representative_title: str = "法定代表人"  # 法定代表人 / 负责人 / 经营者
    is_person: bool = False


@dataclass(frozen=True)
class Representation:
    argument: str
    adopted: bool
    review: str


@dataclass(frozen=True)
class DecisionText:
    """Everything a decision needs, already worded in plain Chinese; built by the cases service."""

    authority: str
    number: str
    party: Party
    filed_on: dt.date
    decided_on: dt.date
    violation: str
    facts: str
    evidence: Sequence[str]
    violated_provision: str  # the provision the conduct breaks, article level
    penalty_basis: str  # the provision the penalty rests on, article level
    statutory_range: str  # what the law allows for this case, in words
    discretion_reasons: Sequence[str]  # plain Chinese, no codes
    penalties: Sequence[str]  # one line per penalty, amounts in words and figures
    remedies: Sequence[str]
    notice_on: dt.date | None = None  # 行政处罚告知书 delivered
    representations: Sequence[Representation] = field(default=())
    statement_waived: bool = False
    hearing: str = ""  # one sentence on the hearing, or ""
    legal_review: str = ""  # one sentence on 法制审核 and 集体讨论, or ""
    deviation_reason: str = ""
    catalogue: str = ""  # "违法行为事项目录(2026年1月1日版)"
    payment: Sequence[str] = field(default=())
    publicity: str = ""
    officers: str = ""
    education_note: str = ""
    no_penalty_ground: str = ""  # the statutory circumstance, in words
    no_penalty_basis: str = ""  # the articles it rests on, cited from data


def party_block(doc: OfficialDocument, party: Party) -> None:
    doc.line(f"当事人：{party.name}")
    if party.uscc:
        doc.line(
            f"{'公民身份号码或者统一社会信用代码' if party.is_person else '统一社会信用代码'}:{party.uscc}"
        )
    if party.representative:
        doc.line(f"{party.representative_title}:{party.representative}")
    if party.address:
        doc.line(f"住所（地址）：{party.address}")


def _procedure(doc: OfficialDocument, text: DecisionText, *, punished: bool) -> None:
    opening = f"{chinese_date(text.filed_on)}，本局对当事人涉嫌{text.violation}一案立案调查。"
    if punished and text.notice_on is not None:
        opening += (
            f"{chinese_date(text.notice_on)}，本局向当事人送达《行政处罚告知书》，告知拟作出行政处罚的内容及事实、"
            "理由、依据，以及当事人依法享有的陈述、申辩" + ("、要求听证" if text.hearing else "") + "等权利。"
        )
    doc.paragraph(opening + "本案现已调查终结。")


def _statements(doc: OfficialDocument, text: DecisionText) -> None:
    if text.statement_waived:
        doc.paragraph("当事人在法定期限内以书面形式明确放弃陈述、申辩的权利。")
    elif not text.representations:
        doc.paragraph("当事人在法定期限内未提出陈述、申辩意见，视为放弃此权利。")
    for index, item in enumerate(text.representations, start=1):
        verdict = "予以采纳" if item.adopted else "不予采纳"
        doc.paragraph(f"当事人陈述、申辩意见{index}：{item.argument}")
        doc.paragraph(f"经复核，本局认为：{item.review}。对该意见{verdict}。")
    if text.hearing:
        doc.paragraph(text.hearing)


def _facts(doc: OfficialDocument, text: DecisionText) -> None:
    doc.heading("一、违法事实")
    doc.paragraphs([text.facts or f"当事人存在{text.violation}的行为。"])
    doc.heading("二、相关证据")
    doc.paragraph("上述事实，有下列证据证明：")
    items = [e for e in text.evidence if e.strip()] or ["现场检查笔录及案卷所附证据材料"]
    for index, item in enumerate(items, start=1):
        doc.paragraph(f"{index}.{item.strip()}")


def penalty_decision(text: DecisionText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "行政处罚决定书")
    doc.number(text.number)
    doc.blank()
    party_block(doc, text.party)
    _procedure(doc, text, punished=True)
    _facts(doc, text)
    doc.heading("三、陈述、申辩和听证情况")
    _statements(doc, text)
    doc.heading("四、处罚依据和理由")
    doc.paragraph(f"本局认为，当事人的上述行为违反了{text.violated_provision}的规定，构成{text.violation}。")
    if text.statutory_range:
        doc.paragraph(text.statutory_range)
    for reason in text.discretion_reasons:
        doc.paragraph(reason)
    if text.deviation_reason:
        doc.paragraph(text.deviation_reason)
    if text.legal_review:
        doc.paragraph(text.legal_review)
    doc.paragraph(f"依据{text.penalty_basis}的规定，本局决定对当事人作出如下行政处罚：")
    for index, penalty in enumerate(text.penalties, start=1):
        doc.paragraph(f"{_ORDINALS[index - 1] if index <= len(_ORDINALS) else index}、{penalty}")
    if text.payment:
        doc.heading("五、履行方式和期限")
        doc.paragraphs(text.payment)
    doc.heading("六、救济途径和期限" if text.payment else "五、救济途径和期限")
    doc.paragraphs(text.remedies)
    if text.publicity:
        doc.paragraph(text.publicity)
    doc.signature(text.authority, chinese_date(text.decided_on))
    return doc.to_bytes()


_ORDINALS = "一二三四五六七八九十"


def no_penalty_decision(text: DecisionText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "不予行政处罚决定书")
    doc.number(text.number)
    doc.blank()
    party_block(doc, text.party)
    _procedure(doc, text, punished=False)
    _facts(doc, text)
    doc.heading("三、不予行政处罚的理由和依据")
    doc.paragraph(f"本局认为，当事人的上述行为违反了{text.violated_provision}的规定。")
    for reason in text.discretion_reasons:
        doc.paragraph(reason)
    doc.paragraph(
        f"鉴于当事人{text.no_penalty_ground}，依据{text.no_penalty_basis}的规定，本局决定对当事人不予行政处罚。"
    )
    doc.paragraph(
        "本局已依照《中华人民共和国行政处罚法》第三十三条第三款的规定对当事人进行教育"
        + (f":{text.education_note}" if text.education_note else "。")
    )
    doc.paragraph("不予行政处罚不免除当事人依法改正违法行为的义务。")
    doc.heading("四、救济途径和期限")
    doc.paragraphs(text.remedies)
    doc.signature(text.authority, chinese_date(text.decided_on))
    return doc.to_bytes()


def education_record(text: DecisionText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "教育记录")
    party_block(doc, text.party)
    doc.line(f"关联文书：{text.number}")
    doc.line(f"教育时间：{chinese_date(text.decided_on)}")
    doc.line(f"执法人员：{text.officers or '(签名)'}")
    doc.heading("一、违法行为")
    doc.paragraphs([text.facts or text.violation])
    doc.heading("二、教育内容")
    doc.paragraphs(
        [
            text.education_note
            or f"向当事人讲解了{text.violated_provision}的规定，指出其行为的违法性和可能的危害后果，"
            "督促其立即改正并建立防范措施。"
        ]
    )
    doc.heading("三、当事人意见")
    doc.paragraph("当事人对上述教育内容表示知悉，承诺依法合规经营。")
    doc.blank()
    doc.line("当事人（签名或者盖章）：")
    doc.line("执法人员（签名）：")
    doc.signature(text.authority, chinese_date(text.decided_on), seal=False)
    return doc.to_bytes()
