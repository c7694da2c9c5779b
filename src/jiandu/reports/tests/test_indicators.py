"""Evaluation indicators per county from the dated ruleset, with the city median, and the SVG chart."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from xml.etree import ElementTree

import pytest

from jiandu.cases.models import PenaltyCase
from jiandu.clues.models import Clue
from jiandu.reports.exports import indicator_svg
from jiandu.reports.rulesets import load_indicators
from jiandu.reports.selectors import indicator_regions, indicator_table
from jiandu.reviews.models import CaseReview, FollowUp

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 5, 1), dt.date(2025, 5, 31)


def _in_may(day: dt.date | None) -> bool:
    return day is not None and START <= day <= END


def test_every_indicator_has_a_formula():
    ruleset = load_indicators("2025-05-01")
    labels = [i.label for i in ruleset.indicators]
    assert labels == [
        "举报案件查处率",
        "执法重心吻合度",
        "案卷评查合格率",
        "复议诉讼败诉率",
        "双百回访覆盖率",
        "问题按期整改率",
        "罚没收入增长率",
    ]
    assert all(i.formula for i in ruleset.indicators)


def test_values_and_median(records):
    city = records
    values = {
        v.indicator.key: v
        for v in indicator_table(user=city.task_force, region=city.city, start=START, end=END)
    }
    # 双百回访覆盖率 recomputed from the raw visits
    for region in (city.east, city.west):
        visits = [f for f in FollowUp.objects.filter(region=region, kind="mandatory") if _in_may(f.due_on)]
        done = sum(1 for f in visits if f.status == "done")
        want = (Decimal(done) * 100 / len(visits)).quantize(Decimal("0.1")) if visits else None
        assert values["follow_up_coverage"].values[region.pk] == want
    # 执法重心吻合度： overlap of the cases' and the clues' domain shares
    for region in (city.east, city.west):
        cases = [c.domain_id for c in PenaltyCase.objects.filter(region=region) if _in_may(c.decided_on)]
        clues = [
            c.domain_id
            for c in Clue.objects.filter(region=region).exclude(domain=None)
            if _in_may(c.received_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date())
        ]
        domains = set(cases) | set(clues)
        overlap = sum(
            min(Decimal(cases.count(d)) / len(cases), Decimal(clues.count(d)) / len(clues)) for d in domains
        )
        assert values["focus_match"].values[region.pk] == (overlap * 100).quantize(Decimal("0.1"))
    reviews = [r for r in CaseReview.objects.filter(region=city.east) if r.status != "pending"]
    assert reviews  # the figure is exercised
    pair = [values["follow_up_coverage"].values[r.pk] for r in (city.east, city.west)]
    present = sorted(v for v in pair if v is not None)
    if len(present) == 2:
        half = (present[0] + present[1]) / 2  # 四舍五入, as the indicators ruleset says
        assert values["follow_up_coverage"].median == half.quantize(Decimal("0.1"), ROUND_HALF_UP)
    # fines growth: no cases in May 2024, so no base to grow from
    assert values["fines_growth"].values[city.east.pk] is None


def test_county_sees_own_value_and_city_median(records):
    city = records
    mine = indicator_table(user=city.officer, region=city.city, start=START, end=END)
    full = indicator_table(user=city.task_force, region=city.city, start=START, end=END)
    assert all(set(v.values) == {city.east.pk} for v in mine)
    assert [v.median for v in mine] == [v.median for v in full]
    assert indicator_regions(city.officer, city.city) == [city.east]


def test_svg_chart_is_well_formed_with_median(records):
    city = records
    values = indicator_table(user=city.task_force, region=city.city, start=START, end=END)
    regions = indicator_regions(city.task_force, city.city)
    svg = indicator_svg(values[4], regions)
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    assert root.tag.endswith("svg")
    texts = [t.text for t in root.iter() if t.tag.endswith("text")]
    assert "东城区" in texts and "西城区" in texts
    if values[4].median is not None:
        assert any(t and t.startswith("中位数") for t in texts)
