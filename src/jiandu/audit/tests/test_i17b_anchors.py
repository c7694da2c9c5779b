"""Rewriting history with database rights alone is caught by the signed checkpoints outside it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from jiandu.audit.anchors import anchor_paths, append_checkpoint
from jiandu.audit.models import AuditChainHead, AuditEntry
from jiandu.audit.selectors import verify_audit_chain
from jiandu.audit.services import Change, record_many
from jiandu.cli import main
from jiandu.engines.hashchain import GENESIS, entry_hash

pytestmark = pytest.mark.django_db


def _write(city, n: int, django_capture_on_commit_callbacks) -> None:
    for i in range(n):  # one committed write each: one signed checkpoint each
        with django_capture_on_commit_callbacks(execute=True):
            record_many(
                actor=city.task_force,
                changes=[
                    Change(action="update", target_type="cases.penaltycase", target_id=str(i), after={"a": i})
                ],
            )


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        for name in ("audit_entry_no_update", "audit_entry_no_delete"):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON audit_auditentry")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _rechain_from(seq: int) -> None:
    """What an attacker with database rights does: recompute every hash after the edit, move the head."""
    previous = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        content = {
            "seq": entry.seq,
            "created_at": entry.created_at.astimezone(dt.UTC).isoformat(),
            "actor_id": entry.actor_id,
            "actor_name": entry.actor_name,
            "action": entry.action,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "target_repr": entry.target_repr,
            "region_code": entry.region_code,
            "before": entry.before,
            "after": entry.after,
            "note": entry.note,
        }
        digest = entry_hash(content, previous)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=previous, hash=digest)
        previous = digest
    last = AuditEntry.objects.order_by("-seq").first()
    AuditChainHead.objects.filter(pk=1).update(last_seq=last.seq, last_hash=last.hash)


def test_each_committed_append_signs_a_checkpoint(city, django_capture_on_commit_callbacks):
    _write(city, 3, django_capture_on_commit_callbacks)
    lines = anchor_paths()[0].read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2", "3"]
    assert verify_audit_chain() is None


def test_deleted_tail_with_head_moved_back_is_caught(city, django_capture_on_commit_callbacks, capsys):
    _write(city, 5, django_capture_on_commit_callbacks)
    _drop_triggers()
    AuditEntry.objects.filter(seq__gte=4).delete()
    fourth = AuditEntry.objects.get(seq=3)
    AuditChainHead.objects.filter(pk=1).update(last_seq=3, last_hash=fourth.hash)
    assert verify_audit_chain(anchors=False) is None  # the chain alone looks whole
    broken = verify_audit_chain()
    assert broken is not None and broken.seq == 4
    assert main(["audit", "verify"]) == 1
    assert "第 4 条" in capsys.readouterr().out


def test_edited_row_rechained_is_caught_and_the_first_suspect_named(city, django_capture_on_commit_callbacks):
    _write(city, 6, django_capture_on_commit_callbacks)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET after = %s WHERE seq = 4", ['{"a": 999}'])
    _rechain_from(4)
    assert verify_audit_chain(anchors=False) is None
    broken = verify_audit_chain()
    assert broken is not None and broken.seq == 4 and "第 3 条" in broken.reason


def test_a_forged_checkpoint_line_is_refused(city, django_capture_on_commit_callbacks):
    _write(city, 2, django_capture_on_commit_callbacks)
    path = anchor_paths()[0]
    with path.open("a") as handle:
        handle.write(f"2 {'f' * 64} 20260101T000000.000000Z {'0' * 64}\n")
    broken = verify_audit_chain()
    assert broken is not None and "签名无效" in broken.reason


def test_a_second_store_gets_the_same_checkpoints(
    city, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.JIANDU_AUDIT_ANCHOR_MIRROR = str(tmp_path / "mirror" / "anchors.log")
    _write(city, 2, django_capture_on_commit_callbacks)
    main_file, mirror = anchor_paths()
    assert main_file.read_text() == mirror.read_text() and len(mirror.read_text().splitlines()) == 2


def test_checkpoint_without_the_key_does_not_verify(city, settings, django_capture_on_commit_callbacks):
    _write(city, 2, django_capture_on_commit_callbacks)
    settings.JIANDU_AUDIT_KEY = "another-key-" + "x" * 40  # the key the attacker guesses
    append_checkpoint(2, AuditEntry.objects.get(seq=2).hash)
    broken = verify_audit_chain()
    assert broken is not None and "签名无效" in broken.reason
