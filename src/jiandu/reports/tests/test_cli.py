"""`jiandu reports monthly-form`: the JSON contract other systems rely on, and the .xlsx output."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from jiandu.cli import main
from jiandu.clues.models import Channel, Clue
from jiandu.reports.tests.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def _clue(region, moment):
    Clue.objects.create(channel=Channel.MAILBOX, received_at=moment, region=region, summary="线索")


def test_json_contract(city, campaign, capsys):
    # 2025-06-01 00:30 in Beijing is still 31 May in UTC: it belongs to June
    _clue(city.east, dt.datetime(2025, 6, 1, 0, 30, tzinfo=SHANGHAI))
    _clue(city.east, dt.datetime(2025, 6, 30, 23, 30, tzinfo=SHANGHAI))
    _clue(city.east, dt.datetime(2025, 7, 1, 0, 5, tzinfo=SHANGHAI))
    _clue(city.city, dt.datetime(2025, 6, 15, 9, tzinfo=SHANGHAI))
    assert main(["reports", "monthly-form", "--region", "411800", "--period", "2025-06", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"template", "period", "region", "columns", "rows", "total"}
    assert (data["template"], data["period"], data["region"]) == ("2025-05-01", "2025-06", "411800")
    keys = [c["key"] for c in data["columns"]]
    assert {"clues_received", "clues_confirmed", "rectified", "refund_amount", "referrals"} <= set(keys)
    assert all(set(c) >= {"key", "label"} for c in data["columns"])
    assert [(r["region"], r["name"]) for r in data["rows"]] == [
        ("411802", "东城区"), ("411803", "西城区"), ("411800", "市本级"),
    ]  # fmt: skip
    east, west, own = data["rows"]
    assert set(east["cells"]) == set(keys)
    assert (
        east["cells"]["clues_received"],
        west["cells"]["clues_received"],
        own["cells"]["clues_received"],
    ) == (2, 0, 1)
    assert data["total"]["clues_received"] == 3
    assert east["cells"]["refund_amount"] == 0.0 and east["cells"]["forums_held"] is None


def test_snapshot_without_filings_shows_states_and_xlsx(city, campaign, capsys, tmp_path):
    assert main(["reports", "monthly-form", "--region", "411800", "--period", "2025-06", "--snapshot"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in data["rows"]] == ["late", "late", "live"]
    assert data["rows"][0]["cells"]["clues_received"] is None
    out = tmp_path / "form.xlsx"
    assert (
        main(["reports", "monthly-form", "--region", "411800", "--period", "2025-06", "--out", str(out)]) == 0
    )
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    assert sheet["A1"].value == "中原市问题整治情况表"
    assert sheet.cell(row=3, column=2).value == "问题线索收集情况"
    assert any(str(r[0].value) == "东城区" for r in sheet.iter_rows())


def test_bad_input_is_a_clear_error(city, campaign, capsys):
    assert main(["reports", "monthly-form", "--region", "999999", "--period", "2025-06"]) == 2
    assert "不存在" in capsys.readouterr().err
    assert main(["reports", "monthly-form", "--region", "411800", "--period", "2025-04", "--snapshot"]) == 2
    assert "没有问题整治情况表的报送安排" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["reports", "monthly-form", "--region", "411800", "--period", "六月"])
    assert "格式错误" in capsys.readouterr().err
