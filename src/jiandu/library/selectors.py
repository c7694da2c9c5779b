"""Reads of the case library. Region visibility is applied here (and in services.check_similar)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from jiandu.cases.models import CaseOutcome, PenaltyCase
from jiandu.engines.similar import Hit, SearchQuery
from jiandu.library.index import DECIDED_STATES, index_store, regions_for
from jiandu.library.models import TypicalCase
from jiandu.org.models import Domain, Region, User
from jiandu.org.selectors import visible_region_ids


@dataclass(frozen=True)
class LibraryFilters:
    text: str = ""
    domain: str = ""  # domain code
    item_code: str = ""
    region_code: str = ""
    year_from: int | None = None
    year_to: int | None = None
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    kind: str = ""  # "", "case" or "typical"
    outcome: str = ""


@dataclass(frozen=True)
class LibraryRow:
    hit: Hit
    region_name: str
    domain_name: str
    outcome_label: str


@dataclass(frozen=True)
class LibraryPage:
    rows: list[LibraryRow]
    total: int
    terms: list[str]
    index_ready: bool


def search_library(*, user: User, filters: LibraryFilters, limit: int = 20, offset: int = 0) -> LibraryPage:
    """Full-text search over the decided cases and typical cases the user may see."""
    region_ids, ancestors = regions_for(user)
    if filters.region_code:
        region = Region.objects.filter(code=filters.region_code).first()
        wanted = {region.pk} if region else set()
        region_ids = tuple(wanted if region_ids is None else wanted & set(region_ids))
        ancestors = ()
    store = index_store()
    page = store.search(
        SearchQuery(
            text=filters.text,
            domain=filters.domain,
            item_code=filters.item_code,
            region_ids=region_ids,
            typical_region_ids=ancestors,
            year_from=filters.year_from,
            year_to=filters.year_to,
            fine_min=filters.fine_min,
            fine_max=filters.fine_max,
            kind=filters.kind,
            outcome=filters.outcome,
            limit=limit,
            offset=offset,
        )
    )
    regions = dict(Region.objects.filter(pk__in={h.region_id for h in page.hits}).values_list("pk", "name"))
    domains = dict(Domain.objects.values_list("code", "name"))
    labels = dict(CaseOutcome.choices)
    rows = [
        LibraryRow(
            hit=h,
            region_name=regions.get(h.region_id, ""),
            domain_name=domains.get(h.domain, h.domain),
            outcome_label=str(labels.get(h.outcome, h.outcome)),
        )
        for h in page.hits
    ]
    return LibraryPage(rows=rows, total=page.total, terms=page.terms, index_ready=store.exists())


def list_typical_cases(*, user: User) -> QuerySet[TypicalCase]:
    """Typical cases of the user's regions and of the regions above (a county reads the city's)."""
    region_ids, ancestors = regions_for(user)
    cases = TypicalCase.objects.select_related("region", "domain")
    if region_ids is not None:
        cases = cases.filter(Q(region_id__in=region_ids) | Q(region_id__in=ancestors))
    return cases.order_by("-decided_on", "title")


def get_typical_case(*, user: User, pk: int) -> TypicalCase | None:
    return list_typical_cases(user=user).filter(pk=pk).first()


def get_case_for_check(*, user: User, pk: int) -> PenaltyCase | None:
    """A penalty case the user may see, to pre-fill the similar-case check."""
    return (
        PenaltyCase.objects.filter(region_id__in=visible_region_ids(user), pk=pk)
        .select_related("domain", "region")
        .first()
    )


def index_status(*, user: User) -> dict[str, Any]:
    """How many documents the index holds against how many decided cases the database has."""
    store = index_store()
    region_ids = visible_region_ids(user)
    return {
        "ready": store.exists(),
        "documents": store.count(),
        "size_bytes": store.size_bytes(),
        "decided_cases": PenaltyCase.objects.filter(
            region_id__in=region_ids, status__in=DECIDED_STATES
        ).count(),
        "typical_cases": list_typical_cases(user=user).count(),
    }


def get_domain(*, code: str) -> Domain | None:
    return Domain.objects.filter(code=code).first()
