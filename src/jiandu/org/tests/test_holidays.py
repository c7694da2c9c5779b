"""Staff extend the holiday table for years the shipped table does not cover."""

from __future__ import annotations

import datetime as dt

import pytest

from jiandu.audit.models import AuditEntry
from jiandu.cli import main
from jiandu.errors import UserError
from jiandu.org.holidays import import_holiday_year, load_calendar

pytestmark = pytest.mark.django_db

YEAR_2027 = """
year: 2027
holidays:
  - {date: 2027-10-01, name: 国庆节}
  - {date: 2027-10-02, name: 国庆节}
  - {date: 2027-10-03, name: 国庆节}
  - {date: 2027-10-04, name: 国庆节}
  - {date: 2027-10-05, name: 国庆节}
  - {date: 2027-10-06, name: 国庆节}
  - {date: 2027-10-07, name: 国庆节}
workdays:
  - {date: 2027-09-26, name: 国庆节}
  - {date: 2027-10-09, name: 国庆节}
"""


def test_entered_year_replaces_the_statutory_fallback(city):
    before = load_calendar()
    assert before.add(dt.date(2027, 9, 30), 1) == dt.date(2027, 10, 4)
    assert before.warnings()
    import_holiday_year(actor=city.task_force, text=YEAR_2027, name="2027.yaml", source="测试通知")
    after = load_calendar()
    assert after.source(2027) == "table"
    assert after.add(dt.date(2027, 9, 30), 1) == dt.date(2027, 10, 8)
    assert after.is_workday(dt.date(2027, 10, 9))  # an adjusted Saturday
    assert after.warnings() == []
    entry = AuditEntry.objects.get(target_type="org.holidayyear")
    assert entry.action == "create" and "2027-10-09:workday" in entry.after["days"]


def test_reimport_replaces_and_is_audited_as_update(city):
    import_holiday_year(actor=city.task_force, text=YEAR_2027, name="2027.yaml", source="第一版")
    import_holiday_year(
        actor=city.task_force,
        text=YEAR_2027.replace("  - {date: 2027-10-09, name: 国庆节}\n", ""),
        name="2027.yaml",
        source="第二版",
    )
    assert not load_calendar().is_workday(dt.date(2027, 10, 9))
    assert AuditEntry.objects.filter(target_type="org.holidayyear", action="update").count() == 1


def test_bad_file_names_the_entry(city):
    with pytest.raises(UserError, match="第2项"):
        import_holiday_year(
            actor=city.task_force,
            text="year: 2027\nholidays:\n  - {date: 2027-01-01}\n  - {date: 2027-13-01}\n",
            name="2027.yaml",
            source="测试",
        )


def test_cli_import(city, tmp_path, capsys):
    path = tmp_path / "2027.yaml"
    path.write_text(YEAR_2027, encoding="utf-8")
    assert main(["holidays", "import", str(path), "--source", "测试通知", "--user", "zhuanban"]) == 0
    assert "2027年" in capsys.readouterr().out
    assert main(["workdays", "add", "2027-09-30", "1"]) == 0
    assert capsys.readouterr().out.strip() == "2027-10-08"
