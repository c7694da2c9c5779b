from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_search_index(settings, tmp_path):
    """Each test gets an empty case-library index: cases indexed by other tests must not count as similar."""
    settings.SEARCH_INDEX_DIR = tmp_path / "index"


@pytest.fixture
def reviewer(city):
    from jiandu.discretion.tests.factories import LegalReviewerFactory

    return LegalReviewerFactory(username="fazhi_catalogue", region=city.city)
