"""`jiandu audit verify --tables`: a fine changed by a direct UPDATE, past the services, is found."""

from __future__ import annotations

import pytest
from django.db import connection

from jiandu.audit.selectors import verify_business_rows
from jiandu.cases import services
from jiandu.cases.models import PenaltyCase
from jiandu.cases.tests.factories import draft_values
from jiandu.cli import main
from jiandu.org.models import Domain

pytestmark = pytest.mark.django_db


def _case(city, enterprises):
    return services.create_case(
        actor=city.officer,
        enterprise=enterprises[0][0],
        domain=Domain.objects.get(code="price"),
        **draft_values(fine="5000"),
    )


def test_rows_written_by_the_services_agree_with_the_trail(city, enterprises, capsys):
    _case(city, enterprises)
    checked, mismatches = verify_business_rows()
    assert checked >= 1 and mismatches == []
    assert main(["audit", "verify", "--tables"]) == 0


def test_a_direct_update_of_a_fine_is_detected(city, enterprises, capsys):
    case = _case(city, enterprises)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_penaltycase SET fine = %s WHERE id = %s", ["50.00", case.pk])
    _checked, mismatches = verify_business_rows()
    assert [(m.target_type, m.target_id, m.field) for m in mismatches] == [
        ("cases.penaltycase", str(case.pk), "fine")
    ]
    assert main(["audit", "verify", "--tables"]) == 1
    out = capsys.readouterr().out
    assert "字段 fine" in out and "50.00" in out
    assert PenaltyCase.objects.get().fine == 50
