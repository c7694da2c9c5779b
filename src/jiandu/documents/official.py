"""The house style of official documents (党政机关公文格式 GB/T 9704-2012) for python-docx.

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a type area of 22 lines;
title in 2号 (22 pt) 小标宋, body in 3号 (16 pt) 仿宋_GB2312, first-level headings in
黑体 and second-level in 楷体_GB2312; page numbers in 4号 宋体 as "— 1 —". Fonts that may be
missing on the reader's machine are given with fallbacks in the font table (w:altName).

The grid is a line grid only (w:docGrid type "lines"). A character grid (type "linesAndChars" with a
w:charSpace pitch) is read differently by Word, WPS and LibreOffice — LibreOffice broke lines after
about 14 characters — so the width of a line comes from the font and a character spacing of -0.25 pt: 28
characters of 3号 a line in every renderer (tests/test_render.py converts each document with LibreOffice
and checks it).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

__all__ = [
    "BODY_FONTS",
    "BODY_SIZE",
    "CHARS_PER_LINE",
    "HEADING_FONTS",
    "LINE_PITCH",
    "TITLE_FONTS",
    "TITLE_SIZE",
    "OfficialDocument",
    "full_width",
]

TITLE_FONTS = ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体")
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong")
HEADING_FONTS = ("黑体", "SimHei")
SUBHEADING_FONTS = ("楷体_GB2312", "楷体", "KaiTi")
PAGE_NUMBER_FONTS = ("宋体", "SimSun")
LATIN_FONT = "Times New Roman"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
# 225 mm of type height / 22 lines = 28.95 pt a line.
LINE_PITCH = Pt(28.95)
INDENT = Pt(32)  # 2 characters
TYPE_WIDTH_MM = 210 - 28 - 26  # 156 mm
CHARS_PER_LINE = 28  # GB/T 9704-2012 7.1: 每行28个字
# 28 characters of 3号 (16 pt) are 448 pt, a little wider than the 156 mm (442.2 pt) type area; the
# standard's grid closes them up. Character spacing of -0.25 pt (w:spacing -5 twentieths) does the
# same in Word, WPS and LibreOffice alike: 28 × 15.75 pt = 441 pt.
BODY_CHAR_SPACING_TWIPS = -5


# CJK ideographs, CJK and full-width punctuation, Chinese quotes and the dash.
_CJK = "[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026]"
_FULL = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "?": "\uff1f", "!": "\uff01"}


def full_width(text: str) -> str:
    """Chinese punctuation in Chinese text: ASCII , : ; ? ! ( ) next to Chinese become full-width.

    Figures keep theirs (1,234.50; 2026-11-20), and the spaces an engine puts around figures in
    Chinese ("罚款 5,000 元") are dropped.
    """

    def paren(match: re.Match[str]) -> str:
        inner = match.group(1)
        before = text[match.start() - 1] if match.start() else ""
        if re.search(_CJK, inner) or (before and re.match(_CJK, before)):
            return "\uff08" + inner + "\uff09"
        return match.group(0)

    for _ in range(3):  # nested brackets: the innermost first
        text = re.sub(r"\(([^()]*)\)", paren, text)
    for ascii_mark, full in _FULL.items():
        mark = re.escape(ascii_mark)
        text = re.sub(rf"(?<={_CJK})\s*{mark}\s*|\s*{mark}\s*(?={_CJK})", full, text)
    return re.sub(rf"(?<={_CJK}) +(?=[\d¥])|(?<=\d) +(?={_CJK})", "", text)


# the run properties that follow w:spacing in the schema's order (WordprocessingML CT_RPr); Word
# refuses a document whose run properties are out of order
_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
    "w:oMath",
)  # fmt: skip


def _set_fonts(run_or_style: Any, fonts: Sequence[str], size: Pt, *, bold: bool = False) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    font.size = size
    font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), fonts[0])
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    if size == BODY_SIZE:
        spacing = rpr.find(qn("w:spacing"))
        if spacing is None:
            spacing = OxmlElement("w:spacing")
            rpr.insert_element_before(spacing, *_AFTER_SPACING)
        spacing.set(qn("w:val"), str(BODY_CHAR_SPACING_TWIPS))


class OfficialDocument:
    """A document under construction; `to_bytes()` returns the .docx."""

    def __init__(self) -> None:
        self.doc: DocxDocument = Document()
        section = self.doc.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28) - Mm(7) * 2  # the page number sits 7 mm below the type area
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
        if grid.get(qn("w:charSpace")) is not None:
            del grid.attrib[qn("w:charSpace")]
        normal = self.doc.styles["Normal"]
        _set_fonts(normal, BODY_FONTS, BODY_SIZE)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        fmt.space_before = fmt.space_after = Pt(0)
        self._register_fallbacks()
        self._page_number()

    # -- building blocks --

    def title(self, *lines: str) -> None:
        for line in lines:
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing = Pt(35)
            _set_fonts(paragraph.add_run(full_width(line)), TITLE_FONTS, TITLE_SIZE)
        self.blank()

    def number(self, text: str) -> None:
        """The document number (文号), centred under the title."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_fonts(paragraph.add_run(full_width(text)), BODY_FONTS, BODY_SIZE)

    def blank(self) -> None:
        self.doc.add_paragraph()

    def line(self, text: str) -> Paragraph:
        """A paragraph with no first-line indent (addressee, party information)."""
        paragraph = self.doc.add_paragraph()
        _set_fonts(paragraph.add_run(full_width(text)), BODY_FONTS, BODY_SIZE)
        return paragraph

    def paragraph(self, text: str) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = INDENT
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _set_fonts(paragraph.add_run(full_width(text)), BODY_FONTS, BODY_SIZE)
        return paragraph

    def paragraphs(self, texts: Iterable[str]) -> None:
        for text in texts:
            for part in str(text).splitlines():
                if part.strip():
                    self.paragraph(part.strip())

    def heading(self, text: str) -> None:
        """A first-level heading ("一、…") in 黑体."""
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = INDENT
        _set_fonts(paragraph.add_run(full_width(text)), HEADING_FONTS, BODY_SIZE)

    def subheading(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = INDENT
        _set_fonts(paragraph.add_run(full_width(text)), SUBHEADING_FONTS, BODY_SIZE)

    def signature(self, authority: str, date_text: str, *, seal: bool = True) -> None:
        """The issuing authority and date, right-aligned with four characters of space on the right."""
        self.blank()
        for text in (authority + ("（印章）" if seal else ""), date_text):
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(64)
            _set_fonts(paragraph.add_run(full_width(text)), BODY_FONTS, BODY_SIZE)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    # -- internals --

    def _page_number(self) -> None:
        footer = self.doc.sections[0].footer
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_fonts(paragraph.add_run("— "), PAGE_NUMBER_FONTS, PAGE_NUMBER_SIZE)
        run = paragraph.add_run()
        _set_fonts(run, PAGE_NUMBER_FONTS, PAGE_NUMBER_SIZE)
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
            else:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
        _set_fonts(paragraph.add_run(" —"), PAGE_NUMBER_FONTS, PAGE_NUMBER_SIZE)

    def _register_fallbacks(self) -> None:
        """Name the substitutes Word should use when a font is missing (w:altName in the font table)."""
        part = next(
            (rel.target_part for rel in self.doc.part.rels.values() if rel.reltype == RT.FONT_TABLE), None
        )
        if part is None:
            return
        from docx.oxml import parse_xml

        root = parse_xml(part.blob)
        for fonts in (TITLE_FONTS, BODY_FONTS, HEADING_FONTS, SUBHEADING_FONTS):
            font = OxmlElement("w:font")
            font.set(qn("w:name"), fonts[0])
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), ",".join(fonts[1:]))
            font.append(alt)
            charset = OxmlElement("w:charset")
            charset.set(qn("w:val"), "86")  # GB2312
            font.append(charset)
            root.append(font)
        from lxml import etree

        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
