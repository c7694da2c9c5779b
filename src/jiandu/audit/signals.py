"""Sent after audit entries are written (inside the writing transaction), with ``entries=[AuditEntry]``.

Entries are written with ``bulk_create``, which sends no ``post_save``; floors above listen here (the
staff shell derives its notifications from it)."""

from django.dispatch import Signal

recorded = Signal()
