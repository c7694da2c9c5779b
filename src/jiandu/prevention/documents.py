"""The wording of letters and notices, from a warning, letter or reminder (plain data for documents/)."""

from __future__ import annotations

from jiandu.documents.warning_letter import LetterText, ReminderText
from jiandu.org.models import Region
from jiandu.prevention.models import Reminder, RiskWarning, WarningLetter
from jiandu.prevention.selectors import guide_version

PUBLIC_GUIDES = "本局门户网站“合规指引”栏目（/public/guides/）"


def authority(region: Region) -> str:
    parent = region.parent.name if region.parent and region.parent.level == "city" else ""
    return f"{parent}{region.name}市场监督管理局"


def _guide(warning: RiskWarning) -> tuple[str, list[str], list[str]]:
    """Guide title, its obligations and their legal bases with the article text."""
    if warning.guide is None or warning.guide.published_version is None:
        return "", [], []
    version = guide_version(warning.guide, warning.guide.published_version)
    items = version.items if version else []
    obligations = [f"{i['obligation']}（依据：{i['legal_basis']}）" for i in items]
    bases = [f"{i['legal_basis']}：{i['article'].replace(chr(10), '')}" for i in items if i.get("article")]
    return warning.guide.title, obligations, bases


def letter_text(letter: WarningLetter) -> LetterText:
    warning = letter.warning
    title, obligations, bases = _guide(warning)
    legal = [b for b in warning.legal_basis.replace(";", "；").split("；") if b.strip()]
    return LetterText(
        authority=authority(warning.region),
        number=letter.number,
        addressee=letter.addressee,
        grade=warning.grade,
        title=warning.title,
        content=warning.content,
        findings=list(warning.grading_reasons),
        legal_basis=bases or legal,
        guide_title=title,
        guide_items=obligations,
        guide_address=PUBLIC_GUIDES if title else "",
        issued_on=(letter.created_at.date() if letter.created_at else warning.issued_on)
        or warning.follow_up_on,
    )


def reminder_text(reminder: Reminder) -> ReminderText:
    legal: list[str] = []
    title = ""
    if reminder.guide is not None and reminder.guide.published_version:
        version = guide_version(reminder.guide, reminder.guide.published_version)
        legal = [i["legal_basis"] for i in (version.items if version else [])]
        title = reminder.guide.title
    return ReminderText(
        authority=authority(reminder.region),
        party_name=reminder.enterprise.name,
        uscc=reminder.enterprise.uscc,
        origin=reminder.get_origin_display(),
        content=reminder.content,
        legal_basis=legal,
        guide_title=title,
        follow_up_on=reminder.follow_up_on,
        given_on=reminder.given_on,
    )
