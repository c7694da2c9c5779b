"""Identity spans in clue text: names after a cue or known, mobile and landline numbers, valid ID numbers."""

from __future__ import annotations

import pytest

from jiandu.engines.identity import find_identity, mask_identity

# A resident ID number valid under GB 11643 (region 110105, born 1949-12-31, check digit X), and the
# same with a wrong check digit.
VALID_ID = "11010519491231002X"
BAD_ID = "110105194912310021"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("……我是反映人李四，请尽快处理。", "……我是反映人李某，请尽快处理。"),
        ("市民王建国通过12345热线反映：", "市民王某通过12345热线反映："),
        ("个体户欧阳明华致电12345热线", "个体户欧阳某致电12345热线"),
        ("联系电话13912345678。", "联系电话139****5678。"),
        ("座机0371-65551234", "座机037****1234"),
        (f"身份证号{VALID_ID},", "身份证号[身份证号已隐去],"),
    ],
)
def test_masks(text, masked):
    assert mask_identity(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "本人是东城区居民，",
        "我是鑫源商贸有限公司的经营者，",
        f"订单号{BAD_ID}",  # an 18-digit number that is not an ID number
        "一名不愿透露姓名的群众反映，",
        "市场监管所检查时要求购买指定的电子秤",
    ],
)
def test_leaves_other_text_alone(text):
    assert find_identity(text) == []


def test_known_reporter_name_is_found_anywhere():
    spans = find_identity("该店老板说张伟多次来闹", known_names=["张伟"])
    assert [(s.kind, s.text) for s in spans] == [("name", "张伟")]
