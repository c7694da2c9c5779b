"""The labels the triage engine suggests: the four key problems and the 17 key domains.

Source: 《规范涉企行政执法专项行动实施方案》 二(一)(二) (policy/000): four kinds of key problems
(四类重点问题) and the key enforcement domains (重点领域).  ``P0`` means "none of the four".
"""

from __future__ import annotations

__all__ = [
    "ACCUSED",
    "ACCUSING_AUTHORITY",
    "CATEGORIES",
    "DOMAINS",
    "LABELS",
    "NO_DOMAIN",
    "SUBTYPES",
    "category_of",
    "label_of",
    "subtype_of",
]

CATEGORIES: dict[str, str] = {
    "P0": "不属于四类重点问题",
    "P1": "乱收费、乱罚款、乱检查、乱查封",
    "P2": "违规异地执法和趋利性执法",
    "P3": "执法标准不一致、要求不统一，加重企业负担",
    "P4": "滥用职权、徇私枉法、该罚不罚、吃拿卡要、粗暴执法、执法不作为",
}

SUBTYPES: dict[str, str] = {
    "P1a": "乱收费",
    "P1b": "乱罚款",
    "P1c": "乱检查",
    "P1d": "乱查封",
    "P2a": "违规异地执法",
    "P2b": "趋利性执法",
    "P4a": "滥用职权",
    "P4b": "徇私枉法",
    "P4c": "该罚不罚",
    "P4d": "吃拿卡要",
    "P4e": "粗暴执法",
    "P4f": "执法不作为",
}

LABELS: tuple[str, ...] = (
    "P0", "P1a", "P1b", "P1c", "P1d", "P2a", "P2b", "P3", "P4a", "P4b", "P4c", "P4d", "P4e", "P4f",
)  # fmt: skip
"""Joint labels the model predicts: every subtype, plus P3 and P0 (which have no subtype)."""

DOMAINS: tuple[str, ...] = (
    "食品",
    "农资",
    "特种设备",
    "产品质量",
    "消费者权益保护",
    "知识产权",
    "标准",
    "计量",
    "认证认可与检验检测",
    "登记注册",
    "信用监管",
    "反垄断",
    "价格",
    "反不正当竞争",
    "打击传销",
    "网监",
    "广告",
)

ACCUSED: dict[str, str] = {
    "officer": "执法人员或市场监管部门",
    "authority": "其他行政机关",
    "merchant": "经营者",
    "none": "无（咨询、表扬、公共事务，或居委会、物业等非执法主体）",
}
"""Who a clue accuses.  Only a clue that accuses an officer or an authority can be one of the four."""

ACCUSING_AUTHORITY = frozenset({"officer", "authority"})

NO_DOMAIN = "无"
"""Class name the domain head uses for "no particular domain"."""


def category_of(label: str) -> str:
    """``P1b`` → ``P1``; ``P3`` → ``P3``."""
    return label[:2]


def subtype_of(label: str) -> str | None:
    """``P1b`` → ``P1b``; ``P3`` and ``P0`` → ``None``."""
    return label if label in SUBTYPES else None


def label_of(category: str, subtype: str | None) -> str:
    """The joint label for a (category, subtype) pair, checking that they agree.

    Raises ``ValueError`` with a Chinese message when they do not.
    """
    if category not in CATEGORIES:
        raise ValueError(f"类别“{category}”不存在，应为 P0–P4 之一")
    if category in ("P0", "P3"):
        if subtype:
            raise ValueError(f"类别 {category} 不应有细类，却给出了“{subtype}”")
        return category
    if not subtype:
        raise ValueError(f"类别 {category} 须给出细类")
    if subtype not in SUBTYPES or category_of(subtype) != category:
        raise ValueError(f"细类“{subtype}”不属于类别 {category}")
    return subtype
