"""The library's demo extension: facts for the demo cases, typical cases, the index."""

from __future__ import annotations

import random
from decimal import Decimal

from jiandu.library import demo
from jiandu.library.models import TypicalCase
from jiandu.library.services import index_store
from jiandu.library.tests.factories import DecidedCaseFactory


def test_load_and_delete(city):
    fines = [3000, 5000, 6000, 8000, 40000]
    cases = [DecidedCaseFactory(region=city.east, facts="", fine=Decimal(f)) for f in fines]
    untouched = DecidedCaseFactory(region=city.east, facts="已有的违法事实")
    lines: list[str] = []
    demo.load_demo(city=city.city, scale=0.01, rng=random.Random(5), log=lines.append)
    for case in cases:
        case.refresh_from_db()
        assert "经营超过保质期的食品" in case.facts and len(case.facts) > 60
    untouched.refresh_from_db()
    assert untouched.facts == "已有的违法事实"
    assert len({c.facts for c in cases}) == len(cases)  # varied texts
    typical = TypicalCase.objects.get(violation="经营超过保质期的食品")
    assert typical.fine == Decimal(6000)  # the median case of the violation
    assert typical.source_case_id == cases[2].pk
    assert index_store().count() == len(cases) + 1 + TypicalCase.objects.count()
    assert any("索引已建立" in line for line in lines)
    demo.delete_demo(regions=[city.city, city.east, city.west])
    assert not TypicalCase.objects.exists()
    assert index_store().count() == len(cases) + 1
