"""行政处罚决定书, 不予行政处罚决定书 and 教育记录 as .docx (plain data in, bytes out).

The contents follow 行政处罚法 Art. 59 (party, facts and evidence, kind and basis of the penalty,
how and by when to perform it, the remedies and their time limits, the authority and date) and the
policy's call for reasoned decisions (说理式执法): the discretion reasons and the rule version used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jiandu.documents.official import OfficialDocument

__all__ = ["DecisionText", "education_record", "no_penalty_decision", "penalty_decision", "yuan_in_words"]

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
class DecisionText:
    """Everything a decision needs, already worded; built by the cases service from a case."""

    authority: str
    number: str
    party_name: str
    uscc: str
    address: str
    filed_on: dt.date
    decided_on: dt.date
    violation: str
    facts: str
    evidence: str
    legal_basis: str
    discretion_outcome: str
    discretion_reasons: Sequence[str]
    discretion_basis: Sequence[str]
    ruleset: str
    penalties: Sequence[str]
    remedies: Sequence[str]
    officers: str = ""
    catalogue_version: str = ""
    similar_summary: str = ""
    deviation_reason: str = ""
    payment: str = ""
    publicity: str = ""
    education_note: str = ""
    no_penalty_basis: Sequence[str] = field(default=())


def _head(doc: OfficialDocument, text: DecisionText, title: str) -> None:
    doc.title(text.authority, title)
    doc.number(text.number)
    doc.blank()
    doc.line(f"当事人:{text.party_name}")
    if text.uscc:
        doc.line(f"统一社会信用代码:{text.uscc}")
    if text.address:
        doc.line(f"住所(地址):{text.address}")
    doc.paragraph(
        f"{chinese_date(text.filed_on)},本局对当事人涉嫌{text.violation}一案立案调查。"
        "本局依法告知了当事人拟作出决定的事实、理由、依据及当事人依法享有的陈述、申辩等权利,"
        "现已调查终结。"
    )


def _facts_and_reasons(doc: OfficialDocument, text: DecisionText) -> None:
    doc.heading("一、违法事实")
    doc.paragraphs([text.facts or f"当事人存在{text.violation}的行为。"])
    doc.heading("二、证据")
    doc.paragraph("上述事实,有以下证据证明:")
    doc.paragraphs(text.evidence.splitlines() or ["(证据见案卷)"])
    doc.heading("三、裁量理由")
    doc.paragraph(f"经裁量核查,本案裁量结论为:{text.discretion_outcome}。理由如下:")
    for index, reason in enumerate(text.discretion_reasons, start=1):
        doc.paragraph(f"{index}. {reason}")
    if text.discretion_basis:
        doc.paragraph("裁量依据:" + ";".join(text.discretion_basis) + "。")
    version = f"本案适用的裁量规则版本为{text.ruleset or '(未记录)'}"
    if text.catalogue_version:
        version += f",违法行为事项目录版本为{text.catalogue_version}"
    doc.paragraph(version + "。")
    if text.similar_summary:
        doc.paragraph(text.similar_summary)
    if text.deviation_reason:
        doc.paragraph(f"与类似案件处理结果存在差异的理由:{text.deviation_reason}")


def _remedies(doc: OfficialDocument, text: DecisionText, heading: str) -> None:
    doc.heading(heading)
    doc.paragraph(";".join(text.remedies) + "。")


def penalty_decision(text: DecisionText) -> bytes:
    doc = OfficialDocument()
    _head(doc, text, "行政处罚决定书")
    _facts_and_reasons(doc, text)
    doc.heading("四、处罚依据和处罚决定")
    doc.paragraph(
        f"当事人的上述行为违反了相关法律规定。依据{text.legal_basis or '(处罚依据)'}的规定,"
        "本局决定对当事人作出如下行政处罚:"
    )
    for index, penalty in enumerate(text.penalties, start=1):
        doc.paragraph(f"{index}. {penalty}")
    doc.heading("五、履行方式和期限")
    doc.paragraph(
        text.payment or "当事人应当自收到本决定书之日起十五日内,到指定银行或者通过电子支付系统缴纳罚没款。"
    )
    doc.paragraph(
        "到期不缴纳罚款的,本局可以每日按罚款数额的百分之三加处罚款,加处罚款的数额不超出罚款的数额"
        "(《中华人民共和国行政处罚法》第七十二条)。"
    )
    _remedies(doc, text, "六、救济途径和期限")
    if text.publicity:
        doc.heading("七、信息公示")
        doc.paragraph(text.publicity)
    doc.signature(text.authority, chinese_date(text.decided_on))
    return doc.to_bytes()


def no_penalty_decision(text: DecisionText) -> bytes:
    doc = OfficialDocument()
    _head(doc, text, "不予行政处罚决定书")
    _facts_and_reasons(doc, text)
    doc.heading("四、不予行政处罚的依据和理由")
    basis = "、".join(text.no_penalty_basis) or text.legal_basis or "《中华人民共和国行政处罚法》第三十三条"
    doc.paragraph(
        f"当事人的上述行为构成{text.violation}。鉴于上述裁量理由,依据{basis}的规定,"
        "本局决定对当事人不予行政处罚。"
    )
    doc.paragraph(
        "依据《中华人民共和国行政处罚法》第三十三条第三款,本局已对当事人进行教育"
        + (f":{text.education_note}" if text.education_note else "。")
    )
    doc.paragraph("不予处罚不免除当事人依法改正违法行为的义务,本局将跟进核查整改情况。")
    _remedies(doc, text, "五、救济途径和期限")
    doc.signature(text.authority, chinese_date(text.decided_on))
    return doc.to_bytes()


def education_record(text: DecisionText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "教育记录")
    doc.line(f"当事人:{text.party_name}")
    if text.uscc:
        doc.line(f"统一社会信用代码:{text.uscc}")
    doc.line(f"关联文书:{text.number}(不予行政处罚决定书)")
    doc.line(f"教育时间:{chinese_date(text.decided_on)}")
    doc.line(f"执法人员:{text.officers or '(签名)'}")
    doc.heading("一、违法行为")
    doc.paragraphs([text.facts or text.violation])
    doc.heading("二、教育内容")
    doc.paragraphs(
        [
            text.education_note
            or f"向当事人讲解了{text.legal_basis or '相关法律法规'}的规定,指出其行为的违法性和可能的危害后果,"
            "督促其立即改正并建立防范措施。"
        ]
    )
    doc.heading("三、当事人意见")
    doc.paragraph("当事人对上述教育内容表示知悉,承诺依法合规经营。")
    doc.blank()
    doc.line("当事人(签名或盖章):                执法人员(签名):")
    doc.signature(text.authority, chinese_date(text.decided_on), seal=False)
    return doc.to_bytes()
