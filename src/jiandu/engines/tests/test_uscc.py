"""Tests for the 统一社会信用代码 (GB 32100-2015) validator."""

from __future__ import annotations

import json

import pytest

from jiandu.engines.uscc import (
    CHARSET,
    WEIGHTS,
    UsccResult,
    check_character,
    check_lines,
    is_valid,
    make_code,
    validate,
)

# Real codes of registered enterprises (published on their business licences).
KNOWN_VALID = ["91350100M000100Y43", "91110000600037341L"]


def test_charset_and_weights_follow_the_standard() -> None:
    assert len(CHARSET) == 31
    assert not set("IOZSV") & set(CHARSET)
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    # each weight is 3**(i-1) mod 31
    assert all(w == 3**i % 31 for i, w in enumerate(WEIGHTS))


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_real_codes_are_valid(code: str) -> None:
    result = validate(code)
    assert result == UsccResult(code=code, valid=True, error=None)
    assert is_valid(code)
    assert check_character(code[:17]) == code[17]


def test_hand_computed_check_character() -> None:
    # 91350100M000100Y4 ?
    #   char : 9  1  3   5  0   1  0  0   M   0  0  0  1  0  0   Y   4
    #   value: 9  1  3   5  0   1  0  0  21   0  0  0  1  0  0  30   4
    #   wt   : 1  3  9  27 19  26 16 17  20  29 25 13  8 24 10  30  28
    #   prod : 9  3 27 135  0  26  0  0 420   0  0  0  8  0  0 900 112
    # sum = 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 1640 - 52*31 = 28
    # C18 = 31 - 28 = 3  -> character "3"
    assert check_character("91350100M000100Y4") == "3"

    # 91110000600037341 ?
    #   values 9 1 1 1 0 0 0 0 6 0 0 0 3 7 3 4 1
    #   prods  9 3 9 27 0 0 0 0 120 0 0 0 24 168 30 120 28  -> sum 538
    # 538 mod 31 = 538 - 17*31 = 11; C18 = 31 - 11 = 20 -> CHARSET[20] == "L"
    assert CHARSET[20] == "L"
    assert check_character("91110000600037341") == "L"


def test_check_value_31_maps_to_zero() -> None:
    # "91" + "001000" + "000000000": 9*1 + 1*3 + 1*19 (position 5, weight 19) = 31
    # 31 mod 31 = 0 -> 31 - 0 = 31 -> mapped to 0
    assert check_character("91001000000000000") == "0"
    assert is_valid("910010000000000000")


def test_wrong_check_character() -> None:
    result = validate("91350100M000100Y44")
    assert not result.valid
    assert result.error == "校验码错误：第18位应为“3”，实际为“4”"


def test_empty_and_whitespace() -> None:
    assert validate("").error == "代码为空"
    assert validate("   \t").error == "代码为空"
    stripped = validate("  91350100M000100Y43\n")
    assert stripped.valid
    assert stripped.code == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "length"),
    [("91350100M000100Y4", 17), ("91350100M000100Y430", 19)],
)
def test_wrong_length(code: str, length: int) -> None:
    result = validate(code)
    assert not result.valid
    assert result.error == f"长度应为18位，实际为{length}位"


def test_lowercase_is_rejected_not_uppercased() -> None:
    result = validate("91350100m000100Y43")
    assert not result.valid
    assert result.code == "91350100m000100Y43"
    assert result.error == "第9位字符“m”不在允许的字符集中（不得使用I、O、Z、S、V及小写字母）"


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters(letter: str) -> None:
    code = "91350100M000100" + letter + "43"
    result = validate(code)
    assert not result.valid
    assert result.error is not None
    assert result.error.startswith(f"第16位字符“{letter}”不在允许的字符集中")


def test_region_must_be_digits() -> None:
    first17 = "913501A0M000100Y4"
    code = first17 + check_character(first17)  # correct check char, so only the region is wrong
    result = validate(code)
    assert not result.valid
    assert result.error == "第3-8位行政区划码应为6位数字"


def test_department_and_category_errors() -> None:
    first17 = "H1350100M000100Y4"
    result = validate(first17 + check_character(first17))
    assert result.error is not None
    assert result.error.startswith("第1位登记管理部门代码“H”无效")

    first17 = "95350100M000100Y4"  # 9 (市场监管) only has categories 1, 2, 3
    result = validate(first17 + check_character(first17))
    assert result.error is not None
    assert result.error.startswith("第2位机构类别代码“5”无效")

    first17 = "5A350100M000100Y4"
    result = validate(first17 + check_character(first17))
    assert result.error is not None
    assert result.error.startswith("第2位机构类别代码“A”无效")


def test_errors_are_reported_in_order() -> None:
    # illegal character is reported before the department / region problems
    assert validate("H13501A0M00010OY43").error == (
        "第15位字符“O”不在允许的字符集中（不得使用I、O、Z、S、V及小写字母）"
    )
    # department before region
    error = validate("H13501A0M000100Y43").error
    assert error is not None
    assert error.startswith("第1位")


def test_make_code_produces_valid_codes() -> None:
    code = make_code("9", "1", "350100", "M000100Y4")
    assert code == "91350100M000100Y43"
    for category in "123":
        for org in ("MA01ABCD1", "000000000", "YYYYYYYYY"):
            generated = make_code("9", category, "110105", org)
            assert is_valid(generated), generated
            # changing any one of the first 17 characters breaks the check
            broken = generated[:9] + ("1" if generated[9] != "1" else "2") + generated[10:]
            assert not is_valid(broken)


def test_make_code_rejects_bad_parts() -> None:
    with pytest.raises(ValueError, match="行政区划码"):
        make_code("9", "1", "35010", "M000100Y4")
    with pytest.raises(ValueError, match="主体标识码"):
        make_code("9", "1", "350100", "M000100Y")
    with pytest.raises(ValueError, match="第9位字符“I”"):
        make_code("9", "1", "350100", "I000100Y4")
    with pytest.raises(ValueError, match="行政区划码应为6位数字"):
        make_code("9", "1", "35010A", "M000100Y4")


def test_check_character_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="前17位"):
        check_character("9135")
    with pytest.raises(ValueError, match="小写字母"):
        check_character("91350100m000100Y4")


def test_check_lines() -> None:
    lines = ["91350100M000100Y43\n", "\n", "91110000600037341L  \r\n", "91350100M000100Y44"]
    items = list(check_lines(lines))
    assert [item["code"] for item in items] == [
        "91350100M000100Y43",
        "",
        "91110000600037341L",
        "91350100M000100Y44",
    ]
    assert [item["valid"] for item in items] == [True, False, True, False]
    assert items[0]["error"] is None
    assert items[1]["error"] == "代码为空"
    assert items[3]["error"] == "校验码错误：第18位应为“3”，实际为“4”"
    # each item must serialise as one JSON object for the CLI
    assert json.loads(json.dumps(items[3], ensure_ascii=False)) == items[3]


def test_individual_business_is_department_9_category_2():
    from jiandu.engines.uscc import is_individual_business

    assert is_individual_business("92411800MA0000000X")
    assert is_individual_business(" 92x ")
    assert not is_individual_business("91411800MA0000000X")  # an enterprise
    assert not is_individual_business("12411800MA0000000X")  # another department, category 2
    assert not is_individual_business("9")
