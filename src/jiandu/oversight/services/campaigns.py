"""Special campaigns against regional or sector problems (002 实施方案 item 10 重违严惩), 明察暗访 visits
whose findings become clues (市局实施方案 四(四)), and the 考核评议 of units and counties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import transaction

from jiandu.analysis.models import KeyCounty
from jiandu.audit.services import snapshot
from jiandu.clues.models import Channel
from jiandu.clues.services import file_clue
from jiandu.engines.oversight import total
from jiandu.errors import UserError
from jiandu.org.models import Domain, Region, RegionLevel, Unit, User
from jiandu.oversight.models import Appraisal, SpecialCampaign, SupervisionVisit, VisitFinding, VisitMethod
from jiandu.oversight.rules import score_sheet
from jiandu.oversight.services._common import authorise, changed, choice, created, not_future, text, today
from jiandu.prevention.models import Hotspot


def start_campaign(
    *,
    actor: User,
    region: Region,
    domain: Domain,
    title: str,
    goal: str,
    start_on: dt.date,
    end_on: dt.date,
    hotspot: Hotspot | None = None,
    key_county: KeyCounty | None = None,
) -> SpecialCampaign:
    """A campaign on a domain in an area; from a hotspot or a key county it takes that one's area."""
    authorise(actor, region.pk, "manage_campaigns")
    if end_on < start_on:
        raise UserError("结束日期不能早于开始日期。", field="end_on")
    if (end_on - start_on).days > 366:
        raise UserError("专项整治期限不超过一年。", field="end_on")
    if hotspot is not None and hotspot.region_id != region.pk:
        raise UserError("整治区域应与来源投诉热点的区划一致。", field="region")
    if key_county is not None and key_county.region_id != region.pk:
        raise UserError("整治区域应与来源重点县区一致。", field="region")
    item = SpecialCampaign(
        region=region,
        domain=domain,
        title=text(title, "名称", "title", 120),
        goal=text(goal, "整治重点", "goal", 2000),
        start_on=start_on,
        end_on=end_on,
        hotspot=hotspot,
        key_county=key_county,
        created_by=actor,
    )
    with transaction.atomic():
        item.save()
        origin = "投诉热点" if hotspot else ("重点县区" if key_county else "")
        created(actor, item, note="部署专项整治" + (f"（来源：{origin}）" if origin else ""))
    return item


def close_campaign(*, actor: User, campaign: SpecialCampaign, summary: str) -> SpecialCampaign:
    authorise(actor, campaign.region_id, "manage_campaigns")
    if campaign.summary:
        raise UserError("该专项整治已总结。", field="summary")
    with transaction.atomic():
        before = snapshot(campaign)
        campaign.summary = text(summary, "整治成效", "summary", 4000)
        campaign.save(update_fields=["summary"])
        changed(actor, campaign, before, "专项整治总结")
    return campaign


def record_visit(
    *,
    actor: User,
    region: Region,
    method: str,
    target: str,
    visited_on: dt.date,
    visitors: str,
    findings: Sequence[str],
    campaign: SpecialCampaign | None = None,
) -> SupervisionVisit:
    """Record a visit; each finding is filed as a clue (channel 行政执法监督) in the visited region."""
    authorise(actor, region.pk, "manage_campaigns")
    choice(method, VisitMethod, "方式", "method")
    not_future(visited_on, "日期", "visited_on")
    texts = [f.strip() for f in findings if f.strip()]
    for n, finding in enumerate(texts, 1):
        if len(finding) > 2000:
            raise UserError(f"第 {n} 条问题超过 2000 字，请精简。", field="findings", row=n)
    if campaign is not None and campaign.region_id != region.pk and campaign.region_id != region.parent_id:
        raise UserError("所选专项整治不覆盖该区划。", field="campaign")
    with transaction.atomic():
        visit = SupervisionVisit.objects.create(
            region=region,
            method=method,
            target=text(target, "被查单位或场所", "target", 120),
            visited_on=visited_on,
            visitors=text(visitors, "检查人员", "visitors", 120),
            campaign=campaign,
            created_by=actor,
        )
        created(actor, visit, note=f"{visit.get_method_display()}，发现问题 {len(texts)} 个")
        for finding in texts:
            clue = file_clue(
                actor=actor,
                channel=Channel.SUPERVISION,
                summary=f"{visit.get_method_display()}发现：{finding}",
                region=region,
                domain=campaign.domain if campaign else None,
                unit_named=visit.target,
                source_ref=f"明察暗访 {visit.pk}",
            )
            VisitFinding.objects.create(visit=visit, text=finding, clue=clue)
    return visit


def appraise(
    *,
    actor: User,
    region: Region,
    year: int,
    scores: Mapping[str, float],
    unit: Unit | None = None,
    comment: str = "",
) -> Appraisal:
    """Score a county (``unit`` None) or a unit for a year on the score sheet in force."""
    authorise(actor, region.pk, "manage_campaigns")
    if unit is None and region.level != RegionLevel.COUNTY:
        raise UserError("请选择被考核的县（市、区）或单位。", field="region")
    if unit is not None and unit.region_id != region.pk:
        raise UserError(f"“{unit.name}”不属于{region.name}。", field="unit")
    if actor.region_id == region.pk and unit is None:
        raise UserError("县（市、区）局不能考核本级，请由上级考核。", field="region")
    if not 2000 <= year <= today().year:
        raise UserError("年度无效。", field="year")
    sheet = score_sheet(dt.date(year, 12, 31) if year < today().year else today())
    sum_, problems = total(sheet.items, {k: float(v) for k, v in scores.items()})
    if problems:
        raise UserError("；".join(problems) + "。", field="scores")
    with transaction.atomic():
        if Appraisal.objects.filter(region=region, unit=unit, year=year).exists():
            raise UserError(f"{year} 年度已考核。", field="year")
        item = Appraisal.objects.create(
            region=region,
            unit=unit,
            year=year,
            sheet_version=sheet.version,
            scores={k: float(v) for k, v in scores.items()},
            total=Decimal(str(sum_)),
            grade=sheet.grade(sum_),
            comment=(comment or "").strip()[:2000],
            created_by=actor,
        )
        created(actor, item, note=f"考核评议：{sum_} 分，{item.grade}")
    return item
