"""A clue is linked only to a firm the filer may see: a foreign county's USCC is treated as unknown."""

from __future__ import annotations

import csv
import io

import pytest

from jiandu.clues.imports import guess_mapping, import_work_orders
from jiandu.clues.models import Channel, Clue
from jiandu.documents.tabular import read_table

pytestmark = pytest.mark.django_db

TEXT = "企业反映：执法人员检查时以不配合为由当场扣押货物，没有出具任何文书"


def test_api_create_does_not_link_or_name_a_foreign_firm(client, city, enterprises):
    _east, west = enterprises
    client.force_login(city.officer)
    response = client.post(
        "/api/clues/",
        {"channel": Channel.SUPERVISOR, "summary": TEXT, "region_code": city.east.code, "uscc": west[0].uscc},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert west[0].name not in response.content.decode()
    assert Clue.objects.get().enterprise is None


def test_api_create_links_a_firm_of_the_own_county(client, city, enterprises):
    east, _west = enterprises
    client.force_login(city.officer)
    response = client.post(
        "/api/clues/",
        {"channel": Channel.SUPERVISOR, "summary": TEXT, "region_code": city.east.code, "uscc": east[0].uscc},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Clue.objects.get().enterprise == east[0]


@pytest.mark.parametrize("by", ["uscc", "name"])
def test_work_order_import_does_not_link_a_foreign_firm(city, enterprises, by):
    _east, west = enterprises
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [
            ["工单号", "来电时间", "诉求内容", "区县", "涉及企业"],
            ["GD-9", "2026-05-06 09:30", TEXT, "东城区", getattr(west[0], by)],
        ]
    )
    header, rows = read_table(buffer.getvalue().encode(), "orders.csv")
    mapping = {**guess_mapping(header), "enterprise": "涉及企业"}
    report = import_work_orders(
        actor=city.officer, header=header, rows=rows, mapping=mapping, channel=Channel.HOTLINE_12345
    )
    assert report.stored, report.errors
    clue = Clue.objects.get()
    assert clue.enterprise is None
    assert clue.enterprise_name != west[0].name or by == "name"  # a typed name stays text, never a link
