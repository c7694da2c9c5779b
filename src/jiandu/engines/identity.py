"""Reporter identity inside free text: personal names, phone numbers and resident ID numbers.

A clue's text often names who reported it ("市民李四通过12345反映", "我是反映人王五", a mobile number,
an ID number). :func:`find_identity` finds those spans, :func:`mask_identity` replaces them for readers
who may not know the reporter. Pure Python; the ID check is python-stdnum's ``stdnum.cn.ric``
(GB 11643: region, birth date, check digit), so an 18-digit order number is not taken for an ID.

Names are found two ways: the names the caller already knows (the clue's reporter field), and a
2–3 character name starting with a common surname right after a word that introduces a person
(反映人, 举报人, 市民, 个体户, 我叫, 姓名 …) and followed by what usually follows a name
(通过, 反映, 称, a punctuation mark …), so "本人是东城区居民" or "我是某某公司的经营者" are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stdnum.cn import ric

__all__ = ["Span", "find_identity", "mask_identity", "mask_record"]

SURNAMES = frozenset(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容", "令狐", "皇甫", "尉迟", "公孙")
CUES = (
    "反映人", "举报人", "投诉人", "来电人", "来信人", "联系人", "当事人员", "个体户", "个体经营者", "市民",
    "村民", "居民", "群众", "消费者", "我叫", "名叫", "姓名", "署名",
)  # fmt: skip
AFTER_NAME = (
    "通过", "致电", "发送", "来信", "来访", "来电", "在", "反映", "举报", "投诉", "称", "说", "表示",
    "向", "于", "先生", "女士", "同志", "本人", "电话", "手机", "联系", "身份证", "的",
    "，", ",", "。", "；", ";", "：", ":", "、", "（", "(", " ", "\n",
)  # fmt: skip
NOT_NAMES = frozenset({"市场", "市民", "政府", "监管", "公司", "企业", "有关", "相关"})

_CUE = re.compile("(?:" + "|".join(CUES) + r")(?:是|为|[:：])?\s*")
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-\d{7,8})(?!\d)")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "name", "phone" or "id_number"
    text: str


def _name_after(text: str, at: int) -> tuple[int, int] | None:
    for surname_length in (2, 1):
        surname = text[at : at + surname_length]
        if (surname_length == 2 and surname not in COMPOUND_SURNAMES) or (
            surname_length == 1 and surname not in SURNAMES
        ):
            continue
        for given in (2, 1):
            end = at + surname_length + given
            name = text[at:end]
            if len(name) != surname_length + given or not all(_HAN.match(ch) for ch in name):
                continue
            if name in NOT_NAMES:
                continue
            rest = text[end:]
            if rest == "" or rest.startswith(AFTER_NAME):
                return at, end
    return None


def find_identity(text: str, known_names: Iterable[str] = ()) -> list[Span]:
    """The identity spans in ``text``, sorted and not overlapping."""
    spans: list[Span] = []
    for match in _ID.finditer(text):
        if ric.is_valid(match.group(1)):
            spans.append(Span(match.start(1), match.end(1), "id_number", match.group(1)))
    for pattern in (_MOBILE, _LANDLINE):
        for match in pattern.finditer(text):
            spans.append(Span(match.start(1), match.end(1), "phone", match.group(1)))
    for name in {n.strip() for n in known_names if len(n.strip()) >= 2}:
        for match in re.finditer(re.escape(name), text):
            spans.append(Span(match.start(), match.end(), "name", name))
    for match in _CUE.finditer(text):
        found = _name_after(text, match.end())
        if found is not None:
            spans.append(Span(found[0], found[1], "name", text[found[0] : found[1]]))
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            continue
        merged.append(span)
    return merged


def _mask(span: Span) -> str:
    if span.kind == "name":
        surname = span.text[:2] if span.text[:2] in COMPOUND_SURNAMES else span.text[:1]
        return surname + "某"
    if span.kind == "phone":
        digits = re.sub(r"\D", "", span.text)
        return digits[:3] + "****" + digits[-4:] if len(digits) >= 11 else "[电话已隐去]"
    return "[身份证号已隐去]"


def mask_identity(text: str, known_names: Iterable[str] = ()) -> str:
    """``text`` with every identity span masked: 李四 → 李某, 13912345678 → 139****5678."""
    spans = find_identity(text, known_names)
    if not spans:
        return text
    pieces: list[str] = []
    last = 0
    for span in spans:
        pieces.append(text[last : span.start])
        pieces.append(_mask(span))
        last = span.end
    pieces.append(text[last:])
    return "".join(pieces)


def mask_record(value: Any, hidden_keys: frozenset[str], known_names: Iterable[str] = ()) -> Any:
    """A JSON-like value (an audit entry's before/after) with the ``hidden_keys`` replaced and every
    string's identity spans masked; names found under ``hidden_keys`` count as known names."""
    names = set(known_names)

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for key, item in node.items():
                if key in hidden_keys and isinstance(item, str) and len(item.strip()) >= 2:
                    names.add(item.strip())
                collect(item)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: ("（已隐去）" if key in hidden_keys and item else walk(item))
                for key, item in node.items()
            }
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, str):
            return mask_identity(node, names)
        return node

    collect(value)
    return walk(value)
