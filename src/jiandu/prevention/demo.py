"""Demo data of the prevention app, on top of the complaints the core loader creates.

* Every complaint gets its issue type from the taxonomy (rulesets/prevention/issues.yaml).
* Three emerging hotspots are planted in the last month (2026-10) by re-filing other complaints of
  the same county there, about twice the cell's usual count: 清源县 过期食品、西城区 电梯故障困人、
  安平市 计量不准. 西城区 and 清源县 already have higher complaint rates per firm (the loader),
  which the engine reports as persistent hotspots.
* Warnings issued in April 2026: 预付卡退费难 in 东城区、新港区、安平市, after which 60 % of those
  cells' complaints are moved out of the evaluated months (a planted effect the evaluation must
  find); 网购退货纠纷 in 龙泉县、青山县, left unchanged (no effect to find). Every county keeps the
  number of complaints the core demo gives it.
* The starter compliance guides, letters with deliveries, individual reminders and a 2026 普法 calendar.

Deterministic for a given ``rng``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db.models import Q

from jiandu.audit.services import Change, record
from jiandu.engines.hotspots import Period, load_taxonomy
from jiandu.org.models import Domain, Enterprise, Region, Unit, UnitKind, User
from jiandu.prevention import services
from jiandu.prevention.imports import rebuild_counts
from jiandu.prevention.models import (
    ActivityKind,
    Complaint,
    ComplaintCount,
    ComplaintImport,
    ComplianceGuide,
    EducationActivity,
    Hotspot,
    HotspotKind,
    Reminder,
    ReminderKind,
    ReminderOrigin,
    RiskWarning,
    WarningLetter,
)

TZ = ZoneInfo("Asia/Shanghai")
LAST_MONTH = (2026, 10)
ISSUED_ON = dt.date(2026, 4, 8)
# (county name, domain name, issue): emerging hotspots planted in LAST_MONTH
PLANTED_HOTSPOTS = [
    ("清源县", "食品", "过期食品"),
    ("西城区", "特种设备", "电梯故障困人"),
    ("安平市", "计量", "计量不准"),
]
EFFECT_WARNING = ("消费者权益保护", "预付卡退费难", ("东城区", "新港区", "安平市"), 0.6)
NULL_WARNING = ("网监", "网购退货纠纷", ("龙泉县", "青山县"))


def _assign_issues() -> None:
    taxonomy = load_taxonomy()
    pairs = Complaint.objects.filter(domain__isnull=False).values_list("domain__name", "subject").distinct()
    issue_of = {(domain, subject): taxonomy.classify(domain, subject) for domain, subject in pairs}
    # One UPDATE per issue over primary keys: one per (domain, subject) pair scanned the whole table
    # each time, which took minutes on PostgreSQL.
    by_issue: dict[str, list[int]] = {}
    for pk, domain, subject in Complaint.objects.filter(domain__isnull=False).values_list(
        "pk", "domain__name", "subject"
    ):
        by_issue.setdefault(issue_of[(domain, subject)], []).append(pk)
    for issue, pks in by_issue.items():
        for start in range(0, len(pks), 900):
            Complaint.objects.filter(pk__in=pks[start : start + 900]).update(issue=issue)


def _month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, month, 1, tzinfo=TZ)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=TZ)
    return start, end


def _plant_hotspots(counties: dict[str, Region], rng: random.Random) -> int:
    """Re-file complaints of the same county (other cells, other months) as the planted cell in the last
    month, so each county keeps the number of complaints the core demo gives it."""
    domains = {d.name: d for d in Domain.objects.all()}
    start, end = _month_bounds(*LAST_MONTH)
    protected = Q(issue=EFFECT_WARNING[1]) | Q(issue=NULL_WARNING[1]) | Q(received_at__gte=start)
    moved: list[Complaint] = []
    for county, domain, issue in PLANTED_HOTSPOTS:
        region = counties[county]
        cell = Complaint.objects.filter(region=region, domain=domains[domain], issue=issue)
        usual = (
            cell.filter(received_at__gte=start - dt.timedelta(days=365), received_at__lt=start).count() / 12
        )
        template = cell.order_by("number").first()
        donors = list(
            Complaint.objects.filter(region=region)
            .exclude(protected)
            .exclude(domain=domains[domain], issue=issue)
            .order_by("number")
        )
        for complaint in rng.sample(donors, min(len(donors), max(12, round(2 * usual)))):
            day = start + dt.timedelta(days=rng.randrange(31), hours=rng.randrange(8, 18))
            complaint.received_at = min(day, end - dt.timedelta(hours=1))
            complaint.domain = domains[domain]
            complaint.issue = issue
            complaint.subject = template.subject if template else issue
            complaint.summary = template.summary if template else issue
            moved.append(complaint)
    Complaint.objects.bulk_update(
        moved, ["received_at", "domain", "issue", "subject", "summary"], batch_size=2000
    )
    return len(moved)


def _plant_effect(counties: dict[str, Region], rng: random.Random) -> int:
    """After the April warnings, 60 % of the warned cells' complaints do not happen: they are moved 30
    months back (out of every window the evaluation and the hotspots look at), keeping the totals."""
    domain_name, issue, names, share = EFFECT_WARNING
    domain = Domain.objects.get(name=domain_name)
    after = dt.datetime.combine(dt.date(2026, 5, 1), dt.time(), tzinfo=TZ)
    cell = Complaint.objects.filter(
        region__in=[counties[n] for n in names], domain=domain, issue=issue, received_at__gte=after
    ).order_by("number")
    moved = []
    for complaint in cell:
        if rng.random() < share:
            local = complaint.received_at.astimezone(TZ)
            month = local.year * 12 + local.month - 1 - 30
            complaint.received_at = local.replace(
                year=month // 12, month=month % 12 + 1, day=min(local.day, 28)
            )
            moved.append(complaint)
    Complaint.objects.bulk_update(moved, ["received_at"], batch_size=2000)
    return len(moved)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _warnings(city: Region, counties: dict[str, Region], rng: random.Random) -> list[RiskWarning]:
    admin, unit_user = _user("admin"), _user("zhuanban")
    out = []
    effect_domain, effect_issue, effect_names, _share = EFFECT_WARNING
    for domain_name, issue, names, public in (
        (effect_domain, effect_issue, effect_names, True),
        (*NULL_WARNING, False),
    ):
        domain = Domain.objects.get(name=domain_name)
        for name in names:
            region = counties[name]
            guide = services.guide_for(region, domain)
            warning = services.draft_warning(
                actor=admin,
                region=region,
                domain=domain,
                issue=issue,
                title=f"{name}{issue}",
                content=f"{name}{issue}投诉举报持续较多，提醒相关经营者依法经营。",
                legal_basis="《中华人民共和国消费者权益保护法》第五十三条"
                if domain_name == "消费者权益保护"
                else "《中华人民共和国消费者权益保护法》第二十五条",
                owner=unit_user,
                follow_up_on=services._today() + dt.timedelta(days=30),
                grade="二级" if public else "三级",
                guide=guide,
            )
            services.submit_warning(actor=admin, warning=warning)
            services.review_warning(
                actor=admin,
                warning=warning,
                approve=True,
                opinion="情况属实，同意发布预警。",
                warn_associations=True,
                warn_firms=True,
                warn_public=public,
            )
            services.publish_warning(actor=admin, warning=warning)
            firms = list(Enterprise.objects.filter(region=region).order_by("uscc")[: rng.randint(2, 4)])
            letters = services.issue_letters(
                actor=admin, warning=warning, association=f"中原市{name}消费者权益保护协会", enterprises=firms
            )
            for letter in letters[:-1]:
                services.record_delivery(actor=admin, letter=letter, method="direct", receiver="张经理")
            out.append(warning)
    # the demo's history: these warnings went out in April 2026
    RiskWarning.objects.filter(pk__in=[w.pk for w in out]).update(issued_on=ISSUED_ON)
    return out


def _reminders(counties: dict[str, Region], warnings: list[RiskWarning]) -> None:
    officer = _user("dongcheng_zf1")
    east = counties["东城区"]
    firms = list(Enterprise.objects.filter(region=east).order_by("uscc")[:3])
    today = services._today()
    for index, firm in enumerate(firms):
        reminder = services.record_reminder(
            actor=officer,
            enterprise=firm,
            kind=ReminderKind.WRITTEN if index % 2 == 0 else ReminderKind.ORAL,
            origin=ReminderOrigin.INSPECTION if index else ReminderOrigin.VISIT,
            origin_ref="" if index % 2 == 0 else f"东市监检〔2026〕{40 + index}号现场笔录",
            content="预付卡余额台账不完整，停业或迁址前未告知消费者办理退款的办法。",
            given_on=today - dt.timedelta(days=20 + index),
            follow_up_on=today + dt.timedelta(days=10 - 12 * index),
            warning=warnings[0] if warnings else None,
        )
        if index == 2:
            services.check_reminder(
                actor=officer, reminder=reminder, complied=True, note="已补建台账并张贴退款告示。"
            )


def _education(city: Region) -> None:
    admin = _user("admin")
    units = {u.name: u for u in Unit.objects.filter(region=city, kind=UnitKind.BUSINESS)}
    plan = [
        ("0315", "消费者权益保护科", ActivityKind.EVENT, "3·15 消费维权咨询日", dt.date(2026, 3, 15), 120),
        ("0426", "知识产权科", ActivityKind.TRAINING, "商标和专利合规讲座", dt.date(2026, 4, 24), 45),
        (
            "food_week",
            "食品经营安全监督管理科",
            ActivityKind.MATERIALS,
            "餐饮食品安全明白纸进店",
            dt.date(2026, 6, 12),
            300,
        ),
        (
            "safety_month",
            "特种设备安全监察科",
            ActivityKind.EVENT,
            "电梯安全进小区",
            dt.date(2026, 6, 20),
            60,
        ),
        (
            "quality_month",
            "产品质量安全监督管理科",
            ActivityKind.MEDIA,
            "质量月专题报道",
            dt.date(2026, 9, 10),
            0,
        ),
        ("1204", "消费者权益保护科", ActivityKind.EVENT, "宪法宣传周普法进市场", dt.date(2026, 12, 4), 0),
    ]
    for code, unit_name, kind, title, day, reached in plan:
        unit = units.get(unit_name)
        if unit is None:
            continue
        activity = services.plan_activity(
            actor=admin, unit=unit, key_date=code, kind=kind, title=title, planned_on=day
        )
        if day <= services._today():
            services.record_activity(
                actor=admin, activity=activity, held_on=day, firms_reached=reached, materials=reached * 2
            )


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    counties = {r.name: r for r in Region.objects.filter(parent=city)}
    _assign_issues()
    planted = _plant_hotspots(counties, rng)
    removed = _plant_effect(counties, rng)
    cells = rebuild_counts(regions=[city, *counties.values()])
    admin = _user("admin")
    guides = services.load_starter_guides(actor=admin, region=city)
    found = services.refresh_hotspots(actor=None, as_of=Period.as_of_month("month", *LAST_MONTH))
    warnings = _warnings(city, counties, rng)
    for hotspot in [h for h in found if h.kind == HotspotKind.EMERGING][:2]:
        services.warning_from_hotspot(actor=admin, hotspot=Hotspot.objects.get(pk=hotspot.pk))
    _reminders(counties, warnings)
    _education(city)
    record(
        actor=None,
        change=Change(
            action="import",
            target_type="prevention.demo",
            target_id=city.code,
            target_repr="风险预防演示数据",
            region_code=city.code,
            after={"planted_complaints": planted, "removed_after_warning": removed, "cells": cells},
            note="载入风险预防演示数据（含预设热点和预警效果）",
        ),
    )
    log(
        f"风险预防：预设热点投诉 {planted} 件，预警后移除 {removed} 件，"
        f"合规指引 {guides} 份，热点 {len(found)} 个。"
    )


def delete_demo(*, regions: list[Region]) -> None:
    in_city = Q(region__in=regions)
    EducationActivity.objects.filter(in_city).delete()
    Reminder.objects.filter(in_city).delete()
    WarningLetter.objects.filter(warning__region__in=regions).delete()
    RiskWarning.objects.filter(in_city).delete()
    Hotspot.objects.filter(in_city).delete()
    ComplianceGuide.objects.filter(in_city).delete()
    ComplaintCount.objects.filter(in_city).delete()
    Complaint.objects.filter(in_city, import_job__isnull=False).delete()
    ComplaintImport.objects.filter(in_city).delete()


__all__ = ["PLANTED_HOTSPOTS", "delete_demo", "load_demo"]
