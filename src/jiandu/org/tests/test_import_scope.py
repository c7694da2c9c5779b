"""Enterprise import matches existing firms only within the importer's region scope."""

from __future__ import annotations

import pytest

from jiandu.documents.tabular import read_table
from jiandu.org.models import Enterprise
from jiandu.org.services import import_enterprises
from jiandu.org.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

HEADER = "统一社会信用代码,名称,行政区划代码,信用风险分类\n"


def rows(text: str):
    return read_table((HEADER + text).encode(), "e.csv")


def test_a_county_cannot_take_over_another_countys_firm(city):
    foreign = EnterpriseFactory(region=city.west, name="西城原名公司", credit_class="B")
    header, data = rows(f"{foreign.uscc},改名公司,{city.east.code},D\n")
    report = import_enterprises(actor=city.officer, header=header, rows=data)
    assert not report.stored and report.errors and report.errors[0].row == 2
    assert "第 2 行" in str(report.errors[0])
    foreign.refresh_from_db()
    assert foreign.name == "西城原名公司" and foreign.credit_class == "B" and foreign.region == city.west


def test_partial_import_skips_the_foreign_row_and_says_nothing_of_it(city):
    foreign = EnterpriseFactory(region=city.west, name="西城原名公司")
    own = EnterpriseFactory(region=city.east, name="东城原名公司")
    header, data = rows(
        f"{foreign.uscc},改名公司,{city.east.code},D\n{own.uscc},东城新名公司,{city.east.code},A\n"
    )
    report = import_enterprises(actor=city.officer, header=header, rows=data, partial=True)
    assert report.stored and report.updated == 1 and report.created == 0
    assert Enterprise.objects.get(pk=foreign.pk).name == "西城原名公司"
    assert Enterprise.objects.get(pk=own.pk).name == "东城新名公司"


def test_the_refusal_reads_the_same_as_for_an_unknown_code_in_a_wrong_region(city):
    foreign = EnterpriseFactory(region=city.west)
    header, data = rows(f"{foreign.uscc},某公司,{city.east.code},B\n")
    message = str(import_enterprises(actor=city.officer, header=header, rows=data).errors[0])
    assert "西城" not in message and foreign.name not in message


def test_the_city_still_updates_any_county(city):
    firm = EnterpriseFactory(region=city.west, name="旧名")
    header, data = rows(f"{firm.uscc},新名,{city.west.code},B\n")
    report = import_enterprises(actor=city.task_force, header=header, rows=data)
    assert report.stored and report.updated == 1
