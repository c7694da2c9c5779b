from __future__ import annotations

import pytest

from jiandu.discretion.tests.factories import LegalReviewerFactory


@pytest.fixture
def reviewer(city):
    return LegalReviewerFactory(username="fazhi", region=city.city)
