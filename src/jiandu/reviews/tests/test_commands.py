"""`jiandu reviews sync-visits` and `jiandu reviews coverage`."""

from __future__ import annotations

import pytest

from jiandu.cli import main
from jiandu.reviews.models import FollowUp
from jiandu.reviews.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_sync_visits_command_creates_missing_tasks(city, capsys):
    case = CaseFactory(region=city.west, litigated=True)
    CaseFactory(region=city.west)
    assert main(["reviews", "sync-visits", "--user", city.task_force.username]) == 0
    assert "新生成双百回访任务 1 件" in capsys.readouterr().out
    assert list(FollowUp.objects.values_list("case_id", flat=True)) == [case.pk]
    assert main(["reviews", "coverage", "--user", city.task_force.username]) == 0
    out = capsys.readouterr().out
    assert "西城区" in out and "东城区" in out
    assert main(["reviews", "sync-visits", "--user", "nobody"]) == 2
