"""The demo hook stores the shipped catalogue once and keeps it across reloads."""

from __future__ import annotations

import random

import pytest

from jiandu.discretion import demo, selectors
from jiandu.discretion.catalogue import shipped_catalogue
from jiandu.discretion.models import CatalogueVersion

pytestmark = pytest.mark.django_db


def test_load_demo_seeds_once(city) -> None:
    logged: list[str] = []
    for _ in range(2):
        demo.load_demo(city=city.city, scale=0.01, rng=random.Random(1), log=logged.append)
    demo.delete_demo(regions=[city.city])
    assert CatalogueVersion.objects.count() == 1
    assert selectors.current_version_id() == shipped_catalogue().version
    assert len(selectors.list_items()) == len(shipped_catalogue().items)
    assert str(len(shipped_catalogue().items)) in logged[0]
