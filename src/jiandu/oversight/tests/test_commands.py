"""`jiandu oversight ...` commands: the good-credit list refreshed and exported; overdue urgent matters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from jiandu.cli import main
from jiandu.clues.tests.factories import ClueFactory
from jiandu.org.tests.factories import EnterpriseFactory
from jiandu.oversight.models import UrgentMatter
from jiandu.oversight.selectors import INCENTIVE_HEADER
from jiandu.oversight.services import urgent

pytestmark = pytest.mark.django_db


def test_incentives_and_overdue(city, units, capsys, tmp_path):
    EnterpriseFactory(region=city.east, credit_class="A", name="东城守信企业")
    EnterpriseFactory(region=city.west, credit_class="A", name="西城守信企业")
    target = tmp_path / "list.xlsx"
    assert main(["oversight", "incentives", "--user", units.east_chief.username, "--out", str(target)]) == 0
    assert "1 户" in capsys.readouterr().out
    rows = [[c.value for c in r] for r in load_workbook(target).active.iter_rows()]
    assert rows[rows.index(INCENTIVE_HEADER) + 1][2] == "东城守信企业"
    assert main(["oversight", "incentives", "--user", city.officer.username]) == 2
    assert "无权" in capsys.readouterr().err
    matter = urgent.flag_urgent(
        actor=units.east_chief,
        clue=ClueFactory(region=city.east),
        kind="severe",
        reason="联名反映",
        deadline_hours=2,
    )
    assert main(["oversight", "overdue", "--user", city.task_force.username]) == 0
    UrgentMatter.objects.filter(pk=matter.pk).update(flagged_at=timezone.now() - dt.timedelta(hours=3))
    capsys.readouterr()
    assert main(["oversight", "overdue", "--user", city.task_force.username]) == 1
    assert f"线索 {matter.clue_id}" in capsys.readouterr().out
    assert main(["oversight", "overdue", "--user", city.outsider.username]) == 0
