"""A refund with fractions of a cent is refused, not rounded silently."""

from __future__ import annotations

import pytest

from jiandu.errors import UserError
from jiandu.rectify import services
from jiandu.rectify.tests.test_ledger import _open, confirmed_clue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("amount", ["0.001", "12.345"])
def test_refund_below_a_cent_is_refused(city, units, amount):
    item = _open(city, units, confirmed_clue(city, units))
    services.add_evidence(actor=city.task_force, item=item, files=[("a.txt", "说明".encode())])
    with pytest.raises(UserError, match="两位小数") as refused:
        services.complete_rectification(
            actor=city.task_force, item=item, result="已退还", refund_amount=amount, refund_count=1
        )
    assert refused.value.field == "refund_amount"
    item.refresh_from_db()
    assert item.refund_amount == 0
