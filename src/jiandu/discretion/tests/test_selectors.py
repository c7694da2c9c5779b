"""Reading the catalogue: the shipped YAML until a version is stored, then the stored current version."""

from __future__ import annotations

import pytest

from jiandu.discretion import selectors, services
from jiandu.discretion.catalogue import shipped_catalogue
from jiandu.discretion.models import CatalogueVersion

pytestmark = pytest.mark.django_db


def test_without_a_stored_version_the_shipped_catalogue_answers() -> None:
    assert not CatalogueVersion.objects.exists()
    item = selectors.get_item("FSL-124-1-5")
    assert item is not None
    assert item.domain == "食品"
    assert item.catalogue_version == shipped_catalogue().version
    assert item.fine == {"kind": "multiple", "base_of": "货值金额", "min_times": 10, "max_times": 20}
    assert item.no_gain_rule and item.no_gain_rule["min"] == 50000
    assert "第一百二十四条" in item.legal_basis
    assert selectors.get_item("NO-SUCH") is None


def test_seeded_catalogue_reads_the_same_as_the_yaml() -> None:
    version = services.seed_catalogue(actor="测试")
    assert services.seed_catalogue(actor="测试") == version  # idempotent
    shipped = {item.code: item for item in shipped_catalogue().items}
    stored = {item.code: item for item in selectors.list_items()}
    assert stored == shipped
    assert len(selectors.list_exemptions()) == len(shipped_catalogue().exemptions)


def test_list_items_filters_by_domain_and_text() -> None:
    services.seed_catalogue(actor="测试")
    ads = selectors.list_items(domain_name="广告")
    assert ads and {item.domain for item in ads} == {"广告"}
    found = selectors.list_items(query="保质期")
    assert "FSL-124-1-5" in {item.code for item in found}
    assert all("保质期" in item.name or "保质期" in item.article for item in found)


def test_exemptions_for_an_item() -> None:
    entries = selectors.exemptions_for("FSL-122-1")
    assert {e.kind for e in entries} == {"首违不罚"}
    assert all("FSL-122-1" in e.item_codes and e.conditions and e.follow_up for e in entries)
    assert selectors.exemptions_for("AML-57") == []
