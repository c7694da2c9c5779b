"""The demo city: the planted hotspots are found, the planted warning effect is found, and none where none."""

from __future__ import annotations

import pytest

from jiandu.demo import loader
from jiandu.demo.loader import REFERENCE_DAY
from jiandu.prevention import demo as prevention_demo
from jiandu.prevention.demo import EFFECT_WARNING, NULL_WARNING, PLANTED_HOTSPOTS
from jiandu.prevention.models import ComplianceGuide, Hotspot, RiskWarning, WarningLetter
from jiandu.prevention.selectors import evaluate_warning

pytestmark = pytest.mark.django_db


def test_demo_hotspots_and_warning_effect(monkeypatch):
    monkeypatch.setattr(loader, "DEMO_PARTS", (prevention_demo,))
    loader.load_demo_city(scale=0.1, log=lambda _m: None, today=REFERENCE_DAY)
    hotspots = list(Hotspot.objects.select_related("region", "domain"))
    emerging = {(h.region.name, h.domain.name, h.issue) for h in hotspots if h.kind == "emerging"}
    assert emerging == set(PLANTED_HOTSPOTS)
    persistent = {h.region.name for h in hotspots if h.kind == "persistent"}
    assert persistent and persistent <= {"西城区", "清源县"}  # the two counties with higher rates
    assert all(h.reasons and h.grade for h in hotspots if h.kind != "firm")

    effect_counties, null_counties = set(EFFECT_WARNING[2]), set(NULL_WARNING[2])
    for warning in RiskWarning.objects.filter(issued_on__isnull=False).select_related("region"):
        result = evaluate_warning(warning).result
        assert result is not None
        if warning.region.name in effect_counties:
            assert result.significant and result.effect < -0.3, warning.title
        else:
            assert warning.region.name in null_counties
            assert not result.significant, warning.title
    assert ComplianceGuide.objects.filter(published_version__isnull=False).count() >= 8
    assert WarningLetter.objects.filter(delivered_at__isnull=False).exists()
