"""The demo city: its demo firm's record shows every part, and its public page opens with the printed code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.demo.loader import REFERENCE_DAY, load_demo_city
from jiandu.org.models import User
from jiandu.service.demo import DEMO_ACCESS_CODE
from jiandu.service.models import FirmAccessCode
from jiandu.service.record import SOURCES, get_record


@pytest.mark.django_db
def test_demo_firm_record_has_every_part_and_opens_publicly(client):
    load_demo_city(scale=0.02, log=lambda _m: None, today=REFERENCE_DAY)
    firm = FirmAccessCode.objects.get().enterprise
    record = get_record(user=User.objects.get(username="zhuanban"), uscc=firm.uscc)
    assert record is not None
    empty = [s.key for s in SOURCES if record.counts[s.key] == 0]
    assert empty == []
    assert record.risks and record.owed
    page = client.post(reverse("public_firm_record"), {"uscc": firm.uscc, "code": DEMO_ACCESS_CODE})
    assert firm.name in page.content.decode()
    client.force_login(User.objects.get(username="jianduyuan"))
    assert "消防器材" in client.get(reverse("service_my_submissions")).content.decode()
