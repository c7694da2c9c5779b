"""Demo data for 双随机一公开: items, an inspectors' pool across the demo counties, one plan drawn and
published with results, one draft plan, ad-hoc inspection records (one repeat within 30 days), guidance.

The published plan runs through the real services (commit → draw → assign → results → publish) so
its public page verifies. All names are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from django.db.models import Q

from jiandu.inspections import services
from jiandu.inspections.models import (
    ConflictOfInterest,
    GuidanceKind,
    GuidanceMeasure,
    Inspection,
    InspectionItem,
    InspectionPlan,
    Inspector,
    ItemKind,
    Outcome,
)
from jiandu.org.models import Domain, Enterprise, Region, RegionLevel, User

ITEM_PREFIX = "ZY-"

# (code, name, domain code, kind, legal basis[, department])
ITEMS: list[tuple[str, ...]] = [
    (
        "ZY-TS-01",
        "电梯使用单位安全管理检查",
        "special_equipment",
        ItemKind.KEY,
        "特种设备安全法 第三十二条至第四十一条",
    ),
    ("ZY-TS-02", "电梯维护保养单位检查", "special_equipment", ItemKind.GENERAL, "特种设备安全法 第四十五条"),
    ("ZY-TS-03", "锅炉压力容器使用登记检查", "special_equipment", ItemKind.KEY, "特种设备安全法 第三十三条"),
    ("ZY-SP-01", "食品经营者经营条件检查", "food", ItemKind.GENERAL, "食品安全法 第三十三条"),
    ("ZY-SP-02", "餐饮服务食品安全检查", "food", ItemKind.KEY, "食品安全法 第五十五条、第五十六条"),
    ("ZY-SP-03", "食品生产者生产过程控制检查", "food", ItemKind.KEY, "食品安全法 第四十六条"),
    ("ZY-JL-01", "集贸市场计量器具检查", "metrology", ItemKind.GENERAL, "计量法 第九条"),
    ("ZY-JG-01", "明码标价检查", "price", ItemKind.GENERAL, "价格法 第十三条"),
    ("ZY-GG-01", "广告发布登记及内容检查", "advertising", ItemKind.GENERAL, "广告法 第二十九条"),
    ("ZY-ZL-01", "生产领域产品质量检查", "product_quality", ItemKind.GENERAL, "产品质量法 第十五条"),
    (
        "ZY-YJ-01",
        "电梯使用单位应急预案和演练检查",
        "special_equipment",
        ItemKind.GENERAL,
        "安全生产法 第八十一条",
        "应急管理局",
    ),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣晨博文海亮"
)
QUALIFICATIONS = [
    "行政执法证",
    "行政执法证；特种设备安全监察员",
    "行政执法证；食品安全检查员",
    "行政执法证；计量检定员",
]
INSPECTORS_PER_COUNTY = 6
INSPECTORS_AT_CITY = 8


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _actor(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    today = services.today()
    domains = {d.code: d for d in Domain.objects.all()}
    items = [
        InspectionItem(
            code=row[0],
            name=row[1],
            domain=domains[row[2]],
            kind=row[3],
            legal_basis=row[4],
            department=row[5] if len(row) > 5 else services.MAIN_DEPARTMENT,
        )
        for row in ITEMS
        if row[2] in domains
    ]
    InspectionItem.objects.bulk_create(items, ignore_conflicts=True)
    items_by_code = {i.code: i for i in InspectionItem.objects.filter(code__startswith=ITEM_PREFIX)}
    counties = list(Region.objects.filter(parent=city, level=RegionLevel.COUNTY).order_by("code"))
    _load_inspectors(city=city, counties=counties, rng=rng, domains=list(domains.values()))

    east = counties[0]
    actor = _actor("dongcheng") or _actor("admin")
    if actor is None:
        log("双随机演示数据：未找到演示账号，已跳过计划")
        return
    _load_history(east=east, counties=counties, rng=rng, today=today)
    published = _published_plan(actor=actor, east=east, items=items_by_code, rng=rng, today=today)
    city_actor = _actor("zhuanban") or actor
    services.create_plan(
        actor=city_actor,
        title=f"{today.year + 1}年第一季度食品经营者双随机抽查",
        region=city,
        items=[items_by_code["ZY-SP-01"], items_by_code["ZY-SP-02"]],
        scope_regions=counties,
        period_start=dt.date(today.year + 1, 1, 5),
        period_end=dt.date(today.year + 1, 3, 31),
        industry_filter="餐饮",
        joining_departments="卫生健康委员会",
        seed_source=f"{today.year}年12月31日福彩3D开奖号码 + 计划编号",
    )
    _load_guidance(east=east, rng=rng, today=today, actor=actor, published=published)
    log(
        f"双随机演示数据：检查事项 {len(items_by_code)} 项，检查人员 {Inspector.objects.count()} 名，计划 2 个"  # noqa: E501 (full-width text)
    )


def _load_inspectors(
    *, city: Region, counties: Sequence[Region], rng: random.Random, domains: list[Domain]
) -> None:
    wanted = {"special_equipment", "food", "metrology", "price", "product_quality", "advertising"}
    pool = [d for d in domains if d.code in wanted] or domains
    people: list[tuple[Inspector, list[Domain]]] = []
    serial = 0
    for region, count in [(city, INSPECTORS_AT_CITY), *[(c, INSPECTORS_PER_COUNTY) for c in counties]]:
        for index in range(count):
            serial += 1
            # every county has at least three special-equipment inspectors so each drawn firm gets two
            fields = [d for d in pool if d.code == "special_equipment"] if index < 3 else rng.sample(pool, 2)
            inspector = Inspector(
                name=_name(rng),
                certificate_number=f"{region.code}{serial:05d}",
                region=region,
                qualifications=rng.choice(QUALIFICATIONS),
            )
            people.append((inspector, fields))
    Inspector.objects.bulk_create([p for p, _ in people])
    links = [
        Inspector.domains.through(inspector_id=p.pk, domain_id=d.pk) for p, fields in people for d in fields
    ]
    Inspector.domains.through.objects.bulk_create(links)


def _load_history(*, east: Region, counties: Sequence[Region], rng: random.Random, today: dt.date) -> None:
    """Visits by several departments in the last months; one firm is visited twice within 30 days."""
    firms = list(Enterprise.objects.filter(region__in=counties).order_by("uscc")[:4000:40])
    departments = ["市场监督管理局", "卫生健康委员会", "应急管理局", "生态环境局", "消防救援大队"]
    visits = []
    for firm in firms:
        day = today - dt.timedelta(days=rng.randint(35, 200))
        visits.append(
            Inspection(
                enterprise=firm,
                region_id=firm.region_id,
                department=rng.choice(departments),
                inspected_on=day,
                outcome=Outcome.NO_PROBLEM,
            )
        )
    repeat_firm = Enterprise.objects.filter(region=east, industry="餐饮服务").order_by("uscc").first()
    if repeat_firm is not None:
        visits.append(
            Inspection(
                enterprise=repeat_firm,
                region=east,
                department="卫生健康委员会",
                inspected_on=today - dt.timedelta(days=21),
                outcome=Outcome.NO_PROBLEM,
            )
        )
        visits.append(
            Inspection(
                enterprise=repeat_firm,
                region=east,
                department="市场监督管理局",
                inspected_on=today - dt.timedelta(days=9),
                outcome=Outcome.RECTIFICATION,
                findings="从业人员健康证明过期",
            )
        )
    Inspection.objects.bulk_create(visits)


def _published_plan(
    *, actor: User, east: Region, items: dict[str, InspectionItem], rng: random.Random, today: dt.date
) -> InspectionPlan:
    start = today - dt.timedelta(days=80)
    plan = services.create_plan(
        actor=actor,
        title=f"{start.year}年电梯使用单位双随机抽查",
        region=east,
        items=[items["ZY-TS-01"], items["ZY-TS-02"], items["ZY-YJ-01"]],
        scope_regions=[east],
        period_start=start,
        period_end=today - dt.timedelta(days=1),
        industry_filter="电梯",
        joining_departments="应急管理局",
        seed_source=f"{start:%Y年%m月%d日}福彩3D开奖号码 + 计划编号",
    )
    # a declared conflict of interest in the county, so the skip shows on the public page
    firms = list(Enterprise.objects.filter(region=east, industry__contains="电梯").order_by("uscc")[:30])
    inspectors = list(Inspector.objects.filter(region=east).order_by("pk")[:3])
    for firm in firms[:: max(1, len(firms) // 3)][:3]:
        ConflictOfInterest.objects.create(
            inspector=rng.choice(inspectors), enterprise=firm, reason="近亲属在该企业任职", declared_on=start
        )
    services.commit_plan(actor=actor, plan=plan)
    services.draw_plan(actor=actor, plan=plan, seed=f"{rng.randint(0, 999):03d}#{plan.number}")
    services.assign_inspectors(actor=actor, plan=plan)
    findings = ["电梯维护保养记录不全", "安全管理人员未持证上岗", "电梯超期未检验", "应急救援演练记录缺失"]
    for index, inspection in enumerate(plan.inspections.select_related("enterprise").order_by("pk")):
        day = today - dt.timedelta(days=rng.randint(3, 20))
        roll = rng.random()
        if roll < 0.7 or index == 0:
            services.record_result(
                actor=actor, inspection=inspection, outcome=Outcome.NO_PROBLEM, inspected_on=day
            )
        elif roll < 0.9 or index == 1:
            services.record_result(
                actor=actor,
                inspection=inspection,
                outcome=Outcome.RECTIFICATION,
                inspected_on=day,
                findings=rng.choice(findings),
            )
        else:
            services.record_result(
                actor=actor,
                inspection=inspection,
                outcome=Outcome.CLUE,
                inspected_on=day,
                findings="现场发现超过保质期的预包装食品仍在销售，涉嫌违反食品安全法第三十四条",
            )
    services.publish_plan(actor=actor, plan=plan)
    # The demo runs the workflow in one go; date the steps as they would have happened: the list was
    # committed two days before the lottery named as seed source, drawn the morning after it.
    tz = ZoneInfo("Asia/Shanghai")
    committed = dt.datetime.combine(start - dt.timedelta(days=2), dt.time(10, 0), tz)
    drawn = dt.datetime.combine(start + dt.timedelta(days=1), dt.time(9, 30), tz)
    published = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(16, 0), tz)
    InspectionPlan.objects.filter(pk=plan.pk).update(
        committed_at=committed,
        drawn_at=drawn,
        assigned_at=drawn + dt.timedelta(hours=2),
        published_at=published,
    )
    plan.inspections.update(published_at=published)
    plan.refresh_from_db()
    return plan


def _load_guidance(
    *, east: Region, rng: random.Random, today: dt.date, actor: User, published: InspectionPlan
) -> None:
    nearby = list(Enterprise.objects.filter(region=east).order_by("uscc")[:600])
    firms = nearby[:: max(1, len(nearby) // 10)][:10]
    contents = {
        GuidanceKind.PROMPT: "提示企业按期办理年度报告公示",
        GuidanceKind.WARN: "告诫企业不得使用超过保质期的食品原料",
        GuidanceKind.ADVISE: "建议企业建立进货查验记录台账",
        GuidanceKind.INTERVIEW: "约谈企业负责人，督促落实食品安全主体责任",
        GuidanceKind.DEMONSTRATE: "组织同行业经营者观摩示范企业的规范经营做法",
    }
    measures = []
    for index, firm in enumerate(firms):
        kind = list(GuidanceKind)[index % len(GuidanceKind)]
        issued = today - dt.timedelta(days=rng.randint(5, 60))
        done = index % 3 == 0
        measures.append(
            GuidanceMeasure(
                enterprise=firm,
                region=east,
                kind=kind,
                content=contents[kind],
                issued_on=issued,
                followed_up_on=issued + dt.timedelta(days=14)
                if done and issued + dt.timedelta(days=14) <= today
                else None,
                follow_up_result="已按要求整改" if done else "",
                created_by=actor,
            )
        )
    GuidanceMeasure.objects.bulk_create(measures)


def delete_demo(*, regions: Sequence[Region]) -> None:
    region_ids = [r.pk for r in regions]
    GuidanceMeasure.objects.filter(region_id__in=region_ids).delete()
    Inspection.objects.filter(Q(region_id__in=region_ids) | Q(plan__region_id__in=region_ids)).delete()
    InspectionPlan.objects.filter(region_id__in=region_ids).delete()
    ConflictOfInterest.objects.filter(inspector__region_id__in=region_ids).delete()
    Inspector.objects.filter(region_id__in=region_ids).delete()
    InspectionItem.objects.filter(code__startswith=ITEM_PREFIX, plans__isnull=True).delete()
