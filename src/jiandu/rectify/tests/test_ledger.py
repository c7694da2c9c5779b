"""The rectification ledger: items for confirmed problems, evidence, results, 督办, overdue, export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.audit.models import AuditEntry
from jiandu.clues import services as clue_services
from jiandu.clues.models import Channel, ClueStatus
from jiandu.errors import UserError
from jiandu.rectify import services
from jiandu.rectify.models import RectificationStatus
from jiandu.rectify.selectors import LEDGER_HEADER, ledger_rows, list_rectifications, rectification_counts

pytestmark = pytest.mark.django_db


def confirmed_clue(city, units, *, region=None, subtype="P1a"):
    region = region or city.east
    bureau = units.east_bureau if region == city.east else units.west_bureau
    clue = clue_services.file_clue(
        actor=city.task_force,
        channel=Channel.VISIT,
        summary="执法人员要求企业缴纳检测费后才予办理，收取费用无依据",
        region=region,
    )
    clue_services.triage_clue(actor=city.task_force, clue=clue, lead_unit=bureau)
    clue_services.accept_clue(actor=city.task_force, clue=clue)
    clue_services.assess_clue(
        actor=city.task_force,
        clue=clue,
        verdict="confirmed",
        category=subtype[:2],
        subtype=subtype,
        opinion="属实",
        cause_analysis="收费目录未公示",
    )
    clue.refresh_from_db()
    return clue


def _open(city, units, clue, **kwargs):
    defaults = {
        "unit": units.east_bureau,
        "responsible_person": "王某",
        "measures": "退还费用",
        "mode": "deadline",
    }
    return services.open_rectification(actor=city.task_force, clue=clue, **{**defaults, **kwargs})


def test_first_item_starts_rectification_and_last_completion_ends_it(city, units):
    clue = confirmed_clue(city, units)
    first = _open(city, units, clue, mode="immediate")
    second = _open(city, units, clue, term_workdays=20)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.RECTIFYING and first.term_workdays == 5 and second.term_workdays == 20
    with pytest.raises(UserError, match="佐证材料"):
        services.complete_rectification(actor=city.task_force, item=first, result="已退还")
    services.add_evidence(actor=city.task_force, item=first, files=[("退款凭证.pdf", b"%PDF-1.4 x")])
    services.complete_rectification(
        actor=city.task_force, item=first, result="已退还", refund_amount="1234.5", refund_count=3
    )
    first.refresh_from_db()
    assert first.refund_amount == Decimal("1234.50") and first.status == RectificationStatus.DONE
    clue.refresh_from_db()
    assert clue.status == ClueStatus.RECTIFYING
    services.add_evidence(actor=city.task_force, item=second, files=[("报告.docx", b"PK\x03\x04rest")])
    services.complete_rectification(
        actor=city.task_force, item=second, result="已纠正", decisions_corrected=1
    )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.RECTIFIED
    assert AuditEntry.objects.filter(target_type="rectify.rectification", note="整改完成").count() == 2
    clue_services.close_clue(actor=city.task_force, clue=clue)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CLOSED


def test_only_confirmed_problems_get_items_and_refunds_need_a_count(city, units):
    clue = clue_services.file_clue(
        actor=None, channel=Channel.VISIT, summary="检查频次过高的问题", region=city.east
    )
    with pytest.raises(UserError, match="已认定"):
        _open(city, units, clue)
    item = _open(city, units, confirmed_clue(city, units))
    services.add_evidence(actor=city.task_force, item=item, files=[("a.txt", "说明".encode())])
    with pytest.raises(UserError, match="退还笔数"):
        services.complete_rectification(actor=city.task_force, item=item, result="退了", refund_amount="10")


def test_supervision_by_a_superior_only(city, units):
    item = _open(city, units, confirmed_clue(city, units))
    with pytest.raises(PermissionDenied):
        services.supervise_rectification(actor=units.east_chief, item=item, note="限期办结")
    services.supervise_rectification(actor=city.task_force, item=item, note="限期办结")
    item.refresh_from_db()
    assert item.supervised and item.supervised_by == city.task_force
    assert list(list_rectifications(user=city.task_force, supervised=True)) == [item]


def test_county_officer_sees_own_county_items_only_and_cannot_manage(city, units):
    east_item = _open(city, units, confirmed_clue(city, units))
    west_item = _open(city, units, confirmed_clue(city, units, region=city.west), unit=units.west_bureau)
    assert list(list_rectifications(user=city.officer)) == [east_item]
    assert list(list_rectifications(user=city.outsider)) == [west_item]
    with pytest.raises(PermissionDenied):
        services.add_evidence(actor=city.officer, item=east_item, files=[("a.txt", b"x")])
    with pytest.raises(PermissionDenied, match="管辖范围"):
        services.add_evidence(actor=units.east_chief, item=west_item, files=[("a.txt", b"x")])


def test_overdue_is_derived_from_the_working_day_term(city, units):
    with time_machine.travel(dt.datetime(2026, 9, 1, 2, tzinfo=dt.UTC)):
        item = _open(city, units, confirmed_clue(city, units), term_workdays=10)
    with time_machine.travel(dt.datetime(2026, 9, 14, 2, tzinfo=dt.UTC)):
        (row,) = ledger_rows([item])
        assert row.due == dt.date(2026, 9, 15) and not row.overdue
        assert rectification_counts(user=city.task_force) == (1, 0)
    with time_machine.travel(dt.datetime(2026, 9, 16, 2, tzinfo=dt.UTC)):
        (row,) = ledger_rows([item])
        assert row.overdue
        assert rectification_counts(user=city.task_force) == (1, 1)
        assert list(list_rectifications(user=city.task_force, overdue=True)) == [item]


def test_ledger_exports_to_xlsx_filtered_by_county(client, city, units):
    east_item = _open(city, units, confirmed_clue(city, units), measures="退还检测费")
    _open(
        city,
        units,
        confirmed_clue(city, units, region=city.west),
        unit=units.west_bureau,
        measures="西城整改",
    )
    client.force_login(city.task_force)
    response = client.get(reverse("rectification_list"), {"format": "xlsx", "county": city.east.code})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "整改台账" in sheet["A1"].value
    assert [c.value for c in sheet[3]] == LEDGER_HEADER
    data = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert len(data) == 1
    row = dict(zip(LEDGER_HEADER, data[0], strict=True))
    assert (
        row["整改措施"] == "退还检测费"
        and row["县（市、区）"] == "东城区"
        and row["线索编号"] == east_item.clue_id
    )
    assert (
        row["责任单位"] == "东城区市场监督管理局" and row["问题细类"] == "乱收费" and row["是否逾期"] == "否"
    )
    assert AuditEntry.objects.filter(action="export", note="导出整改台账").count() == 1


def test_officer_may_read_but_not_export_the_ledger(client, city, units):
    _open(city, units, confirmed_clue(city, units))
    client.force_login(city.officer)
    assert client.get(reverse("rectification_list")).status_code == 200
    assert client.get(reverse("rectification_list"), {"format": "xlsx"}).status_code == 404


def test_supervision_and_result_through_the_pages(client, city, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = _open(city, units, confirmed_clue(city, units))
    client.force_login(city.task_force)
    page = client.get(reverse("rectification_detail", args=[item.pk])).content.decode()
    assert 'id="form-supervise"' in page and 'id="form-complete"' in page
    client.post(reverse("rectification_supervise", args=[item.pk]), {"note": "五个工作日内报送整改报告"})
    client.post(
        reverse("rectification_evidence", args=[item.pk]),
        {"evidence_files": [SimpleUploadedFile("报告.pdf", b"%PDF-1.4 x")]},
    )
    done = client.post(reverse("rectification_complete", args=[item.pk]), {"result": "已整改到位"})
    assert done.status_code == 302 and done.url == reverse("clue_detail", args=[item.clue_id])
    item.refresh_from_db()
    assert item.supervised and item.status == RectificationStatus.DONE and item.evidence.count() == 1
    client.force_login(units.east_chief)
    assert client.post(reverse("rectification_supervise", args=[item.pk]), {"note": "x"}).status_code == 403
