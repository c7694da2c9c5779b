"""Property: any table given to the work-order and enterprise importers either stores every valid
row or nothing, and fails only with a UserError — never another exception, never a partial store."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiandu.clues.imports import guess_mapping, import_work_orders
from jiandu.clues.models import Channel, Clue
from jiandu.documents.tabular import read_table
from jiandu.errors import UserError
from jiandu.org.models import Enterprise
from jiandu.org.services import import_enterprises

pytestmark = pytest.mark.django_db

CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["2026-05-01", "2026-05-01 09:30", "9999-12-31", "0001-01-01", "东城区", "411802", ""]),
    st.from_regex(r"9[0-9A-Z]{17}", fullmatch=True),
)
ROWS = st.lists(st.lists(CELL, min_size=4, max_size=4), min_size=1, max_size=6)
SETTINGS = settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def table(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@SETTINGS
@given(rows=ROWS, partial=st.booleans())
def test_work_order_import_is_whole_or_nothing(city, rows, partial):
    before = Clue.objects.count()
    data = table(["受理时间", "诉求内容", "所属区域", "被反映企业"], rows)
    try:
        header, sheet = read_table(data, "orders.csv")
        report = import_work_orders(
            actor=city.officer,
            header=header,
            rows=sheet,
            mapping=guess_mapping(header),
            channel=Channel.HOTLINE_12345,
            default_region=city.east,
            partial=partial,
        )
    except UserError:
        assert Clue.objects.count() == before
        return
    stored = Clue.objects.count() - before
    if report.errors and not partial:
        assert stored == 0 and not report.stored
    else:
        assert stored == report.created


@SETTINGS
@given(rows=ROWS, partial=st.booleans())
def test_enterprise_import_is_whole_or_nothing(city, rows, partial):
    before = sorted(Enterprise.objects.values_list("uscc", "name", "region_id", "credit_class"))
    data = table(
        ["统一社会信用代码", "名称", "行政区划代码", "信用风险分类"], [[r[3], r[1], r[2], r[0]] for r in rows]
    )
    try:
        header, sheet = read_table(data, "firms.csv")
        report = import_enterprises(actor=city.officer, header=header, rows=sheet, partial=partial)
    except UserError:
        assert sorted(Enterprise.objects.values_list("uscc", "name", "region_id", "credit_class")) == before
        return
    if report.errors and not partial:
        assert sorted(Enterprise.objects.values_list("uscc", "name", "region_id", "credit_class")) == before
    assert not Enterprise.objects.exclude(region=city.east).exclude(uscc__in=[b[0] for b in before]).exists()
