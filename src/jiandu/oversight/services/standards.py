"""Judging standards from cases (市局实施方案 五(五)): confirmed assessments are the precedents; the
legal unit drafts a 判定标准 per problem and domain citing them, in numbered versions, and publishes it
to staff. The latest published version is the one in force."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from jiandu.audit.services import AuditAction, snapshot
from jiandu.clues.models import Assessment, ProblemSubtype, Verdict
from jiandu.errors import UserError
from jiandu.org.models import Domain, Region, RegionLevel, User
from jiandu.org.selectors import visible_region_ids
from jiandu.oversight.models import JudgingStandard, StandardStatus, StandardVersion
from jiandu.oversight.services._common import authorise, changed, choice, created, now, text


def create_standard(
    *, actor: User, region: Region, subtype: str, title: str, domain: Domain | None = None
) -> JudgingStandard:
    authorise(actor, region.pk, "draft_standards")
    if region.level == RegionLevel.COUNTY:
        raise UserError("判定标准由市局制定，请选择市级区划。", field="region")
    choice(subtype, ProblemSubtype, "问题细类", "subtype")
    with transaction.atomic():
        if JudgingStandard.objects.filter(region=region, subtype=subtype, domain=domain).exists():
            raise UserError("该问题细类和领域已有判定标准，请在其中起草新版本。", field="subtype")
        item = JudgingStandard.objects.create(
            region=region, subtype=subtype, domain=domain, title=text(title, "标题", "title", 120)
        )
        created(actor, item, note="新建判定标准")
    return item


def _check_precedents(actor: User, standard: JudgingStandard, precedents: Sequence[Assessment]) -> None:
    if not precedents:
        raise UserError("判定标准须援引至少一个已认定的先例。", field="precedents")
    scope = set(visible_region_ids(actor))
    for item in precedents:
        clue = item.clue
        if clue.region_id not in scope:
            raise UserError(f"线索 {clue.pk} 不在您的管辖范围内。", field="precedents")
        if item.verdict != Verdict.CONFIRMED:
            raise UserError(f"线索 {clue.pk} 的研判结论为不予认定，不能作为先例。", field="precedents")
        if item.subtype != standard.subtype:
            raise UserError(
                f"线索 {clue.pk} 认定为“{item.get_subtype_display() or '未细分'}”，"
                f"与本标准的“{standard.get_subtype_display()}”不同。",
                field="precedents",
            )
        if standard.domain_id is not None and item.domain_id != standard.domain_id:
            raise UserError(f"线索 {clue.pk} 不属于{standard.domain}领域。", field="precedents")


def draft_version(
    *, actor: User, standard: JudgingStandard, body: str, precedents: Sequence[Assessment]
) -> StandardVersion:
    authorise(actor, standard.region_id, "draft_standards")
    body = text(body, "判定标准内容", "text", 8000)
    _check_precedents(actor, standard, precedents)
    with transaction.atomic():
        if standard.versions.filter(status=StandardStatus.DRAFT).exists():
            raise UserError("该标准已有未发布的草稿，请先发布或修改草稿。", field="text")
        last = standard.versions.aggregate(n=Max("number"))["n"] or 0
        version = StandardVersion.objects.create(
            standard=standard, number=last + 1, text=body, drafted_by=actor
        )
        version.precedents.set(precedents)
        created(actor, version, note=f"起草第{version.number}版，援引先例 {len(precedents)} 个")
    return version


def publish_version(*, actor: User, version: StandardVersion) -> StandardVersion:
    authorise(actor, version.standard.region_id, "draft_standards")
    if version.status != StandardStatus.DRAFT:
        raise UserError("该版本已发布。", field="text")
    with transaction.atomic():
        before = snapshot(version)
        version.status, version.published_by, version.published_at = StandardStatus.PUBLISHED, actor, now()
        version.save(update_fields=["status", "published_by", "published_at"])
        changed(actor, version, before, f"发布判定标准第{version.number}版", AuditAction.TRANSITION)
    return version
