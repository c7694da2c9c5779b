"""Enterprise import from .csv and .xlsx: row-level Chinese errors, all-or-nothing, partial."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from jiandu.audit.models import AuditEntry
from jiandu.documents.tabular import read_table
from jiandu.engines.uscc import make_code
from jiandu.org.models import Enterprise
from jiandu.org.services import ImportHeaderError, import_enterprises

pytestmark = pytest.mark.django_db

GOOD_1 = make_code("9", "1", "411802", "MA0000001")
GOOD_2 = make_code("9", "2", "411803", "MA0000002")
BAD_CHECK = GOOD_1[:-1] + ("0" if GOOD_1[-1] != "0" else "1")

HEADER = "统一社会信用代码,名称,行政区划代码,行业,信用风险分类,住所\n"


def _csv(text: str, encoding: str = "utf-8") -> tuple[list[str], object]:
    return read_table(text.encode(encoding), "enterprises.csv")


def test_good_file_is_stored_and_audited(city):
    header, rows = _csv(
        HEADER + f"{GOOD_1},东城甲商贸有限公司,411802,食品销售,A,建设路1号\n"
        f"{GOOD_2},西城乙超市,411803,商场超市,C类,人民路2号\n"
    )
    report = import_enterprises(actor=city.task_force, header=header, rows=rows)
    assert report.stored and report.created == 2 and not report.errors
    first = Enterprise.objects.get(uscc=GOOD_1)
    assert first.credit_class == "A" and first.region == city.east
    assert Enterprise.objects.get(uscc=GOOD_2).credit_class == "C"
    assert AuditEntry.objects.filter(target_type="org.enterprise", action="create").count() == 2


def test_any_bad_row_stores_nothing_and_names_row_and_field(city):
    header, rows = _csv(
        HEADER
        + f"{GOOD_1},东城甲商贸有限公司,411802,食品销售,A,\n"
        + f"{BAD_CHECK},坏代码公司,411802,,B,\n"
        + f"{GOOD_2},,999999,,E,\n"
        + f"{GOOD_1},重复公司,411802,,B,\n"
    )
    report = import_enterprises(actor=city.task_force, header=header, rows=rows)
    assert not report.stored
    assert Enterprise.objects.count() == 0
    found = {(e.row, e.field) for e in report.errors}
    assert (3, "统一社会信用代码") in found
    assert (4, "名称") in found
    assert (4, "行政区划代码") in found
    assert (4, "信用风险分类") in found
    assert (5, "统一社会信用代码") in found
    messages = " ".join(str(e) for e in report.errors)
    assert "校验码错误" in messages and "与第 2 行重复" in messages and "不能为空" in messages
    assert "未导入任何数据" in report.summary


def test_partial_import_skips_only_bad_rows(city):
    header, rows = _csv(
        HEADER + f"{GOOD_1},东城甲商贸有限公司,411802,,A,\n{BAD_CHECK},坏代码公司,411802,,B,\n"
    )
    report = import_enterprises(actor=city.task_force, header=header, rows=rows, partial=True)
    assert report.stored and report.created == 1 and len(report.errors) == 1
    assert list(Enterprise.objects.values_list("uscc", flat=True)) == [GOOD_1]


def test_county_user_cannot_import_into_another_county(city):
    header, rows = _csv(HEADER + f"{GOOD_2},西城乙超市,411803,,B,\n")
    report = import_enterprises(actor=city.officer, header=header, rows=rows)
    assert not report.stored
    assert report.errors[0].field == "行政区划代码" and "管辖范围" in report.errors[0].message


def test_reimport_updates_and_records_before_and_after(city):
    header, rows = _csv(HEADER + f"{GOOD_1},东城甲商贸有限公司,411802,,A,\n")
    import_enterprises(actor=city.task_force, header=header, rows=rows)
    header, rows = _csv(HEADER + f"{GOOD_1},东城甲商贸有限公司,411802,,D,\n")
    report = import_enterprises(actor=city.task_force, header=header, rows=rows)
    assert report.updated == 1
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.before == {"credit_class": "A"} and entry.after == {"credit_class": "D"}
    assert entry.actor_name == "zhuanban"


def test_gbk_csv_and_xlsx_are_read(city):
    header, rows = _csv(HEADER + f"{GOOD_1},东城甲商贸有限公司,411802,,B,\n", encoding="gb18030")
    assert import_enterprises(actor=city.task_force, header=header, rows=rows).created == 1
    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "名称", "行政区划代码"])
    sheet.append([GOOD_2, "西城乙超市", 411803])
    buffer = io.BytesIO()
    book.save(buffer)
    header, rows = read_table(buffer.getvalue(), "e.xlsx")
    report = import_enterprises(actor=city.task_force, header=header, rows=rows)
    assert report.created == 1 and Enterprise.objects.get(uscc=GOOD_2).region == city.west


def test_missing_required_column_is_named(city):
    header, rows = _csv("名称,行业\n某公司,餐饮\n")
    with pytest.raises(ImportHeaderError, match="统一社会信用代码、行政区划代码"):
        import_enterprises(actor=city.task_force, header=header, rows=rows)


def test_import_page_shows_row_errors(client, city, django_capture_on_commit_callbacks):
    client.force_login(city.task_force)
    upload = io.BytesIO((HEADER + f"{BAD_CHECK},坏代码公司,411802,,B,\n").encode())
    upload.name = "bad.csv"
    with django_capture_on_commit_callbacks(execute=True):  # the background job runs on commit
        response = client.post(reverse("enterprise_import"), {"file": upload})
    page = client.get(response["Location"]).content.decode()
    assert "第 2 行" in page and "统一社会信用代码" in page and "校验码错误" in page
    assert Enterprise.objects.count() == 0
