"""The audit trail is append-only and tamper-evident."""

from __future__ import annotations

import itertools

import pytest
from django.db import DatabaseError, connection, transaction

from jiandu.audit.models import AuditEntry
from jiandu.audit.selectors import verify_audit_chain
from jiandu.audit.services import Change, record, record_many
from jiandu.cli import main

pytestmark = pytest.mark.django_db


def _fill(city, n: int = 5) -> None:
    record_many(
        actor=city.task_force,
        changes=[
            Change(
                action="update",
                target_type="org.enterprise",
                target_id=str(i),
                before={"a": i},
                after={"a": i + 1},
            )
            for i in range(n)
        ],
    )


def _drop_update_trigger() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_entry_no_update ON audit_auditentry")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")


def test_chain_links_each_entry_to_the_previous(city):
    _fill(city)
    record(actor=None, change=Change(action="create", target_type="x", target_id="1"))
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert entries[-1].actor_name == "系统"
    assert verify_audit_chain() is None


def test_database_refuses_update(city):
    _fill(city, 1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(note="改过")


def test_model_refuses_save_of_existing_row(city):
    _fill(city, 1)
    entry = AuditEntry.objects.get(seq=1)
    entry.note = "改过"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_edited_row_is_caught_and_named(city, capsys):
    _fill(city)
    _drop_update_trigger()  # an attacker with database rights
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET after = %s WHERE seq = 3", ['{"a": 999}'])
    broken = verify_audit_chain()
    assert broken is not None and broken.seq == 3
    assert main(["audit", "verify"]) == 1
    assert "第 3 条" in capsys.readouterr().out


def test_deleted_row_is_caught(city):
    _fill(city)
    AuditEntry.objects.filter(seq=2).delete()
    broken = verify_audit_chain()
    assert broken is not None and broken.seq == 2 and "缺失" in broken.reason


def test_deleted_tail_is_caught(city):
    _fill(city)
    AuditEntry.objects.filter(seq=5).delete()
    broken = verify_audit_chain()
    assert broken is not None and "末尾" in broken.reason


def test_verify_command_reports_intact_chain(city, capsys):
    _fill(city)
    assert main(["audit", "verify"]) == 0
    assert "共 5 条记录" in capsys.readouterr().out


def test_auditor_reads_and_filters_officer_cannot(client, city):
    _fill(city, 3)
    record(actor=city.officer, change=Change(action="create", target_type="org.enterprise", target_id="9"))
    client.force_login(city.auditor)
    data = client.get("/api/audit/entries", {"actor": "dong_officer"}).json()
    assert data["count"] == 1 and data["items"][0]["target_id"] == "9"
    assert client.get("/api/audit/verify").json()["intact"] is True
    assert "dong_officer" in client.get("/audit/").content.decode()
    client.force_login(city.officer)
    assert client.get("/api/audit/entries").status_code == 403
    assert client.get("/audit/").status_code == 403
