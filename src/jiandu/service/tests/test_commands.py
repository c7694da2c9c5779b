"""`jiandu service ...` commands."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from jiandu.cli import main
from jiandu.service.services import firm_for_code
from jiandu.service.tests.history import firm_with_history

pytestmark = pytest.mark.django_db


def test_access_code_record_and_export(city, units, capsys, tmp_path):
    firm = firm_with_history(city, units)
    assert main(["service", "access-code", firm.uscc, "--user", city.officer.username]) == 0
    code = capsys.readouterr().out.split("企业查询码：")[1][:12]
    assert firm_for_code(uscc=firm.uscc, code=code) == firm
    assert main(["service", "access-code", firm.uscc, "--user", city.outsider.username]) == 2
    assert "管辖范围" in capsys.readouterr().err
    assert main(["service", "record", firm.uscc, "--user", city.task_force.username]) == 0
    out = capsys.readouterr().out
    assert "存在的风险" in out and "帮扶需求" in out and "案源" in out
    target = tmp_path / "needs.xlsx"
    assert (
        main(["service", "assistance-export", "--out", str(target), "--user", city.task_force.username]) == 0
    )
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    assert any(row[6] == "希望指导办理食品经营许可延续" for row in sheet.iter_rows(values_only=True))
