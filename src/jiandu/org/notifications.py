"""In-app notifications: sent by the pages' hooks, read by their receiver, e-mailed when e-mail is set up."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jiandu.org.models import Notification, User

logger = logging.getLogger(__name__)
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def email_configured() -> bool:
    """E-mail counts as set up when a backend other than the default SMTP one is chosen, or an SMTP
    host other than Django's default ``localhost`` is named."""
    backend = getattr(settings, "EMAIL_BACKEND", SMTP_BACKEND)
    return backend != SMTP_BACKEND or getattr(settings, "EMAIL_HOST", "localhost") != "localhost"


def notify(
    *, users: Iterable[User], kind: str, message: str, url: str = "", email: bool = True
) -> list[Notification]:
    """One notification per receiver (each receiver once); an e-mail copy when configured. A failed
    e-mail never undoes the in-app notification."""
    seen: set[int] = set()
    created = []
    with transaction.atomic():
        for user in users:
            if user.pk in seen or not user.is_active:
                continue
            seen.add(user.pk)
            created.append(Notification.objects.create(user=user, kind=kind, message=message[:300], url=url))
    if email and email_configured():
        for note in created:
            if not note.user.email:
                continue
            try:
                send_mail(f"监督平台：{note.get_kind_display()}", note.message, None, [note.user.email])
            except Exception:  # an e-mail failure must not stop the in-app notification
                logger.exception("通知邮件发送失败：%s", note.user.email)
                continue
            Notification.objects.filter(pk=note.pk).update(emailed=True)
    return created


def list_notifications(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    items = Notification.objects.filter(user=user)
    if unread_only:
        items = items.filter(read_at=None)
    return items.order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def mark_read(*, actor: User, notification: Notification | None = None) -> int:
    """Mark one notification (or, without one, all of the actor's) as read; only one's own."""
    items = Notification.objects.filter(user=actor, read_at=None)
    if notification is not None:
        if notification.user_id != actor.pk:
            raise PermissionDenied("只能处理自己的通知。")
        items = items.filter(pk=notification.pk)
    with transaction.atomic():
        return items.update(read_at=timezone.now())
