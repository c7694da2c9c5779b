"""Publicity periods and credit-repair eligibility, from rulesets/credit_repair.yaml (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiandu.engines.credit_repair import PenaltyFacts, add_months, eligibility, load_rules, publicity_plan

RULES = load_rules()
ALL_MET = {
    "obligations_fulfilled": True,
    "harm_eliminated": True,
    "no_new_same_penalty": True,
    "not_listed": True,
}


def facts(
    kinds=("fine",), fine="80000", party="organisation", domain="price", published=dt.date(2026, 1, 15)
):
    return PenaltyFacts(
        party_kind=party,
        domain_code=domain,
        penalty_kinds=tuple(kinds),
        fine=Decimal(fine),
        published_on=published,
    )


@pytest.mark.parametrize(
    ("kinds", "fine", "party", "months"),
    [
        (("fine",), "49999.99", "organisation", 3),
        (("fine",), "50000", "organisation", 36),
        (("fine",), "4999", "person", 3),
        (("fine",), "5000", "person", 36),
        (("criticism",), "0", "organisation", 3),
        (("fine", "confiscate_gain"), "1000", "organisation", 36),
        (("warning", "fine"), "1000", "organisation", 3),
    ],
)
def test_publicity_period(kinds, fine, party, months):
    plan = publicity_plan(RULES, facts(kinds, fine, party))
    assert plan.published and plan.months == months


def test_warning_only_is_not_published():
    plan = publicity_plan(RULES, facts(("warning",), "0"))
    assert not plan.published and not plan.repairable
    assert "第二条" in plan.legal_basis[0]


def test_earliest_application_six_months_or_one_year_in_food():
    assert publicity_plan(RULES, facts()).earliest_application_on == dt.date(2026, 7, 15)
    for domain in ("food", "special_equipment"):
        assert publicity_plan(RULES, facts(domain=domain)).earliest_application_on == dt.date(2027, 1, 15)


@pytest.mark.parametrize(
    "kind", ["suspend_business", "restrict_business", "ban_employment", "downgrade", "revoke_licence"]
)
def test_never_eligible_kinds(kind):
    plan = publicity_plan(RULES, facts(("fine", kind)))
    assert plan.months == 36 and not plan.repairable
    result = eligibility(RULES, facts(("fine", kind)), conditions=ALL_MET, today=dt.date(2027, 6, 1))
    assert not result.eligible
    assert any("不得提前停止公示" in r for r in result.reasons)


def test_eligible_only_after_period_and_with_all_four_conditions():
    early = eligibility(RULES, facts(), conditions=ALL_MET, today=dt.date(2026, 7, 14))
    assert not early.eligible and "2026-07-15" in early.reasons[0]
    ok = eligibility(RULES, facts(), conditions=ALL_MET, today=dt.date(2026, 7, 15))
    assert ok.eligible
    for key in ALL_MET:
        result = eligibility(RULES, facts(), conditions={**ALL_MET, key: False}, today=dt.date(2026, 8, 1))
        assert not result.eligible
        assert [c.key for c in result.conditions if not c.met] == [key]


def test_short_period_cannot_be_repaired_and_unpublished_cannot_apply():
    short = eligibility(RULES, facts(fine="1000"), conditions=ALL_MET, today=dt.date(2026, 3, 1))
    assert not short.eligible and "三个月" in short.reasons[0]
    unpublished = eligibility(RULES, facts(published=None), conditions=ALL_MET, today=dt.date(2027, 3, 1))
    assert not unpublished.eligible and "尚未公示" in unpublished.reasons[0]


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
