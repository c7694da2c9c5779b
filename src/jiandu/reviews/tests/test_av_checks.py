"""AV-record checklist: a failed item files a clue on the AV-check channel."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from jiandu.clues.models import Clue
from jiandu.errors import UserError
from jiandu.reviews.services import record_av_check
from jiandu.reviews.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ALL_OK = {"recorded_each_step": True, "complete": True, "identity_shown": True, "civil_conduct": True}


def test_passed_check_files_no_clue(city):
    check = record_av_check(actor=city.officer, case=CaseFactory(region=city.east), answers=ALL_OK)
    assert check.passed and check.clue is None and not Clue.objects.exists()


def test_failed_item_becomes_a_clue(city):
    case = CaseFactory(region=city.east)
    check = record_av_check(actor=city.task_force, case=case, answers={**ALL_OK, "identity_shown": False},
                            note="送达环节未见出示证件")  # fmt: skip
    assert not check.passed
    clue = Clue.objects.get()
    assert check.clue == clue and clue.channel == "av_check"
    assert "出示执法证件" in clue.summary and "送达环节未见出示证件" in clue.summary
    assert clue.region == city.east and clue.enterprise == case.enterprise


def test_every_item_must_be_answered(city):
    with pytest.raises(UserError, match="未填写"):
        record_av_check(actor=city.officer, case=CaseFactory(region=city.east), answers={"complete": True})


def test_auditor_may_not_check(city):
    with pytest.raises(PermissionDenied):
        record_av_check(actor=city.auditor, case=CaseFactory(region=city.east), answers=ALL_OK)


def test_an_officer_cannot_check_the_av_record_of_his_own_case(city):
    """Defect: an officer could AV-check and pass his own case."""
    own = CaseFactory(region=city.east, created_by=city.officer)
    with pytest.raises(UserError, match="本人承办"):
        record_av_check(actor=city.officer, case=own, answers=ALL_OK)
    assert record_av_check(actor=city.task_force, case=own, answers=ALL_OK).passed
