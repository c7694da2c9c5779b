"""Shared fixtures: a small city with two counties and the three personas of every permission test."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jiandu.org.domains import ensure_domains
from jiandu.org.models import Region, RegionLevel, Role, User
from jiandu.org.tests.factories import EnterpriseFactory, RegionFactory, UserFactory


@pytest.fixture(autouse=True)
def _audit_anchor_file(settings, tmp_path):
    """Each test signs its audit checkpoints into its own file (audit/anchors.py)."""
    settings.JIANDU_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.log")
    settings.JIANDU_AUDIT_KEY = "test-audit-key-" + "k" * 32


@dataclass
class City:
    province: Region
    city: Region
    east: Region
    west: Region
    task_force: User  # city-wide 工作专班
    officer: User  # officer of the east county
    outsider: User  # officer of the west county
    auditor: User


@pytest.fixture
def city(db) -> City:
    ensure_domains()
    province = RegionFactory(code="410000", name="河南省", level=RegionLevel.PROVINCE)
    city = RegionFactory(code="411800", name="中原市", level=RegionLevel.CITY, parent=province)
    east = RegionFactory(code="411802", name="东城区", level=RegionLevel.COUNTY, parent=city)
    west = RegionFactory(code="411803", name="西城区", level=RegionLevel.COUNTY, parent=city)
    return City(
        province=province,
        city=city,
        east=east,
        west=west,
        task_force=UserFactory(username="zhuanban", role=Role.TASK_FORCE, region=city),
        officer=UserFactory(username="dong_officer", role=Role.OFFICER, region=east),
        outsider=UserFactory(username="xi_officer", role=Role.OFFICER, region=west),
        auditor=UserFactory(username="shenji", role=Role.AUDITOR, region=city),
    )


@pytest.fixture
def enterprises(city: City):
    east = [EnterpriseFactory(region=city.east) for _ in range(3)]
    west = [EnterpriseFactory(region=city.west) for _ in range(2)]
    return east, west
