"""首违 check: earlier decided penalties or warnings of the firm for the same item, within the window."""

from __future__ import annotations

import datetime as dt

import pytest

from jiandu.cases.models import CaseOutcome, CaseStatus
from jiandu.cases.selectors import is_first_violation
from jiandu.discretion.tests.factories import PenaltyCaseFactory

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 6, 1)


def test_no_earlier_case_is_a_first_violation(enterprises) -> None:
    firm = enterprises[0][0]
    assert is_first_violation(enterprise=firm, item_code="FSL-124-1-5", on=ON)


def test_earlier_penalty_for_the_same_item_within_the_window(enterprises) -> None:
    firm = enterprises[0][0]
    PenaltyCaseFactory(enterprise=firm, decided_on=dt.date(2022, 6, 2))
    assert not is_first_violation(enterprise=firm, item_code="FSL-124-1-5", on=ON)
    # the window is configurable: two years back the 2022 case no longer counts
    assert is_first_violation(enterprise=firm, item_code="FSL-124-1-5", on=ON, window_years=2)


def test_a_warning_counts_too(enterprises) -> None:
    firm = enterprises[0][0]
    PenaltyCaseFactory(enterprise=firm, outcome=CaseOutcome.WARNING, decided_on=dt.date(2026, 1, 5))
    assert not is_first_violation(enterprise=firm, item_code="FSL-124-1-5", on=ON)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"decided_on": dt.date(2021, 5, 31)},  # older than five years
        {"item_code": "FSL-122-1"},  # another item
        {"outcome": CaseOutcome.NO_PENALTY},  # not punished
        {"status": CaseStatus.DRAFT, "decided_on": None},  # not decided yet
        {"decided_on": dt.date(2026, 6, 1)},  # decided the same day, not earlier
    ],
)
def test_cases_that_do_not_count(enterprises, kwargs) -> None:
    firm = enterprises[0][0]
    PenaltyCaseFactory(enterprise=firm, **kwargs)
    assert is_first_violation(enterprise=firm, item_code="FSL-124-1-5", on=ON)


def test_another_firms_penalty_does_not_count(enterprises) -> None:
    firm, other = enterprises[0][0], enterprises[0][1]
    PenaltyCaseFactory(enterprise=other)
    assert is_first_violation(enterprise=firm, item_code="FSL-124-1-5", on=ON)
