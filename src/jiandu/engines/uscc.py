"""统一社会信用代码 (Unified Social Credit Code, GB 32100-2015) validation.

Layout of the 18 characters (1-based positions):

====== ============================================================
1      登记管理部门代码 (registration department), e.g. 1 机构编制, 5 民政,
       9 工商/市场监管, N 农业农村 (农村集体经济组织), Y 其他
2      机构类别代码 (organisation category), e.g. 91 企业, 92 个体工商户,
       93 农民专业合作社
3-8    登记管理机关行政区划码 (6-digit administrative division code)
9-17   主体标识码 (organisation code, 9 characters)
18     校验码 (check character)
====== ============================================================

Every character comes from a 31-character alphabet: the digits and the
upper-case Latin letters without I, O, Z, S and V.  A character's numeric value
is its index in :data:`CHARSET`.

Check character: with weights ``W_i = 3**(i-1) mod 31`` for positions 1..17,
``C18 = 31 - (sum(value_i * W_i) mod 31)``, and 31 maps to 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "CATEGORY_CODES",
    "CHARSET",
    "DEPARTMENT_CODES",
    "WEIGHTS",
    "UsccResult",
    "check_character",
    "check_lines",
    "is_valid",
    "make_code",
    "validate",
]

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 allowed characters; the value of a character is its index."""

_VALUES: dict[str, int] = {ch: i for i, ch in enumerate(CHARSET)}

WEIGHTS: tuple[int, ...] = tuple(pow(3, i, 31) for i in range(17))
"""Weights for positions 1..17: 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28."""

DEPARTMENT_CODES = "123456789ABCDEFGNY"
"""Accepted registration-department codes (position 1).

1-9 and A-G, Y come from GB 32100-2015 and its department allocation; N is used by
农业农村部门 for 农村集体经济组织 (codes such as ``N2...``).
"""

CATEGORY_CODES = "123456789"
"""Accepted organisation-category codes (position 2) in general."""

_MARKET_REGULATION_CATEGORIES: dict[str, str] = {
    "1": "企业",
    "2": "个体工商户",
    "3": "农民专业合作社",
}
"""Category codes used by department 9 (工商/市场监管)."""

_DIGITS = frozenset("0123456789")
CODE_LENGTH = 18


@dataclass(frozen=True, slots=True)
class UsccResult:
    """Outcome of :func:`validate`.

    ``code`` is the input with surrounding whitespace removed; ``error`` is a
    Chinese message naming the first problem found, or ``None`` when valid.
    """

    code: str
    valid: bool
    error: str | None = None


def _illegal_char_error(code: str) -> str | None:
    for position, ch in enumerate(code, start=1):
        if ch not in _VALUES:
            return f"第{position}位字符“{ch}”不在允许的字符集中（不得使用I、O、Z、S、V及小写字母）"
    return None


def _compute_check(first17: str) -> str:
    total = sum(_VALUES[ch] * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return CHARSET[0 if value == 31 else value]


def check_character(first17: str) -> str:
    """Return the check character (position 18) for the first 17 characters.

    Raises :class:`ValueError` (Chinese message) if ``first17`` is not 17
    characters from :data:`CHARSET`.
    """
    if len(first17) != CODE_LENGTH - 1:
        raise ValueError(f"计算校验码需要前17位，实际为{len(first17)}位")
    error = _illegal_char_error(first17)
    if error is not None:
        raise ValueError(error)
    return _compute_check(first17)


def _structure_error(code: str) -> str | None:
    """Check positions 1-8 of an 18-character code made of allowed characters."""
    department, category = code[0], code[1]
    if department not in DEPARTMENT_CODES:
        return f"第1位登记管理部门代码“{department}”无效，应为1-9、A-G、N或Y"
    if department == "9":
        if category not in _MARKET_REGULATION_CATEGORIES:
            allowed = "、".join(f"{k}({v})" for k, v in _MARKET_REGULATION_CATEGORIES.items())
            return f"第2位机构类别代码“{category}”无效，登记管理部门为9（市场监管）时应为{allowed}"
    elif category not in CATEGORY_CODES:
        return f"第2位机构类别代码“{category}”无效，应为1-9的数字"
    if not set(code[2:8]) <= _DIGITS:
        return "第3-8位行政区划码应为6位数字"
    return None


def validate(code: str) -> UsccResult:
    """Validate a 统一社会信用代码.

    Surrounding whitespace is stripped; lower-case letters are *not* accepted
    (no silent upper-casing).  Problems are reported in this order: empty,
    length, illegal character, position 1, position 2, region code, check
    character.
    """
    code = code.strip()
    error: str | None
    if not code:
        error = "代码为空"
    elif len(code) != CODE_LENGTH:
        error = f"长度应为18位，实际为{len(code)}位"
    else:
        error = _illegal_char_error(code) or _structure_error(code)
        if error is None:
            expected = _compute_check(code[:17])
            if code[17] != expected:
                error = f"校验码错误：第18位应为“{expected}”，实际为“{code[17]}”"
    return UsccResult(code=code, valid=error is None, error=error)


def is_valid(code: str) -> bool:
    """Shorthand for ``validate(code).valid``."""
    return validate(code).valid


def is_individual_business(code: str) -> bool:
    """个体工商户: registered by market regulation (department 9) in category 2. The one rule for treating
    a party by its credit code as a natural person (自然人) — penalty thresholds, follow-up visits."""
    code = code.strip().upper()
    return len(code) >= 2 and code[0] == "9" and code[1] == "2"


def make_code(department: str, category: str, region_code: str, org_code: str) -> str:
    """Assemble a valid code from its parts and append the check character.

    ``department`` and ``category`` are single characters, ``region_code`` six
    digits and ``org_code`` nine characters from :data:`CHARSET`.  Raises
    :class:`ValueError` (Chinese message) if the parts do not form a valid code.
    """
    if len(department) != 1:
        raise ValueError("登记管理部门代码应为1位")
    if len(category) != 1:
        raise ValueError("机构类别代码应为1位")
    if len(region_code) != 6:
        raise ValueError("行政区划码应为6位数字")
    if len(org_code) != 9:
        raise ValueError(f"主体标识码应为9位，实际为{len(org_code)}位")
    first17 = department + category + region_code + org_code
    code = first17 + check_character(first17)
    result = validate(code)
    if not result.valid:
        raise ValueError(result.error)
    return code


def check_lines(lines: Iterable[str]) -> Iterator[dict[str, object]]:
    """Validate one code per line, yielding ``{"code", "valid", "error"}`` dicts.

    Every line yields an item (an empty line is reported as "代码为空"); the
    code is the line with surrounding whitespace and the newline removed.
    """
    for line in lines:
        result = validate(line)
        yield {"code": result.code, "valid": result.valid, "error": result.error}
