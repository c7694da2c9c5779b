"""The 17 key enforcement domains (重点领域) of the enforcement campaign, in the policy's order."""

from __future__ import annotations

from jiandu.org.models import Domain

DOMAINS = [
    ("food", "食品"),
    ("agricultural_inputs", "农资"),
    ("special_equipment", "特种设备"),
    ("product_quality", "产品质量"),
    ("consumer_protection", "消费者权益保护"),
    ("intellectual_property", "知识产权"),
    ("standards", "标准"),
    ("metrology", "计量"),
    ("certification_testing", "认证认可与检验检测"),
    ("registration", "登记注册"),
    ("credit", "信用监管"),
    ("antitrust", "反垄断"),
    ("price", "价格"),
    ("unfair_competition", "反不正当竞争"),
    ("pyramid_selling", "打击传销"),
    ("online", "网监"),
    ("advertising", "广告"),
]


def ensure_domains() -> None:
    """Create any missing domain (the migration seeds them; a flushed test database loses them)."""
    for order, (code, name) in enumerate(DOMAINS, start=1):
        Domain.objects.get_or_create(code=code, defaults={"name": name, "order": order})
