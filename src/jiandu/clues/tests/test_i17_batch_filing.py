"""Issue 17: the background import files its rows batch by batch (`file_clues`), not row by row.

The batch must leave exactly what filing the rows one by one leaves: the clue fields, the automatic
triage, the duplicate links and the audit entries (creation with the values before triage, then the
triage, then the links), so the audit chain and `verify --tables` agree afterwards.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jiandu.audit.models import AuditEntry
from jiandu.audit.selectors import verify_audit_chain, verify_business_rows
from jiandu.clues.models import Channel, Clue, ClueImport, ClueStatus, DuplicateLink
from jiandu.clues.services import file_clue, file_clues
from jiandu.errors import UserError

pytestmark = pytest.mark.django_db

TEXT = "反映东城区市场监管所执法人员在检查时要求商户购买指定的灭火器，不买就说要罚款"
OTHER = "某超市销售过期牛奶，消费者购买后发现已经过了保质期三天"


def _item(city, summary: str, ref: str, day: int = 3) -> dict:
    moment = timezone.make_aware(dt.datetime(2026, 5, day, 9, 30))
    return {"summary": summary, "region": city.east, "received_at": moment, "source_ref": ref}


def _job(city) -> ClueImport:
    return ClueImport.objects.create(
        created_by=city.task_force, region=city.task_force.region, channel=Channel.HOTLINE_12345, mapping={}
    )


def _fields(clue: Clue) -> tuple:
    return (
        clue.status, clue.category, clue.subtype, clue.domain_id, clue.lead_unit_id,
        clue.suggested_unit_id, clue.summary, clue.region_id,
    )  # fmt: skip


def test_a_batch_leaves_what_filing_row_by_row_leaves(city):
    one = file_clue(actor=city.task_force, channel=Channel.HOTLINE_12345, **_item(city, TEXT, "A-1"))
    job = _job(city)
    [batch] = file_clues(
        actor=city.task_force, channel=Channel.HOTLINE_12345, items=[_item(city, TEXT, "B-1")], import_job=job
    )
    batch = Clue.with_pending.get(pk=batch.pk)
    assert batch.pending and batch.import_job == job
    assert _fields(batch) == _fields(one)
    assert batch.status == ClueStatus.TRIAGED and batch.suggestion

    def trail(clue: Clue) -> list[tuple]:
        rows = AuditEntry.objects.filter(target_type="clues.clue", target_id=str(clue.pk)).order_by("seq")
        return [(e.action, e.actor_name, e.note, sorted((e.after or {}).keys())) for e in rows]

    # the same entries in the same order (the batch links to the earlier clue, so both record links)
    assert trail(batch)[:2] == trail(one)[:2]
    creation = AuditEntry.objects.get(target_type="clues.clue", target_id=str(batch.pk), action="create")
    assert creation.after["status"] == ClueStatus.RECEIVED and creation.after["category"] == ""
    assert creation.actor_name == city.task_force.username
    assert "reporter_name" not in creation.after  # identities stay out of the trail
    assert DuplicateLink.objects.filter(clue=batch, other=one).exists()
    assert verify_audit_chain() is None


def test_pending_rows_are_not_duplicate_candidates_until_shown(city):
    job = _job(city)
    file_clues(
        actor=city.task_force,
        channel=Channel.HOTLINE_12345,
        items=[_item(city, TEXT, "C-1"), _item(city, OTHER, "C-2")],
        import_job=job,
    )
    [later] = file_clues(
        actor=city.task_force,
        channel=Channel.HOTLINE_12345,
        items=[_item(city, TEXT, "C-3", 4)],
        import_job=job,
    )
    assert not DuplicateLink.objects.filter(clue=later).exists()  # still pending, may be withdrawn
    Clue.with_pending.filter(import_job=job).update(pending=False)
    next_job = _job(city)
    [shown_later] = file_clues(
        actor=city.task_force,
        channel=Channel.HOTLINE_12345,
        items=[_item(city, TEXT, "D-1", day=5)],
        import_job=next_job,
    )
    linked = set(DuplicateLink.objects.filter(clue=shown_later).values_list("other_id", flat=True))
    assert linked == set(Clue.objects.filter(source_ref__in=["C-1", "C-3"]).values_list("pk", flat=True))


def test_after_the_switch_the_tables_agree_with_the_trail(city):
    job = _job(city)
    file_clues(
        actor=city.task_force,
        channel=Channel.HOTLINE_12345,
        items=[_item(city, TEXT, "E-1"), _item(city, OTHER, "E-2")],
        import_job=job,
    )
    Clue.with_pending.filter(import_job=job).update(pending=False)  # the import's final switch
    checked, mismatches = verify_business_rows()
    assert checked == 2 and mismatches == []
    # the visibility flag is switched by the import's own audited entry, not one entry per clue
    _checked, mismatches = verify_business_rows(all_fields=True)
    assert "pending" not in {m.field for m in mismatches}
    Clue.objects.filter(source_ref="E-2").update(summary="改过的内容")  # behind the application's back
    _checked, mismatches = verify_business_rows()
    assert [(m.field, m.current) for m in mismatches] == [("summary", "改过的内容")]


def test_an_empty_text_in_a_batch_stores_nothing(city):
    job = _job(city)
    with pytest.raises(UserError, match="线索内容不能为空"):
        file_clues(
            actor=city.task_force,
            channel=Channel.HOTLINE_12345,
            items=[_item(city, TEXT, "F-1"), _item(city, "  ", "F-2")],
            import_job=job,
        )
    assert Clue.with_pending.count() == 0
