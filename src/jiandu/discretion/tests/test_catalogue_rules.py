"""The statutory-range rules of a stored catalogue version equal those of the shipped file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal as D

import pytest

from jiandu.discretion import selectors, services
from jiandu.discretion.catalogue import CatalogueError, catalogue_rules_for, shipped_catalogue
from jiandu.engines.discretion.catalogue import shipped_rules
from jiandu.engines.discretion.statutory import statutory_range

pytestmark = pytest.mark.django_db


def test_a_seeded_version_gives_the_same_rules_as_the_file() -> None:
    version = services.seed_catalogue(actor="测试")
    stored = catalogue_rules_for(selectors.list_items(), version.version)

    def key(rule):  # type: ignore[no-untyped-def]
        return (rule.code, rule.effective_from or dt.date.min)

    assert sorted(stored.items, key=key) == sorted(shipped_rules().items, key=key)
    result = statutory_range(
        stored,
        "PRP-9",
        violation_date=dt.date(2024, 5, 1),
        party_kind="person",
        amounts={"illegal_gain": D(0)},
    )
    assert (result.min, result.max, result.articles) == (D(0), D(100000), ("第九条", "第十一条第一款"))


def test_a_broken_item_is_named() -> None:
    item = next(i for i in shipped_catalogue().items if i.code == "PRL-42")
    broken = dataclasses.replace(item, fine={"kind": "range", "min": 0, "max": "五千"})
    with pytest.raises(CatalogueError, match=r"事项 PRL-42 字段 fine\.max"):
        catalogue_rules_for([broken], "draft-x")
