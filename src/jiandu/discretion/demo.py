"""Demo data: the shipped rule catalogue and no-penalty lists stored as the first published version.

The catalogue is national reference data, not data of the demo city, so `delete_demo` keeps it;
loading again finds the stored version and adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from jiandu.discretion.services import seed_catalogue
from jiandu.org.models import Region


def load_demo(*, city: Region, scale: float, rng: random.Random, log: Callable[[str], None]) -> None:
    version = seed_catalogue(actor="演示数据")
    items, entries = version.items.count(), version.exemptions.count()
    log(f"裁量基准目录版本 {version.version}：{items} 项事项、{entries} 项免罚清单事项")


def delete_demo(*, regions: list[Region]) -> None:
    """Nothing to delete: the catalogue does not belong to the demo city."""
