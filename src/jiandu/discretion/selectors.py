"""Reads of the rule catalogue and the no-penalty lists.

The catalogue is national reference data, the same for every region: no region filter applies.
Until a legal reviewer publishes a version in the database, the shipped YAML is the catalogue.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from jiandu.discretion.catalogue import (
    Exemption,
    ViolationItem,
    legal_basis_text,
    shipped_catalogue,
)
from jiandu.discretion.models import (
    CatalogueItem,
    CatalogueVersion,
    ExemptionEntry,
    VersionStatus,
)

__all__ = [
    "current_version",
    "current_version_id",
    "exemptions_for",
    "first_violation_window_years",
    "get_item",
    "get_version",
    "list_exemptions",
    "list_items",
    "list_versions",
    "version_items",
]


def current_version() -> CatalogueVersion | None:
    """The newest published catalogue version in the database, if any."""
    return (
        CatalogueVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )


def current_version_id() -> str:
    version = current_version()
    return version.version if version else shipped_catalogue().version


def to_item(row: CatalogueItem, version: str) -> ViolationItem:
    return ViolationItem(
        code=row.code,
        name=row.name,
        domain=row.domain.name,
        law=row.law,
        article=row.article,
        legal_basis=legal_basis_text(
            law_title=row.law_title, statute_version=row.statute_version, article=row.article, quote=row.quote
        ),
        penalty_kinds=tuple(row.penalty_kinds),
        fine=row.fine,
        no_gain_rule=row.no_gain_rule,
        statute_version=row.statute_version,
        catalogue_version=version,
        law_title=row.law_title,
        law_file=row.law_file,
        article_no=row.article_no,
        quote=row.quote,
        note=row.note,
        branches=tuple(row.branches or ()),
        unit=row.unit,
        replaces=row.replaces,
        band_kind=row.band_kind,
    )


def to_exemption(row: ExemptionEntry, version: str) -> Exemption:
    return Exemption(
        code=row.code,
        list_name=row.list_name,
        kind=row.kind,
        item_codes=tuple(row.item_codes),
        description=row.description,
        conditions=tuple(row.conditions),
        follow_up=tuple(row.follow_up),
        requires=dict(row.requires),
        source=row.source,
        verified=row.verified,
        catalogue_version=version,
    )


def version_items(version: CatalogueVersion) -> QuerySet[CatalogueItem]:
    return version.items.select_related("domain").order_by("domain__order", "code")


def _matches(item: ViolationItem, query: str) -> bool:
    return not query or any(query in text for text in (item.code, item.name, item.law, item.article))


def list_items(*, domain_name: str | None = None, query: str = "") -> list[ViolationItem]:
    """Items of the current catalogue, by domain order then code; optional domain and text filter."""
    query = query.strip()
    version = current_version()
    if version is None:
        items = [i for i in shipped_catalogue().items if not domain_name or i.domain == domain_name]
        return [i for i in items if _matches(i, query)]
    rows = version_items(version)
    if domain_name:
        rows = rows.filter(domain__name=domain_name)
    if query:
        rows = rows.filter(
            Q(code__icontains=query)
            | Q(name__contains=query)
            | Q(law__contains=query)
            | Q(article__contains=query)
        )
    return [to_item(row, version.version) for row in rows]


def get_item(code: str) -> ViolationItem | None:
    """One item of the current catalogue; its `catalogue_version` is the version to record."""
    version = current_version()
    if version is None:
        return next((i for i in shipped_catalogue().items if i.code == code), None)
    row = version.items.select_related("domain").filter(code=code).first()
    return to_item(row, version.version) if row else None


def list_exemptions(*, kind: str | None = None) -> list[Exemption]:
    version = current_version()
    if version is None:
        entries = list(shipped_catalogue().exemptions)
    else:
        entries = [to_exemption(row, version.version) for row in version.exemptions.all()]
    return [e for e in entries if kind is None or e.kind == kind]


def exemptions_for(item_code: str) -> list[Exemption]:
    """The 首违不罚 / 轻微不罚 entries that name this item, with their conditions and follow-up."""
    return [e for e in list_exemptions() if item_code in e.item_codes]


def first_violation_window_years() -> int:
    version = current_version()
    return (
        version.first_violation_window_years if version else shipped_catalogue().first_violation_window_years
    )


def list_versions() -> QuerySet[CatalogueVersion]:
    return CatalogueVersion.objects.select_related("created_by", "published_by").order_by(
        "-created_at", "-pk"
    )


def get_version(pk: int) -> CatalogueVersion | None:
    return list_versions().filter(pk=pk).first()
