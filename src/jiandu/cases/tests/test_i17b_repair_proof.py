"""Credit repair in a firm's name needs the code delivered with the decision; application numbers are
random; unknown, non-public and wrongly proven decisions get the same answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from jiandu.cases import services
from jiandu.cases.models import CreditRepair, PublicityStatus
from jiandu.cases.tests.factories import PenaltyCaseFactory

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)


def _case(enterprise, **overrides):
    values = {
        "enterprise": enterprise,
        "fine": Decimal("80000"),
        "decided_on": dt.date(2026, 4, 1),
        "publicity_status": PublicityStatus.PUBLISHED,
        "published_on": dt.date(2026, 4, 10),
        "status": "paid",
    }
    values.update(overrides)
    return PenaltyCaseFactory(**values)


def _form(case, code):
    return {
        "uscc": case.enterprise.uscc,
        "decision_number": case.decision_number,
        "code": code,
        "contact_name": "冒名者",
        "contact_phone": "13900000000",
        "measures": "已整改。",
        "harm_eliminated": "on",
        "not_listed": "on",
    }


def test_public_facts_alone_do_not_file_for_a_firm(client, enterprises):
    # The one-letter-off code differs from the right one whatever the case's key (a fixed last
    # letter once matched the right code on one database's ids).
    case = _case(enterprises[0][0])
    with time_machine.travel(TODAY, tick=False):
        right = services.repair_code(case)
        one_off = right[:-1] + ("Z" if right[-1] != "Z" else "Y")
        for code in ["", "AAAAA-AAAAA", one_off]:
            response = client.post(reverse("public_repair_apply"), _form(case, code))
            assert response.status_code in (200, 429)
    assert not CreditRepair.objects.exists()


def test_the_delivered_code_proves_the_party(client, enterprises):
    case = _case(enterprises[0][0])
    with time_machine.travel(TODAY, tick=False):
        client.post(reverse("public_repair_apply"), _form(case, services.repair_code(case).lower()))
    assert CreditRepair.objects.count() == 1
    other = _case(enterprises[0][1])
    assert services.repair_code(other) != services.repair_code(case)


def test_code_is_printed_on_the_credit_repair_notice(enterprises):
    case = _case(enterprises[0][0])
    assert services.repair_notice_text(case).apply_code == services.repair_code(case)


def _refusal(case, code):
    with time_machine.travel(TODAY, tick=False), pytest.raises(services.RepairRefused) as refused:
        services.apply_for_repair(
            uscc=case.enterprise.uscc,
            decision_number=case.decision_number,
            contact_name="甲",
            contact_phone="13900000000",
            measures="已整改",
            declared={"harm_eliminated": True, "not_listed": True},
            commitment=True,
            code=code,
        )
    return refused.value.reasons


def test_no_oracle_of_non_public_or_unknown_decisions(enterprises):
    published = _case(enterprises[0][0])
    not_public = _case(enterprises[0][1], publicity_status=PublicityStatus.NOT_REQUIRED, published_on=None)
    unpaid = _case(enterprises[0][2], status="delivered")
    unknown = PenaltyCaseFactory.build(
        enterprise=enterprises[0][0], decision_number="测市监处罚〔2026〕999号"
    )
    answers = {tuple(_refusal(c, "WRONG-CODE1")) for c in [published, not_public, unpaid, unknown]}
    assert len(answers) == 1  # one and the same refusal, whatever the state behind the number


def test_application_numbers_are_not_sequential(enterprises):
    numbers = []
    with time_machine.travel(TODAY, tick=False):
        for firm in enterprises[0]:
            case = _case(firm)
            numbers.append(
                services.apply_for_repair(
                    uscc=firm.uscc,
                    decision_number=case.decision_number,
                    contact_name="甲",
                    contact_phone="13900000000",
                    measures="已整改",
                    declared={"harm_eliminated": True, "not_listed": True},
                    commitment=True,
                    code=services.repair_code(case),
                ).number
            )
    suffixes = [n[len("XF20261116") :] for n in numbers]
    assert all(len(s) == 10 for s in suffixes)
    assert not any(s.isdigit() for s in suffixes)
    assert len(set(suffixes)) == 3
