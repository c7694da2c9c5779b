"""《违法风险预警提醒书》 (to an association or a firm) and 《违法风险预警提醒告知书》 (to one firm) as .docx.

Official layout from `documents.official` (GB/T 9704). A mail-merge to many firms is either one file
per firm (`warning_letter`) or one combined file with a page per firm (`combined_letters`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from jiandu.documents.official import OfficialDocument
from jiandu.documents.penalty_decision import chinese_date

__all__ = [
    "LetterText",
    "ReminderText",
    "combined_letters",
    "letters_zip",
    "reminder_notice",
    "warning_letter",
]


@dataclass(frozen=True)
class LetterText:
    authority: str
    number: str
    addressee: str
    grade: str
    title: str
    content: str
    findings: Sequence[str]  # the hotspot's numbers and reasons, in plain words
    legal_basis: Sequence[str]  # "《…》第…条：条文"
    guide_title: str
    guide_items: Sequence[str]
    guide_address: str
    issued_on: dt.date
    contact: str = ""


def _letter(doc: OfficialDocument, text: LetterText) -> None:
    doc.title(text.authority, "违法风险预警提醒书")
    doc.number(text.number)
    doc.line(f"{text.addressee}:")
    doc.paragraph(
        f"本局在分析12315、12345投诉举报和日常监管情况时发现，{text.title}风险较为突出，"
        f"已列入违法风险预警分级清单（{text.grade}预警）。为帮助您依法合规经营、防范违法风险，现提醒如下。"
    )
    doc.heading("一、风险情况")
    doc.paragraphs([text.content, *text.findings])
    doc.heading("二、法律依据")
    doc.paragraphs(text.legal_basis)
    doc.heading("三、合规建议")
    if text.guide_title:
        doc.paragraph(f"请对照《{text.guide_title}》开展自查自纠：")
        for index, item in enumerate(text.guide_items, start=1):
            doc.paragraph(f"（{index}）{item}")
        if text.guide_address:
            doc.paragraph(f"合规指引全文可在{text.guide_address}查阅。")
    else:
        doc.paragraph("请对照上述法律规定开展自查自纠，发现问题及时整改。")
    doc.paragraph(
        "本提醒书为行政指导，不影响您的合法权益。对提醒事项逾期不改正、造成违法后果的，本局将依法处理。"
    )
    if text.contact:
        doc.paragraph(f"联系方式：{text.contact}")
    doc.signature(text.authority, chinese_date(text.issued_on))


def warning_letter(text: LetterText) -> bytes:
    doc = OfficialDocument()
    _letter(doc, text)
    return doc.to_bytes()


def combined_letters(texts: Sequence[LetterText]) -> bytes:
    """One file, one letter per page, for a list of firms."""
    doc = OfficialDocument()
    for index, text in enumerate(texts):
        if index:
            doc.doc.add_page_break()  # type: ignore[no-untyped-call]
        _letter(doc, text)
    return doc.to_bytes()


def letters_zip(texts: Sequence[LetterText]) -> bytes:
    """One .docx per addressee in a zip file, named by document number and addressee."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for text in texts:
            safe = "".join(ch for ch in f"{text.number}-{text.addressee}" if ch not in '\\/:*?"<>|')
            archive.writestr(f"{safe}.docx", warning_letter(text))
    return buffer.getvalue()


@dataclass(frozen=True)
class ReminderText:
    authority: str
    party_name: str
    uscc: str
    origin: str
    content: str
    legal_basis: Sequence[str]
    guide_title: str
    follow_up_on: dt.date
    given_on: dt.date


def reminder_notice(text: ReminderText) -> bytes:
    doc = OfficialDocument()
    doc.title(text.authority, "违法风险预警提醒告知书")
    doc.line(f"{text.party_name}（统一社会信用代码：{text.uscc}）：")
    doc.paragraph(f"本局在{text.origin}中发现你（单位）存在以下违法风险，现予以提醒：")
    doc.paragraph(text.content)
    if text.legal_basis:
        doc.heading("一、法律依据")
        doc.paragraphs(text.legal_basis)
    doc.heading("二、整改建议")
    doc.paragraph(
        (f"请对照《{text.guide_title}》自查，" if text.guide_title else "请对照上述规定自查，")
        + f"于{chinese_date(text.follow_up_on)}前完成整改。本局将于该日后进行跟进检查。"
    )
    doc.signature(text.authority, chinese_date(text.given_on))
    return doc.to_bytes()
