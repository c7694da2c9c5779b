"""The 意见建议清单： recording, answering, region scope and the audit trail (three personas)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from jiandu.audit.models import AuditEntry
from jiandu.clues.models import SuggestionSource, SuggestionStatus
from jiandu.clues.selectors import get_suggestion, list_suggestions
from jiandu.clues.services import answer_suggestion, record_suggestion
from jiandu.clues.tests.factories import ClueFactory
from jiandu.errors import UserError

pytestmark = pytest.mark.django_db


def test_record_and_answer_are_audited(city, units):
    suggestion = record_suggestion(
        actor=city.officer,
        region=city.east,
        source=SuggestionSource.FORUM,
        text="  建议统一食品经营许可现场核查标准  ",
        source_ref="4月座谈会",
        unit=units.food,
    )
    assert suggestion.text == "建议统一食品经营许可现场核查标准"
    assert suggestion.status == SuggestionStatus.OPEN
    answered = answer_suggestion(actor=units.east_chief, suggestion=suggestion, answer="已纳入核查指引修订")
    assert answered.status == SuggestionStatus.ANSWERED and answered.answered_at is not None
    notes = list(
        AuditEntry.objects.filter(target_type="clues.suggestion", target_id=str(suggestion.pk))
        .order_by("pk")
        .values_list("note", flat=True)
    )
    assert notes == ["登记意见建议", "答复意见建议"]


def test_three_personas_see_only_their_region(city):
    east = record_suggestion(actor=city.officer, region=city.east, source="visit", text="东城意见")
    west = record_suggestion(actor=city.outsider, region=city.west, source="mailbox", text="西城意见")
    assert set(list_suggestions(user=city.task_force)) == {east, west}
    assert list(list_suggestions(user=city.officer)) == [east]
    assert list(list_suggestions(user=city.outsider)) == [west]
    assert get_suggestion(user=city.outsider, pk=east.pk) is None
    with pytest.raises(PermissionDenied):
        record_suggestion(actor=city.outsider, region=city.east, source="visit", text="越权登记")
    with pytest.raises(PermissionDenied):
        answer_suggestion(actor=city.auditor, suggestion=east, answer="审计员不能答复")


def test_bad_input_is_refused_in_chinese(city):
    with pytest.raises(UserError) as error:
        record_suggestion(actor=city.officer, region=city.east, source="tv", text="x")
    assert error.value.field == "source"
    with pytest.raises(UserError):
        record_suggestion(actor=city.officer, region=city.east, source="visit", text="   ")
    clue = ClueFactory(region=city.west)
    with pytest.raises(UserError) as error:
        record_suggestion(actor=None, region=city.east, source="forum", text="座谈会意见", clue=clue)
    assert error.value.field == "clue"


def test_system_made_entries_link_to_the_clue(city):
    clue = ClueFactory(region=city.east)
    suggestion = record_suggestion(actor=None, region=city.east, source="forum", text="座谈会意见", clue=clue)
    assert list(clue.suggestions.all()) == [suggestion]
