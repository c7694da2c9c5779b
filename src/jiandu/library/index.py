"""The case library's index and its scope, shared by the library's reads (selectors) and writes (services).

The index lives in files under ``settings.SEARCH_INDEX_DIR`` (:mod:`jiandu.engines.similar`); only
decided cases are precedents.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from jiandu.cases.models import DECIDED_STATUSES
from jiandu.engines.similar import IndexStore
from jiandu.org.models import User
from jiandu.org.selectors import visible_region_ids

# Cases in these states are decided and go into the library; drafts are not precedents.
DECIDED_STATES = frozenset(str(s) for s in DECIDED_STATUSES)

_stores: dict[Path, IndexStore] = {}


def index_store() -> IndexStore:
    root = Path(settings.SEARCH_INDEX_DIR)
    store = _stores.get(root)
    if store is None:
        store = _stores[root] = IndexStore(root)
    return store


def regions_for(user: User | None) -> tuple[tuple[int, ...] | None, tuple[int, ...]]:
    """(visible region ids, ancestors whose typical cases the user may read) — None: no limit."""
    if user is None or user.is_superuser:
        return None, ()
    ancestors: list[int] = []
    region = user.region
    while region is not None and region.parent_id is not None:
        ancestors.append(region.parent_id)
        region = region.parent
    return tuple(visible_region_ids(user)), tuple(ancestors)
