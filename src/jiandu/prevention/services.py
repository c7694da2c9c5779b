"""Writes of the prevention app: hotspots, graded warnings and their letters, reminders, guides, 普法.

Every service takes keyword-only arguments and an explicit ``actor``, runs in one transaction and
writes an audit entry. Imports of complaints live in `imports.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import yaml
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django_tasks import task

from jiandu.audit.services import Change, change_for, record, snapshot
from jiandu.engines.hotspots import (
    DEFAULT_RULES_DIR,
    ComplaintColumns,
    Period,
    encode_records,
    find_hotspots,
    load_grading_rule,
    load_rules,
    load_taxonomy,
    repeat_firms,
)
from jiandu.errors import UserError
from jiandu.org.models import Domain, Enterprise, Region, RegionLevel, Role, Unit, User
from jiandu.org.permissions import has_permission
from jiandu.org.selectors import visible_region_ids
from jiandu.prevention.models import (
    ActivityKind,
    ActivityStatus,
    AddresseeKind,
    Complaint,
    ComplaintCount,
    ComplianceGuide,
    DeliveryMethod,
    EducationActivity,
    GuideVersion,
    Hotspot,
    HotspotKind,
    PeriodKind,
    Reminder,
    ReminderKind,
    ReminderOrigin,
    ReminderStatus,
    RiskWarning,
    WarningGrade,
    WarningLetter,
    WarningStatus,
)
from jiandu.prevention.workflow import TRANSITIONS

TZ = ZoneInfo("Asia/Shanghai")
GUIDE_FIELDS = ("obligation", "legal_basis", "article", "violations", "self_check")


def _today() -> dt.date:
    return timezone.localdate()


def _in_scope(actor: User, region: Region) -> None:
    if region.pk not in visible_region_ids(actor):
        raise UserError("该区划不在您的管辖范围内。", field="region")


# --- hotspots ------------------------------------------------------------------------------------


def latest_month() -> Period | None:
    last = ComplaintCount.objects.filter(period_kind=PeriodKind.MONTH).aggregate(m=Max("period_start"))["m"]
    return Period.of_date("month", last) if last else None


def _columns(kind: str, last: dt.date) -> ComplaintColumns:
    rows = list(
        ComplaintCount.objects.filter(period_kind=kind, period_start__lte=last, count__gt=0)
        .values_list("period_start", "region_id", "domain__name", "issue", "count")
        .iterator(chunk_size=20000)
    )
    columns = encode_records(
        {"date": start, "region": str(region_id), "domain": domain, "issue": issue}
        for start, region_id, domain, issue, _n in rows
    )
    weight = np.fromiter((n for *_rest, n in rows), dtype=np.int64, count=len(rows))
    return ComplaintColumns(
        day=columns.day,
        region=columns.region,
        domain=columns.domain,
        issue=columns.issue,
        regions=columns.regions,
        domains=columns.domains,
        issues=columns.issues,
        weight=weight,
    )


def _firm_counts() -> dict[tuple[str, str], int]:
    """Firms per region, used for every domain (the register has no domain per firm)."""
    per_region = dict(
        Enterprise.objects.values_list("region_id").annotate(n=Count("id")).values_list("region_id", "n")
    )
    domains = list(Domain.objects.values_list("name", flat=True))
    return {(str(region), domain): n for region, n in per_region.items() for domain in domains}


def refresh_hotspots(*, actor: User | None, as_of: Period | None = None) -> list[Hotspot]:
    """Run the engine over the complaint aggregate and store the hotspots of the as-of period."""
    if actor is not None and not has_permission(actor, "refresh_hotspots"):
        raise UserError("您的角色无权重新计算投诉热点。")
    as_of = as_of or latest_month()
    if as_of is None:
        return []
    last_day = Period(as_of.kind, as_of.index + 1).first_day() - dt.timedelta(days=1)
    columns = _columns(as_of.kind, last_day)
    taxonomy = load_taxonomy()
    found = find_hotspots(columns, as_of=as_of, firms=_firm_counts(), rules=load_rules(), taxonomy=taxonomy)
    domains = dict(Domain.objects.values_list("name", "pk"))
    rows = [
        Hotspot(
            period=h.period,
            period_kind=as_of.kind,
            kind=h.kind,
            region_id=int(h.region),
            domain_id=domains[h.domain],
            issue=h.issue,
            count=h.count,
            expected=round(h.expected, 2),
            q_value=h.q_value,
            grade=h.grade,
            points=h.points,
            reasons=list(h.reasons),
            rules_version=h.rules_version,
            rank=rank,
        )
        for rank, h in enumerate(found, start=1)
    ]
    if as_of.kind == "month":
        rows += _firm_hotspots(as_of, domains, start_rank=len(rows) + 1)
    with transaction.atomic():
        Hotspot.objects.filter(period_kind=as_of.kind, period=as_of.label).delete()
        Hotspot.objects.bulk_create(rows)
        record(
            actor=actor,
            change=Change(
                action="create",
                target_type="prevention.hotspot",
                target_id=as_of.label,
                target_repr=f"{as_of.label}投诉热点",
                after={
                    "emerging": sum(h.kind == HotspotKind.EMERGING for h in rows),
                    "persistent": sum(h.kind == HotspotKind.PERSISTENT for h in rows),
                    "firms": sum(h.kind == HotspotKind.FIRM for h in rows),
                },
                note="重新计算投诉热点",
            ),
        )
    return rows


def _firm_hotspots(as_of: Period, domains: dict[str, int], start_rank: int) -> list[Hotspot]:
    rules = load_rules()
    first = Period("month", as_of.index - rules.firm_months + 1).first_day()
    last = Period("month", as_of.index + 1).first_day()
    start = dt.datetime.combine(first, dt.time(), tzinfo=TZ)
    end = dt.datetime.combine(last, dt.time(), tzinfo=TZ)
    rows = Complaint.objects.filter(
        received_at__gte=start, received_at__lt=end, enterprise__isnull=False, domain__isnull=False
    ).values_list("received_at", "region_id", "domain__name", "issue", "enterprise_id")
    columns = encode_records(
        {"date": moment.astimezone(TZ).date(), "region": str(r), "domain": d, "issue": i, "firm": str(e)}
        for moment, r, d, i, e in rows.iterator(chunk_size=20000)
    )
    out = []
    for rank, firm in enumerate(repeat_firms(columns, as_of=as_of, rules=rules), start=start_rank):
        out.append(
            Hotspot(
                period=as_of.label,
                period_kind="month",
                kind=HotspotKind.FIRM,
                region_id=int(firm.region),
                domain_id=domains[firm.domain],
                enterprise_id=int(firm.firm),
                count=firm.count,
                expected=round(firm.domain_mean, 2),
                reasons=list(firm.reasons),
                rules_version=rules.version,
                rank=rank,
            )
        )
    return out


@task()
def refresh_hotspots_task(period: str = "") -> int:
    """Background recomputation (after an import or on a schedule)."""
    as_of = None
    if period:
        year, month = (int(p) for p in period.split("-"))
        as_of = Period.as_of_month("month", year, month)
    return len(refresh_hotspots(actor=None, as_of=as_of))


# --- compliance guides ---------------------------------------------------------------------------


def _clean_items(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    if not items:
        raise UserError("合规指引至少应有一项合规义务。", field="items")
    clean = []
    for index, item in enumerate(items, start=1):
        obligation = str(item.get("obligation", "")).strip()
        basis = str(item.get("legal_basis", "")).strip()
        if not obligation:
            raise UserError(f"第 {index} 项的“合规义务”不能为空。", field="items", row=index)
        if not basis:
            raise UserError(f"第 {index} 项的“法律依据”不能为空。", field="items", row=index)

        def as_list(value: Any) -> list[str]:
            if isinstance(value, str):
                return [v.strip() for v in value.splitlines() if v.strip()]
            return [str(v).strip() for v in value or [] if str(v).strip()]

        clean.append(
            {
                "obligation": obligation,
                "legal_basis": basis,
                "law_version": str(item.get("law_version", "")),
                "article": str(item.get("article", "")).strip(),
                "violations": as_list(item.get("violations")),
                "self_check": as_list(item.get("self_check")),
            }
        )
    return clean


def _search_text(guide: ComplianceGuide, items: list[dict[str, Any]]) -> str:
    parts = [guide.title, guide.industry, guide.domain.name]
    for item in items:
        parts += [
            item["obligation"],
            item["legal_basis"],
            item["article"],
            *item["violations"],
            *item["self_check"],
        ]
    return "\n".join(parts)


def _outside_unit(actor: User, domain: Domain) -> bool:
    """A business-unit user acting on a domain their unit does not own."""
    if actor.role != Role.BUSINESS_UNIT or actor.is_superuser:
        return False
    return actor.unit is None or not actor.unit.domains.filter(pk=domain.pk).exists()


def _may_edit_guide(actor: User, domain: Domain) -> None:
    if not has_permission(actor, "edit_guides"):
        raise UserError("您的角色无权修订合规指引。")
    if _outside_unit(actor, domain):
        raise UserError(f"合规指引由负责“{domain.name}”领域的业务机构修订。", field="domain")


def create_guide(
    *,
    actor: User,
    region: Region,
    domain: Domain,
    industry: str,
    title: str,
    items: Sequence[dict[str, Any]],
    unit: Unit | None = None,
    note: str = "初始版本",
) -> ComplianceGuide:
    _may_edit_guide(actor, domain)
    _in_scope(actor, region)
    if not industry.strip() or not title.strip():
        raise UserError("请填写行业和标题。", field="title")
    clean = _clean_items(items)
    with transaction.atomic():
        if ComplianceGuide.objects.filter(region=region, domain=domain, industry=industry.strip()).exists():
            raise UserError(
                f"{domain.name}领域“{industry}”行业的合规指引已存在，请修订该指引。", field="industry"
            )
        guide = ComplianceGuide.objects.create(
            region=region,
            domain=domain,
            industry=industry.strip(),
            title=title.strip(),
            unit=unit or actor.unit,
        )
        GuideVersion.objects.create(
            guide=guide,
            number=1,
            items=clean,
            note=note,
            search_text=_search_text(guide, clean),
            edited_by=actor,
        )
        record(actor=actor, change=change_for(guide, "create", after=snapshot(guide), note="新建合规指引"))
    return guide


def revise_guide(
    *, actor: User, guide: ComplianceGuide, items: Sequence[dict[str, Any]], note: str
) -> GuideVersion:
    """A new version; the published one stays public until the new one is published."""
    _may_edit_guide(actor, guide.domain)
    _in_scope(actor, guide.region)
    if not note.strip():
        raise UserError("请填写修订说明。", field="note")
    clean = _clean_items(items)
    with transaction.atomic():
        number = (guide.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = GuideVersion.objects.create(
            guide=guide,
            number=number,
            items=clean,
            note=note.strip(),
            search_text=_search_text(guide, clean),
            edited_by=actor,
        )
        record(
            actor=actor,
            change=change_for(
                guide, "update", after={"version": number, "note": note.strip()}, note="修订合规指引"
            ),
        )
    return version


def publish_guide(*, actor: User, guide: ComplianceGuide, number: int | None = None) -> ComplianceGuide:
    _may_edit_guide(actor, guide.domain)
    _in_scope(actor, guide.region)
    version = (
        guide.versions.filter(number=number).first() if number else guide.versions.order_by("-number").first()
    )
    if version is None:
        raise UserError("没有可发布的版本。", field="number")
    with transaction.atomic():
        before = {"published_version": guide.published_version}
        guide.published_version, guide.published_at = version.number, timezone.now()
        guide.save(update_fields=["published_version", "published_at"])
        record(
            actor=actor,
            change=change_for(
                guide,
                "transition",
                before=before,
                after={"published_version": version.number},
                note="发布合规指引",
            ),
        )
    return guide


@lru_cache(maxsize=1)
def starter_guides() -> list[dict[str, Any]]:
    data = yaml.safe_load((DEFAULT_RULES_DIR / "guides.yaml").read_text(encoding="utf-8"))
    return list(data["guides"])


def load_starter_guides(*, actor: User, region: Region) -> int:
    """Create (and publish) the shipped starter guides that do not exist yet in the region."""
    domains = {d.name: d for d in Domain.objects.all()}
    units: dict[int, Unit] = {}
    for unit in Unit.objects.filter(region=region).prefetch_related("domains"):
        for domain in unit.domains.all():
            units.setdefault(domain.pk, unit)
    created = 0
    for spec in starter_guides():
        domain = domains[spec["domain"]]
        if ComplianceGuide.objects.filter(region=region, domain=domain, industry=spec["industry"]).exists():
            continue
        guide = create_guide(
            actor=actor,
            region=region,
            domain=domain,
            industry=spec["industry"],
            title=spec["title"],
            items=spec["items"],
            unit=units.get(domain.pk),
        )
        publish_guide(actor=actor, guide=guide)
        created += 1
    return created


# --- graded risk warnings -----------------------------------------------------------------------


def _next_number(region: Region, year: int) -> str:
    prefix = f"{region.code}-{year}-"
    last = (
        RiskWarning.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:03d}"


def guide_for(region: Region, domain: Domain) -> ComplianceGuide | None:
    """The published guide of a domain that applies in a region (its own, else its city's)."""
    chain = [region.pk] + ([region.parent_id] if region.parent_id else [])
    for region_id in chain:
        guide = (
            ComplianceGuide.objects.filter(
                region_id=region_id, domain=domain, published_version__isnull=False
            )
            .order_by("industry")
            .first()
        )
        if guide is not None:
            return guide
    return None


def draft_warning(
    *,
    actor: User,
    region: Region,
    domain: Domain,
    issue: str,
    title: str,
    content: str,
    legal_basis: str,
    owner: User,
    follow_up_on: dt.date,
    grade: str = "",
    hotspot: Hotspot | None = None,
    guide: ComplianceGuide | None = None,
) -> RiskWarning:
    """A warning entry; the grade comes from the hotspot by the dated grading rule, or is given."""
    if not has_permission(actor, "draft_warnings"):
        raise UserError("您的角色无权起草违法风险预警。")
    _in_scope(actor, region)
    if owner.region_id is None or owner.region_id not in visible_region_ids(actor):
        raise UserError("责任人应为您管辖范围内的工作人员。", field="owner")
    rule = load_grading_rule(_today())
    reasons: list[str] = []
    if hotspot is not None:
        grade = grade or hotspot.grade
        reasons = list(hotspot.reasons)
    if grade not in WarningGrade.values:
        raise UserError("请选择预警等级（一级至四级）。", field="grade")
    if not title.strip() or not content.strip():
        raise UserError("请填写预警事项和风险提示内容。", field="content")
    if not legal_basis.strip():
        raise UserError("请填写法律依据。", field="legal_basis")
    if follow_up_on <= _today():
        raise UserError("跟进日期应晚于今天。", field="follow_up_on")
    with transaction.atomic():
        warning = RiskWarning.objects.create(
            number=_next_number(region, _today().year),
            title=title.strip()[:100],
            region=region,
            domain=domain,
            issue=issue,
            grade=grade,
            grading_version=rule.version,
            grading_reasons=reasons,
            hotspot=hotspot,
            content=content.strip(),
            legal_basis=legal_basis.strip(),
            guide=guide or guide_for(region, domain),
            owner=owner,
            follow_up_on=follow_up_on,
            created_by=actor,
        )
        record(
            actor=actor,
            change=change_for(warning, "create", after=snapshot(warning), note="起草违法风险预警"),
        )
    return warning


def warning_from_hotspot(*, actor: User, hotspot: Hotspot) -> RiskWarning:
    """A draft prefilled from a hotspot: title, content, the guide's legal basis, owner, follow-up date."""
    guide = guide_for(hotspot.region, hotspot.domain)
    basis = ""
    if guide is not None:
        version = guide.versions.filter(number=guide.published_version or 0).first()
        basis = "；".join(dict.fromkeys(i["legal_basis"] for i in (version.items if version else [])))
    issue = hotspot.issue or hotspot.domain.name
    return draft_warning(
        actor=actor,
        region=hotspot.region,
        domain=hotspot.domain,
        issue=hotspot.issue,
        title=f"{hotspot.region.name}{issue}",
        content=f"{hotspot.period}{hotspot.region.name}{issue}投诉举报明显增多："
        + "；".join(hotspot.reasons)
        + "。",
        legal_basis=basis or "请填写法律依据",
        owner=actor,
        follow_up_on=_today() + dt.timedelta(days=30),
        hotspot=hotspot,
        guide=guide,
    )


def _transition(actor: User, warning: RiskWarning, action: str, note: str, **changes: Any) -> RiskWarning:
    _in_scope(actor, warning.region)
    before = {"status": warning.status, **{k: getattr(warning, k) for k in changes}}
    for name, value in changes.items():
        setattr(warning, name, value)
    transition = TRANSITIONS.check(action, state=warning.status, user=actor, obj=warning)
    with transaction.atomic():
        warning.status = transition.target
        warning.save(update_fields=["status", *changes])
        after = {"status": warning.status, **{k: getattr(warning, k) for k in changes}}
        record(actor=actor, change=change_for(warning, "transition", before=before, after=after, note=note))
    return warning


def submit_warning(*, actor: User, warning: RiskWarning) -> RiskWarning:
    return _transition(actor, warning, "submit", "提交业务机构审核")


def review_warning(
    *,
    actor: User,
    warning: RiskWarning,
    approve: bool,
    opinion: str,
    warn_associations: bool = False,
    warn_firms: bool = False,
    warn_public: bool = False,
) -> RiskWarning:
    """The domain unit's review: approve with the decision whom to warn, or return with an opinion."""
    if _outside_unit(actor, warning.domain):
        raise UserError(f"该预警由负责“{warning.domain.name}”领域的业务机构审核。")
    if not approve:
        return _transition(
            actor, warning, "return", "退回修改", review_opinion=opinion.strip(), reviewed_by=actor
        )
    return _transition(
        actor,
        warning,
        "approve",
        "业务机构审核通过",
        review_opinion=opinion.strip(),
        reviewed_by=actor,
        review_unit=actor.unit,
        warn_associations=warn_associations,
        warn_firms=warn_firms,
        warn_public=warn_public,
    )


def publish_warning(*, actor: User, warning: RiskWarning) -> RiskWarning:
    return _transition(actor, warning, "publish", "发布违法风险预警", issued_on=_today())


def close_warning(*, actor: User, warning: RiskWarning, note: str) -> RiskWarning:
    return _transition(actor, warning, "close", "办结违法风险预警", close_note=note.strip())


def _letter_number(warning: RiskWarning, seq: int) -> str:
    return f"{warning.number}-{seq:04d}"


def issue_letters(
    *,
    actor: User,
    warning: RiskWarning,
    association: str = "",
    enterprises: Iterable[Enterprise] = (),
) -> list[WarningLetter]:
    """《违法风险预警提醒书》 to an association and/or to each firm of a list (mail-merge)."""
    if not has_permission(actor, "draft_warnings"):
        raise UserError("您的角色无权制发提醒书。")
    _in_scope(actor, warning.region)
    if warning.status not in {WarningStatus.APPROVED, WarningStatus.PUBLISHED}:
        raise UserError("预警经业务机构审核通过后才能制发提醒书。")
    firms = list(enterprises)
    if association.strip() and not warning.warn_associations:
        raise UserError("审核决定未包括向行业协会提醒。", field="association")
    if firms and not warning.warn_firms:
        raise UserError("审核决定未包括向经营主体提醒。", field="enterprises")
    if not association.strip() and not firms:
        raise UserError("请填写行业协会名称或选择经营主体。", field="association")
    allowed = set(visible_region_ids(actor))
    outside = [f.name for f in firms if f.region_id not in allowed]
    if outside:
        raise UserError(f"以下经营主体不在您的管辖范围内：{'、'.join(outside[:5])}。", field="enterprises")
    with transaction.atomic():
        seq = warning.letters.count()
        letters: list[WarningLetter] = []
        if association.strip():
            seq += 1
            letters.append(
                WarningLetter(
                    warning=warning,
                    number=_letter_number(warning, seq),
                    addressee_kind=AddresseeKind.ASSOCIATION,
                    addressee=association.strip()[:100],
                    created_by=actor,
                )
            )
        for firm in firms:
            seq += 1
            letters.append(
                WarningLetter(
                    warning=warning,
                    number=_letter_number(warning, seq),
                    addressee_kind=AddresseeKind.FIRM,
                    addressee=firm.name,
                    enterprise=firm,
                    created_by=actor,
                )
            )
        WarningLetter.objects.bulk_create(letters)
        record(
            actor=actor,
            change=change_for(
                warning,
                "create",
                after={"letters": [letter.number for letter in letters]},
                note=f"制发违法风险预警提醒书 {len(letters)} 份",
            ),
        )
    return letters


def record_delivery(
    *, actor: User, letter: WarningLetter, method: str, receiver: str, delivered_at: dt.datetime | None = None
) -> WarningLetter:
    if not has_permission(actor, "draft_warnings"):
        raise UserError("您的角色无权登记送达。")
    _in_scope(actor, letter.warning.region)
    if method not in DeliveryMethod.values:
        raise UserError("请选择送达方式。", field="method")
    if letter.delivered_at is not None:
        raise UserError("该提醒书已登记送达。")
    moment = delivered_at or timezone.now()
    if moment > timezone.now():
        raise UserError("送达时间不能晚于当前时间。", field="delivered_at")
    with transaction.atomic():
        letter.delivered_at, letter.delivery_method, letter.receiver = moment, method, receiver.strip()[:40]
        letter.save(update_fields=["delivered_at", "delivery_method", "receiver"])
        record(
            actor=actor,
            change=change_for(
                letter,
                "update",
                after={"delivered_at": moment, "method": method, "receiver": letter.receiver},
                note="登记送达",
            ),
        )
    return letter


# --- individual reminders -------------------------------------------------------------------------


def record_reminder(
    *,
    actor: User,
    enterprise: Enterprise,
    kind: str,
    origin: str,
    content: str,
    follow_up_on: dt.date,
    origin_ref: str = "",
    given_on: dt.date | None = None,
    warning: RiskWarning | None = None,
    guide: ComplianceGuide | None = None,
) -> Reminder:
    if not has_permission(actor, "record_reminders"):
        raise UserError("您的角色无权登记个别提醒。")
    _in_scope(actor, enterprise.region)
    if kind not in ReminderKind.values:
        raise UserError("请选择提醒方式。", field="kind")
    if origin not in ReminderOrigin.values:
        raise UserError("请选择提醒来源。", field="origin")
    if not content.strip():
        raise UserError("请填写提醒内容。", field="content")
    given_on = given_on or _today()
    if given_on > _today():
        raise UserError("提醒日期不能晚于今天。", field="given_on")
    if follow_up_on <= given_on:
        raise UserError("跟进检查日期应晚于提醒日期。", field="follow_up_on")
    if kind == ReminderKind.ORAL and not origin_ref.strip():
        raise UserError("口头提醒应记入执法文书，请填写文书或记录编号。", field="origin_ref")
    with transaction.atomic():
        reminder = Reminder.objects.create(
            enterprise=enterprise,
            region=enterprise.region,
            kind=kind,
            origin=origin,
            origin_ref=origin_ref.strip()[:60],
            content=content.strip(),
            warning=warning,
            guide=guide or (warning.guide if warning else None),
            given_on=given_on,
            follow_up_on=follow_up_on,
            officer=actor,
        )
        record(
            actor=actor, change=change_for(reminder, "create", after=snapshot(reminder), note="登记个别提醒")
        )
    return reminder


def check_reminder(*, actor: User, reminder: Reminder, complied: bool, note: str) -> Reminder:
    if not has_permission(actor, "record_reminders"):
        raise UserError("您的角色无权登记跟进检查。")
    _in_scope(actor, reminder.region)
    if reminder.status != ReminderStatus.OPEN:
        raise UserError("该提醒已完成跟进检查。")
    if not note.strip():
        raise UserError("请填写跟进检查情况。", field="note")
    with transaction.atomic():
        before = {"status": reminder.status}
        reminder.status = ReminderStatus.COMPLIED if complied else ReminderStatus.NOT_COMPLIED
        reminder.check_note, reminder.checked_at = note.strip(), timezone.now()
        reminder.save(update_fields=["status", "check_note", "checked_at"])
        record(
            actor=actor,
            change=change_for(
                reminder, "transition", before=before, after={"status": reminder.status}, note="跟进检查"
            ),
        )
    return reminder


# --- 谁执法谁普法 ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def key_dates_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (DEFAULT_RULES_DIR / "legal_education.yaml").read_text(encoding="utf-8")
    )
    return data


def key_dates(year: int) -> list[dict[str, Any]]:
    """The key dates of a year with their start and end days."""
    data = key_dates_data()
    overrides = (data.get("years") or {}).get(year, {})
    out = []
    for spec in data["key_dates"]:
        spec = {**spec, **overrides.get(spec["code"], {})}
        start = dt.date.fromisoformat(f"{year}-{spec['start']}")
        end = dt.date.fromisoformat(f"{year}-{spec['end']}")
        out.append({**spec, "start_date": start, "end_date": end})
    return out


def plan_activity(
    *,
    actor: User,
    unit: Unit,
    key_date: str,
    kind: str,
    title: str,
    planned_on: dt.date,
    note: str = "",
) -> EducationActivity:
    if not has_permission(actor, "plan_education"):
        raise UserError("您的角色无权计划普法活动。")
    _in_scope(actor, unit.region)
    codes = {d["code"]: d for d in key_dates(planned_on.year)}
    if key_date not in codes:
        raise UserError("请选择重点时段。", field="key_date")
    if kind not in ActivityKind.values:
        raise UserError("请选择活动形式。", field="kind")
    if not title.strip():
        raise UserError("请填写活动名称。", field="title")
    with transaction.atomic():
        activity = EducationActivity.objects.create(
            year=planned_on.year,
            key_date=key_date,
            region=unit.region,
            unit=unit,
            kind=kind,
            title=title.strip()[:100],
            planned_on=planned_on,
            note=note.strip(),
            created_by=actor,
        )
        record(
            actor=actor, change=change_for(activity, "create", after=snapshot(activity), note="计划普法活动")
        )
    return activity


def record_activity(
    *,
    actor: User,
    activity: EducationActivity,
    held_on: dt.date,
    firms_reached: int,
    materials: int,
    note: str = "",
) -> EducationActivity:
    if not has_permission(actor, "plan_education"):
        raise UserError("您的角色无权登记普法活动。")
    _in_scope(actor, activity.region)
    if held_on > _today():
        raise UserError("开展日期不能晚于今天。", field="held_on")
    if firms_reached < 0 or materials < 0:
        raise UserError("覆盖经营主体数和发放材料份数不能为负数。", field="firms_reached")
    with transaction.atomic():
        before = snapshot(activity, ["status", "held_on", "firms_reached", "materials"])
        activity.status, activity.held_on = ActivityStatus.DONE, held_on
        activity.firms_reached, activity.materials = firms_reached, materials
        if note.strip():
            activity.note = note.strip()
        activity.save(update_fields=["status", "held_on", "firms_reached", "materials", "note"])
        record(
            actor=actor,
            change=change_for(
                activity,
                "update",
                before=before,
                after=snapshot(activity, list(before)),
                note="登记普法活动开展情况",
            ),
        )
    return activity


def city_of(region: Region) -> Region:
    return region.parent if region.level == RegionLevel.COUNTY and region.parent else region
