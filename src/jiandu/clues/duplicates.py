"""Text similarity and officer-name matching for possible duplicate clues (plain Python)."""

from __future__ import annotations

import re

WINDOW_DAYS = 90
LINK_WITH_PARTY = 0.15  # same firm or same officers and at least this similar
LINK_ON_TEXT = 0.45  # or this similar on text alone
MAX_CANDIDATES = 5000  # the most recent clues compared with a new one
MAX_LINKS = 10  # the closest possible duplicates linked to a new clue

_KEEP = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
_SPLIT = re.compile(r"[,，、;；/\s]+")


def bigrams(text: str) -> frozenset[str]:
    chars = "".join(_KEEP.findall(text))
    return frozenset(chars[i : i + 2] for i in range(len(chars) - 1))


_CACHE: dict[str, frozenset[str]] = {}
_CACHE_LIMIT = 50_000


def cached_bigrams(text: str) -> frozenset[str]:
    """Bigrams of a stored clue's text, kept in a bounded cache (imports compare each row with many)."""
    found = _CACHE.get(text)
    if found is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        found = _CACHE[text] = bigrams(text)
    return found


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def officer_names(text: str) -> frozenset[str]:
    return frozenset(n for n in _SPLIT.split(text.strip()) if len(n) >= 2)


def duplicate_reasons(*, score: float, same_firm: bool, same_officers: bool) -> list[str]:
    """Why two clues are linked, or an empty list when they are not."""
    reasons = []
    if same_firm:
        reasons.append("同一企业")
    if same_officers:
        reasons.append("同一执法人员")
    if (reasons and score >= LINK_WITH_PARTY) or score >= LINK_ON_TEXT:
        return [*reasons, f"文本相似度 {score:.2f}"]
    return []
