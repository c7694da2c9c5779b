"""Synthetic, varied fact texts (违法事实) for demo and benchmark cases. Pure Python, all invented.

The circumstances follow the fine: a fine well below the usual amount for the violation gets
mitigating circumstances (first violation, corrected at once), one well above gets aggravating
ones, so that the similar-case check has something meaningful to find.
"""

from __future__ import annotations

import datetime as dt
import random

from jiandu.demo import names as N

OPENERS = (
    "{date}，执法人员依法对当事人位于{place}的经营场所进行现场检查，发现",
    "根据12315平台转来的投诉举报，执法人员于{date}对当事人位于{place}的经营场所进行检查，发现",
    "{date}，执法人员按照“双随机、一公开”抽查计划对当事人进行检查，发现",
    "在{campaign}中，执法人员于{date}检查当事人位于{place}的门店，发现",
    "{date}，根据上级机关交办线索，执法人员对当事人进行核查，发现",
)
CAMPAIGNS = ("民生领域案件查办“铁拳”行动", "校园周边食品安全专项整治", "节日市场专项检查", "农资打假专项行动")
PLACES = ("人民路", "建设路", "解放大道", "中州大道", "滨河路", "文化路", "工业园区", "农贸市场", "商业广场")

DETAILS: dict[str, tuple[str, ...]] = {
    "food": (
        "涉案{food}共{n}{unit}，货值金额{value}元",
        "货架上陈列的{food}{n}{unit}存在问题，已售出部分无法追回",
        "后厨存放的{food}{n}{unit}均为当事人自行采购",
    ),
    "price": (
        "涉及商品{n}种，自{month}起持续至检查之日",
        "店内{n}种商品存在上述问题，消费者多次反映",
    ),
    "advertising": (
        "上述广告通过{media}发布，广告费用{value}元，浏览量约{n}千次",
        "当事人在{media}发布的宣传内容含有上述情形，发布时间约{n}天",
    ),
    "product_quality": (
        "涉案{goods}共{n}台（件），货值金额{value}元",
        "经抽样检验，当事人销售的{goods}不合格，库存{n}台（件）",
    ),
    "special_equipment": (
        "涉及{equipment}{n}台，位于当事人管理的{building}",
        "当事人使用的{equipment}{n}台存在上述问题，已持续约{months}个月",
    ),
    "metrology": (
        "涉案{instrument}{n}台，均在营业中使用",
        "经现场复秤，当事人使用的{instrument}偏差超过允许误差，涉及{n}台",
    ),
    "agricultural_inputs": (
        "涉案{input}共{n}袋，货值金额{value}元，已销往周边{villages}个村",
        "当事人库存的{input}{n}袋经抽检不合格",
    ),
}
GENERIC_DETAILS = (
    "涉案金额{value}元，持续时间约{months}个月",
    "经调查，涉及消费者{n}人，涉案金额{value}元",
)
MEDIA = ("微信公众号", "短视频平台", "门店宣传海报", "电商平台商品详情页", "户外广告牌")
EQUIPMENT = ("乘客电梯", "载货电梯", "燃气锅炉", "压力容器", "叉车")
BUILDINGS = ("商业综合体", "住宅小区", "写字楼", "厂区", "酒店")
INSTRUMENTS = ("电子计价秤", "燃油加油机", "台秤", "水表")
INPUTS = ("复合肥料", "尿素", "农膜", "玉米种子", "小麦种子")

LENIENT = (
    "当事人系首次违法，",
    "检查后当事人立即下架涉案商品并改正，",
    "当事人主动消除违法行为危害后果，",
    "当事人积极配合调查，如实陈述违法事实，",
    "尚未造成危害后果，",
)
NEUTRAL = (
    "当事人对违法事实无异议，",
    "违法所得{gain}元，",
    "当事人在规定期限内提交了整改报告，",
    "",
)
AGGRAVATING = (
    "当事人在一年内曾因同类违法行为受到行政处罚，",
    "当事人在调查中拒不提供进货凭证，",
    "当事人经责令改正后拒不改正，",
    "已造成{n}名消费者权益受损，",
    "违法行为持续时间长、涉及范围广，",
)
EVIDENCE = ("现场检查笔录", "询问笔录", "现场照片", "进货凭证", "检验报告", "视听资料", "电子数据截图")


def _fill(template: str, rng: random.Random, county: str, decided: dt.date) -> str:
    inspected = decided - dt.timedelta(days=rng.randint(20, 90))
    since = inspected - dt.timedelta(days=rng.randint(30, 400))
    values = {
        "date": f"{inspected.year}年{inspected.month}月{inspected.day}日",
        "place": f"{county}{rng.choice(PLACES)}{rng.randint(1, 300)}号",
        "campaign": rng.choice(CAMPAIGNS),
        "food": rng.choice(N.FOODS),
        "goods": rng.choice(N.GOODS),
        "n": rng.randint(2, 60),
        "unit": rng.choice(("件", "箱", "袋", "公斤", "盒")),
        "value": rng.choice((320, 860, 1200, 2450, 3800, 5600, 9100, 12800, 26000)),
        "month": f"{since.year}年{since.month}月",
        "media": rng.choice(MEDIA),
        "equipment": rng.choice(EQUIPMENT),
        "building": rng.choice(BUILDINGS),
        "months": rng.randint(2, 18),
        "instrument": rng.choice(INSTRUMENTS),
        "input": rng.choice(INPUTS),
        "villages": rng.randint(2, 9),
        "gain": rng.choice((180, 460, 920, 1500, 3200, 7400)),
    }
    return template.format(**values)


def fact_text(
    rng: random.Random,
    *,
    domain: str,
    violation: str,
    fine_ratio: float,
    county: str = "中原市",
    outcome: str = "penalty",
    decided: dt.date | None = None,
) -> str:
    """One fact text. ``fine_ratio`` is the fine over the usual fine for this violation; the
    inspection it tells of took place 20–90 days before ``decided``."""
    decided = decided or dt.date(2025, 6, 30)
    opener = _fill(rng.choice(OPENERS), rng, county, decided)
    detail = _fill(rng.choice(DETAILS.get(domain, GENERIC_DETAILS)), rng, county, decided)
    pool: tuple[str, ...]
    if outcome != "penalty" or fine_ratio < 0.6:
        pool = LENIENT
    elif fine_ratio > 1.8:
        pool = AGGRAVATING
    else:
        pool = NEUTRAL
    picked = [_fill(c, rng, county, decided) for c in rng.sample(pool, k=rng.randint(1, 2))]
    circumstances = "".join(picked).rstrip(",")
    circumstances = f"{circumstances}。" if circumstances else ""
    evidence = "、".join(rng.sample(EVIDENCE, k=3))
    return (
        f"{opener}当事人{violation}。{detail}。{circumstances}"
        f"以上事实有{evidence}等证据证实。当事人的上述行为构成{violation}的违法行为。"
    )
