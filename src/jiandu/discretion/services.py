"""Writes of the rule catalogue (seed, draft, edit, publish). The check itself is `discretion.checks`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import AuditAction, change_for, diff, record, snapshot
from jiandu.discretion import selectors
from jiandu.discretion.catalogue import (
    CatalogueError,
    check_fine,
    check_no_gain_rule,
    check_penalty_kinds,
    shipped_catalogue,
)
from jiandu.discretion.models import (
    VERSION_TRANSITIONS,
    CatalogueItem,
    CatalogueVersion,
    ExemptionEntry,
    ExemptionKind,
    VersionStatus,
)
from jiandu.org.models import Domain, User
from jiandu.org.permissions import check_permission

__all__ = [
    "CatalogueError",
    "add_item",
    "create_draft",
    "publish_version",
    "remove_item",
    "seed_catalogue",
    "update_exemption",
    "update_item",
    "update_window",
]

Actor = User | str | None

ITEM_TEXT_FIELDS = {"name": "违法行为", "article": "条款", "quote": "条文摘录", "note": "说明"}
EXEMPTION_TEXT_FIELDS = {"description": "情形", "source": "来源"}
LIST_NAMES = {
    ExemptionKind.FIRST_VIOLATION.value: "首违不罚清单",
    ExemptionKind.MINOR.value: "轻微违法行为不予处罚清单",
}


def _today() -> dt.date:
    return timezone.localdate()


# --- seeding and versions ---------------------------------------------------------------------


@transaction.atomic
def seed_catalogue(*, actor: Actor) -> CatalogueVersion:
    """Store the shipped YAML as the first published version; does nothing if a version exists."""
    existing = selectors.current_version()
    if existing is not None or CatalogueVersion.objects.exists():
        return existing or CatalogueVersion.objects.order_by("pk").first()  # type: ignore[return-value]
    shipped = shipped_catalogue()
    version = CatalogueVersion.objects.create(
        version=shipped.version,
        status=VersionStatus.PUBLISHED,
        note="随软件提供的初始版本（rulesets/catalogue/catalogue.yaml、rulesets/exemptions/exemptions.yaml）",
        first_violation_window_years=shipped.first_violation_window_years,
        published_at=timezone.now(),
        published_on=shipped.published_on,
    )
    domains = {d.name: d for d in Domain.objects.all()}
    missing = {item.domain for item in shipped.items} - set(domains)
    if missing:
        raise CatalogueError(f"领域表中缺少：{'、'.join(sorted(missing))}")
    CatalogueItem.objects.bulk_create(
        CatalogueItem(
            version=version,
            code=item.code,
            name=item.name,
            domain=domains[item.domain],
            law=item.law,
            law_title=item.law_title,
            law_file=item.law_file,
            statute_version=item.statute_version,
            article=item.article,
            article_no=item.article_no,
            quote=item.quote,
            penalty_kinds=list(item.penalty_kinds),
            fine=item.fine,
            no_gain_rule=item.no_gain_rule,
            note=item.note,
            branches=list(item.branches),
            unit=item.unit,
            replaces=item.replaces,
            band_kind=item.band_kind,
        )
        for item in shipped.items
    )
    ExemptionEntry.objects.bulk_create(
        ExemptionEntry(
            version=version,
            code=entry.code,
            list_name=entry.list_name,
            kind=entry.kind,
            item_codes=list(entry.item_codes),
            description=entry.description,
            conditions=list(entry.conditions),
            requires=entry.requires,
            follow_up=list(entry.follow_up),
            source=entry.source,
            verified=entry.verified,
        )
        for entry in shipped.exemptions
    )
    record(
        actor=actor,
        change=change_for(
            version,
            AuditAction.IMPORT,
            after=snapshot(version),
            note=f"载入 {len(shipped.items)} 项违法行为事项、{len(shipped.exemptions)} 项免罚清单事项",
        ),
    )
    return version


@transaction.atomic
def create_draft(*, actor: User, note: str = "") -> CatalogueVersion:
    """Copy the current published version into a new draft for editing (one draft at a time)."""
    check_permission(actor, "edit_catalogue")
    if CatalogueVersion.objects.select_for_update().filter(status=VersionStatus.DRAFT).exists():
        raise CatalogueError("已有一个草稿版本，请先发布或继续编辑该草稿。")
    base = seed_catalogue(actor=actor)
    now = timezone.now()
    draft = CatalogueVersion.objects.create(
        version=f"draft-{now:%Y%m%d%H%M%S%f}",
        status=VersionStatus.DRAFT,
        based_on=base,
        note=note.strip(),
        first_violation_window_years=base.first_violation_window_years,
        created_by=actor,
    )
    items = list(base.items.all())
    for item in items:
        item.pk, item.version = None, draft
    CatalogueItem.objects.bulk_create(items)
    entries = list(base.exemptions.all())
    for entry in entries:
        entry.pk, entry.version = None, draft
    ExemptionEntry.objects.bulk_create(entries)
    record(
        actor=actor,
        change=change_for(draft, AuditAction.CREATE, after=snapshot(draft), note=f"以 {base.version} 为基础"),
    )
    return draft


def _editable(version: CatalogueVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise CatalogueError(f"版本 {version.version} 已发布，不能修改；请新建草稿版本。")


def _text(changes: dict[str, Any], name: str, label: str, *, required: bool) -> str:
    value = changes[name]
    if not isinstance(value, str):
        raise CatalogueError(f"字段“{label}”应为文字")
    value = value.strip()
    if required and not value:
        raise CatalogueError(f"字段“{label}”不能为空")
    return value


@transaction.atomic
def update_item(
    *, actor: User, version: CatalogueVersion, code: str, changes: dict[str, Any]
) -> CatalogueItem:
    """Edit one item of a draft version. Unknown fields and invalid rules are refused."""
    check_permission(actor, "edit_catalogue")
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    item = version.items.filter(code=code).first()
    if item is None:
        raise CatalogueError(f"版本 {version.version} 中没有事项 {code}")
    allowed = {*ITEM_TEXT_FIELDS, "penalty_kinds", "fine", "no_gain_rule"}
    unknown = set(changes) - allowed
    if unknown:
        raise CatalogueError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    before = snapshot(item)
    for name, label in ITEM_TEXT_FIELDS.items():
        if name in changes:
            setattr(item, name, _text(changes, name, label, required=name != "note"))
    if "penalty_kinds" in changes:
        item.penalty_kinds = list(check_penalty_kinds(changes["penalty_kinds"]))
    if "fine" in changes:
        item.fine = check_fine(changes["fine"])
    if "no_gain_rule" in changes:
        item.no_gain_rule = check_no_gain_rule(changes["no_gain_rule"])
    item.save()
    old, new = diff(before, snapshot(item))
    if new:
        record(
            actor=actor,
            change=change_for(
                item, AuditAction.UPDATE, before=old, after=new, note=f"草稿 {version.version}"
            ),
        )
    return item


@transaction.atomic
def add_item(*, actor: User, version: CatalogueVersion, data: dict[str, Any]) -> CatalogueItem:
    """Add a new violation item to a draft. The law must be one the catalogue already cites."""
    check_permission(actor, "edit_catalogue")
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    required = ("code", "name", "domain", "law", "article", "article_no", "quote")
    missing = [key for key in required if not str(data.get(key) or "").strip()]
    if missing:
        raise CatalogueError(f"缺少字段：{'、'.join(missing)}")
    allowed = {*required, "penalty_kinds", "fine", "no_gain_rule", "note"}
    unknown = set(data) - allowed
    if unknown:
        raise CatalogueError(f"未知字段：{'、'.join(sorted(unknown))}")
    code = str(data["code"]).strip()
    if version.items.filter(code=code).exists():
        raise CatalogueError(f"事项编码 {code} 已存在")
    domain = Domain.objects.filter(name=str(data["domain"]).strip()).first()
    if domain is None:
        raise CatalogueError(f"领域“{data['domain']}”不在十七个重点领域之中")
    law = shipped_catalogue().laws.get(str(data["law"]).strip())
    if law is None:
        known = "、".join(shipped_catalogue().laws)
        raise CatalogueError(f"法律“{data['law']}”未登记，可选：{known}")
    number = data["article_no"]
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 999:
        raise CatalogueError("条号应为 1 到 999 的整数")
    item = CatalogueItem.objects.create(
        version=version,
        code=code,
        name=str(data["name"]).strip(),
        domain=domain,
        law=str(data["law"]).strip(),
        law_title=law["title"],
        law_file=law["file"],
        statute_version=dt.date.fromisoformat(str(law["version"])),
        article=str(data["article"]).strip(),
        article_no=number,
        quote=str(data["quote"]).strip(),
        penalty_kinds=list(check_penalty_kinds(data.get("penalty_kinds", []))),
        fine=check_fine(data.get("fine")),
        no_gain_rule=check_no_gain_rule(data.get("no_gain_rule")),
        note=str(data.get("note") or "").strip(),
    )
    record(
        actor=actor,
        change=change_for(item, AuditAction.CREATE, after=snapshot(item), note=f"草稿 {version.version}"),
    )
    return item


@transaction.atomic
def remove_item(*, actor: User, version: CatalogueVersion, code: str) -> None:
    """Remove an item from a draft; refused while a no-penalty entry still names it."""
    check_permission(actor, "edit_catalogue")
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    item = version.items.filter(code=code).first()
    if item is None:
        raise CatalogueError(f"版本 {version.version} 中没有事项 {code}")
    naming = [e.code for e in version.exemptions.all() if code in e.item_codes]
    if naming:
        raise CatalogueError(f"免罚清单事项 {'、'.join(naming)} 仍引用 {code}，请先修订这些事项")
    change = change_for(item, AuditAction.DELETE, before=snapshot(item), note=f"草稿 {version.version}")
    item.delete()
    record(actor=actor, change=change)


@transaction.atomic
def update_exemption(
    *, actor: User, version: CatalogueVersion, code: str, changes: dict[str, Any]
) -> ExemptionEntry:
    check_permission(actor, "edit_catalogue")
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    entry = version.exemptions.filter(code=code).first()
    if entry is None:
        raise CatalogueError(f"版本 {version.version} 中没有免罚清单事项 {code}")
    allowed = {*EXEMPTION_TEXT_FIELDS, "conditions", "follow_up", "item_codes", "verified", "kind"}
    unknown = set(changes) - allowed
    if unknown:
        raise CatalogueError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    before = snapshot(entry)
    for name, label in EXEMPTION_TEXT_FIELDS.items():
        if name in changes:
            setattr(entry, name, _text(changes, name, label, required=name == "description"))
    for name, label in (
        ("conditions", "适用条件"),
        ("follow_up", "后续要求"),
        ("item_codes", "对应事项编码"),
    ):
        if name in changes:
            values = changes[name]
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise CatalogueError(f"字段“{label}”应为非空文字的列表")
            setattr(entry, name, [v.strip() for v in values])
    known = set(version.items.values_list("code", flat=True))
    if not entry.item_codes or set(entry.item_codes) - known:
        raise CatalogueError(
            f"对应事项编码不在本版本目录中：{'、'.join(sorted(set(entry.item_codes) - known))}"
        )
    if "kind" in changes:
        if changes["kind"] not in ExemptionKind.values:
            raise CatalogueError("种类应为首违不罚或轻微不罚")
        entry.kind = changes["kind"]
        entry.list_name = LIST_NAMES[entry.kind]
    if "verified" in changes:
        if not isinstance(changes["verified"], bool):
            raise CatalogueError("字段“已核对原文”应为是或否")
        entry.verified = changes["verified"]
    entry.save()
    old, new = diff(before, snapshot(entry))
    if new:
        record(
            actor=actor,
            change=change_for(
                entry, AuditAction.UPDATE, before=old, after=new, note=f"草稿 {version.version}"
            ),
        )
    return entry


@transaction.atomic
def update_window(*, actor: User, version: CatalogueVersion, years: int) -> CatalogueVersion:
    """The period (years) in which an earlier penalty for the same item rules out 首违不罚."""
    check_permission(actor, "edit_catalogue")
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 10:
        raise CatalogueError("初次违法认定期间应为 1 到 10 年")
    before = snapshot(version)
    version.first_violation_window_years = years
    version.save(update_fields=["first_violation_window_years"])
    old, new = diff(before, snapshot(version))
    if new:
        record(actor=actor, change=change_for(version, AuditAction.UPDATE, before=old, after=new))
    return version


def _next_version_id(day: dt.date) -> str:
    base = f"catalogue-{day.isoformat()}"
    taken = set(CatalogueVersion.objects.filter(version__startswith=base).values_list("version", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@transaction.atomic
def publish_version(*, actor: User, version: CatalogueVersion, note: str = "") -> CatalogueVersion:
    """Publish a draft under a dated version id; from then on it is immutable and becomes current."""
    check_permission(actor, "edit_catalogue")
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    if VersionStatus.PUBLISHED not in VERSION_TRANSITIONS[version.status]:
        raise CatalogueError(f"版本 {version.version} 已发布，不能再次发布。")
    if not version.items.exists():
        raise CatalogueError("草稿中没有任何事项，不能发布。")
    before = snapshot(version)
    today = _today()
    version.version = _next_version_id(today)
    version.status = VersionStatus.PUBLISHED
    version.published_by = actor
    version.published_at = timezone.now()
    version.published_on = today
    if note.strip():
        version.note = note.strip()
    version.save()
    old, new = diff(before, snapshot(version))
    record(
        actor=actor, change=change_for(version, AuditAction.TRANSITION, before=old, after=new, note="发布")
    )
    return version
